"""Loads Placard's event exports with the tools researchers use: the flat
CSV and the ACLED-shaped CSV with pandas, the Parquet file with pandas
(pyarrow) and DuckDB, the GeoJSON as a FeatureCollection, the PLOVER-shaped
JSONL line by line. Run by .ci/run after `placard demo`:

    python3 tests/check_exports.py DIR   # DIR holds events.csv, acled.csv,
                                         # events.parquet, events.geojson
                                         # and plover.jsonl
"""

import json
import sys
from pathlib import Path

import duckdb
import pandas as pd

ACLED_COLUMNS = {
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
}
PLOVER_FIELDS = {"id", "date", "event", "mode", "actor", "recipient", "location", "citation"}


def main() -> None:
    folder = Path(sys.argv[1])
    flat = pd.read_csv(folder / "events.csv")
    assert len(flat) > 0, "no events in events.csv"
    assert flat["event_id"].is_unique
    assert set(flat["kind"]) <= {
        "protest", "permit_request", "permit_refused", "permit_granted", "ban",
        "police_action", "arrest", "force", "prosecution", "official_meeting",
    }, set(flat["kind"])
    assert pd.api.types.is_numeric_dtype(flat["lat"]) and pd.api.types.is_numeric_dtype(flat["lon"])

    # The Parquet file holds the CSV's rows, typed.
    table = pd.read_parquet(folder / "events.parquet")
    assert list(table.columns) == list(flat.columns), (list(table.columns), list(flat.columns))
    assert (table["event_id"] == flat["event_id"]).all()
    assert (table["n_reports"] == flat["n_reports"]).all()
    assert pd.api.types.is_integer_dtype(table["independent_sources"])
    dated = flat["date_start"].notna()
    assert (pd.to_datetime(table["date_start"][dated]) == pd.to_datetime(flat["date_start"][dated])).all()
    by_kind = dict(
        duckdb.sql(
            f"select kind, count(*) from '{folder / 'events.parquet'}' group by kind"
        ).fetchall()
    )
    assert by_kind == flat["kind"].value_counts().to_dict(), by_kind

    acled = pd.read_csv(folder / "acled.csv")
    missing = ACLED_COLUMNS - set(acled.columns)
    assert not missing, f"ACLED columns missing: {missing}"
    assert len(acled) == len(flat), (len(acled), len(flat))
    assert set(acled["event_type"]) <= {"Protests", "Riots", "Strategic developments"}
    assert acled["latitude"].between(-90, 90).all() and acled["longitude"].between(-180, 180).all()
    pd.to_datetime(acled["event_date"], format="%Y-%m-%d")

    collection = json.loads((folder / "events.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and "properties" in feature
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90

    n_plover = 0
    for line in (folder / "plover.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        missing = PLOVER_FIELDS - set(record)
        assert not missing, f"PLOVER fields missing: {missing}"
        n_plover += 1
    assert n_plover == len(flat), (n_plover, len(flat))
    print(
        f"exports load: {len(flat)} events in CSV, Parquet (pandas, DuckDB), ACLED CSV,"
        " GeoJSON and PLOVER JSONL"
    )


if __name__ == "__main__":
    main()

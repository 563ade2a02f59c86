-- Schema version 5: the place and text filters read columns made for them,
-- so that neither walks the whole events table.
--
-- `place_key` is the place name in Unicode lower case: the place filter
-- matches names in any case, and SQLite's lower() and NOCASE fold ASCII
-- letters only ("ZÜRICH" would not find "Zürich"), so the store computes
-- the key in Rust on every write. For the events already stored, schema.rs
-- puts every stored place name and its key into `temp.place_keys` just
-- before this file runs.
ALTER TABLE events ADD COLUMN place_key TEXT;

-- `search_text` is the text the `q` filter looks in, lower-cased (ASCII
-- letters, as before): place, kind, mode, and the place as written,
-- claims, reasons, conditions, publishers and sources from the JSON.
-- Reading it costs one column instead of five json_extract calls on every
-- event the filter looks at. The store writes it with the row, by this
-- same expression (`search_text_sql` in sqlite.rs), so that a row is
-- written once; a trigger would write every new or changed row twice.
ALTER TABLE events ADD COLUMN search_text TEXT;

UPDATE events SET
    place_key = (SELECT place_key FROM temp.place_keys
                 WHERE place_keys.place_name = events.place_name),
    search_text = lower(coalesce(place_name, '') || ' ' || kind || ' '
        || coalesce(mode, '') || ' '
        || coalesce(json_extract(json, '$.place.text'), '') || ' '
        || coalesce(json_extract(json, '$.claims'), '') || ' '
        || coalesce(json_extract(json, '$.reasons'), '') || ' '
        || coalesce(json_extract(json, '$.conditions'), '') || ' '
        || coalesce(json_extract(json, '$.publishers'), '') || ' '
        || coalesce(json_extract(json, '$.source_roots'), ''));

DROP TABLE temp.place_keys;

-- A place's events in the usual order, as a range of one index.
CREATE INDEX events_by_place ON events (place_key, date_start, event_id);

-- The indexes pages are read from carry `search_text`, so that a text
-- search looks at index entries one after the other instead of fetching
-- every event's row (at a million events: 9 ms instead of 150 ms for a
-- page of a claim one event in a thousand makes). The date index also
-- carries `date_end`, which `since` tests. Each costs about the text's
-- length per event in space.
DROP INDEX events_by_date;
DROP INDEX events_by_kind;
DROP INDEX events_by_country;
DROP INDEX events_by_status;
CREATE INDEX events_by_date ON events (date_start, event_id, date_end, search_text);
CREATE INDEX events_by_kind
    ON events (kind, date_start, event_id, country, status, size_low, size_high, search_text);
CREATE INDEX events_by_country
    ON events (country, date_start, event_id, kind, status, size_low, size_high, search_text);
CREATE INDEX events_by_status
    ON events (status, date_start, event_id, kind, country, size_low, size_high, search_text);

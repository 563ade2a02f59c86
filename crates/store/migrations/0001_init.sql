-- Schema version 1: articles, their reports, the events dedup made of them,
-- and which reports each event rests on.
--
-- Whole values are stored as serde JSON in `json`; the other columns are
-- copies of the fields the filters and orderings need. They are derived from
-- `json` on every write, never edited on their own.
--
-- Plain (not STRICT) tables on purpose: STRICT needs SQLite 3.37, and
-- researchers open placard.db with whatever sqlite3 or Python their system
-- ships. The store binds typed values, so the columns stay clean anyway.
--
-- No timestamps or run logs: ingesting the same input twice must leave the
-- content unchanged.

CREATE TABLE articles (
    id           TEXT PRIMARY KEY NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    url          TEXT,
    outlet       TEXT,
    published    TEXT,
    language     TEXT,
    title        TEXT,
    text         TEXT NOT NULL,
    -- The file and record the article was read from.
    source       TEXT NOT NULL
);

CREATE TABLE reports (
    report_id        TEXT PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL REFERENCES articles (id),
    kind             TEXT NOT NULL,
    mode             TEXT,
    modality         TEXT NOT NULL,
    date_start       TEXT,
    date_end         TEXT,
    country          TEXT,
    geonames_id      INTEGER,
    place_name       TEXT,
    json             TEXT NOT NULL,
    -- Report.explanation is not part of the JSONL contract (serde skips it),
    -- so it lives in its own column.
    explanation_json TEXT NOT NULL
);

-- Serves all_reports' ordering and the foreign-key check on article_id.
CREATE INDEX reports_by_article ON reports (article_id, report_id);

CREATE TABLE events (
    event_id   TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    mode       TEXT,
    date_start TEXT,
    date_end   TEXT,
    country    TEXT,
    place_name TEXT,
    lat        REAL,
    lon        REAL,
    size_low   INTEGER,
    size_high  INTEGER,
    status     TEXT NOT NULL,
    json       TEXT NOT NULL
);

-- Events are listed by date, then id; each filter column leads an index that
-- keeps that order.
CREATE INDEX events_by_date ON events (date_start, event_id);
CREATE INDEX events_by_kind ON events (kind, date_start);
CREATE INDEX events_by_country ON events (country, date_start);

CREATE TABLE event_reports (
    event_id  TEXT NOT NULL REFERENCES events (event_id),
    report_id TEXT NOT NULL REFERENCES reports (report_id),
    PRIMARY KEY (event_id, report_id)
) WITHOUT ROWID;

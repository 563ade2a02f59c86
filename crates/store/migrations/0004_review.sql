-- Schema version 4: people. API tokens, review decisions and the audit log.
--
-- These are the only tables with timestamps: they record what a person did
-- and when, which no re-ingest can recompute. Ingest never writes them; it
-- reads `review_decisions` and re-applies them to the events it rebuilds.

-- A bearer token is stored only as the SHA-256 of its text (hex), so a copy
-- of the database gives no working token. `name` is who the audit log
-- names.
CREATE TABLE api_tokens (
    name       TEXT PRIMARY KEY NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('coder', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- A human decision about events, keyed by report ids rather than event ids,
-- because event ids change when reports join or leave an event. `action`:
--   accept, reject   the event holding `anchor_report` has that status
--   edit             the event holding `anchor_report` has `value` as the
--                    given field ({"field": ..., "value": ...})
--   merge            `report_ids` (a JSON array) are one event
--   split            `anchor_report` is an event of its own
-- Decisions are applied in `decision_id` order: merges and splits first,
-- then statuses and edits.
CREATE TABLE review_decisions (
    decision_id   INTEGER PRIMARY KEY,
    action        TEXT NOT NULL
                  CHECK (action IN ('accept', 'reject', 'edit', 'merge', 'split')),
    anchor_report TEXT NOT NULL,
    report_ids    TEXT NOT NULL DEFAULT '[]',
    value_json    TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE INDEX review_decisions_by_anchor ON review_decisions (anchor_report);

-- What was done, by whom, when, and the event before and after (JSON).
CREATE TABLE audit_log (
    audit_id    INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    action      TEXT NOT NULL,
    event_id    TEXT,
    decision_id INTEGER,
    before_json TEXT,
    after_json  TEXT
);

-- Event pages are read as ranges of (filter column, date_start, event_id)
-- (keyset pagination, see `Sqlite::events`), so that a page costs the same
-- at any depth. The columns after those let the other filters and the
-- statistics read the index alone, without the rows and their JSON. These
-- replace the (kind, date_start) and (country, date_start) indexes of
-- schema 1, which they extend.
DROP INDEX events_by_kind;
DROP INDEX events_by_country;
CREATE INDEX events_by_kind
    ON events (kind, date_start, event_id, country, status, size_low, size_high);
CREATE INDEX events_by_country
    ON events (country, date_start, event_id, kind, status, size_low, size_high);
CREATE INDEX events_by_status
    ON events (status, date_start, event_id, kind, country, size_low, size_high);
-- The longest event, in days, in one index read: `since` turns it into a
-- lower bound on date_start (see `Selection::of`).
CREATE INDEX events_by_length ON events (julianday(date_end) - julianday(date_start));

-- Schema version 3: event lineage. Event ids are stable while an event's
-- reports stay together, but new reports can join two events into one, or
-- a re-extraction can take a report out of an event. When an event id
-- disappears, each event that now holds some of its reports is recorded
-- here, so that a researcher holding an old id can follow it.
--
-- `change` is 'joined' when all of its reports are now in one event (it
-- merged with another, or a new report changed its id) and 'split' when
-- they are spread over several. No timestamps: ingesting the same input
-- twice adds nothing. Rows of an id that is an event again are removed.

CREATE TABLE event_lineage (
    event_id     TEXT NOT NULL,
    change       TEXT NOT NULL CHECK (change IN ('joined', 'split')),
    successor_id TEXT NOT NULL,
    -- How many of the old event's reports the successor holds.
    n_reports    INTEGER NOT NULL,
    PRIMARY KEY (event_id, successor_id)
);

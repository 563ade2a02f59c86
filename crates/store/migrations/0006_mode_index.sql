-- Schema version 6: an index for the mode filter.
--
-- `mode` had no index, so a page of a rare mode ("hunger_strike") read
-- every event in date order looking for it: 1.2 s at a million events for a
-- mode no event has. With (mode, date_start, event_id) the page is one
-- index range in date order, like the kind, country and status pages (2 ms).
CREATE INDEX events_by_mode ON events (mode, date_start, event_id);

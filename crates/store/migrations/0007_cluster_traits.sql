-- Schema version 7: what clustering scores within a block.
--
-- `cluster_traits` is `dedup::ClusterTraits::encode` of the report (actor
-- group, size or detention range, claim words and cited sources as 64-bit
-- sets, whether the date is one day), so that reconciling reads a few
-- bytes per report instead of its JSON. Reports stored before this version
-- have NULL here; `cluster_keys` computes theirs from the JSON instead.
ALTER TABLE reports ADD COLUMN cluster_traits TEXT;

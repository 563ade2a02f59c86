-- Schema version 2: syndication. Each article keeps the MinHash signature of
-- its text (placard_engine::syndication; NULL for a text too short to tell a
-- copy from a coincidence, or stored before this version, in which case it
-- is computed when needed), and `article_copies` says which article copies
-- which. The copies are recomputed with the events after every ingest.

ALTER TABLE articles ADD COLUMN signature BLOB;
ALTER TABLE articles ADD COLUMN n_shingles INTEGER;

CREATE TABLE article_copies (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id),
    copy_of    TEXT NOT NULL REFERENCES articles (id)
);

//! Integration tests of `placard-store`: one binary, one module per concern.
//! Tests run against real SQLite files in temporary directories unless the
//! point is independent of the file (then in memory).

mod compat;
mod duplicates;
mod filters;
mod migrations;
mod replace_events;
mod review;
mod roundtrip;
mod support;
mod syndication;

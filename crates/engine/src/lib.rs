//! Placard's engine: the data model and the pure stages that turn an article
//! into reports and reports into events. Nothing here touches files, the
//! network, the clock or a database; `pipeline.rs` lists the stages in order.
#![warn(missing_docs)]

pub mod analyse;
pub mod dedup;
pub mod eval;
pub mod frames;
pub mod gazetteer;
pub mod language;
pub mod lexicon;
pub mod mentions;
pub mod model;
pub mod pipeline;
pub mod resolve;
pub mod syndication;
pub mod taxonomy;
pub mod text;

pub use model::*;

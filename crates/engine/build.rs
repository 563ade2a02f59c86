//! Builds the gazetteer's index from `data/places.tsv`, `data/towns.tsv.gz`
//! and `data/place_stoplist.txt` into `$OUT_DIR/gazetteer.idx`, which
//! `src/gazetteer.rs` embeds. The key and layout code is the engine's own
//! (`src/gazetteer/keys.rs`, `src/gazetteer/index.rs`), compiled in here too,
//! so the build and the engine cannot disagree on a key.

#[path = "src/gazetteer/index.rs"]
mod index;
#[path = "src/gazetteer/keys.rs"]
mod keys;

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let data = manifest_dir.join("../../data");
    for watched in [
        "src/gazetteer/index.rs",
        "src/gazetteer/keys.rs",
        "../../data/places.tsv",
        "../../data/towns.tsv.gz",
        "../../data/place_stoplist.txt",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let read = |name: &str| {
        std::fs::read_to_string(data.join(name))
            .unwrap_or_else(|error| panic!("reading data/{name}: {error}"))
    };
    let places = read("places.tsv");
    let stoplist = read("place_stoplist.txt");
    let towns_gz = std::fs::read(data.join("towns.tsv.gz"))
        .unwrap_or_else(|error| panic!("reading data/towns.tsv.gz: {error}"));
    let mut towns = String::new();
    flate2::read::GzDecoder::new(towns_gz.as_slice())
        .read_to_string(&mut towns)
        .unwrap_or_else(|error| panic!("decompressing data/towns.tsv.gz: {error}"));
    let bytes = index::build(&places, &towns, &stoplist);
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("gazetteer.idx");
    std::fs::write(&out, bytes)
        .unwrap_or_else(|error| panic!("writing {}: {error}", out.display()));
}

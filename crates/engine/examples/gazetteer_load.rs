//! Reads the embedded gazetteer index once and reports the time (for profiling
//! the load alone): `cargo run --release -p placard-engine --example gazetteer_load`.
#![allow(clippy::print_stderr)]
fn main() {
    let start = std::time::Instant::now();
    let gazetteer = placard_engine::gazetteer::Gazetteer::builtin();
    eprintln!("load: {:?} ({gazetteer:?})", start.elapsed());
}

//! Prints the date mentions of a text (development aid).
#![allow(clippy::print_stdout)]
fn main() {
    let text = std::env::args().nth(1).expect("text");
    let lexicon = placard_engine::lexicon::builtin("en").expect("en");
    let document = placard_engine::analyse::analyse(&text, lexicon);
    for date in placard_engine::mentions::dates::find_dates(&document, lexicon) {
        println!(
            "{:?} {:?} since={} planned={}",
            document.slice(date.span),
            date.expr,
            date.open_until_publication,
            date.of_planned
        );
    }
}

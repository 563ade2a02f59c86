//! Lists the places found in a gold article (development aid):
//! `cargo run -p placard-engine --example places_of -- GOLD.jsonl ARTICLE_ID`.
#![allow(clippy::print_stdout)]
fn main() {
    let mut args = std::env::args().skip(1);
    let (path, id) = (
        args.next().expect("gold file"),
        args.next().expect("article id"),
    );
    let data = std::fs::read_to_string(&path).expect("readable");
    let (gold, _) = placard_engine::eval::parse_gold(&path, &data);
    let article = gold
        .iter()
        .find(|article| article.article.id == id)
        .expect("article in file");
    let lexicon = placard_engine::lexicon::builtin("en").expect("en");
    let document = placard_engine::analyse::analyse(&article.article.text, lexicon);
    for mention in placard_engine::gazetteer::Gazetteer::builtin()
        .find_mentions_in(&article.article.text, document.lowercase)
    {
        println!(
            "{:?} -> {} {} {:?} cue={:?}",
            mention.text,
            mention.record.name,
            mention.record.country,
            mention.record.geonames_id,
            mention.cue
        );
    }
}

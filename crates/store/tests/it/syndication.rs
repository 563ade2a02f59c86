//! Syndication: signatures stored with articles, and the record of copies.

use crate::support::{article, stored};
use placard_engine::syndication::{find_copies, signature};
use placard_store::Store;
use std::collections::BTreeMap;

/// A text written for this test, long enough for a signature.
const STORY: &str = "Several hundred pensioners marched through the centre of Minsk on \
    Sunday against the pension reform. Police detained twelve people near the railway \
    station, the organisers said, and the march ended peacefully in the early evening.";

#[test]
fn signatures_are_stored_and_copies_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let mut store = Store::open(&path).unwrap();
    let reprint = format!("Pensioners march in Minsk. {STORY} More on our site.");
    store
        .insert_batch(&[
            stored(article("wire", STORY), "h-wire", vec![]),
            stored(article("site", &reprint), "h-site", vec![]),
            // Too short to sign: left out of the prints.
            stored(
                article("brief", "Police detained 12 people."),
                "h-brief",
                vec![],
            ),
        ])
        .unwrap();
    let prints = store.article_prints().unwrap();
    let ids: Vec<&str> = prints.iter().map(|print| print.id.as_str()).collect();
    assert_eq!(ids, ["site", "wire"]);
    assert_eq!(Some(prints[1].signature.clone()), signature(STORY));

    let copies = find_copies(&prints);
    assert_eq!(copies.len(), 1);
    store.replace_copies(&copies).unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.copies().unwrap(), copies);
    store.replace_copies(&BTreeMap::new()).unwrap();
    assert!(store.copies().unwrap().is_empty());
}

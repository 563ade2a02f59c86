//! Syndication: which articles are copies of another (a wire story reprinted
//! by many sites, often under its own headline and credit line). A copy adds
//! no independent confirmation of an event, whatever outlet prints it.
//!
//! Each text gets a MinHash signature of its word 3-shingles. Two texts are
//! copies when the shorter is contained in the longer: at least
//! `MIN_CONTAINMENT` of its shingles are in the other, estimated from the
//! signatures' agreement (Jaccard) and the shingle counts. Containment,
//! not Jaccard, because a reprint adds lines of its own. Candidate pairs come
//! from locality-sensitive hashing over bands of the signature, so the cost
//! stays near-linear in the number of articles. Each group of copies is led
//! by its earliest article (by publication date, then id), which the others
//! copy.

use std::collections::{BTreeMap, HashMap};
use xxhash_rust::xxh3::xxh3_64;

/// Hash functions in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Rows per band for candidate pairs: 16 bands of 4 rows find a pair of
/// Jaccard 0.6 with probability 0.89, and of 0.75 with 0.998.
const ROWS_PER_BAND: usize = 4;
/// How many earlier members of a bucket each article is compared with.
const MAX_COMPARED_PER_BUCKET: usize = 8;
/// The share of the shorter text's shingles the longer must hold.
pub const MIN_CONTAINMENT: f64 = 0.8;
/// Texts with fewer shingles than this get no signature: a few words
/// ("Police detained 12 people.") are written alike by everyone.
pub const MIN_SHINGLES: usize = 12;

/// A text's MinHash signature and how many distinct shingles it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The minimum of each hash function over the shingles.
    pub minima: Vec<u32>,
    /// Distinct word 3-shingles in the text.
    pub n_shingles: u32,
}

/// Odd multipliers and offsets of the hash family, from a fixed generator so
/// signatures never change between runs or builds.
fn hash_family() -> [(u64, u64); SIGNATURE_LEN] {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    };
    std::array::from_fn(|_| (next() | 1, next()))
}

/// The signature of `text`; `None` for a text too short to tell a copy
/// from a coincidence.
///
/// ```
/// use placard_engine::syndication::{containment, signature};
/// let story = "Several hundred pensioners marched through the centre of the city on Sunday \
///              against the pension reform, the organisers said after the rally ended.";
/// let reprint = format!("Pensioners march. {story} Read more on our site.");
/// let contained = containment(&signature(story).unwrap(), &signature(&reprint).unwrap());
/// assert!(contained > 0.8, "{contained}");
/// assert_eq!(signature("Police detained 12 people."), None);
/// ```
pub fn signature(text: &str) -> Option<Signature> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut shingles: Vec<u64> = words
        .windows(3)
        .map(|window| xxh3_64(window.join(" ").as_bytes()))
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    let family = hash_family();
    let minima = family
        .iter()
        .map(|&(multiplier, offset)| {
            shingles
                .iter()
                .map(|&shingle| {
                    (shingle.wrapping_mul(multiplier).wrapping_add(offset) >> 32) as u32
                })
                .min()
                .unwrap_or(u32::MAX)
        })
        .collect();
    Some(Signature {
        minima,
        n_shingles: shingles.len() as u32,
    })
}

/// The estimated share of the smaller text's shingles found in the other.
pub fn containment(first: &Signature, second: &Signature) -> f64 {
    let agreeing = first
        .minima
        .iter()
        .zip(&second.minima)
        .filter(|(a, b)| a == b)
        .count();
    let jaccard = agreeing as f64 / first.minima.len().max(1) as f64;
    // |A ∩ B| = J (|A| + |B|) / (1 + J).
    let sizes = f64::from(first.n_shingles) + f64::from(second.n_shingles);
    let shared = jaccard * sizes / (1.0 + jaccard);
    let smaller = f64::from(first.n_shingles.min(second.n_shingles)).max(1.0);
    (shared / smaller).min(1.0)
}

/// One article as syndication detection sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticlePrint {
    /// The article id.
    pub id: String,
    /// Its publication date or time (ISO 8601), when known.
    pub published: Option<String>,
    /// Its [`signature`].
    pub signature: Signature,
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

/// Every article that copies another, mapped to the article it copies (the
/// earliest of its group). Articles that copy nothing are absent. The result
/// does not depend on the order of `prints`.
pub fn find_copies(prints: &[ArticlePrint]) -> BTreeMap<String, String> {
    // A fixed order first, so union-find and ties do not depend on input order.
    let mut prints: Vec<&ArticlePrint> = prints.iter().collect();
    prints.sort_by_key(|print| {
        (
            print.published.is_none(),
            print.published.clone(),
            print.id.clone(),
        )
    });
    let mut parent: Vec<usize> = (0..prints.len()).collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (index, print) in prints.iter().enumerate() {
        for (band, rows) in print.signature.minima.chunks(ROWS_PER_BAND).enumerate() {
            let key = rows
                .iter()
                .fold(0u64, |key, &row| key.rotate_left(17) ^ u64::from(row));
            buckets.entry((band, key)).or_default().push(index);
        }
    }
    // Each member is compared with the first few of its bucket only: a
    // story reprinted a thousand times fills one bucket, and comparing all
    // its pairs would be quadratic, while linking each copy to an early
    // member already joins them all.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in buckets.values() {
        for (position, &second) in members.iter().enumerate() {
            for &first in &members[..position.min(MAX_COMPARED_PER_BUCKET)] {
                pairs.push((first.min(second), first.max(second)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for (first, second) in pairs {
        if containment(&prints[first].signature, &prints[second].signature) >= MIN_CONTAINMENT {
            let (first_root, second_root) = (find(&mut parent, first), find(&mut parent, second));
            // The earlier article (lower index) leads the group.
            parent[first_root.max(second_root)] = first_root.min(second_root);
        }
    }
    let mut copies = BTreeMap::new();
    for index in 0..prints.len() {
        let root = find(&mut parent, index);
        if root != index {
            copies.insert(prints[index].id.clone(), prints[root].id.clone());
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report written for this test; a reprint of it under another
    /// headline and credit line; and another story on a similar subject.
    const STORY: &str = "Several hundred pensioners marched through the centre of Minsk on \
        Sunday against the pension reform. Police detained twelve people near the railway \
        station, the organisers said, and the march ended peacefully in the early evening.";
    const OTHER: &str = "Pensioners rallied in Minsk on Sunday against the pension reform, \
        and the police detained several of them near the station; organisers said more \
        than a thousand people came, far more than the city had expected.";

    fn print(id: &str, published: &str, text: &str) -> ArticlePrint {
        ArticlePrint {
            id: id.into(),
            published: Some(published.into()),
            signature: signature(text).unwrap(),
        }
    }

    #[test]
    fn a_reprint_is_a_copy_and_another_story_is_not() {
        let reprint =
            format!("Pensioners march in Minsk. {STORY} (Reporting by our correspondent.)");
        let prints = [
            print("site", "2024-03-04", &reprint),
            print("wire", "2024-03-03", STORY),
            print("other", "2024-03-03", OTHER),
        ];
        let story = &prints[1].signature;
        assert!(containment(story, &prints[0].signature) >= MIN_CONTAINMENT);
        assert!(containment(story, &prints[2].signature) < 0.3);
        let copies = find_copies(&prints);
        assert_eq!(
            copies.into_iter().collect::<Vec<_>>(),
            [("site".to_string(), "wire".to_string())]
        );
    }

    #[test]
    fn groups_do_not_depend_on_input_order() {
        let prints = vec![
            ArticlePrint {
                id: "d".into(),
                published: None,
                signature: signature(STORY).unwrap(),
            },
            print("b", "2024-01-02", &format!("{STORY} More soon.")),
            print("a", "2024-01-02", STORY),
            print("c", "2024-01-01", &format!("Minsk. {STORY}")),
            print("e", "2024-01-01", OTHER),
        ];
        let forward = find_copies(&prints);
        let mut reversed = prints.clone();
        reversed.reverse();
        assert_eq!(forward, find_copies(&reversed));
        // The earliest published article leads; one without a date comes last.
        assert!(
            forward.values().all(|original| original == "c"),
            "{forward:?}"
        );
        assert_eq!(forward.len(), 3);
    }
}

//! Reading with HTML extraction spread over the cores.
//!
//! The readers hand HTML pages over unextracted ([`Item::Page`]); extracting
//! them is most of the cost of reading HTML and WARC inputs, so they are
//! gathered in batches and extracted in parallel, and every item is then
//! passed on in input order, exactly as the sequential `read_paths` would.

use placard_sources::{Item, ReadLimits};
use rayon::prelude::*;
use std::path::PathBuf;

/// Pages extracted together; enough to keep every core busy.
const BATCH_PAGES: usize = 64;
/// Bytes of pages held at most before a batch is extracted.
const BATCH_BYTES: usize = 64 * 1024 * 1024;
/// Items held at most before they are passed on (inputs with few pages).
const BATCH_ITEMS: usize = 1024;

/// [`placard_sources::read_paths`] with pages extracted on all cores.
pub fn read_paths(paths: &[PathBuf], limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
    let mut batch = Batch::default();
    placard_sources::read_paths_deferred(paths, limits, &mut |item| {
        if let Item::Page(page) = &item {
            batch.n_pages += 1;
            batch.n_bytes += page.len();
        }
        batch.items.push(item);
        if batch.n_pages >= BATCH_PAGES
            || batch.n_bytes >= BATCH_BYTES
            || batch.items.len() >= BATCH_ITEMS
        {
            batch.flush(limits, on_item);
        }
    });
    batch.flush(limits, on_item);
}

#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    n_pages: usize,
    n_bytes: usize,
}

impl Batch {
    fn flush(&mut self, limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
        let items = std::mem::take(&mut self.items);
        let extracted: Vec<Item> = if self.n_pages > 1 {
            items
                .into_par_iter()
                .map(|item| item.extracted(limits))
                .collect()
        } else {
            items
                .into_iter()
                .map(|item| item.extracted(limits))
                .collect()
        };
        self.n_pages = 0;
        self.n_bytes = 0;
        for item in extracted {
            on_item(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages, text files and broken inputs mixed, more than a batch of them:
    /// the parallel reading gives exactly the sequential reading's items, in
    /// the same order.
    #[test]
    fn parallel_reading_is_the_sequential_reading() {
        let dir = tempfile::tempdir().unwrap();
        for index in 0..150 {
            let page = format!(
                "<html><head><title>Report {index}</title></head><body><nav><a href=/>Home</a></nav><article><p>Report number {index}: about {index} workers rallied outside the town hall on Monday, the union said.</p><p>Police said the rally was peaceful.</p></article></body></html>"
            );
            std::fs::write(dir.path().join(format!("{index:03}-page.html")), page).unwrap();
            if index % 7 == 0 {
                std::fs::write(
                    dir.path().join(format!("{index:03}-note.txt")),
                    format!("Note {index}."),
                )
                .unwrap();
                std::fs::write(dir.path().join(format!("{index:03}-empty.html")), "").unwrap();
            }
        }
        let paths = [dir.path().to_path_buf()];
        let limits = ReadLimits::standard();
        let mut sequential = Vec::new();
        placard_sources::read_paths(&paths, &limits, &mut |item| sequential.push(item));
        let mut parallel = Vec::new();
        read_paths(&paths, &limits, &mut |item| parallel.push(item));
        assert_eq!(sequential.len(), 150 + 2 * 22);
        assert!(parallel == sequential);
    }
}

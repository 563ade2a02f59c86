//! What `placard watch` remembers between polls and across restarts: per
//! feed, the validators of its last response and the items already taken.
//!
//! It lives in a JSON file beside the database (`DB.watch.json`), written
//! whole to a temporary file and renamed over the old one, so a crash
//! leaves either the old state or the new, never half of one. It is not in
//! the database because it is the watcher's bookkeeping, not data: ingest
//! keeps the rule that storing the same articles twice leaves every table
//! unchanged, and the store's migrations stay free of a schema that only
//! one command reads.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Item keys kept per feed; the oldest are forgotten first. Feeds list
/// tens of items, so this is months of history for a busy one.
const MAX_SEEN_PER_FEED: usize = 5000;

/// Everything remembered, by feed URL.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// Format version, for a later change of layout.
    pub version: u32,
    /// Per feed URL, as written in the feeds file.
    pub feeds: BTreeMap<String, FeedState>,
}

/// What is remembered of one feed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FeedState {
    /// The `ETag` of the last full response.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full response.
    pub last_modified: Option<String>,
    /// Ids and links of the items taken, oldest first.
    pub seen: Vec<String>,
}

impl FeedState {
    /// Whether an item with this id or link was taken before.
    pub fn has_seen(&self, id: &str, link: Option<&str>) -> bool {
        self.seen
            .iter()
            .any(|key| key == id || link.is_some_and(|link| key == link))
    }

    /// Remembers an item's id and link.
    pub fn remember(&mut self, id: &str, link: Option<&str>) {
        for key in std::iter::once(id).chain(link) {
            if !self.seen.iter().any(|seen| seen == key) {
                self.seen.push(key.to_owned());
            }
        }
        if self.seen.len() > MAX_SEEN_PER_FEED {
            let excess = self.seen.len() - MAX_SEEN_PER_FEED;
            self.seen.drain(..excess);
        }
    }
}

impl WatchState {
    /// The state file of the database at `db`.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".watch.json");
        PathBuf::from(name)
    }

    /// Reads the state at `path`; a missing file is a fresh start. A file
    /// that cannot be read as state is set aside (`.bad`) with a warning
    /// and the watch starts afresh: ingest skips what is stored already, so
    /// forgetting costs requests, not duplicates.
    pub fn load(path: &Path) -> Result<WatchState> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(WatchState {
                    version: 1,
                    feeds: BTreeMap::new(),
                })
            }
            Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
        };
        match serde_json::from_str(&text) {
            Ok(state) => Ok(state),
            Err(error) => {
                let mut aside = path.as_os_str().to_owned();
                aside.push(".bad");
                std::fs::rename(path, &aside)
                    .with_context(|| format!("setting aside {}", path.display()))?;
                eprintln!(
                    "placard: {} is not readable watch state ({error}); moved to {} and starting afresh",
                    path.display(),
                    PathBuf::from(&aside).display()
                );
                Ok(WatchState {
                    version: 1,
                    feeds: BTreeMap::new(),
                })
            }
        }
    }

    /// Writes the state to `path` atomically: a temporary file beside it,
    /// flushed to disk, then renamed over it.
    pub fn save(&self, path: &Path) -> Result<()> {
        use std::io::Write;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let json = serde_json::to_vec_pretty(self)?;
        let mut file = std::fs::File::create(&temporary)
            .with_context(|| format!("writing {}", temporary.display()))?;
        file.write_all(&json)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
            .with_context(|| format!("replacing {}", path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_forgets_the_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let path = WatchState::path_for(&dir.path().join("placard.db"));
        assert!(path.ends_with("placard.db.watch.json"));
        let mut state = WatchState::load(&path).unwrap();
        let feed = state
            .feeds
            .entry("http://a.example/rss".into())
            .or_default();
        feed.etag = Some("\"v1\"".into());
        feed.remember("guid-1", Some("http://a.example/1"));
        feed.remember("guid-1", Some("http://a.example/1"));
        assert_eq!(feed.seen.len(), 2);
        assert!(feed.has_seen("other", Some("http://a.example/1")));
        assert!(!feed.has_seen("other", None));
        state.save(&path).unwrap();
        let loaded = WatchState::load(&path).unwrap();
        assert_eq!(
            loaded.feeds["http://a.example/rss"].seen,
            ["guid-1", "http://a.example/1"]
        );
        assert_eq!(
            loaded.feeds["http://a.example/rss"].etag.as_deref(),
            Some("\"v1\"")
        );

        let mut many = FeedState::default();
        for index in 0..MAX_SEEN_PER_FEED + 10 {
            many.remember(&format!("id-{index}"), None);
        }
        assert_eq!(many.seen.len(), MAX_SEEN_PER_FEED);
        assert!(!many.has_seen("id-0", None));
        assert!(many.has_seen(&format!("id-{}", MAX_SEEN_PER_FEED + 9), None));
    }

    #[test]
    fn unreadable_state_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db.watch.json");
        std::fs::write(&path, "{not json").unwrap();
        let state = WatchState::load(&path).unwrap();
        assert!(state.feeds.is_empty());
        assert!(dir.path().join("x.db.watch.json.bad").exists());
        assert!(!path.exists());
    }
}

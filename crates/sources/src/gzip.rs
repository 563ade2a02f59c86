//! Gzip: any input that starts with gzip's magic bytes (or is named `*.gz`)
//! is inflated on the fly and handed to the reader its content or inner
//! extension names (`a.jsonl.gz` to the JSONL reader).
//!
//! The inflated stream is capped at `ReadLimits::max_decompressed_bytes`
//! (`max_archive_bytes` for a WARC or ARC): a few kilobytes of gzip can
//! inflate to gigabytes, so the cap turns a gzip bomb into one clear skip
//! instead of a full disk or an exhausted memory.
//! Concatenated gzip members (what `cat a.gz b.gz` makes) are read as one
//! stream.

use flate2::read::MultiGzDecoder;
use std::io::{self, BufRead, BufReader, Read};

/// The error a capped stream returns once it would go past its limit.
/// Readers recognise it (see `read_error_reason`) to name the problem plainly.
#[derive(Debug, thiserror::Error)]
#[error("gzip data inflates to more than {limit} bytes, the decompressed limit")]
pub(crate) struct DecompressedTooLarge {
    limit: u64,
}

/// Wraps a compressed stream in an inflating reader capped at the gzip
/// limit (readers choose their cap, see `walk.rs`; tests use this).
#[cfg(test)]
pub(crate) fn gunzip<R: Read>(compressed: R, limits: &crate::ReadLimits) -> impl BufRead {
    gunzip_capped(compressed, limits.max_decompressed_bytes)
}

/// Wraps a compressed stream in an inflating, buffered reader that fails
/// once it would pass `cap` bytes.
pub(crate) fn gunzip_capped<R: Read>(compressed: R, cap: u64) -> impl BufRead {
    let capped = Capped {
        inner: MultiGzDecoder::new(compressed),
        remaining: cap,
        limit: cap,
    };
    BufReader::with_capacity(64 * 1024, capped)
}

/// The first bytes a gzip stream inflates to, from the start of its
/// compressed bytes (which may be cut anywhere): enough to recognise a web
/// archive before choosing its cap.
pub(crate) fn inflated_start(compressed_start: &[u8], want: usize) -> Vec<u8> {
    let mut decoder = flate2::read::GzDecoder::new(compressed_start);
    let mut start = vec![0u8; want];
    let mut filled = 0;
    while filled < want {
        match decoder.read(&mut start[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n_read) => filled += n_read,
        }
    }
    start.truncate(filled);
    start
}

/// Passes through at most `limit` bytes, then fails if the inner stream has
/// more. Unlike `Read::take`, which ends quietly, it says the data was cut.
struct Capped<R> {
    inner: R,
    remaining: u64,
    limit: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.remaining == 0 {
            // Exactly `limit` bytes is allowed; only a further byte is an error.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(DecompressedTooLarge { limit: self.limit })),
            };
        }
        let allowed = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n_read = self.inner.read(&mut buf[..allowed])?;
        self.remaining -= n_read as u64;
        Ok(n_read)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ReadLimits;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    /// Gzips `data`, for tests here and in the other readers.
    pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn limits(max_decompressed_bytes: u64) -> ReadLimits {
        ReadLimits {
            max_decompressed_bytes,
            ..ReadLimits::standard()
        }
    }

    fn inflate(compressed: &[u8], max: u64) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        gunzip(compressed, &limits(max)).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn inflates_up_to_and_including_the_limit() {
        let compressed = gzip(b"hello, world");
        assert_eq!(inflate(&compressed, 12).unwrap(), b"hello, world");
        let error = inflate(&compressed, 11).unwrap_err();
        assert_eq!(
            error.to_string(),
            "gzip data inflates to more than 11 bytes, the decompressed limit"
        );
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        // 64 MiB of zeros gzip (at the fast level) to about 300 KiB.
        let compressed = gzip(&vec![0u8; 64 * 1024 * 1024]);
        assert!(compressed.len() < 512 * 1024, "{}", compressed.len());
        let error = inflate(&compressed, 1024 * 1024).unwrap_err();
        assert!(error
            .get_ref()
            .is_some_and(|inner| inner.is::<DecompressedTooLarge>()));
    }

    #[test]
    fn concatenated_members_are_one_stream() {
        let mut compressed = gzip(b"one\n");
        compressed.extend(gzip(b"two\n"));
        assert_eq!(inflate(&compressed, 100).unwrap(), b"one\ntwo\n");
    }

    #[test]
    fn corrupt_data_is_an_error_not_a_panic() {
        assert!(inflate(b"not gzip at all", 100).is_err());
        let compressed = gzip(b"hello, world, hello, world");
        assert!(inflate(&compressed[..compressed.len() / 2], 100).is_err());
    }
}

//! The dashboard in headless Chromium: `tests/browser/dashboard.test.mjs`
//! (Node's test runner driving Debian's Chromium with playwright-core)
//! against the real `placard serve` on the demo corpus and one article full
//! of markup. Screenshots and the first-render time land in
//! `target/tmp/browser-artefacts/`.
//!
//! The browser, Node and `tests/browser/node_modules` come from outside
//! Cargo (`.ci/run` installs them). Without them the test says what is
//! missing and passes, so that `cargo test` works on a machine with Rust
//! only; `PLACARD_BROWSER_TESTS=require` (set by `.ci/run`) turns the
//! message into a failure.

use crate::serve::{ingest, token, Server, HOSTILE_ARTICLE};
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser")
}

/// What is missing to run the browser tests, if anything.
fn missing(chromium: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|output| output.status.success()) {
        missing.push("node (Node.js 20) on PATH".to_owned());
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (run `npm ci` in tests/browser)".to_owned());
    }
    if !chromium.is_file() {
        missing.push(format!(
            "{} (Debian's chromium package)",
            chromium.display()
        ));
    }
    missing
}

#[test]
fn dashboard_in_headless_chromium() {
    let chromium = PathBuf::from(
        std::env::var_os("PLACARD_CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()),
    );
    let missing = missing(&chromium);
    if !missing.is_empty() {
        let message = format!("browser tests need: {}", missing.join("; "));
        if std::env::var("PLACARD_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("{message}");
        }
        eprintln!("skipped: {message}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), HOSTILE_ARTICLE);
    let coder = token(dir.path(), "coder", "browser-coder");
    let server = Server::start(dir.path(), &["--public-read"]);
    let private = Server::start(dir.path(), &[]);
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artefacts");
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "dashboard.test.mjs"])
        .current_dir(browser_dir())
        .env("PLACARD_URL", format!("http://{}", server.addr))
        .env("PLACARD_PRIVATE_URL", format!("http://{}", private.addr))
        .env("PLACARD_TOKEN", &coder)
        .env("PLACARD_ARTEFACTS", &artefacts)
        .env("PLACARD_CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{report}\nscreenshots: {}", artefacts.display());
    assert!(output.status.success(), "browser tests failed:\n{report}");
}

//! Integration tests: the real `placard` binary against real SQLite files in
//! temporary directories. Tests that need `../shared` skip with a message
//! when it is absent.

mod bad_input;
mod browser;
mod commands;
mod serve;
mod server;
mod shared_eval;
mod watch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `placard` with `args` in `dir`, feeding `stdin`.
pub fn placard(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_placard"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("placard runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input.as_bytes())
            .expect("stdin written");
    }
    child.wait_with_output().expect("placard finishes")
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The shared folder beside the project, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    path.join("eval").is_dir().then_some(path)
}

/// A short English report written for these tests.
pub const REPORT_MOSCOW: &str = "On Saturday about 300 pensioners rallied in Moscow demanding higher pensions, according to Interfax. Police detained 12 people.";
/// Another one, different content.
pub const REPORT_PARIS: &str = "Thousands of workers marched in Paris on Tuesday against the pension reform, chanting \"Retirement at 60\".";
/// A report with no protest at all.
pub const REPORT_NO_EVENT: &str =
    "The city council approved a new budget for road repairs on Monday after a short debate.";

//! A directory mixing valid and broken inputs: every valid article stored,
//! every bad one named with its reason, exit code 2, no panic.

use super::*;
use placard_store::Store;

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("fixture written");
}

#[test]
fn mixed_directory_stores_every_valid_article_and_names_every_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs.join("moscow.txt"), REPORT_MOSCOW.as_bytes());
    write(&inputs.join("quiet.txt"), REPORT_NO_EVENT.as_bytes());
    write(&inputs.join("empty.txt"), b"");
    let mut invalid = b"Protesters marched in Paris ".to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe]);
    invalid.extend_from_slice(b" on Monday.");
    write(&inputs.join("broken-encoding.txt"), &invalid);
    // A 50 MB single line: larger than the article limit, skipped unread.
    let huge = vec![b'a'; 50 * 1024 * 1024];
    write(&inputs.join("huge.txt"), &huge);
    let paris = serde_json::json!({"id": "paris-1", "outlet": "Test Wire", "published": "2023-01-20", "language": "en", "text": REPORT_PARIS});
    write(
        &inputs.join("batch.jsonl"),
        format!("{paris}\n{{\"id\": \"bad\", \"text\": \n").as_bytes(),
    );

    let output = placard(
        dir.path(),
        &["ingest", "inputs", "--db", "test.db", "--quiet"],
        None,
    );
    let summary = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "skips give exit code 2\n{summary}"
    );
    assert!(summary.contains("articles read: 3"), "{summary}");
    assert!(summary.contains("stored: 3"), "{summary}");
    assert!(summary.contains("skipped: 4"), "{summary}");
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("broken-encoding.txt", "byte 28: invalid UTF-8"),
        ("huge.txt", "52428800 bytes exceeds the article limit"),
        ("batch.jsonl", "line 2: invalid JSON"),
    ] {
        assert!(
            summary
                .lines()
                .any(|line| line.contains(name) && line.contains(reason)),
            "{name}: {reason}\n{summary}"
        );
    }
    let store = Store::open(&dir.path().join("test.db")).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 3);
    assert!(store.article("paris-1").unwrap().is_some());
    assert!(String::from_utf8_lossy(&output.stderr)
        .find("panicked")
        .is_none());
}

#[test]
fn ingesting_twice_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs.join("moscow.txt"), REPORT_MOSCOW.as_bytes());
    write(
        &inputs.join("paris.md"),
        format!(
            "---\nid: paris-md\noutlet: Test Wire\npublished: 2023-01-20\n---\n{REPORT_PARIS}\n"
        )
        .as_bytes(),
    );
    // The same Moscow text again under another name is the same article.
    write(
        &inputs.join("moscow-copy.txt"),
        format!("{REPORT_MOSCOW}\n").as_bytes(),
    );

    let dump = || {
        let store = Store::open(&dir.path().join("twice.db")).unwrap();
        let reports = serde_json::to_string(&store.all_reports().unwrap()).unwrap();
        let events = serde_json::to_string(&store.events(&Default::default()).unwrap()).unwrap();
        let counts = store.counts().unwrap();
        (
            counts.articles,
            counts.reports,
            counts.events,
            reports,
            events,
        )
    };
    let first = placard(
        dir.path(),
        &["ingest", "inputs", "--db", "twice.db", "--quiet"],
        None,
    );
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    assert!(
        stdout(&first).contains("already stored: 1"),
        "{}",
        stdout(&first)
    );
    let before = dump();
    assert_eq!(before.0, 2);
    assert!(
        before.1 >= 3,
        "protest and arrest in Moscow, protest in Paris"
    );
    let second = placard(
        dir.path(),
        &["ingest", "inputs", "--db", "twice.db", "--quiet"],
        None,
    );
    assert!(stdout(&second).contains("stored: 0"), "{}", stdout(&second));
    assert_eq!(dump(), before);
}

#[test]
fn show_follows_an_event_that_a_later_ingest_joined() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    write(
        &inputs.join("moscow.txt"),
        format!("{REPORT_MOSCOW}\n").as_bytes(),
    );
    let ingest = placard(
        dir.path(),
        &["ingest", "inputs", "--db", "joined.db", "--quiet"],
        None,
    );
    assert_eq!(ingest.status.code(), Some(0), "{}", stdout(&ingest));
    // What a later reconciliation does when an event takes another id: the
    // same reports under a new event.
    let old_id = {
        let mut store = Store::open(&dir.path().join("joined.db")).unwrap();
        let events = store.events(&Default::default()).unwrap();
        let mut renamed = events[0].clone();
        let old_id = renamed.event_id.clone();
        renamed.event_id = "e-successor".into();
        let mut next = vec![renamed];
        next.extend(events[1..].iter().cloned());
        store.replace_events(&next).unwrap();
        old_id
    };
    let show = placard(dir.path(), &["show", &old_id, "--db", "joined.db"], None);
    assert_eq!(show.status.code(), Some(1));
    let message = String::from_utf8_lossy(&show.stderr);
    assert!(
        message.contains("any more: its reports are now in e-successor ("),
        "{message}"
    );
    let unknown = placard(dir.path(), &["show", "e-never", "--db", "joined.db"], None);
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("no event \"e-never\""), "{message}");
    assert!(!message.contains("any more"), "{message}");
}

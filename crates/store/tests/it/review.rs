//! Tokens, review decisions and the audit log (schema 4).

use placard_store::{AuditEntry, Decision, Role, Store, StoreError, TokenRecord};

fn token(name: &str, role: Role) -> TokenRecord {
    TokenRecord {
        name: name.to_owned(),
        role,
        created_at: "2026-11-28T05:00:00Z".to_owned(),
    }
}

#[test]
fn tokens_are_found_by_hash_and_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let mut store = Store::open(&path).unwrap();
    store
        .insert_token(&token("ana", Role::Coder), "hash-1")
        .unwrap();
    store
        .insert_token(&token("root", Role::Admin), "hash-2")
        .unwrap();
    let error = store
        .insert_token(&token("ana", Role::Admin), "hash-3")
        .unwrap_err();
    assert!(matches!(error, StoreError::TokenNameTaken(_)));
    assert!(error.is_user_error());
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.token_by_hash("hash-1").unwrap(),
        Some(token("ana", Role::Coder))
    );
    assert_eq!(
        store.token_by_hash("hash-2").unwrap().unwrap().role,
        Role::Admin
    );
    assert_eq!(store.token_by_hash("hash-3").unwrap(), None);
}

#[test]
fn decisions_keep_their_order_and_write_an_audit_entry() {
    let mut store = Store::open_in_memory().unwrap();
    let audit = AuditEntry {
        audit_id: 0,
        at: "2026-11-28T05:00:00Z".to_owned(),
        who: "ana".to_owned(),
        action: "merge".to_owned(),
        event_id: Some("e-1".to_owned()),
        decision_id: None,
        before_json: Some("[]".to_owned()),
        after_json: None,
    };
    let merge = Decision {
        decision_id: 0,
        action: "merge".to_owned(),
        anchor_report: "r1".to_owned(),
        report_ids: vec!["r1".to_owned(), "r2".to_owned()],
        value_json: None,
        created_by: "ana".to_owned(),
        created_at: "2026-11-28T05:00:00Z".to_owned(),
    };
    let (merge_id, audit_id) = store.insert_decision(&merge, &audit).unwrap();
    let accept = Decision {
        action: "accept".to_owned(),
        report_ids: Vec::new(),
        ..merge.clone()
    };
    let (accept_id, _) = store.insert_decision(&accept, &audit).unwrap();
    assert!(accept_id > merge_id);
    let stored = store.decisions().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].report_ids, ["r1", "r2"]);
    assert_eq!(stored[0].decision_id, merge_id);
    assert_eq!(stored[1].action, "accept");

    store.complete_audit(audit_id, Some("e-2"), "{}").unwrap();
    let log = store.audit_log(10).unwrap();
    assert_eq!(log.len(), 2);
    let first = log.iter().find(|entry| entry.audit_id == audit_id).unwrap();
    assert_eq!(first.decision_id, Some(merge_id));
    assert_eq!(first.event_id.as_deref(), Some("e-2"));
    assert_eq!(first.after_json.as_deref(), Some("{}"));
    assert!(store.delete_audit(audit_id).unwrap());
    assert!(!store.delete_audit(audit_id).unwrap());
    assert_eq!(store.audit_log(10).unwrap().len(), 1);
}

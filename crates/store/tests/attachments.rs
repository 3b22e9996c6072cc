//! Documents' files on both engines: the bytes come back as they went in,
//! with their SHA-256; a number of another child's file finds nothing; the
//! rows cannot be changed or removed; and a transaction that does not
//! commit keeps nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::ids::LaChildId;
use hearth_domain::keys::AttachmentId;
use hearth_store::{Authorised, ChildId, Db, NewAttachment, NewChild, NewUser, Role, UserId};
use jiff::civil::date;

use hearth_store::on_both_databases as story;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

async fn new_child(db: &Db, id: &str) -> ChildId {
    let mut tx = db.begin().await.unwrap();
    let child = NewChild {
        date_of_birth: Some(date(2015, 6, 1)),
        ..NewChild::new(LaChildId::parse(id).unwrap(), "Ada", "Testchild")
    };
    let c = db
        .create_child(&mut tx, &child, at("2025-01-02T09:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c
}

async fn worker(db: &Db) -> UserId {
    let mut tx = db.begin().await.unwrap();
    let user = NewUser {
        username: "worker",
        display_name: "Worker",
        role: Role::SocialWorker,
        team: None,
        manager: None,
        password_hash: None,
    };
    let id = db
        .create_user(&mut tx, &user, at("2025-01-02T09:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// The bytes of a small PDF, with every byte value in it, so an engine
/// that mangled binary (a text column, an encoding) would be caught.
fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend(0..=255u8);
    bytes.extend(b"\n%%EOF\n");
    bytes
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn keep(db: &Db, child: ChildId, by: UserId, bytes: &[u8]) -> AttachmentId {
    let mut tx = db.begin().await.unwrap();
    let id = db
        .insert_attachment(
            &mut tx,
            &NewAttachment {
                child,
                file_name: "Plan (signed).pdf",
                content_type: "application/pdf",
                sha256: &sha256_hex(bytes),
                bytes,
                uploaded_by: by,
                at: at("2025-03-04T10:11:12.123456789Z"),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

story!(a_file_comes_back_as_it_was_kept, |db: &Db| {
    let db = db.clone();
    async move {
        let child = new_child(&db, "C0001").await;
        let by = worker(&db).await;
        let bytes = pdf();
        let id = keep(&db, child, by, &bytes).await;
        let back = db
            .attachment(&Authorised::unchecked(child), id)
            .await
            .unwrap()
            .expect("the file is kept");
        assert_eq!(back.bytes, bytes);
        assert_eq!(back.size, bytes.len() as u64);
        // The digest kept is the digest of the bytes given back.
        assert_eq!(back.sha256, sha256_hex(&back.bytes));
        assert_eq!(
            back.sha256,
            "5c5169485479e6214e3b5f010689289166910f3cd32691774541ef7e7b65c5ce"
        );
        assert_eq!(back.file_name, "Plan (signed).pdf");
        assert_eq!(back.content_type, "application/pdf");
        assert_eq!(back.child, child);
        assert_eq!(back.uploaded_by, by);
        assert_eq!(back.uploaded_at, at("2025-03-04T10:11:12.123457Z"));
    }
});

story!(another_childs_file_is_not_found, |db: &Db| {
    let db = db.clone();
    async move {
        let child = new_child(&db, "C0001").await;
        let other = new_child(&db, "C0002").await;
        let by = worker(&db).await;
        let id = keep(&db, child, by, &pdf()).await;
        let crossed = db
            .attachment(&Authorised::unchecked(other), id)
            .await
            .unwrap();
        assert_eq!(crossed, None);
        let missing = db
            .attachment(&Authorised::unchecked(child), AttachmentId(id.0 + 1))
            .await
            .unwrap();
        assert_eq!(missing, None);
    }
});

story!(files_are_never_changed_or_removed, |db: &Db| {
    let db = db.clone();
    async move {
        let child = new_child(&db, "C0001").await;
        let by = worker(&db).await;
        keep(&db, child, by, &pdf()).await;
        for sql in [
            "UPDATE attachment SET file_name = 'other.pdf'",
            "DELETE FROM attachment",
        ] {
            let refused = match &db {
                Db::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(|_| ()),
                Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            };
            let e = refused.expect_err(sql).to_string();
            assert!(
                e.contains("append-only") || e.contains("attachments"),
                "{e}"
            );
        }
    }
});

story!(a_file_whose_transaction_fails_is_not_kept, |db: &Db| {
    let db = db.clone();
    async move {
        let child = new_child(&db, "C0001").await;
        let by = worker(&db).await;
        let bytes = pdf();
        let mut tx = db.begin().await.unwrap();
        let id = db
            .insert_attachment(
                &mut tx,
                &NewAttachment {
                    child,
                    file_name: "a.pdf",
                    content_type: "application/pdf",
                    sha256: &sha256_hex(&bytes),
                    bytes: &bytes,
                    uploaded_by: by,
                    at: at("2025-03-04T10:00:00Z"),
                },
            )
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        let back = db
            .attachment(&Authorised::unchecked(child), id)
            .await
            .unwrap();
        assert_eq!(back, None);
    }
});

//! Documents attached to a child's record, through the router as a browser
//! uses it: a good file is kept, listed and downloaded as it was sent, and
//! every download audited; a bad one (a program under another name, an
//! empty file, one too large, an archive) is refused with a message
//! against the file field and nothing kept; nobody reaches a document
//! through another child, or a child they may not see.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hearth_app::{FixedClock, Services};
use hearth_domain::access::Role;
use hearth_domain::events::{EventKind, When};
use hearth_domain::ids::LaChildId;
use hearth_domain::keys::AttachmentId;
use hearth_store::{Authorised, ChildId, Db, NewChild, NewUser, on_both_databases};
use http_body_util::BodyExt;
use tower::ServiceExt;

const NOW: &str = "2025-03-03T10:00:00Z";

struct Site {
    router: axum::Router,
    /// Allocated to the social worker.
    child: ChildId,
    /// Also the social worker's.
    sibling: ChildId,
    /// Another team's child.
    elsewhere: ChildId,
}

async fn site(db: &Db) -> Site {
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let hash = hearth_app::accounts::hash_password("a test passphrase")
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let team_a = db.create_team(&mut tx, "Team A", "cp").await.unwrap();
    let team_b = db.create_team(&mut tx, "Team B", "cp").await.unwrap();
    let mut user = async |username: &'static str, role, team, manager| {
        db.create_user(
            &mut tx,
            &NewUser {
                username,
                display_name: username,
                role,
                team: Some(team),
                manager,
                password_hash: Some(&hash),
            },
            now,
        )
        .await
        .unwrap()
    };
    let manager = user("manager", Role::TeamManager, team_a, None).await;
    let worker = user("worker", Role::SocialWorker, team_a, Some(manager)).await;
    let other = user("other", Role::SocialWorker, team_b, None).await;
    user("analyst", Role::PerformanceAnalyst, team_a, None).await;
    let mut children = Vec::new();
    for n in 1..=3 {
        let c = NewChild {
            date_of_birth: Some(jiff::civil::date(2015, 1, 1)),
            ..NewChild::new(
                LaChildId::parse(&format!("C{n}")).unwrap(),
                "Test",
                format!("Child{n}"),
            )
        };
        children.push(db.create_child(&mut tx, &c, now).await.unwrap());
    }
    tx.commit().await.unwrap();
    let services = Services::new(db.clone(), Arc::new(FixedClock(now)));
    for (child, worker, team) in [
        (children[0], worker, team_a),
        (children[1], worker, team_a),
        (children[2], other, team_b),
    ] {
        let mut tx = db.begin().await.unwrap();
        db.append_event(
            &mut tx,
            child,
            When::Date(jiff::civil::date(2025, 3, 1)),
            EventKind::Allocated {
                worker,
                team,
                reason: None,
            },
            "setup",
            now,
            &services.calendar().await.unwrap(),
            &services.policy().await.unwrap(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    Site {
        router: hearth_web::router(hearth_web::AppState { services }),
        child: children[0],
        sibling: children[1],
        elsewhere: children[2],
    }
}

async fn send(site: &Site, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = site.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

async fn page(site: &Site, req: Request<Body>) -> (StatusCode, String) {
    let (status, _, body) = send(site, req).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn sign_in(site: &Site, username: &str) -> String {
    let req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username={username}&password=a+test+passphrase"
        )))
        .unwrap();
    let (status, headers, _) = send(site, req).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{username} signs in");
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// The attach form as a browser sends it: title, kind, then the file.
fn multipart(title: &str, kind: &str, file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [("title", title), ("document", kind)] {
        body.extend_from_slice(
            format!(
                "--b0undary\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--b0undary--\r\n");
    body
}

fn upload(child: ChildId, cookie: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(format!("/children/{}/attachments", child.0))
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=b0undary",
        )
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

/// A small PDF with every byte value in it.
fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend(0..=255u8);
    bytes.extend(b"\n%%EOF\n");
    bytes
}

/// The documents this child's ledger names, and whether the first file is
/// kept at all.
async fn documents(db: &Db, child: ChildId) -> Vec<(AttachmentId, String)> {
    db.events(&Authorised::unchecked(child))
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.event {
            EventKind::DocumentAttached {
                attachment, sha256, ..
            } => Some((attachment, sha256)),
            _ => None,
        })
        .collect()
}

async fn files_kept(db: &Db, child: ChildId) -> usize {
    let mut n = 0;
    for id in 1..=5 {
        if db
            .attachment(&Authorised::unchecked(child), AttachmentId(id))
            .await
            .unwrap()
            .is_some()
        {
            n += 1;
        }
    }
    n
}

async fn audited(db: &Db, child: ChildId, action: &str, refused: bool) -> usize {
    db.audit_for_child(&Authorised::unchecked(child))
        .await
        .unwrap()
        .iter()
        .filter(|r| r.action == action && r.refused == refused)
        .count()
}

on_both_databases!(a_document_is_attached_listed_and_downloaded, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, "worker").await;
        let child = site.child;
        let (status, form) = page(
            &site,
            get(&format!("/children/{}/attachments", child.0), &sw),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");
        assert!(form.contains("smaller than 20 MB"), "{form}");

        let bytes = pdf();
        let body = multipart("Child protection plan (signed)", "plan", "Plan.pdf", &bytes);
        let (status, headers, _) = send(&site, upload(child, &sw, body)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            &format!("/children/{}?saved=document", child.0)
        );
        // The ledger names it with the SHA-256 of the bytes sent.
        let docs = documents(&db, child).await;
        assert_eq!(docs.len(), 1);
        let (attachment, sha256) = docs[0].clone();
        assert_eq!(sha256, hearth_app::attachments::sha256_hex(&bytes));
        assert_eq!(
            audited(&db, child, "record:DocumentAttached", false).await,
            1
        );

        // Listed on the child's page, in words, by who attached it.
        let (_, child_page) = page(
            &site,
            get(&format!("/children/{}?saved=document", child.0), &sw),
        )
        .await;
        assert!(child_page.contains("The document has been attached"));
        assert!(
            child_page.contains("Child protection plan (signed)"),
            "{child_page}"
        );
        assert!(child_page.contains("PDF, 272 bytes"), "{child_page}");
        assert!(child_page.contains("3 March 2025"), "{child_page}");
        assert!(child_page.contains("by worker"), "{child_page}");
        let link = format!("/children/{}/attachments/{}", child.0, attachment.0);
        assert!(child_page.contains(&link), "{child_page}");
        // And in the chronology, with its link.
        let (_, chronology) = page(
            &site,
            get(&format!("/children/{}/chronology", child.0), &sw),
        )
        .await;
        assert!(chronology.contains("Document attached"), "{chronology}");
        assert!(chronology.contains(&link), "{chronology}");

        // The download is the bytes sent, as a download, audited.
        let before = audited(&db, child, "download_attachment", false).await;
        let (status, headers, body) = send(&site, get(&link, &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, bytes);
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "application/pdf"
        );
        assert_eq!(
            headers.get(header::CONTENT_DISPOSITION).unwrap(),
            "attachment; filename=\"Plan.pdf\""
        );
        assert_eq!(
            headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert_eq!(
            audited(&db, child, "download_attachment", false).await,
            before + 1
        );
        // "Who has looked at this record" is the manager's to see.
        let tm = sign_in(&site, "manager").await;
        let (_, log) = page(&site, get(&format!("/children/{}/access", child.0), &tm)).await;
        assert!(log.contains("Downloaded a document"), "{log}");
    }
});

on_both_databases!(bad_files_are_refused_and_nothing_is_kept, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, "worker").await;
        let child = site.child;
        let mut zip_not_word = b"PK\x03\x04".to_vec();
        zip_not_word.extend_from_slice(&[0; 40]);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            // A Windows program renamed to look like a PDF.
            (
                "plan.pdf",
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode"
                    .to_vec(),
                "The selected file is a program",
            ),
            (
                "plan.pdf",
                b"\x7fELF\x02\x01\x01".to_vec(),
                "The selected file is a program",
            ),
            (
                "run.txt",
                b"#!/bin/sh\necho hello\n".to_vec(),
                "The selected file is a program",
            ),
            ("plan.pdf", Vec::new(), "The selected file is empty"),
            (
                "report.docx",
                zip_not_word,
                "a zip archive, not a Word document",
            ),
            (
                "letter.docx",
                b"%PDF-1.4 a PDF named as a Word document".to_vec(),
                "name ends in .docx but it contains a PDF",
            ),
            (
                "photo.gif",
                b"GIF89a\x01\x00\x01\x00\x00\xff".to_vec(),
                "The selected file must be a PDF, PNG, JPEG",
            ),
        ];
        for (name, bytes, message) in cases {
            let body = multipart("A letter", "letter", name, &bytes);
            let (status, body) = page(&site, upload(child, &sw, body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
            assert!(body.contains(message), "{name}: {body}");
            // Against the file field, and in the summary that links to it.
            assert!(body.contains("id=\"file-error\""), "{name}");
            assert!(body.contains("href=\"#file\""), "{name}");
            // What was typed is kept.
            assert!(body.contains("value=\"A letter\""), "{name}");
        }
        // No title, no kind: each said against its field.
        let body = multipart("", "", "plan.pdf", &pdf());
        let (status, body) = page(&site, upload(child, &sw, body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Enter a title for the document"), "{body}");
        assert!(body.contains("Select the kind of document"), "{body}");
        // No file at all, and a body that is not a form of files.
        let (status, body) = page(&site, upload(child, &sw, b"--b0undary--\r\n".to_vec())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Select a file"), "{body}");

        assert!(documents(&db, child).await.is_empty());
        assert_eq!(files_kept(&db, child).await, 0);
        assert_eq!(
            audited(&db, child, "record:DocumentAttached", true).await,
            9
        );
        assert_eq!(
            audited(&db, child, "record:DocumentAttached", false).await,
            0
        );
    }
});

on_both_databases!(a_file_over_the_limit_is_refused_in_words, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, "worker").await;
        let child = site.child;
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(20 * 1024 * 1024 + 1, b' ');
        let body = multipart("A large report", "report", "report.pdf", &big);
        let (status, body) = page(&site, upload(child, &sw, body)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            body.contains("The selected file must be smaller than 20 MB"),
            "{body}"
        );
        assert!(body.contains("id=\"file-error\""));
        assert!(documents(&db, child).await.is_empty());
        assert_eq!(files_kept(&db, child).await, 0);
        // Exactly the limit is accepted.
        big.truncate(20 * 1024 * 1024);
        let body = multipart("A large report", "report", "report.pdf", &big);
        let (status, _, _) = send(&site, upload(child, &sw, body)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(files_kept(&db, child).await, 1);
    }
});

on_both_databases!(documents_do_not_cross_children_or_scopes, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, "worker").await;
        let body = multipart("A letter", "letter", "letter.pdf", &pdf());
        assert_eq!(
            send(&site, upload(site.child, &sw, body)).await.0,
            StatusCode::SEE_OTHER
        );
        let (attachment, _) = documents(&db, site.child).await[0].clone();
        // The worker may see both children: the document is only the first's.
        let crossed = format!("/children/{}/attachments/{}", site.sibling.0, attachment.0);
        assert_eq!(
            send(&site, get(&crossed, &sw)).await.0,
            StatusCode::NOT_FOUND
        );
        let missing = format!(
            "/children/{}/attachments/{}",
            site.child.0,
            attachment.0 + 7
        );
        assert_eq!(
            send(&site, get(&missing, &sw)).await.0,
            StatusCode::NOT_FOUND
        );

        // A worker in another team sees neither the document nor the form.
        let other = sign_in(&site, "other").await;
        let link = format!("/children/{}/attachments/{}", site.child.0, attachment.0);
        let (status, _, body) = send(&site, get(&link, &other)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!body.windows(5).any(|w| w == b"%PDF-"));
        assert_eq!(
            audited(&db, site.child, "download_attachment", true).await,
            1
        );
        let body = multipart("A letter", "letter", "letter.pdf", &pdf());
        assert_eq!(
            send(&site, upload(site.child, &other, body)).await.0,
            StatusCode::NOT_FOUND
        );
        // Their own child is theirs to add to.
        let body = multipart("A letter", "letter", "letter.pdf", &pdf());
        assert_eq!(
            send(&site, upload(site.elsewhere, &other, body)).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(documents(&db, site.child).await.len(), 1);
        assert_eq!(files_kept(&db, site.sibling).await, 0);

        // An upload from another site is refused before it is read.
        let body = multipart("A letter", "letter", "letter.pdf", &pdf());
        let mut req = upload(site.child, &sw, body);
        req.headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(send(&site, req).await.0, StatusCode::FORBIDDEN);
        let mut req = upload(
            site.child,
            &sw,
            multipart("A letter", "letter", "letter.pdf", &pdf()),
        );
        req.headers_mut().remove("sec-fetch-site");
        req.headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        req.headers_mut()
            .insert(header::HOST, "hearth.example.gov.uk".parse().unwrap());
        assert_eq!(send(&site, req).await.0, StatusCode::FORBIDDEN);
        assert_eq!(documents(&db, site.child).await.len(), 1);
    }
});

on_both_databases!(a_voided_document_leaves_the_lists, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, "worker").await;
        let child = site.child;
        let body = multipart("Letter to the wrong family", "letter", "letter.pdf", &pdf());
        assert_eq!(
            send(&site, upload(child, &sw, body)).await.0,
            StatusCode::SEE_OTHER
        );
        let event = db
            .events(&Authorised::unchecked(child))
            .await
            .unwrap()
            .into_iter()
            .find(|e| matches!(e.event, EventKind::DocumentAttached { .. }))
            .unwrap();
        let EventKind::DocumentAttached { attachment, .. } = event.event else {
            unreachable!()
        };
        let link = format!("/children/{}/attachments/{}", child.0, attachment.0);
        // It cannot be amended: voided and attached again.
        let tm = sign_in(&site, "manager").await;
        let (status, _, _) = send(
            &site,
            get(
                &format!("/children/{}/events/{}/amend", child.0, event.id.0),
                &tm,
            ),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        let void = Request::post(format!("/children/{}/events/{}/void", child.0, event.id.0))
            .header(header::COOKIE, &tm)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from("reason=Attached+to+the+wrong+child"))
            .unwrap();
        assert_eq!(send(&site, void).await.0, StatusCode::SEE_OTHER);
        let (_, child_page) = page(&site, get(&format!("/children/{}", child.0), &sw)).await;
        assert!(
            !child_page.contains("Letter to the wrong family"),
            "{child_page}"
        );
        assert!(child_page.contains("No documents have been attached"));
        assert_eq!(send(&site, get(&link, &sw)).await.0, StatusCode::NOT_FOUND);
        // The record as it was known before the void still says it was
        // there, without the file.
        let (_, past) = page(
            &site,
            get(
                &format!("/children/{}/chronology?known_at=2025-03-03T09:59", child.0),
                &sw,
            ),
        )
        .await;
        assert!(!past.contains(&link), "{past}");
        // The bytes stay.
        assert_eq!(files_kept(&db, child).await, 1);
    }
});

on_both_databases!(a_document_is_only_ever_attached_with_its_file, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let services = Services::new(db.clone(), Arc::new(FixedClock(NOW.parse().unwrap())));
        let worker = db.user_by_username("worker").await.unwrap().unwrap();
        let actor = db.actor(worker).await.unwrap().unwrap();
        let ctx = hearth_app::Ctx {
            services: &services,
            actor: &actor,
            request_id: "test",
        };
        let kind = EventKind::DocumentAttached {
            attachment: AttachmentId(1),
            title: "No file".into(),
            document: hearth_domain::documents::DocumentKind::Other,
            sha256: hearth_app::attachments::sha256_hex(b"x"),
            size: 1,
            content_type: "text/plain; charset=utf-8".into(),
        };
        let refused = hearth_app::events::record(
            &ctx,
            site.child,
            When::Date(jiff::civil::date(2025, 3, 3)),
            kind,
        )
        .await;
        match refused {
            Err(hearth_app::AppError::Invalid(m)) => {
                assert!(m.contains("attached with its file"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        assert!(documents(&db, site.child).await.is_empty());
        // The record form does not offer it.
        let sw = sign_in(&site, "worker").await;
        let (status, _) = page(
            &site,
            get(
                &format!("/children/{}/record?kind=DocumentAttached", site.child.0),
                &sw,
            ),
        )
        .await;
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(documents(&db, site.child).await.is_empty());
    }
});

on_both_databases!(
    a_file_that_no_longer_matches_its_digest_is_not_given_out,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let now: jiff::Timestamp = NOW.parse().unwrap();
            let worker = db.user_by_username("worker").await.unwrap().unwrap();
            // Kept with the digest of other bytes, as a damaged copy would be.
            let recorded = hearth_app::attachments::sha256_hex(b"%PDF-1.7 the real letter");
            let mut tx = db.begin().await.unwrap();
            let attachment = db
                .insert_attachment(
                    &mut tx,
                    &hearth_store::NewAttachment {
                        child: site.child,
                        file_name: "letter.pdf",
                        content_type: "application/pdf",
                        sha256: &recorded,
                        bytes: b"%PDF-1.7 something else",
                        uploaded_by: worker,
                        at: now,
                    },
                )
                .await
                .unwrap();
            db.append_event(
                &mut tx,
                site.child,
                When::Date(jiff::civil::date(2025, 3, 3)),
                EventKind::DocumentAttached {
                    attachment,
                    title: "A letter".into(),
                    document: hearth_domain::documents::DocumentKind::Letter,
                    sha256: recorded,
                    size: 23,
                    content_type: "application/pdf".into(),
                },
                "setup",
                now,
                &hearth_domain::calendar::WorkingDayCalendar::england_and_wales(),
                &hearth_domain::timescales::Policy::statutory(),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let sw = sign_in(&site, "worker").await;
            let link = format!("/children/{}/attachments/{}", site.child.0, attachment.0);
            let (status, _, body) = send(&site, get(&link, &sw)).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(!body.windows(14).any(|w| w == b"something else"));
        }
    }
);

/// A body with one file field, as a browser sends Ofsted's list.
fn provider_list(cookie: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let mut body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--b0undary--\r\n");
    Request::post("/data-quality/providers")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=b0undary",
        )
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

on_both_databases!(
    ofsteds_list_of_providers_is_kept_by_an_analyst_only,
    |db: &Db| {
        let db = db.clone();
        async move {
            use hearth_xlsx::Cell;
            let site = site(&db).await;
            let text = |s: &str| Cell::Text(s.to_owned());
            let workbook = hearth_xlsx::write_sheet(
                "Providers",
                &[
                    hearth_returns::ssda903::rules::HEADINGS.map(text).to_vec(),
                    ["SC400001", "Leeds", "K2", "PR4", "", "LS1 4AP"]
                        .map(text)
                        .to_vec(),
                ],
            )
            .unwrap();
            let analyst = sign_in(&site, "analyst").await;
            // The page offers the upload to the analyst, saying none is kept.
            let (status, body) = page(&site, get("/data-quality", &analyst)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("None kept yet"), "{body}");
            let (status, headers, _) =
                send(&site, provider_list(&analyst, "list.xlsx", &workbook)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(headers[header::LOCATION], "/data-quality#providers");
            let kept = db.ofsted_provider_list().await.unwrap().unwrap();
            assert_eq!(kept.providers, 1);
            let (_, body) = page(&site, get("/data-quality", &analyst)).await;
            assert!(body.contains("In force: 1 providers, kept"), "{body}");

            // A social worker may not; nothing changes, and the refusal is
            // audited.
            let worker = sign_in(&site, "worker").await;
            let (status, _, _) = send(&site, provider_list(&worker, "list.xlsx", b"PK")).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert_eq!(db.ofsted_provider_list().await.unwrap().unwrap(), kept);
            let (_, body) = page(&site, get("/data-quality", &worker)).await;
            assert!(!body.contains("Ofsted's list of providers"), "{body}");

            // A file that is not a workbook is refused in words; the list in
            // force stays.
            let (status, body) = page(
                &site,
                provider_list(&analyst, "list.csv", b"URN,Local authority\nSC1,Leeds\n"),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("not a workbook"), "{body}");
            assert_eq!(db.ofsted_provider_list().await.unwrap().unwrap(), kept);
            let audited = db
                .audit_by_action("ofsted provider list imported")
                .await
                .unwrap();
            let mut refused: Vec<bool> = audited.iter().map(|r| r.refused).collect();
            refused.sort_unstable();
            assert_eq!(refused, [false, true]);
        }
    }
);

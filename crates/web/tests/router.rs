//! The router, driven in-process: pages, security headers, CSRF, and the
//! access matrix (the child routes × every role × a child in scope, out of
//! scope and restricted), with an audit row for every view and refusal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hearth_app::{FixedClock, Services};
use hearth_domain::access::{Action, Restriction, Role};
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::{EventKind, When};
use hearth_domain::ids::LaChildId;
use hearth_domain::timescales::Policy;
use hearth_store::{ChildId, Db, NewChild, NewUser, TeamId, UserId, on_both_databases};
use hearth_web::routes::{Needs, Route, routes};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PASSWORD: &str = "a test passphrase";

struct Site {
    router: axum::Router,
    /// Per role, a child in its scope (none for the administrator).
    in_scope: HashMap<Role, ChildId>,
    out_of_scope: ChildId,
    restricted: ChildId,
}

fn username(role: Role) -> &'static str {
    role.as_str()
}

async fn site(db: &Db) -> Site {
    site_at(db, "2025-03-03T10:00:00Z").await
}

/// The site with its clock stopped at `now`: a form may record nothing
/// dated after it.
async fn site_at(db: &Db, now: &str) -> Site {
    let now: jiff::Timestamp = now.parse().unwrap();
    let hash = hearth_app::accounts::hash_password(PASSWORD).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let team_a = db.create_team(&mut tx, "Team A", "cp").await.unwrap();
    let team_b = db.create_team(&mut tx, "Team B", "cp").await.unwrap();
    let mut users = HashMap::new();
    // The service manager manages the team manager, who manages team A.
    let order = [
        (Role::ServiceManager, None),
        (Role::TeamManager, Some(team_a)),
        (Role::SocialWorker, Some(team_a)),
        (Role::BusinessSupport, Some(team_a)),
        (Role::Iro, None),
        (Role::PerformanceAnalyst, None),
        (Role::Auditor, None),
        (Role::SystemAdministrator, Some(team_a)),
    ];
    for (role, team) in order {
        let manager = match role {
            Role::TeamManager => users.get(&Role::ServiceManager).copied(),
            Role::SocialWorker | Role::BusinessSupport => users.get(&Role::TeamManager).copied(),
            _ => None,
        };
        let user = NewUser {
            username: username(role),
            display_name: role.as_str(),
            role,
            team,
            manager,
            password_hash: Some(&hash),
        };
        users.insert(role, db.create_user(&mut tx, &user, now).await.unwrap());
    }
    let other_worker = db
        .create_user(
            &mut tx,
            &NewUser {
                username: "elsewhere",
                display_name: "x",
                role: Role::SocialWorker,
                team: Some(team_b),
                manager: None,
                password_hash: None,
            },
            now,
        )
        .await
        .unwrap();
    let mut n = 0;
    let mut child = async |tx: &mut hearth_store::Tx, restricted| {
        n += 1;
        let c = NewChild {
            date_of_birth: Some(jiff::civil::date(2015, 1, 1)),
            restricted,
            ..NewChild::new(
                LaChildId::parse(&format!("C{n}")).unwrap(),
                "Test",
                format!("Child{n}"),
            )
        };
        db.create_child(tx, &c, now).await.unwrap()
    };
    let team_child = child(&mut tx, None).await;
    let iro_child = child(&mut tx, None).await;
    let out_of_scope = child(&mut tx, None).await;
    let restricted = child(&mut tx, Some(Restriction::HighProfile)).await;
    tx.commit().await.unwrap();

    let services = Services::new(db.clone(), Arc::new(FixedClock(now)));
    let day = When::Date(jiff::civil::date(2025, 3, 3));
    let allocate = async |c: ChildId, worker: UserId, team: TeamId, extra: Option<EventKind>| {
        let mut tx = db.begin().await.unwrap();
        let mut kinds = vec![EventKind::Allocated {
            worker,
            team,
            reason: None,
        }];
        kinds.extend(extra);
        for kind in kinds {
            db.append_event(
                &mut tx,
                c,
                day,
                kind,
                "setup",
                now,
                &services.calendar().await.unwrap(),
                &services.policy().await.unwrap(),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    };
    let sw = users[&Role::SocialWorker];
    allocate(team_child, sw, team_a, None).await;
    let looked_after = EventKind::BecameLookedAfter {
        legal_status: hearth_domain::codes::LegalStatus::V2,
        placement: hearth_domain::events::Placement {
            placement_type: hearth_domain::codes::PlacementType::U4,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        },
        category_of_need: hearth_domain::codes::PrimaryNeed::N1,
        uasc: false,
    };
    allocate(iro_child, other_worker, team_b, Some(looked_after)).await;
    {
        let mut tx = db.begin().await.unwrap();
        let iro = EventKind::IroAppointed {
            iro: users[&Role::Iro],
        };
        db.append_event(
            &mut tx,
            iro_child,
            day,
            iro,
            "setup",
            now,
            &services.calendar().await.unwrap(),
            &services.policy().await.unwrap(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    allocate(out_of_scope, other_worker, team_b, None).await;
    allocate(restricted, sw, team_a, None).await;

    let mut in_scope = HashMap::new();
    for role in Role::ALL {
        match role {
            Role::SystemAdministrator => {}
            Role::Iro => {
                in_scope.insert(role, iro_child);
            }
            _ => {
                in_scope.insert(role, team_child);
            }
        }
    }
    let router = hearth_web::router(hearth_web::AppState { services });
    Site {
        router,
        in_scope,
        out_of_scope,
        restricted,
    }
}

async fn send(site: &Site, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = site.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn sign_in(site: &Site, role: Role) -> String {
    let req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username={}&password=a+test+passphrase",
            username(role)
        )))
        .unwrap();
    let (status, headers, _) = send(site, req).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{role:?} signs in");
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("__Host-hearth-session="), "{cookie}");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    cookie.split(';').next().unwrap().to_owned()
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(form.to_owned()))
        .unwrap()
}

async fn audit_count(db: &Db, child: ChildId) -> usize {
    db.audit_for_child(&hearth_store::Authorised::unchecked(child))
        .await
        .unwrap()
        .len()
}

on_both_databases!(pages_render_with_security_headers, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        // Signed out: every page sends you to sign in.
        for path in [
            "/my-work",
            "/sessions",
            "/children/1",
            "/children/1/chronology",
            "/children/1/access",
        ] {
            let (status, headers, _) =
                send(&site, Request::get(path).body(Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(headers.get(header::LOCATION).unwrap(), "/sign-in");
        }
        let (status, headers, body) =
            send(&site, Request::get("/sign-in").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<h1 class=\"govuk-heading-l\">Sign in</h1>"));
        assert!(
            headers
                .get(header::CONTENT_SECURITY_POLICY)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("script-src 'self'")
        );

        let bad = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("username=social_worker&password=wrong"))
            .unwrap();
        let (status, _, body) = send(&site, bad).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("govuk-error-summary") && body.contains("not recognised"));

        let cookie = sign_in(&site, Role::SocialWorker).await;
        let (status, headers, body) = send(&site, get("/my-work", &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert!(headers.get("x-request-id").is_some());
        // The restricted child allocated to them without a grant is not on
        // the list: a worker never has a child there they cannot open.
        assert!(body.contains("1 child allocated to you"), "{body}");
        assert!(!body.contains("Test Child4"), "{body}");
        let shown = db
            .audit_for_child(&hearth_store::Authorised::unchecked(site.restricted))
            .await
            .unwrap();
        assert!(
            shown.iter().all(|r| r.action != "view_caseload"),
            "nothing shown, nothing audited as shown"
        );
        let shown = db
            .audit_for_child(&hearth_store::Authorised::unchecked(
                site.in_scope[&Role::SocialWorker],
            ))
            .await
            .unwrap();
        assert!(
            shown
                .iter()
                .any(|r| r.action == "view_caseload"
                    && r.detail.as_deref() == Some("shown on a list")),
            "each child shown on a caseload is audited against that child"
        );

        let child = site.in_scope[&Role::SocialWorker];
        let (status, _, body) = send(&site, get(&format!("/children/{}", child.0), &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Test Child1") && body.contains("Record a visit"));
        assert!(
            body.contains("Signed in as <strong>social_worker</strong>, social worker"),
            "the header says who is signed in"
        );
        assert!(
            body.contains(
                "<dd class=\"govuk-summary-list__value\">social_worker, social worker, Team A</dd>"
            ),
            "the worker's name: {}",
            body.split("Allocated worker")
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect::<String>()
        );

        // Recording a visit, then seeing it in the chronology.
        let form = "on=2025-03-03&kind=child_in_need&child_seen=yes&seen_alone=yes&child_views=Likes+school&seen_and_heard=%0D%0ATidy+bedroom%0D%0A&analysis=";
        let (status, headers, _) = send(
            &site,
            post(&format!("/children/{}/visits", child.0), &cookie, form),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            &format!("/children/{}?saved=visit", child.0)
        );
        let (_, _, body) = send(
            &site,
            get(
                &format!("/children/{}/chronology?kind=VisitMade", child.0),
                &cookie,
            ),
        )
        .await;
        assert!(
            body.contains("1 events") && body.contains("Child seen alone"),
            "{body}"
        );
        // The quick visit's write-up, as written (an empty analysis is none).
        assert!(
            body.contains("What was seen and heard:</span> Tidy bedroom</span>")
                && !body.contains("Analysis:"),
            "{body}"
        );
        let (_, _, body) = send(
            &site,
            get(
                &format!("/children/{}/chronology?significant=yes", child.0),
                &cookie,
            ),
        )
        .await;
        assert!(
            !body.contains("Child seen alone"),
            "a visit is not a significant event"
        );

        // A bad form names its fields and writes nothing.
        let before = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .len();
        let (status, _, body) = send(
            &site,
            post(
                &format!("/children/{}/visits", child.0),
                &cookie,
                "on=soon&kind=nonsense&seen_alone=yes",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["#on", "#kind", "#seen_alone"] {
            assert!(body.contains(field), "{field} in the error summary");
        }
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );

        // Cross-site posts are refused before they reach a handler.
        let mut req = post(
            &format!("/children/{}/visits", child.0),
            &cookie,
            "on=2025-03-03&kind=other",
        );
        req.headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(send(&site, req).await.0, StatusCode::FORBIDDEN);
        let req = Request::post("/sign-out")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, "https://evil.example")
            .header(header::HOST, "hearth.example")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&site, req).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );

        let (status, _, body) = send(&site, get("/sessions", &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        // In London time, in words: the site's clock is 10:00 UTC on 3
        // March, which is 10:00 in London in winter.
        assert!(
            body.contains("Active") && body.contains("3 March 2025 at 10:00"),
            "{body}"
        );
        let (status, headers, _) = send(
            &site,
            Request::get("/assets/hearth.js")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers
                .get(header::CONTENT_TYPE)
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        assert_eq!(
            send(
                &site,
                Request::get("/assets/vendor/VENDOR.md")
                    .body(Body::empty())
                    .unwrap()
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&site, get("/no/such/page", &cookie)).await.0,
            StatusCode::NOT_FOUND
        );

        // Signing out ends the session.
        let req = Request::post("/sign-out")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let (status, headers, _) = send(&site, req).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            headers
                .get(header::SET_COOKIE)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        assert_eq!(
            send(&site, get("/my-work", &cookie)).await.0,
            StatusCode::SEE_OTHER
        );
    }
});

/// What each role may do on its in-scope child: (view, access log, record).
fn expected_in_scope(role: Role) -> (StatusCode, StatusCode, StatusCode) {
    use StatusCode as S;
    match role {
        Role::SocialWorker | Role::BusinessSupport | Role::Iro => {
            (S::OK, S::FORBIDDEN, S::SEE_OTHER)
        }
        Role::TeamManager | Role::ServiceManager => (S::OK, S::OK, S::SEE_OTHER),
        Role::PerformanceAnalyst => (S::OK, S::FORBIDDEN, S::FORBIDDEN),
        Role::Auditor => (S::OK, S::OK, S::FORBIDDEN),
        Role::SystemAdministrator => (S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND),
    }
}

/// Out of scope: only the authority-wide roles see the child at all.
fn expected_out_of_scope(role: Role) -> (StatusCode, StatusCode, StatusCode) {
    use StatusCode as S;
    match role {
        Role::PerformanceAnalyst => (S::OK, S::FORBIDDEN, S::FORBIDDEN),
        Role::Auditor => (S::OK, S::OK, S::FORBIDDEN),
        _ => (S::NOT_FOUND, S::NOT_FOUND, S::NOT_FOUND),
    }
}

/// The four children every child route is tried on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    InScope,
    OutOfScope,
    Restricted,
    /// Restricted, with the user's own live break-glass grant.
    BreakGlass,
}

/// What `role` should get for `action` on a child of `case`, written out by
/// hand rather than asked of the policy: `None` where the route does what
/// it is for, else the refusal's status.
fn expected_for(role: Role, case: Case, action: Action) -> Option<StatusCode> {
    use StatusCode as S;
    let allowed = |s: StatusCode| {
        (s == S::OK || s == S::SEE_OTHER)
            .then_some(())
            .map_or(Some(s), |_| None)
    };
    let correct_in_scope = match role {
        Role::TeamManager | Role::ServiceManager => None,
        Role::SystemAdministrator => Some(S::NOT_FOUND),
        _ => Some(S::FORBIDDEN),
    };
    match case {
        Case::InScope | Case::OutOfScope => {
            let (view, access, record) = if case == Case::InScope {
                expected_in_scope(role)
            } else {
                expected_out_of_scope(role)
            };
            match action {
                Action::View => allowed(view),
                Action::ViewAccessLog => allowed(access),
                Action::Record => allowed(record),
                Action::Correct if view != S::OK => Some(view),
                Action::Correct => correct_in_scope,
                Action::Allocate | Action::Export => Some(S::FORBIDDEN),
            }
        }
        Case::Restricted => Some(S::NOT_FOUND),
        Case::BreakGlass => match (role, action) {
            (Role::SystemAdministrator, _) => Some(S::NOT_FOUND),
            (_, Action::View) => None,
            (
                Role::SocialWorker
                | Role::TeamManager
                | Role::ServiceManager
                | Role::Iro
                | Role::BusinessSupport,
                Action::Record,
            ) => None,
            _ => Some(S::FORBIDDEN),
        },
    }
}

/// A request for `route` on `child` as `who`: a page with the session
/// cookie, the API with the bearer token; a body that the route accepts.
fn request_for(
    route: &Route,
    child: ChildId,
    (event, attachment): (u64, i64),
    cookie: &str,
    token: &str,
) -> Request<Body> {
    let path = route
        .path
        .replace("{id}", &child.0.to_string())
        .replace("{event}", &event.to_string())
        .replace("{attachment}", &attachment.to_string());
    let api = path.starts_with("/api/");
    let body = match (route.method, route.path) {
        ("GET", _) => None,
        (_, "/children/{id}/visits") => Some("on=2025-03-03&kind=other&child_seen=yes".to_owned()),
        (_, "/children/{id}/record") => Some("on=2025-03-03&text=A+note".to_owned()),
        (_, "/children/{id}/events/{event}/amend") => {
            Some("on=2025-03-03&text=A+corrected+note&reason=Typo".to_owned())
        }
        (_, "/children/{id}/events/{event}/void") => Some("reason=Duplicate".to_owned()),
        (_, "/children/{id}/attachments") => Some(MATRIX_UPLOAD.to_owned()),
        (_, "/api/v1/children/{id}/events") => Some(
            r#"{"on":"2025-03-03","event":{"type":"CaseNote","text":"From the API"}}"#.to_owned(),
        ),
        (method, path) => panic!("the access matrix has no request for {method} {path}: add one"),
    };
    let path = if route.path == "/children/{id}/record" && route.method == "POST" {
        format!("{path}?kind=CaseNote")
    } else {
        path
    };
    let mut req = Request::builder().method(route.method).uri(path);
    req = if api {
        req.header(header::AUTHORIZATION, format!("Bearer {token}"))
    } else {
        req.header(header::COOKIE, cookie)
            .header("sec-fetch-site", "same-origin")
    };
    match body {
        Some(b) if api => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b)),
        Some(b) if b == MATRIX_UPLOAD => req
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=b0undary",
            )
            .body(Body::from(b)),
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(b)),
        None => req.body(Body::empty()),
    }
    .unwrap()
}

/// A document to attach, as a browser sends the form.
const MATRIX_UPLOAD: &str = "--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA letter\r\n\
    --b0undary\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\nletter\r\n\
    --b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.txt\"\r\n\
    Content-Type: text/plain\r\n\r\nDear colleague\r\n--b0undary--\r\n";

/// A document attached to `child`, for a download to find.
async fn a_document(db: &Db, child: ChildId) -> i64 {
    let bytes = b"%PDF-1.7 a letter";
    let sha256 = hearth_app::attachments::sha256_hex(bytes);
    let at: jiff::Timestamp = "2025-03-03T10:00:00Z".parse().unwrap();
    let mut tx = db.begin().await.unwrap();
    let setup = db.user_by_username("social_worker").await.unwrap().unwrap();
    let attachment = db
        .insert_attachment(
            &mut tx,
            &hearth_store::NewAttachment {
                child,
                file_name: "letter.pdf",
                content_type: "application/pdf",
                sha256: &sha256,
                bytes,
                uploaded_by: setup,
                at,
            },
        )
        .await
        .unwrap();
    db.append_event(
        &mut tx,
        child,
        When::Date(jiff::civil::date(2025, 3, 3)),
        EventKind::DocumentAttached {
            attachment,
            title: "A letter".into(),
            document: hearth_domain::documents::DocumentKind::Letter,
            sha256,
            size: bytes.len() as u64,
            content_type: "application/pdf".into(),
        },
        "setup",
        at,
        &WorkingDayCalendar::england_and_wales(),
        &Policy::statutory(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    attachment.0
}

/// A case note on `child`, for a correction to work on.
async fn a_note(db: &Db, child: ChildId) -> u64 {
    let mut tx = db.begin().await.unwrap();
    let e = db
        .append_event(
            &mut tx,
            child,
            When::Date(jiff::civil::date(2025, 3, 3)),
            EventKind::CaseNote {
                text: "A note".into(),
                significant: false,
            },
            "setup",
            "2025-03-03T10:00:00Z".parse().unwrap(),
            &WorkingDayCalendar::england_and_wales(),
            &Policy::statutory(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    e.id.0
}

// Every child route the router has (hearth_web::routes), by every role, on
// a child in scope, out of scope, restricted, and restricted under the
// user's own break-glass: the status, and an audit row for every request.
on_both_databases!(access_matrix, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let now: jiff::Timestamp = "2025-03-03T10:00:00Z".parse().unwrap();
        let services = Services::new(db.clone(), Arc::new(FixedClock(now)));
        // A second restricted child, each user holding break-glass on it.
        let mut tx = db.begin().await.unwrap();
        let broken = db
            .create_child(
                &mut tx,
                &NewChild {
                    date_of_birth: Some(jiff::civil::date(2015, 1, 1)),
                    restricted: Some(Restriction::StaffRelative),
                    ..NewChild::new(LaChildId::parse("C9").unwrap(), "Test", "Child9")
                },
                now,
            )
            .await
            .unwrap();
        for role in Role::ALL {
            let user = db.user_by_username(username(role)).await.unwrap().unwrap();
            db.grant(
                &mut tx,
                broken,
                user,
                "2025-03-03T18:00:00Z".parse().unwrap(),
                true,
                "the access matrix",
                user,
                now,
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();

        let child_routes: Vec<Route> = routes()
            .into_iter()
            .filter(|r| matches!(r.needs, Needs::Child(_)))
            .collect();
        assert!(child_routes.len() >= 14, "{child_routes:?}");
        for role in Role::ALL {
            let cookie = sign_in(&site, role).await;
            let user = db.user_by_username(username(role)).await.unwrap().unwrap();
            let actor = db.actor(user).await.unwrap().unwrap();
            let token = hearth_app::accounts::create_api_token(&services, &actor, "matrix", "r")
                .await
                .unwrap()
                .0;
            let cases = [
                (
                    Case::InScope,
                    site.in_scope
                        .get(&role)
                        .copied()
                        .unwrap_or(site.out_of_scope),
                ),
                (Case::OutOfScope, site.out_of_scope),
                (Case::Restricted, site.restricted),
                (Case::BreakGlass, broken),
            ];
            for (case, child) in cases {
                let case = if role == Role::SystemAdministrator && case == Case::InScope {
                    Case::OutOfScope
                } else {
                    case
                };
                for route in &child_routes {
                    let Needs::Child(action) = route.needs else {
                        continue;
                    };
                    let event = a_note(&db, child).await;
                    let attachment = if route.path.contains("{attachment}") {
                        a_document(&db, child).await
                    } else {
                        0
                    };
                    let req = request_for(route, child, (event, attachment), &cookie, &token);
                    let before = audit_count(&db, child).await;
                    let (status, _, body) = send(&site, req).await;
                    let what = format!("{role:?}, {case:?}: {} {}", route.method, route.path);
                    match expected_for(role, case, action) {
                        Some(refused) => assert_eq!(status, refused, "{what}"),
                        None => {
                            let ok = match (route.method, route.path.starts_with("/api/")) {
                                ("GET", _) => StatusCode::OK,
                                (_, true) => StatusCode::CREATED,
                                (_, false) => StatusCode::SEE_OTHER,
                            };
                            assert_eq!(status, ok, "{what}: {body}");
                        }
                    }
                    assert!(
                        audit_count(&db, child).await > before,
                        "{what} left no audit row"
                    );
                }
            }
        }
    }
});

on_both_databases!(the_access_log_names_people, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let child = site.in_scope[&Role::SocialWorker];
        let sw = sign_in(&site, Role::SocialWorker).await;
        send(&site, get(&format!("/children/{}", child.0), &sw)).await;
        send(&site, get("/my-work", &sw)).await;
        let tm = sign_in(&site, Role::TeamManager).await;
        let (status, _, body) =
            send(&site, get(&format!("/children/{}/access", child.0), &tm)).await;
        assert_eq!(status, StatusCode::OK);
        // Fixture users are named after their roles.
        assert!(
            body.contains("social_worker, social worker, Team A"),
            "{body}"
        );
        assert!(
            body.contains("Opened the record") && body.contains("Saw it on their caseload"),
            "{body}"
        );
        let sw_id = db.user_by_username("social_worker").await.unwrap().unwrap();
        assert!(
            !body.contains(&format!("<td class=\"govuk-table__cell\">{}</td>", sw_id.0)),
            "no user numbers: {body}"
        );
    }
});

// Every other route, by every role and signed out: who it is for decides.
on_both_databases!(every_route_is_for_whom_it_says, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let team_a = db.team_by_name("Team A").await.unwrap().unwrap();
        let services = Services::new(
            db.clone(),
            Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
        );
        let worker = db.user_by_username("elsewhere").await.unwrap().unwrap();
        // A role awaiting approval, asked for by another administrator, so
        // the fixture's may decide it (an empty form decides nothing).
        let _ = second_administrator(&site, &db).await;
        let second = db.user_by_username("second_admin").await.unwrap().unwrap();
        let second = db.actor(second).await.unwrap().unwrap();
        let ctx = hearth_app::Ctx {
            services: &services,
            actor: &second,
            request_id: "matrix",
        };
        let form = hearth_app::admin::UserForm {
            role: "auditor",
            team: &team_b_of(&db).await,
            ..Default::default()
        };
        let approval = hearth_app::admin::change_user(&ctx, worker, &form)
            .await
            .unwrap()
            .unwrap();
        let signed_out = |r: &Route| {
            let path = r
                .path
                .replace("{id}", "1")
                .replace("{action}", "revoke-tokens")
                .replace("{*path}", "hearth.css")
                .replace("{*rest}", "nothing");
            Request::builder()
                .method(r.method)
                .uri(path)
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::empty())
                .unwrap()
        };
        let mut signed_in = HashMap::new();
        for role in Role::ALL {
            let user = db.user_by_username(username(role)).await.unwrap().unwrap();
            let actor = db.actor(user).await.unwrap().unwrap();
            let token = hearth_app::accounts::create_api_token(&services, &actor, "matrix", "r")
                .await
                .unwrap()
                .0;
            signed_in.insert(role, (sign_in(&site, role).await, token));
        }
        for route in routes() {
            if matches!(route.needs, Needs::Child(_)) {
                continue;
            }
            let api = route.path.starts_with("/api/");
            // Signed out: only public routes answer.
            let (status, headers, _) = send(&site, signed_out(&route)).await;
            let what = format!("signed out: {} {}", route.method, route.path);
            match (route.needs, api) {
                (Needs::Public, _) => assert!(
                    status != StatusCode::UNAUTHORIZED
                        && headers
                            .get(header::LOCATION)
                            .is_none_or(|l| l != "/sign-in"),
                    "{what}: {status}"
                ),
                (_, true) => assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}"),
                (_, false) => {
                    assert_eq!(status, StatusCode::SEE_OTHER, "{what}");
                    assert_eq!(headers.get(header::LOCATION).unwrap(), "/sign-in", "{what}");
                }
            }
            for role in Role::ALL {
                // Signing out ends the session: a fresh one for that.
                let (cookie, token) = signed_in[&role].clone();
                let cookie = if route.path == "/sign-out" {
                    sign_in(&site, role).await
                } else {
                    cookie
                };
                let id = match route.needs {
                    Needs::TeamManager => team_a.0,
                    _ if route.path.starts_with("/admin/approvals/") => approval.0,
                    _ => worker.0,
                };
                let path = route
                    .path
                    .replace("{id}", &id.to_string())
                    .replace("{action}", "revoke-tokens")
                    .replace("{*path}", "hearth.css")
                    .replace("{*rest}", "nothing");
                let mut req = Request::builder().method(route.method).uri(&path);
                req = if api {
                    req.header(header::AUTHORIZATION, format!("Bearer {token}"))
                } else {
                    req.header(header::COOKIE, &cookie)
                        .header("sec-fetch-site", "same-origin")
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                };
                // An empty form: the route's own checks answer, after the access decision.
                let (status, headers, _) = send(&site, req.body(Body::empty()).unwrap()).await;
                let what = format!("{role:?}: {} {path}", route.method);
                let refused = match route.needs {
                    Needs::Public | Needs::SignedIn => None,
                    Needs::TeamManager => {
                        (!matches!(role, Role::TeamManager | Role::ServiceManager))
                            .then_some(StatusCode::NOT_FOUND)
                    }
                    Needs::Oversight => (!matches!(
                        role,
                        Role::TeamManager | Role::ServiceManager | Role::Auditor
                    ))
                    .then_some(StatusCode::FORBIDDEN),
                    Needs::Administrator => {
                        (role != Role::SystemAdministrator).then_some(StatusCode::FORBIDDEN)
                    }
                    Needs::Reader => (!role.grants(Action::View)).then_some(StatusCode::FORBIDDEN),
                    Needs::PerformanceAnalyst => {
                        (role != Role::PerformanceAnalyst).then_some(StatusCode::FORBIDDEN)
                    }
                    Needs::Child(_) => unreachable!(),
                };
                match refused {
                    Some(s) => assert_eq!(status, s, "{what}"),
                    None => {
                        assert!(
                            !matches!(status, StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED),
                            "{what}: {status}"
                        );
                        assert!(
                            headers
                                .get(header::LOCATION)
                                .is_none_or(|l| l != "/sign-in")
                                || route.path == "/sign-out",
                            "{what}: sent to sign in"
                        );
                        if route.needs != Needs::Public {
                            assert_ne!(status, StatusCode::NOT_FOUND, "{what}");
                        }
                    }
                }
            }
        }
    }
});

on_both_databases!(the_chronology_shows_the_record_as_corrected, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let cookie = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        for views in ["First+visit", "Second+visit"] {
            let form =
                format!("on=2025-03-03&kind=child_in_need&child_seen=yes&child_views={views}");
            assert_eq!(
                send(
                    &site,
                    post(&format!("/children/{}/visits", child.0), &cookie, &form)
                )
                .await
                .0,
                StatusCode::SEE_OTHER
            );
        }
        let visits: Vec<_> = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .into_iter()
            .filter(|e| matches!(e.event, EventKind::VisitMade { .. }))
            .collect();
        let cal = WorkingDayCalendar::england_and_wales();
        let mut tx = db.begin().await.unwrap();
        let void = EventKind::Voided {
            target: visits[0].id,
            reason: "recorded twice".into(),
        };
        let now: jiff::Timestamp = "2025-03-03T11:00:00Z".parse().unwrap();
        db.append_event(
            &mut tx,
            child,
            When::Date(jiff::civil::date(2025, 3, 3)),
            void,
            "tm",
            now,
            &cal,
            &Policy::statutory(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (_, _, body) = send(
            &site,
            get(
                &format!("/children/{}/chronology?kind=VisitMade", child.0),
                &cookie,
            ),
        )
        .await;
        assert!(body.contains("1 events"), "{body}");
        assert!(!body.contains("First visit") && body.contains("Second visit"));
        assert!(
            !body.contains("Voided"),
            "corrections are not chronology entries"
        );
    }
});

async fn api(
    site: &Site,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_owned())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let (status, _, text) = send(site, req).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

on_both_databases!(the_json_api, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let services = Services::new(
            db.clone(),
            Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
        );
        let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
        let actor = db.actor(sw).await.unwrap().unwrap();
        let token = hearth_app::accounts::create_api_token(&services, &actor, "tests", "r")
            .await
            .unwrap()
            .0;
        let t = Some(token.as_str());

        let (status, spec) = api(&site, "GET", "/api/v1/openapi.json", None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(spec["openapi"], "3.1.0");
        // Every kind of event is described, with its fields and codes.
        let kinds = spec
            .pointer("/components/schemas/NewEvent/properties/event/oneOf")
            .and_then(serde_json::Value::as_array)
            .expect("the kinds of event are described");
        assert_eq!(kinds.len(), hearth_domain::events::EventKind::NAMES.len());
        let visit = kinds
            .iter()
            .find(|k| k["properties"]["type"]["const"] == "VisitMade")
            .unwrap();
        assert_eq!(
            visit["required"],
            serde_json::json!(["type", "visit", "child_seen", "seen_alone"])
        );
        let placed = kinds
            .iter()
            .find(|k| k["properties"]["type"]["const"] == "PlacementChanged")
            .unwrap();
        assert!(
            placed["properties"]["placement"]["properties"]["placement_type"]["enum"]
                .as_array()
                .unwrap()
                .contains(&serde_json::Value::from("U1"))
        );
        let paths: Vec<&str> = spec["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            paths,
            [
                "/caseload",
                "/children/{id}",
                "/children/{id}/events",
                "/children/{id}/obligations"
            ]
        );

        let (status, body) = api(&site, "GET", "/api/v1/caseload", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["request_id"].is_string());
        assert_eq!(
            api(&site, "GET", "/api/v1/caseload", Some("forged"), None)
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
        let (status, caseload) = api(&site, "GET", "/api/v1/caseload", t, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            caseload.as_array().unwrap().len(),
            1,
            "the restricted child, allocated without a grant, is not listed: {caseload}"
        );

        let child = site.in_scope[&Role::SocialWorker].0;
        let (status, c) = api(&site, "GET", &format!("/api/v1/children/{child}"), t, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(c["la_child_id"], "C1");
        assert_eq!(c["allocated_worker"], "social_worker");

        let before = audit_count(&db, site.out_of_scope).await;
        assert_eq!(
            api(
                &site,
                "GET",
                &format!("/api/v1/children/{}", site.out_of_scope.0),
                t,
                None
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            audit_count(&db, site.out_of_scope).await,
            before + 1,
            "the refusal is audited"
        );

        let visit = r#"{"on":"2025-03-03","event":{"type":"VisitMade","visit":"child_in_need","child_seen":true,"seen_alone":false}}"#;
        let (status, event) = api(
            &site,
            "POST",
            &format!("/api/v1/children/{child}/events"),
            t,
            Some(visit),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
        assert_eq!(event["event"]["type"], "VisitMade");
        assert_eq!(event["recorded_by"], sw.0.to_string());
        let (_, events) = api(
            &site,
            "GET",
            &format!("/api/v1/children/{child}/events"),
            t,
            None,
        )
        .await;
        assert_eq!(events.as_array().unwrap().len(), 2);

        let (status, body) = api(
            &site,
            "POST",
            &format!("/api/v1/children/{child}/events"),
            t,
            Some(r#"{"on":"2025-03-03","event":{"type":"Nonsense"}}"#),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["error"].as_str().unwrap().starts_with("body:"),
            "{body}"
        );
        let ended = r#"{"on":"2025-03-03","event":{"type":"ProtectionPlanEnded"}}"#;
        let (status, body) = api(
            &site,
            "POST",
            &format!("/api/v1/children/{child}/events"),
            t,
            Some(ended),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("no open episode of need"),
            "{body}"
        );
        assert_eq!(
            api(
                &site,
                "GET",
                &format!("/api/v1/children/{child}/events"),
                t,
                None
            )
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
            2
        );

        // A contact starts the screening clock, so there is one to read.
        let contact = r#"{"on":"2025-03-03","event":{"type":"ContactReceived","source":"1A"}}"#;
        let (status, _) = api(
            &site,
            "POST",
            &format!("/api/v1/children/{child}/events"),
            t,
            Some(contact),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, clocks) = api(
            &site,
            "GET",
            &format!("/api/v1/children/{child}/obligations"),
            t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // Each clock says in words what is due and what meets it (the
        // child has clocks: the loop is not empty).
        assert!(!clocks.as_array().unwrap().is_empty(), "{clocks}");
        for clock in clocks.as_array().unwrap() {
            assert!(
                clock["what"].is_string() && clock["met_by_recording"].is_string(),
                "{clock}"
            );
        }
        assert_eq!(
            api(&site, "GET", "/api/v1/nothing-here", t, None).await.0,
            StatusCode::NOT_FOUND
        );
    }
});

/// Appends `kind` to `child`'s ledger on `on`, bypassing the use-cases
/// (no access decision, no grant), as set-up.
async fn set_up(db: &Db, child: ChildId, on: jiff::civil::Date, kind: EventKind) {
    let mut tx = db.begin().await.unwrap();
    db.append_event(
        &mut tx,
        child,
        When::Date(on),
        kind,
        "setup",
        "2025-03-03T10:00:00Z".parse().unwrap(),
        &WorkingDayCalendar::england_and_wales(),
        &Policy::statutory(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn looked_after() -> EventKind {
    EventKind::BecameLookedAfter {
        legal_status: hearth_domain::codes::LegalStatus::V2,
        placement: hearth_domain::events::Placement {
            placement_type: hearth_domain::codes::PlacementType::U4,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        },
        category_of_need: hearth_domain::codes::PrimaryNeed::N1,
        uasc: false,
    }
}

/// The rows of `action` written against `child`.
async fn audited_as(db: &Db, child: ChildId, action: &str) -> usize {
    db.audit_for_child(&hearth_store::Authorised::unchecked(child))
        .await
        .unwrap()
        .iter()
        .filter(|r| r.action == action)
        .count()
}

on_both_databases!(the_team_page_and_allocation, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let team_a = db.team_by_name("Team A").await.unwrap().unwrap();
        let page = format!("/teams/{}", team_a.0);
        for role in Role::ALL {
            let cookie = sign_in(&site, role).await;
            let expected = match role {
                Role::TeamManager | Role::ServiceManager => StatusCode::OK,
                _ => StatusCode::NOT_FOUND,
            };
            assert_eq!(
                send(&site, get(&page, &cookie)).await.0,
                expected,
                "{role:?}"
            );
        }
        let cookie = sign_in(&site, Role::TeamManager).await;
        let (_, _, body) = send(&site, get("/my-work", &cookie)).await;
        assert!(
            body.contains(&format!("href=\"/teams/{}\"", team_a.0)),
            "managers see their team"
        );

        // Clocks overdue on the team child and on the restricted child,
        // both social_worker's: looked after since November.
        let november = jiff::civil::date(2024, 11, 1);
        let team_child = site.in_scope[&Role::SocialWorker];
        set_up(&db, team_child, november, looked_after()).await;
        set_up(&db, site.restricted, november, looked_after()).await;
        let viewed_before = audited_as(&db, team_child, "view_team").await;

        let (_, _, body) = send(&site, get(&page, &cookie)).await;
        assert!(body.contains("<h1 class=\"govuk-heading-l\">Team A</h1>"));
        // Their row opens on their overdue child, linked, with its clocks;
        // never the restricted child.
        let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
        let row = body
            .split(&format!("id=\"overdue-{}\"", sw.0))
            .nth(1)
            .expect("the worker's overdue children open from their row")
            .split("</tr>")
            .next()
            .unwrap()
            .to_owned();
        let (details, counts) = row.split_once("</details></td>").unwrap();
        // social_worker carries the team child and the restricted child;
        // the manager holds no grant on the restricted one, so it is not
        // counted, and the overdue count is the clocks listed.
        let overdue = details.matches(": due ").count();
        assert!(overdue > 0, "{details}");
        assert!(
            counts.trim_start().starts_with(&format!(
                "<td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\n      \
                 <td class=\"govuk-table__cell govuk-table__cell--numeric\">\
                 <strong class=\"govuk-tag govuk-tag--red\">{overdue}</strong>"
            )),
            "{row}"
        );
        assert!(
            details.contains(&format!("href=\"/children/{}\"", team_child.0))
                && details.contains("Test Child1")
                && details.contains("First looked-after review: due"),
            "{details}"
        );
        assert!(!body.contains("Test Child4"), "{body}");
        assert!(!body.contains(&format!("/children/{}\"", site.restricted.0)));
        assert_eq!(
            audited_as(&db, team_child, "view_team").await,
            viewed_before + 1,
            "a child named on the team page is audited against that child"
        );
        assert_eq!(
            audited_as(&db, site.restricted, "view_team").await,
            0,
            "nothing shown, nothing audited as shown"
        );
        // Only social workers (or anyone holding children in the team) are
        // listed as workers: not the manager, business support or the
        // administrator, who are in the team too.
        // (The header names whoever is signed in; the page is below it.)
        let shown = body.split("id=\"main-content\"").nth(1).unwrap_or_default();
        for member in ["team_manager", "business_support", "system_administrator"] {
            assert!(
                !shown.contains(&format!(">{member}<")),
                "{member} is not a worker: {body}"
            );
        }

        // Business support is in the team but holds no cases.
        let bs = db
            .user_by_username("business_support")
            .await
            .unwrap()
            .unwrap();
        let (status, _, body) = send(
            &site,
            post(
                &format!("{page}/allocations"),
                &cookie,
                &format!("child=C1&worker={}", bs.0),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("Choose a social worker in a team you manage"),
            "{body}"
        );

        // Reallocate the team child to a second social worker in the team,
        // by its LA child id as typed: small letters, spaces around it.
        let mut tx = db.begin().await.unwrap();
        let second = db
            .create_user(
                &mut tx,
                &NewUser {
                    username: "second_worker",
                    display_name: "Second worker",
                    role: Role::SocialWorker,
                    team: Some(team_a),
                    manager: None,
                    password_hash: None,
                },
                "2025-03-03T10:00:00Z".parse().unwrap(),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (_, _, body) = send(&site, get(&page, &cookie)).await;
        assert!(
            body.contains(&format!(
                "<option value=\"{}\">Second worker</option>",
                second.0
            )),
            "a social worker with no children yet is offered: {body}"
        );
        let form = format!("child=+c1+&worker={}", second.0);
        let (status, headers, _) =
            send(&site, post(&format!("{page}/allocations"), &cookie, &form)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), &page);
        assert_eq!(
            db.summary(&hearth_store::Authorised::unchecked(team_child))
                .await
                .unwrap()
                .unwrap()
                .allocated_worker,
            Some(second.0.to_string())
        );

        // A worker outside the manager's teams is named.
        let elsewhere = db.user_by_username("elsewhere").await.unwrap().unwrap();
        let (status, _, body) = send(
            &site,
            post(
                &format!("{page}/allocations"),
                &cookie,
                &format!("child=C1&worker={}", elsewhere.0),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Choose a social worker in a team you manage"));
        let (status, _, body) = send(
            &site,
            post(&format!("{page}/allocations"), &cookie, "child=&worker="),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("#child") && body.contains("#worker"));

        // An LA child id that names no record, one outside the manager's
        // teams, and a restricted one in their team they hold no grant on
        // are answered alike: the record's existence is not disclosed.
        let refused = async |typed: &str| {
            let form = format!("child={typed}&worker={}", second.0);
            let (status, _, body) =
                send(&site, post(&format!("{page}/allocations"), &cookie, &form)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
            assert!(
                body.contains("There is no child with this LA child id in the teams you manage"),
                "{typed}: {body}"
            );
            // What was typed is kept, and the worker chosen.
            assert!(body.contains(&format!("value=\"{typed}\"")), "{body}");
            assert!(
                body.contains(&format!(
                    "<option value=\"{}\" selected>Second worker</option>",
                    second.0
                )),
                "{body}"
            );
            body.replace(typed, "TYPED")
        };
        let missing = refused("NOPE99").await;
        assert_eq!(
            refused("C3").await,
            missing,
            "out of scope reads as missing"
        );
        assert_eq!(refused("C4").await, missing, "restricted reads as missing");
        assert_eq!(
            db.summary(&hearth_store::Authorised::unchecked(site.out_of_scope))
                .await
                .unwrap()
                .unwrap()
                .allocated_worker,
            Some(elsewhere.0.to_string())
        );

        // Reloading the address a refusal was shown at goes back to the
        // team; for anyone else the team does not exist.
        let (status, headers, _) = send(&site, get(&format!("{page}/allocations"), &cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), &page);

        // A social worker cannot allocate: the team is not theirs to see.
        let sw_cookie = sign_in(&site, Role::SocialWorker).await;
        assert_eq!(
            send(&site, get(&format!("{page}/allocations"), &sw_cookie))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        let back = format!("child=C1&worker={}", sw.0);
        assert_eq!(
            send(
                &site,
                post(&format!("{page}/allocations"), &sw_cookie, &back)
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            db.summary(&hearth_store::Authorised::unchecked(team_child))
                .await
                .unwrap()
                .unwrap()
                .allocated_worker,
            Some(second.0.to_string())
        );
    }
});

on_both_databases!(the_iro_sees_the_children_they_review, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let now: jiff::Timestamp = "2025-03-03T10:00:00Z".parse().unwrap();
        let iro = db.user_by_username("iro").await.unwrap().unwrap();
        let team_a = db.team_by_name("Team A").await.unwrap().unwrap();
        let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
        // Looked after since November with this IRO: its first review is
        // overdue. Two restricted children with this IRO appointed, one
        // with a live grant (as the appointment gives) and one without.
        let mut tx = db.begin().await.unwrap();
        let make = async |tx: &mut hearth_store::Tx, n: u32, restricted| {
            db.create_child(
                tx,
                &NewChild {
                    date_of_birth: Some(jiff::civil::date(2015, 1, 1)),
                    restricted,
                    ..NewChild::new(
                        LaChildId::parse(&format!("C{n}")).unwrap(),
                        "Test",
                        format!("Child{n}"),
                    )
                },
                now,
            )
            .await
            .unwrap()
        };
        let late = make(&mut tx, 10, None).await;
        let granted = make(&mut tx, 11, Some(Restriction::Adoption)).await;
        let hidden = make(&mut tx, 12, Some(Restriction::Adoption)).await;
        db.grant(
            &mut tx,
            granted,
            iro,
            "2025-03-04T10:00:00Z".parse().unwrap(),
            false,
            "appointed",
            iro,
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let november = jiff::civil::date(2024, 11, 1);
        for child in [late, granted, hidden] {
            let on = if child == late {
                november
            } else {
                jiff::civil::date(2025, 3, 3)
            };
            set_up(
                &db,
                child,
                on,
                EventKind::Allocated {
                    worker: sw,
                    team: team_a,
                    reason: None,
                },
            )
            .await;
            set_up(&db, child, on, looked_after()).await;
            set_up(&db, child, on, EventKind::IroAppointed { iro }).await;
        }

        let cookie = sign_in(&site, Role::Iro).await;
        let (status, _, body) = send(&site, get("/my-work", &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        let reviews = body
            .split("id=\"reviews\"")
            .nth(1)
            .expect("an IRO's work starts with the children they review")
            .to_owned();
        assert!(
            reviews.contains("3 children you are the independent reviewing officer for"),
            "{reviews}"
        );
        for child in [site.in_scope[&Role::Iro], late, granted] {
            assert!(
                reviews.contains(&format!("href=\"/children/{}\"", child.0)),
                "{child:?}: {reviews}"
            );
            assert_eq!(audited_as(&db, child, "view_reviews").await, 1, "{child:?}");
        }
        assert!(!reviews.contains("Test Child12"), "{reviews}");
        assert_eq!(
            audited_as(&db, hidden, "view_reviews").await,
            0,
            "nothing shown, nothing audited as shown"
        );
        // The next review, and what is overdue: the late child first, its
        // first review a clock past due.
        let first = reviews.find("Test Child10").unwrap();
        assert!(
            first < reviews.find("Test Child2").unwrap(),
            "the next review first"
        );
        assert!(
            reviews.contains(
                "(First looked-after review) <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>"
            ) && reviews.contains("First looked-after review: due"),
            "{reviews}"
        );
        assert!(
            reviews.contains("31 March 2025 (First looked-after review)"),
            "the child looked after on 3 March: {reviews}"
        );
        // The children are the IRO's to open.
        assert_eq!(
            send(&site, get(&format!("/children/{}", late.0), &cookie))
                .await
                .0,
            StatusCode::OK
        );
        // Nobody else sees an IRO's list.
        let sw_cookie = sign_in(&site, Role::SocialWorker).await;
        let (_, _, body) = send(&site, get("/my-work", &sw_cookie)).await;
        assert!(!body.contains("id=\"reviews\""));
    }
});

on_both_databases!(the_access_log_pages_and_filters, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let child = site.in_scope[&Role::SocialWorker];
        let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
        let bs = db
            .user_by_username("business_support")
            .await
            .unwrap()
            .unwrap();
        let before = audit_count(&db, child).await as i64;
        // 60 rows by the worker opening the record, 10 by business support
        // printing it.
        for i in 0..70 {
            let (actor, action) = if i < 60 {
                (sw, "view_child")
            } else {
                (bs, "print_chronology")
            };
            db.audit_now(&hearth_store::AuditEntry {
                at: "2025-03-02T10:00:00Z".parse().unwrap(),
                actor: Some(actor),
                action,
                outcome: hearth_store::Outcome::Allowed,
                child: Some(child),
                detail: Some("team"),
                request_id: None,
            })
            .await
            .unwrap();
        }
        let tm = sign_in(&site, Role::TeamManager).await;
        let log = format!("/children/{}/access", child.0);
        // The manager's own look is a row too.
        let total = before + 70 + 1;
        let (status, _, body) = send(&site, get(&log, &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains(&format!("Showing 1 to 50 of {total}, newest first")),
            "{body}"
        );
        assert_eq!(body.matches("<tr class=\"govuk-table__row\">").count(), 51);
        assert!(
            body.contains("class=\"govuk-pagination\"")
                && body.contains(&format!("href=\"{log}?page=2\" rel=\"next\""))
                && !body.contains("rel=\"prev\""),
            "{body}"
        );
        assert!(body.contains("Looked at who has looked at this record"));
        // The filter offers the actions in words and the people by name.
        assert!(
            body.contains("<option value=\"print_chronology\">Printed the chronology</option>"),
            "{body}"
        );
        assert!(
            body.contains(&format!(
                "<option value=\"{}\">business_support, business support, Team A</option>",
                bs.0
            )),
            "{body}"
        );

        let (_, _, body) = send(&site, get(&format!("{log}?page=2"), &tm)).await;
        assert!(
            body.contains(&format!("Showing 51 to {} of {}", total + 1, total + 1)),
            "a second look, a second row: {body}"
        );
        assert!(body.contains(&format!("href=\"{log}\" rel=\"prev\"")));
        assert!(body.contains("aria-current=\"page\">2</a>"));
        // A page past the last shows the last; nonsense shows the first.
        let (status, _, body) = send(&site, get(&format!("{log}?page=99"), &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("aria-current=\"page\">2</a>"), "{body}");
        let (status, _, body) = send(&site, get(&format!("{log}?page=x"), &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("aria-current=\"page\">1</a>"), "{body}");

        // By action, and by person: only their rows, the filter kept.
        let (_, _, body) = send(&site, get(&format!("{log}?action=print_chronology"), &tm)).await;
        assert!(body.contains("Showing 1 to 10 of 10"), "{body}");
        assert_eq!(body.matches("Printed the chronology").count(), 10 + 1);
        assert!(!body.contains("class=\"govuk-pagination\""));
        assert!(body.contains("<option value=\"print_chronology\" selected>"));
        let (_, _, body) = send(&site, get(&format!("{log}?who={}", sw.0), &tm)).await;
        assert!(body.contains("Showing 1 to 50 of 60"), "{body}");
        assert!(
            body.contains(&format!(
                "href=\"{log}?who={}&#38;page=2\" rel=\"next\"",
                sw.0
            )),
            "the filter is kept from page to page: {body}"
        );
        let (_, _, body) = send(
            &site,
            get(&format!("{log}?who={}&action=print_chronology", sw.0), &tm),
        )
        .await;
        assert!(body.contains("Nothing matches this filter"), "{body}");

        // Still only for the roles that may see it, filter or not.
        let sw_cookie = sign_in(&site, Role::SocialWorker).await;
        assert_eq!(
            send(&site, get(&format!("{log}?who={}", sw.0), &sw_cookie))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let out = format!("/children/{}/access?page=2", site.out_of_scope.0);
        assert_eq!(send(&site, get(&out, &tm)).await.0, StatusCode::NOT_FOUND);
    }
});

on_both_databases!(search_is_scoped_and_audited_without_the_query, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, Role::SocialWorker).await;
        // Every fixture child is "Test ChildN"; the social worker sees only
        // their own (the restricted one stays hidden).
        let (status, _, body) = send(&site, get("/search?q=child", &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("1 children found"), "{body}");
        assert!(body.contains(&format!(
            "/children/{}",
            site.in_scope[&Role::SocialWorker].0
        )));
        assert!(!body.contains(&format!("/children/{}\"", site.restricted.0)));
        let analyst = sign_in(&site, Role::PerformanceAnalyst).await;
        let (_, _, body) = send(&site, get("/search?q=CHILD", &analyst)).await;
        assert!(
            body.contains("3 children found"),
            "authority-wide, less the restricted: {body}"
        );
        let (_, _, body) = send(&site, get("/search?q=C3", &analyst)).await;
        assert!(
            body.contains("1 children found") && body.contains("Test Child3"),
            "{body}"
        );
        let (_, _, body) = send(&site, get("/search?q=01/01/2015", &analyst)).await;
        assert!(
            body.contains("3 children found"),
            "by date of birth: {body}"
        );
        let (_, _, body) = send(&site, get("/search?q=100%25", &analyst)).await;
        assert!(
            body.contains("0 children found"),
            "a % is matched literally: {body}"
        );
        let (status, _, body) = send(&site, get("/search?q=x", &analyst)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("at least 2 letters"));
        let admin = sign_in(&site, Role::SystemAdministrator).await;
        let (_, _, body) = send(&site, get("/search?q=child", &admin)).await;
        assert!(body.contains("0 children found"));

        let all = db.audit_by_action("search").await.unwrap();
        let searches: Vec<_> = all.iter().filter(|r| r.child.is_none()).collect();
        assert_eq!(searches.len(), 6, "every search is audited");
        // And every child a search showed, against that child.
        assert_eq!(all.len() - searches.len(), 1 + 3 + 1 + 3, "{all:?}");
        assert!(all.iter().all(|r| r.child != Some(site.restricted)));
        assert_eq!(searches[0].detail.as_deref(), Some("0 results"));
        for row in &searches {
            let detail = row.detail.clone().unwrap_or_default().to_lowercase();
            assert!(
                !detail.contains("child") && !detail.contains("c3"),
                "no query text in the audit: {detail}"
            );
        }
    }
});

// The worker's write-up: kept as written and shown safely; actions on the
// owner's work page, only where the owner may open the child; and a
// search of case notes within the searcher's scope, audited.
on_both_databases!(write_ups_actions_and_the_search_of_case_notes, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site_at(&db, "2025-03-31T12:00:00Z").await;
        let sw = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        let users = db.users().await.unwrap();
        let id_of = |name: &str| users.iter().find(|u| u.username == name).unwrap().id;
        let base = format!("/children/{}/record", child.0);
        let record = async |kind: &str, form: &str| {
            send(&site, post(&format!("{base}?kind={kind}"), &sw, form)).await
        };
        let (status, _, body) = record(
            "VisitMade",
            "on=2025-03-04&visit=child_protection&child_seen=yes\
             &seen_and_heard=Kitchen+clean.%0ASaid+%3Cscript%3Ealert(1)%3C%2Fscript%3E+at+school\
             &analysis=Zebrafinch+worries+are+less",
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let events = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        let Some(EventKind::VisitMade { seen_and_heard, .. }) =
            events.last().map(|e| e.event.clone())
        else {
            panic!("no visit")
        };
        assert_eq!(
            seen_and_heard.as_deref(),
            Some("Kitchen clean.\nSaid <script>alert(1)</script> at school"),
            "stored as written"
        );
        for page in ["chronology", "chronology/print"] {
            let (status, _, body) =
                send(&site, get(&format!("/children/{}/{page}", child.0), &sw)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("What was seen and heard:"), "{body}");
            assert!(body.contains("Analysis:</span> Zebrafinch worries are less"));
            assert!(
                body.contains("Kitchen clean.\nSaid &#60;script&#62;alert(1)&#60;/script&#62;"),
                "escaped, line break kept: {body}"
            );
            assert!(!body.contains("<script>alert"));
        }

        // An owner who may not open the child is refused against the field.
        let elsewhere = id_of("elsewhere");
        let (status, _, body) = record(
            "ActionAgreed",
            &format!("on=2025-03-04&what=Ring+the+school&owner={elsewhere}&due=2025-03-20"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("may open this child"), "{body}");
        let me = id_of("social_worker");
        for (what, due) in [
            ("Book+a+review", "2025-04-30"),
            ("Ring+the+school", "2025-03-20"),
        ] {
            let form = format!("on=2025-03-04&what={what}&owner={me}&due={due}");
            assert_eq!(record("ActionAgreed", &form).await.0, StatusCode::SEE_OTHER);
        }
        // On a restricted child the worker cannot open, an action named for
        // them stays off their page.
        set_up(
            &db,
            site.restricted,
            jiff::civil::date(2025, 3, 4),
            EventKind::ActionAgreed {
                what: "Hidden errand".into(),
                owner: me,
                due: jiff::civil::date(2025, 3, 10),
            },
        )
        .await;
        let (status, _, body) = send(&site, get("/my-work", &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Actions you own"), "{body}");
        let ring = body.find("Ring the school").expect("the overdue action");
        let book = body.find("Book a review").expect("the action due later");
        assert!(ring < book, "overdue first");
        assert!(body.contains("Overdue"));
        assert!(!body.contains("Hidden errand"));
        assert_eq!(audited_as(&db, child, "view_actions").await, 1);
        assert_eq!(audited_as(&db, site.restricted, "view_actions").await, 0);
        // Nobody else has them on their page.
        let manager = sign_in(&site, Role::TeamManager).await;
        let (_, _, body) = send(&site, get("/my-work", &manager)).await;
        assert!(!body.contains("Ring the school"));

        // Done: it leaves the page.
        let ring_id = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .last()
            .unwrap()
            .id
            .0;
        let (_, _, form) = send(&site, get(&format!("{base}?kind=ActionDone"), &sw)).await;
        assert!(
            form.contains("Ring the school (agreed 4 March 2025"),
            "{form}"
        );
        assert_eq!(
            record("ActionDone", &format!("on=2025-03-25&action={ring_id}"))
                .await
                .0,
            StatusCode::SEE_OTHER
        );
        let (_, _, body) = send(&site, get("/my-work", &sw)).await;
        assert!(!body.contains("Ring the school") && body.contains("Book a review"));
        // The chronology says which action was done.
        let (_, _, body) = send(
            &site,
            get(&format!("/children/{}/chronology", child.0), &sw),
        )
        .await;
        assert!(
            body.contains("The agreed action is done: Ring the school"),
            "{body}"
        );

        // The search of case notes finds only children the searcher may open.
        set_up(
            &db,
            site.out_of_scope,
            jiff::civil::date(2025, 3, 4),
            EventKind::CaseNote {
                text: "Talked about the zebrafinch".into(),
                significant: false,
            },
        )
        .await;
        set_up(
            &db,
            site.restricted,
            jiff::civil::date(2025, 3, 4),
            EventKind::CaseNote {
                text: "Zebrafinch again".into(),
                significant: false,
            },
        )
        .await;
        let (status, _, body) = send(&site, get("/search?in=notes&q=ZEBRAFINCH", &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("1 children found"), "{body}");
        assert!(body.contains(&format!("/children/{}\"", child.0)));
        let analyst = sign_in(&site, Role::PerformanceAnalyst).await;
        let (_, _, body) = send(&site, get("/search?in=notes&q=zebrafinch", &analyst)).await;
        assert!(body.contains("2 children found"), "{body}");
        assert!(!body.contains(&format!("/children/{}\"", site.restricted.0)));
        // Names are not case notes.
        let (_, _, body) = send(&site, get("/search?in=notes&q=Child1", &analyst)).await;
        assert!(body.contains("0 children found"), "{body}");
        let (status, _, body) = send(&site, get("/search?in=notes&q=ze", &sw)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("at least 3 letters"));

        let all = db.audit_by_action("search_notes").await.unwrap();
        let searches: Vec<_> = all.iter().filter(|r| r.child.is_none()).collect();
        assert_eq!(searches.len(), 3, "every search is audited");
        assert_eq!(all.len() - searches.len(), 1 + 2, "and each child shown");
        assert!(all.iter().all(|r| r.child != Some(site.restricted)));
        for row in &all {
            let detail = row.detail.clone().unwrap_or_default().to_lowercase();
            assert!(!detail.contains("zebra"), "no query text: {detail}");
        }
    }
});

/// What a search wrote to the audit log, newest first, without the row ids
/// and times that necessarily differ between two requests.
async fn search_audit(
    db: &Db,
) -> Vec<(
    Option<UserId>,
    String,
    bool,
    Option<ChildId>,
    Option<String>,
)> {
    db.audit_by_action("search")
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.actor, r.action, r.refused, r.child, r.detail))
        .collect()
}

/// The results region of a whole search page.
fn results_region(page: &str) -> &str {
    let start = page
        .find("<div id=\"search-results\">")
        .expect("a results region")
        + "<div id=\"search-results\">".len();
    let len = page[start..].find("</div>").expect("the region ends");
    page[start..start + len].trim()
}

on_both_databases!(
    search_as_you_type_answers_htmx_with_the_results_alone,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let analyst = sign_in(&site, Role::PerformanceAnalyst).await;
            let htmx = |path: &str, restore: bool| {
                let mut req = get(path, &analyst);
                req.headers_mut()
                    .insert("hx-request", "true".parse().unwrap());
                if restore {
                    req.headers_mut()
                        .insert("hx-history-restore-request", "true".parse().unwrap());
                }
                req
            };
            for (q, status, found) in [
                ("child", StatusCode::OK, Some(3)),
                ("C3", StatusCode::OK, Some(1)),
                ("zzz", StatusCode::OK, Some(0)),
                ("x", StatusCode::UNPROCESSABLE_ENTITY, None),
                ("", StatusCode::OK, None),
            ] {
                let path = format!("/search?q={q}");
                let before = search_audit(&db).await.len();
                let (page_status, page_headers, page) = send(&site, get(&path, &analyst)).await;
                let after_page = search_audit(&db).await;
                let (fragment_status, fragment_headers, fragment) =
                    send(&site, htmx(&path, false)).await;
                let after_fragment = search_audit(&db).await;

                // The same answer, whole or in part.
                assert_eq!(page_status, status, "{q:?}: {page}");
                assert_eq!(fragment_status, status, "{q:?}: {fragment}");
                assert!(page.contains("<html") && page.contains("<form"), "{q:?}");
                assert!(
                    !fragment.contains("<html")
                        && !fragment.contains("<form")
                        && !fragment.contains("search-results"),
                    "{q:?}: the results region alone: {fragment}"
                );
                for headers in [&page_headers, &fragment_headers] {
                    assert_eq!(headers[header::VARY], "HX-Request", "{q:?}");
                    assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{q:?}");
                    assert_eq!(
                        headers[header::CONTENT_SECURITY_POLICY],
                        hearth_web::security::CSP,
                        "{q:?}"
                    );
                }
                // The fragment is the page's results region, after the status
                // message it updates out of band.
                let (status_message, results) = fragment
                    .split_once("</div>")
                    .expect("the status message first");
                assert!(
                    status_message.contains("<div id=\"search-status\" hx-swap-oob=\"innerHTML\">"),
                    "{fragment}"
                );
                match found {
                    Some(n) => {
                        let heading = format!("{n} children found");
                        assert!(results_region(&page).contains(&heading), "{q:?}: {page}");
                        assert!(status_message.contains(&heading), "{fragment}");
                        assert_eq!(results.trim(), results_region(&page), "{q:?}");
                    }
                    None if status == StatusCode::OK => {
                        assert_eq!(results_region(&page), "", "{q:?}");
                        assert_eq!(results.trim(), "", "{q:?}");
                    }
                    None => {
                        assert!(page.contains("at least 2 letters"), "{page}");
                        assert!(results.contains("at least 2 letters"), "{fragment}");
                    }
                }

                // Audited the same way, whichever way it was asked for.
                let by_page = &after_page[..after_page.len() - before];
                let by_fragment = &after_fragment[..after_fragment.len() - after_page.len()];
                assert_eq!(by_page, by_fragment, "{q:?}");
                let expected_rows = found.map_or(0, |n| n + 1);
                assert_eq!(by_page.len(), expected_rows, "{q:?}: {by_page:?}");
            }

            // Restoring history after a cache miss asks for the whole page.
            let (status, _, page) = send(&site, htmx("/search?q=child", true)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(page.contains("<html") && page.contains("3 children found"));
        }
    }
);

on_both_databases!(a_form_for_every_kind_of_event, |db: &Db| {
    let db = db.clone();
    async move {
        // Late March: the events the forms record (into mid-March) have happened.
        let site = site_at(&db, "2025-03-31T12:00:00Z").await;
        let cookie = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        let base = format!("/children/{}/record", child.0);
        let (status, _, body) = send(&site, get(&base, &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("What do you want to record?") && body.contains("?kind=ReturnInterview")
        );
        let (status, _, body) = send(
            &site,
            get(&format!("{base}?kind=AssessmentAuthorised"), &cookie),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("name=\"factors\"") && body.contains("16A:"),
            "codes offered with their meanings"
        );

        // A timed form starts at now in England (12:00 UTC is 13:00 BST):
        // a later time would be refused.
        let (status, _, body) = send(
            &site,
            get(&format!("{base}?kind=MissingEpisodeStarted"), &cookie),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("value=\"13:00\""), "{body}");

        let record = async |kind: &str, form: &str| {
            send(&site, post(&format!("{base}?kind={kind}"), &cookie, form)).await
        };
        assert_eq!(
            record("ReferralAccepted", "on=2025-03-03&source=6").await.0,
            StatusCode::SEE_OTHER
        );
        // Nothing dated after now: the form says why, against the date.
        let (status, _, body) = record("AssessmentStarted", "on=2025-04-01").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("a plan, not a fact"), "{body}");
        assert_eq!(
            record("AssessmentStarted", "on=2025-03-03").await.0,
            StatusCode::SEE_OTHER
        );
        // Repeated keys: several factors.
        let form = "on=2025-03-10&factors=2B&factors=3B&child_seen=yes&outcome=child_in_need_plan&primary_need=N1";
        assert_eq!(
            record("AssessmentAuthorised", form).await.0,
            StatusCode::SEE_OTHER
        );
        let events = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        let Some(EventKind::AssessmentAuthorised { factors, .. }) =
            events.last().map(|e| e.event.clone())
        else {
            panic!("no assessment")
        };
        assert_eq!(
            factors.iter().map(|f| f.as_code()).collect::<Vec<_>>(),
            ["2B", "3B"]
        );

        // Timed to the minute, and references to earlier events.
        assert_eq!(
            record("MissingEpisodeStarted", "on=2025-03-11T21:30&status=M")
                .await
                .0,
            StatusCode::SEE_OTHER
        );
        let missing = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .last()
            .unwrap()
            .id
            .0;
        let (_, _, body) = send(
            &site,
            get(&format!("{base}?kind=MissingEpisodeEnded"), &cookie),
        )
        .await;
        assert!(
            body.contains(&format!("value=\"{missing}\"")),
            "the episode is offered"
        );
        assert_eq!(
            record(
                "MissingEpisodeEnded",
                &format!("on=2025-03-12T01:15&episode={missing}")
            )
            .await
            .0,
            StatusCode::SEE_OTHER
        );

        // Problems are named against their fields, and nothing is written.
        let before = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .len();
        let (status, _, body) = record("ContactReceived", "on=soon").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("href=\"#on\"")
                && body.contains("href=\"#source\"")
                && body.contains("Select the source"),
            "{body}"
        );
        let (status, _, body) = record("MissingEpisodeStarted", "on=2025-03-11&status=M").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Enter the date and time"));
        let (status, _, body) = record("ProtectionPlanEnded", "on=2025-03-12").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("no child protection plan is open"),
            "the fold's problem is shown"
        );
        let (status, _, body) = record(
            "PlacementChanged",
            "on=2025-03-12&placement.placement_type=U1&placement.postcode=nowhere",
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#placement-postcode\""), "{body}");
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );
    }
});

on_both_databases!(amend_and_void_from_the_chronology, |db: &Db| {
    let db = db.clone();
    async move {
        // Late March: the events the forms record (into mid-March) have happened.
        let site = site_at(&db, "2025-03-31T12:00:00Z").await;
        let child = site.in_scope[&Role::SocialWorker];
        let c = child.0;
        let sw = sign_in(&site, Role::SocialWorker).await;
        let tm = sign_in(&site, Role::TeamManager).await;
        let record = async |kind: &str, form: &str| {
            let path = format!("/children/{c}/record?kind={kind}");
            let (status, _, body) = send(&site, post(&path, &sw, form)).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{kind}: {body}");
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .last()
                .unwrap()
                .id
                .0
        };
        let visit = record(
            "VisitMade",
            "on=2025-03-03&visit=child_in_need&child_seen=yes&child_views=Likes+school",
        )
        .await;
        let allocation = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()[0]
            .id
            .0;
        let amend = format!("/children/{c}/events/{visit}/amend");
        let void = format!("/children/{c}/events/{visit}/void");
        let chronology = format!("/children/{c}/chronology");

        // A social worker is offered no corrections, and is refused them.
        let (_, _, body) = send(&site, get(&chronology, &sw)).await;
        assert!(body.contains("Likes school") && !body.contains("/amend"));
        let refusals = db
            .audit_by_action("view_for_correction")
            .await
            .unwrap()
            .len();
        assert_eq!(send(&site, get(&amend, &sw)).await.0, StatusCode::FORBIDDEN);
        let form = "on=2025-03-02&visit=other&reason=Wrong+date";
        assert_eq!(
            send(&site, post(&amend, &sw, form)).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&site, post(&void, &sw, "reason=Duplicate")).await.0,
            StatusCode::FORBIDDEN
        );
        let rows = db.audit_by_action("view_for_correction").await.unwrap();
        assert!(rows.len() >= refusals + 2 && rows[0].refused);
        assert!(db.audit_by_action("record:Voided").await.unwrap()[0].refused);

        // A manager sees links for each event (allocations are not amended
        // here: they are changed by reallocating).
        let (_, _, body) = send(&site, get(&chronology, &tm)).await;
        assert!(body.contains(&format!("href=\"{amend}\"")), "{body}");
        assert!(body.contains(&format!("href=\"{void}\"")));
        assert!(!body.contains(&format!("/events/{allocation}/amend")));
        assert!(body.contains(&format!("/events/{allocation}/void")));

        // The form opens with what the event says now.
        let (status, _, body) = send(&site, get(&amend, &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Amend: Visit") && has_date(&body, "on", 3, 3, 2025));
        assert!(body.contains("<option value=\"child_in_need\" selected>"));
        assert!(body.contains(">Likes school</textarea>"));
        assert!(body.contains(
            "id=\"child_seen\" name=\"child_seen\" type=\"checkbox\" value=\"yes\" checked"
        ));

        // The reason is required; a bad date is named; nothing is written.
        let before = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .len();
        let (status, _, body) = send(
            &site,
            post(
                &amend,
                &tm,
                "on-day=soon&on-month=3&on-year=2025&visit=child_in_need&reason=",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#reason\"") && body.contains("Enter the reason"));
        assert!(
            body.contains("href=\"#on\"")
                && body.contains("The date must be a real date")
                && body
                    .contains("name=\"on-day\" type=\"text\" inputmode=\"numeric\" value=\"soon\"")
        );
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );

        // Amended: a new event naming its target; the chronology shows the
        // record as corrected.
        let form = "on=2025-03-02&visit=child_in_need&child_views=Likes+school&reason=Wrong+date";
        let (status, headers, _) = send(&site, post(&amend, &tm, form)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            &format!("{chronology}?saved=amended")
        );
        let (_, _, body) = send(&site, get(&format!("{chronology}?saved=amended"), &tm)).await;
        assert!(
            body.contains("The event has been amended"),
            "a success banner"
        );
        let events = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        assert_eq!(events.len(), before + 1);
        let Some(EventKind::Amended {
            target,
            reason,
            on,
            event,
        }) = events.last().map(|e| e.event.clone())
        else {
            panic!("no amendment")
        };
        assert_eq!(target.0, visit);
        assert_eq!(reason, "Wrong date");
        assert_eq!(on, Some(When::Date(jiff::civil::date(2025, 3, 2))));
        assert!(matches!(
            *event,
            EventKind::VisitMade {
                child_seen: false,
                ..
            }
        ));
        let (_, _, body) = send(&site, get(&format!("{chronology}?kind=VisitMade"), &tm)).await;
        assert!(
            body.contains("2 March 2025")
                && !body.contains("3 March 2025</td>")
                && body.contains("Child not seen. The child&#39;s views: Likes school (amended)"),
            "{body}"
        );
        let (_, _, body) = send(&site, get(&amend, &tm)).await;
        assert!(
            has_date(&body, "on", 2, 3, 2025),
            "the form opens with the amended values"
        );
        assert!(!db.audit_by_action("record:Amended").await.unwrap()[0].refused);

        // Values the fold refuses are shown, named, and nothing is written.
        let referral = record("ReferralAccepted", "on=2025-03-03&source=6").await;
        record("AssessmentStarted", "on=2025-03-04").await;
        let amend_referral = format!("/children/{c}/events/{referral}/amend");
        let before = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .len();
        let (status, _, body) = send(
            &site,
            post(&amend_referral, &tm, "on=2025-03-05&source=6&reason=Typo"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("href=\"#on\"") && body.contains("no open episode of need"),
            "{body}"
        );
        let (status, _, body) = send(
            &site,
            post(&amend_referral, &tm, "on=2025-03-03&source=ZZ&reason=Typo"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#source\""), "{body}");
        let (status, _, body) = send(
            &site,
            post(
                &format!("/children/{c}/events/{referral}/void"),
                &tm,
                "reason=Wrong+child",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("no open episode of need"), "{body}");
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );

        // Voiding asks for a reason, then leaves the event out.
        let (status, _, body) = send(&site, get(&void, &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Void this event?") && body.contains("Likes school"));
        let (status, _, body) = send(&site, post(&void, &tm, "reason=+")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#reason\""));
        let (status, _, _) = send(&site, post(&void, &tm, "reason=Duplicate")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(matches!(
            db.events(&hearth_store::Authorised::unchecked(child)).await.unwrap().last().map(|e| &e.event),
            Some(EventKind::Voided { target, .. }) if target.0 == visit
        ));
        let (_, _, body) = send(&site, get(&chronology, &tm)).await;
        assert!(!body.contains("Likes school"), "voided events are left out");
        // A voided event is no longer on the record to correct.
        assert_eq!(send(&site, get(&amend, &tm)).await.0, StatusCode::NOT_FOUND);
        assert_eq!(send(&site, get(&void, &tm)).await.0, StatusCode::NOT_FOUND);

        // Out of scope answers 404, as everywhere.
        let other = format!("/children/{}/events/1/amend", site.out_of_scope.0);
        assert_eq!(send(&site, get(&other, &tm)).await.0, StatusCode::NOT_FOUND);
    }
});

on_both_databases!(the_chronology_prints, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let child = site.in_scope[&Role::TeamManager];
        let c = child.0;
        let tm = sign_in(&site, Role::TeamManager).await;
        let visit = "on=2025-03-03&visit=other&child_views=Wants+a+bike";
        let path = format!("/children/{c}/record?kind=VisitMade");
        assert_eq!(
            send(&site, post(&path, &tm, visit)).await.0,
            StatusCode::SEE_OTHER
        );

        // The chronology links to its print view, with the same filter, and
        // carries a heading for paper that the screen does not show.
        let (_, _, body) = send(
            &site,
            get(&format!("/children/{c}/chronology?kind=VisitMade"), &tm),
        )
        .await;
        assert!(
            body.contains(&format!(
                "href=\"/children/{c}/chronology/print?kind=VisitMade\""
            )),
            "{body}"
        );
        assert!(body.contains("hearth-print-heading hearth-print-only"));
        assert!(body.contains("LA child id: C1"));

        let print = format!("/children/{c}/chronology/print?kind=VisitMade");
        let (status, headers, body) = send(&site, get(&print, &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert!(body.contains("<h1 class=\"govuk-heading-l\">Chronology: Test Child1</h1>"));
        assert!(body.contains("LA child id: C1"));
        assert!(body.contains("Printed on 3 March 2025 at 10:00. Visit only."));
        assert!(body.contains("Wants a bike") && body.contains("1 events"));
        assert!(
            !body.contains("<form method=\"get\"") && !body.contains("/amend"),
            "no filters and no corrections on paper"
        );
        assert!(body.contains(&format!("href=\"/children/{c}/chronology?kind=VisitMade\"")));
        assert!(
            body.contains("data-hearth-print hidden"),
            "a button for JS only"
        );
        let (_, _, body) = send(&site, get(&format!("/children/{c}/chronology/print"), &tm)).await;
        assert!(body.contains("All events") && body.contains("Allocated"));

        // Printing is audited as its own action; out of scope is 404.
        let printed = db.audit_by_action("print_chronology").await.unwrap();
        assert_eq!(printed.len(), 2);
        assert!(printed.iter().all(|r| !r.refused && r.child == Some(child)));
        let other = format!("/children/{}/chronology/print", site.out_of_scope.0);
        assert_eq!(send(&site, get(&other, &tm)).await.0, StatusCode::NOT_FOUND);
        assert!(db.audit_by_action("print_chronology").await.unwrap()[0].refused);

        // The print rules are in the stylesheet the pages load (no inline
        // style under the CSP).
        let (status, _, css) = send(
            &site,
            Request::get("/assets/hearth.css")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let print_rules = css.split("@media print").nth(1).unwrap_or_default();
        for rule in [
            ".govuk-header",
            ".govuk-service-navigation",
            "form",
            "size: A4",
        ] {
            assert!(print_rules.contains(rule), "{rule} in the print rules");
        }
    }
});

on_both_databases!(break_glass_and_its_report, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let restricted = format!("/children/{}", site.restricted.0);
        let sw = sign_in(&site, Role::SocialWorker).await;
        assert_eq!(
            send(&site, get(&restricted, &sw)).await.0,
            StatusCode::NOT_FOUND
        );
        let (_, _, body) = send(&site, get("/search?q=zzz", &sw)).await;
        assert!(
            body.contains("href=\"/break-glass\""),
            "offered from search"
        );
        let (status, _, body) = send(&site, get("/break-glass", &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("name=\"reason\"") && body.contains("<option value=\"60\" selected>")
        );

        // The hint shows an id like those the system holds.
        assert!(
            body.contains("For example, SC0000123") && !body.contains("DEMO"),
            "{body}"
        );

        // A reason is required, and the id must name a record.
        let ask = async |form: &str| send(&site, post("/break-glass", &sw, form)).await;
        // Every problem with the form is reported at once.
        for form in [
            "child=&reason=&minutes=",
            "child=+&reason=urgent&minutes=600",
        ] {
            let (status, _, body) = ask(form).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            for field in ["#child", "#reason", "#minutes"] {
                assert!(
                    body.contains(&format!("href=\"{field}\"")),
                    "{form}: {field}: {body}"
                );
            }
        }
        let (status, _, body) = ask("child=C4&reason=urgent&minutes=60").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#reason\"") && body.contains("at least 10 characters"));
        assert!(body.contains("value=\"C4\""), "what was typed is kept");
        let (status, _, body) = ask("child=C4&reason=Police+request+at+strategy&minutes=600").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#minutes\""));
        let refused = db.audit_by_action("break_glass").await.unwrap().len();
        let (status, _, body) =
            ask("child=NOPE99&reason=Police+request+at+strategy&minutes=60").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("href=\"#child\"") && body.contains("no record with this LA child id")
        );
        let rows = db.audit_by_action("break_glass").await.unwrap();
        assert_eq!(rows.len(), refused + 1);
        assert!(rows[0].refused && rows[0].child.is_none());
        assert!(
            !rows[0]
                .detail
                .clone()
                .unwrap_or_default()
                .contains("NOPE99"),
            "the id typed is not kept"
        );

        // Granted: the record opens, for this user only, with a warning.
        // The id is taken in any case, spaces around it.
        let (status, headers, _) =
            ask("child=+c4+&reason=Police+request+at+strategy&minutes=60").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), &restricted);
        let (status, _, body) = send(&site, get(&restricted, &sw)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("through break-glass access"));
        let bs = sign_in(&site, Role::BusinessSupport).await;
        assert_eq!(
            send(&site, get(&restricted, &bs)).await.0,
            StatusCode::NOT_FOUND
        );
        let admin = sign_in(&site, Role::SystemAdministrator).await;
        let form = "child=C4&reason=Police+request+at+strategy&minutes=60";
        assert_eq!(
            send(&site, post("/break-glass", &admin, form)).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            db.break_glass_report(jiff::Timestamp::UNIX_EPOCH)
                .await
                .unwrap()
                .len(),
            1
        );

        // The report: managers and auditors only, audited either way.
        assert_eq!(
            send(&site, get("/break-glass/report", &sw)).await.0,
            StatusCode::FORBIDDEN
        );
        let tm = sign_in(&site, Role::TeamManager).await;
        let (_, _, body) = send(&site, get("/my-work", &tm)).await;
        assert!(body.contains("href=\"/break-glass/report\""));
        let (status, _, body) = send(&site, get("/break-glass/report", &tm)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("1 break-glass grants since 1 February 2025")
                && body.contains("<td class=\"govuk-table__cell\">social_worker</td>")
                && body.contains("<td class=\"govuk-table__cell\">C4</td>")
                && body.contains("Police request at strategy")
                && body.contains("3 March 2025 at 11:00"),
            "{body}"
        );
        let auditor = sign_in(&site, Role::Auditor).await;
        let (_, _, body) = send(&site, get("/break-glass/report?since=2025-03-04", &auditor)).await;
        assert!(body.contains("0 break-glass grants since 4 March 2025"));
        // GOV.UK's date boxes, as the form sends them.
        let (status, _, body) = send(
            &site,
            get(
                "/break-glass/report?since-day=1&since-month=2&since-year=2025",
                &auditor,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("1 break-glass grants since 1 February 2025"));
        let (status, _, body) = send(&site, get("/break-glass/report?since=soon", &auditor)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#since\""));
        let (status, _, body) = send(
            &site,
            get(
                "/break-glass/report?since-day=30&since-month=2&since-year=2025",
                &auditor,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("Granted on or after must be a real date")
                && body.contains("value=\"30\""),
            "{body}"
        );
        let views = db.audit_by_action("view_break_glass_report").await.unwrap();
        assert_eq!(views.len(), 6);
        assert_eq!(views.iter().filter(|r| r.refused).count(), 1);
    }
});

on_both_databases!(administration_of_users_and_teams, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        // Only the system administrator; every other role is refused, audited.
        for role in Role::ALL {
            if role == Role::SystemAdministrator {
                continue;
            }
            let cookie = sign_in(&site, role).await;
            for path in [
                "/admin",
                "/admin/users/new",
                "/admin/teams/new",
                "/admin/users/1",
            ] {
                assert_eq!(
                    send(&site, get(path, &cookie)).await.0,
                    StatusCode::FORBIDDEN,
                    "{role:?} {path}"
                );
            }
            let form = "username=sneaky&display_name=S&role=system_administrator";
            assert_eq!(
                send(&site, post("/admin/users/new", &cookie, form)).await.0,
                StatusCode::FORBIDDEN
            );
        }
        assert!(db.user_by_username("sneaky").await.unwrap().is_none());
        let refused = db.audit_by_action("view_admin").await.unwrap();
        assert_eq!(refused.len(), 7 * 4);
        assert!(refused.iter().all(|r| r.refused));
        assert!(db.audit_by_action("admin:add_user").await.unwrap()[0].refused);

        let admin = sign_in(&site, Role::SystemAdministrator).await;
        let (_, _, body) = send(&site, get("/my-work", &admin)).await;
        assert!(body.contains("href=\"/admin\""));
        let (status, _, body) = send(&site, get("/admin", &admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<td class=\"govuk-table__cell\">Team A</td>"));
        assert!(body.contains("<td class=\"govuk-table__cell\">IRO / conference chair</td>"));

        // A team: named and of a kind; names are unique.
        let (status, _, body) =
            send(&site, post("/admin/teams/new", &admin, "name=Team+A&kind=")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("href=\"#name\"") && body.contains("already a team with this name"));
        assert!(body.contains("href=\"#kind\""));
        let (status, headers, _) = send(
            &site,
            post(
                "/admin/teams/new",
                &admin,
                "name=Leaving+care+1&kind=leaving_care",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/admin");
        let team = db.team_by_name("Leaving care 1").await.unwrap().unwrap();

        // A user: every problem at once, then added with a password shown once.
        let (status, _, body) = send(
            &site,
            post(
                "/admin/users/new",
                &admin,
                "username=has+space&display_name=&role=chef&team=999",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["#username", "#display_name", "#role", "#team"] {
            assert!(
                body.contains(&format!("href=\"{field}\"")),
                "{field}: {body}"
            );
        }
        let (status, _, body) = send(
            &site,
            post(
                "/admin/users/new",
                &admin,
                "username=social_worker&display_name=X&role=iro",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("This username is taken"));
        let tm = db.user_by_username("team_manager").await.unwrap().unwrap();
        let form = format!(
            "username=pa1&display_name=Pat+Adviser&role=social_worker&team={}&manager={}",
            team.0, tm.0
        );
        let (status, headers, body) = send(&site, post("/admin/users/new", &admin, &form)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        let password = body
            .split("<code id=\"password\">")
            .nth(1)
            .and_then(|s| s.split("</code>").next())
            .unwrap()
            .to_owned();
        assert_eq!(password.chars().count(), 20);
        let pa = db.user_by_username("pa1").await.unwrap().unwrap();
        let row = db.user(pa).await.unwrap().unwrap();
        assert_eq!(
            (row.display_name.as_str(), row.role, row.team, row.manager),
            ("Pat Adviser", Role::SocialWorker, Some(team), Some(tm))
        );
        // A social worker reads children: they wait for a second administrator.
        let approval = body
            .split("href=\"/admin/approvals/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        assert!(body.contains("second administrator"), "{body}");
        assert_eq!(
            sign_in_with(&site, "pa1", &password).await.0,
            StatusCode::UNAUTHORIZED,
            "not before approval"
        );
        let (_, _, listed) = send(&site, get("/admin", &admin)).await;
        assert!(
            listed.contains("Awaiting approval")
                && listed.contains(&format!("/admin/approvals/{approval}"))
        );
        let second = second_administrator(&site, &db).await;
        let approve = format!("/admin/approvals/{approval}");
        let (status, headers, _) = send(&site, post(&approve, &second, "decision=approve")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), approve.as_str());
        // The password works, and is nowhere in the audit log.
        let req = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("username=pa1&password={password}")))
            .unwrap();
        assert_eq!(send(&site, req).await.0, StatusCode::SEE_OTHER);
        let added = db.audit_by_action("admin:add_user").await.unwrap();
        assert_eq!(
            added[0].detail.as_deref(),
            Some(
                format!(
                    "user {} as social_worker, awaiting approval {approval}",
                    pa.0
                )
                .as_str()
            )
        );

        // Change a role and team: the form opens with what is set now.
        let edit = format!("/admin/users/{}", pa.0);
        let (status, _, body) = send(&site, get(&edit, &admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Change Pat Adviser"));
        assert!(body.contains("<option value=\"social_worker\" selected>"));
        assert!(body.contains(&format!(
            "<option value=\"{}\" selected>Leaving care 1",
            team.0
        )));
        let team_a = db.team_by_name("Team A").await.unwrap().unwrap();
        let (status, _, body) = send(
            &site,
            post(
                &edit,
                &admin,
                &format!("role=team_manager&team={}&manager={}", team_a.0, pa.0),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("cannot be their own manager"));
        let (status, headers, _) = send(
            &site,
            post(
                &edit,
                &admin,
                &format!("role=team_manager&team={}&manager=", team_a.0),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The team and manager change at once; the role waits.
        let waiting = headers
            .get(header::LOCATION)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(waiting.starts_with("/admin/approvals/"), "{waiting}");
        let row = db.user(pa).await.unwrap().unwrap();
        assert_eq!(
            (row.role, row.team, row.manager),
            (Role::SocialWorker, Some(team_a), None)
        );
        let changes = db.audit_by_action("admin:change_user").await.unwrap();
        assert!(
            changes[0]
                .detail
                .as_deref()
                .unwrap()
                .contains("role social_worker (was social_worker)")
        );
        assert!(
            changes[0]
                .detail
                .as_deref()
                .unwrap()
                .contains("role team_manager awaiting approval")
        );
        let (status, _, _) = send(&site, post(&waiting, &second, "decision=approve")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(db.user(pa).await.unwrap().unwrap().role, Role::TeamManager);
        // As a team manager of Team A now, they see its page.
        let req = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("username=pa1&password={password}")))
            .unwrap();
        let (_, headers, _) = send(&site, req).await;
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        // (Once they have chosen a password of their own.)
        let form = format!(
            "current_password={password}&new_password=a+password+of+their+own&confirm_password=a+password+of+their+own"
        );
        let (status, _, _) = send(&site, post("/change-password", &cookie, &form)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            send(&site, get(&format!("/teams/{}", team_a.0), &cookie))
                .await
                .0,
            StatusCode::OK
        );

        // Administrators keep their own role; no such user is 404.
        let me = db
            .user_by_username("system_administrator")
            .await
            .unwrap()
            .unwrap();
        let (status, _, body) = send(
            &site,
            post(&format!("/admin/users/{}", me.0), &admin, "role=auditor"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("You cannot change your own role"));
        assert_eq!(
            send(&site, get("/admin/users/9999", &admin)).await.0,
            StatusCode::NOT_FOUND
        );
    }
});

fn upload(path: &str, cookie: &str, file: &str) -> Request<Body> {
    let body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank-holidays.json\"\r\n\
         Content-Type: application/json\r\n\r\n{file}\r\n--b0undary--\r\n"
    );
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=b0undary",
        )
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

on_both_databases!(bank_holidays_and_the_timescale_policy, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let newer = r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year's Day","date":"2028-01-03"},
            {"title":"New Year's Day","date":"2029-01-01"},
            {"title":"Christmas Day","date":"2029-12-25"}]}}"#;
        let tm = sign_in(&site, Role::TeamManager).await;
        for path in ["/admin/bank-holidays", "/admin/timescales"] {
            assert_eq!(send(&site, get(path, &tm)).await.0, StatusCode::FORBIDDEN);
        }
        assert_eq!(
            send(&site, upload("/admin/bank-holidays", &tm, newer))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert!(db.bank_holiday_lists().await.unwrap().is_empty());

        let admin = sign_in(&site, Role::SystemAdministrator).await;
        let (status, _, body) = send(&site, get("/admin/bank-holidays", &admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("<strong>1 January 2012</strong> to <strong>31 December 2028</strong>")
        );
        assert!(
            body.contains("<li>Friday 18 April 2025</li>"),
            "Good Friday is next"
        );
        assert!(body.contains("enctype=\"multipart/form-data\""));

        // Refused: not JSON; an incomplete list; a gap; no file.
        let gap = r#"{"england-and-wales":{"events":[{"title":"x","date":"2031-01-01"}]}}"#;
        let holed = r#"{"england-and-wales":{"events":[{"title":"x","date":"2029-01-01"},{"title":"y","date":"2031-01-01"}]}}"#;
        for (file, says) in [
            ("not json", "Bank-holiday file"),
            (holed, "no bank holidays in 2030"),
            (gap, "leaves a gap"),
            ("", "Choose the bank-holidays.json file"),
        ] {
            let (status, _, body) = send(&site, upload("/admin/bank-holidays", &admin, file)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
            assert!(
                body.contains("href=\"#file\"") && body.contains(says),
                "{says}: {body}"
            );
        }
        assert!(db.bank_holiday_lists().await.unwrap().is_empty());

        // Imported: kept with its hash, in force at once, and after a restart.
        let (status, headers, _) = send(&site, upload("/admin/bank-holidays", &admin, newer)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            "/admin/bank-holidays?imported=yes"
        );
        let (_, _, body) = send(&site, get("/admin/bank-holidays?imported=yes", &admin)).await;
        assert!(
            body.contains("<strong>1 January 2012</strong> to <strong>31 December 2029</strong>"),
            "{body}"
        );
        // Who imported it, by name and role, not by number.
        let importer = format!(
            "<td class=\"govuk-table__cell\">system_administrator, {}",
            Role::SystemAdministrator.label()
        );
        assert!(body.contains(&importer), "{body}");
        assert!(body.contains("The list is imported"));
        let lists = db.bank_holiday_lists().await.unwrap();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].sha256.len(), 64);
        assert!(body.contains(&lists[0].sha256));
        let restarted = Services::new(
            db.clone(),
            Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
        );
        let cal = restarted.calendar().await.unwrap();
        assert_eq!(cal.last(), jiff::civil::date(2029, 12, 31));
        assert_eq!(
            cal.is_working_day(jiff::civil::date(2028, 12, 25)),
            Ok(true)
        );
        assert_eq!(
            cal.is_working_day(jiff::civil::date(2020, 12, 25)),
            Ok(false)
        );
        let audit = db
            .audit_by_action("admin:import_bank_holidays")
            .await
            .unwrap();
        assert!(
            audit[0]
                .detail
                .as_deref()
                .unwrap()
                .contains("2028-01-01 to 2029-12-31")
        );
        assert!(audit.iter().skip(1).all(|r| r.refused), "the manager's try");

        // The timescale policy: shown, and a pasted policy checked.
        let (status, _, body) = send(&site, get("/admin/timescales", &admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<code>cp_visit</code>") && body.contains("Local procedures"));
        assert!(
            body.contains("<title>Timescale policy – Hearth</title>"),
            "the page's title is its name alone"
        );
        let (status, _, body) = send(
            &site,
            post(
                "/admin/timescales",
                &admin,
                "policy=%5Btimescales%5D%0Aicpc+%3D+%2230+working+days%22",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("href=\"#policy\"") && body.contains("looser than the statutory"),
            "{body}"
        );
        let (status, _, body) = send(
            &site,
            post(
                "/admin/timescales",
                &admin,
                "policy=%5Btimescales%5D%0Acp_visit+%3D+%225+working+days%22",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("The policy is valid. It changes 1 of the statutory defaults."));
        assert!(
            body.contains(
                "<code>cp_visit</code>: 5 working days (statutory default 10 working days)"
            ),
            "{body}"
        );
        assert!(
            db.timescale_policies().await.unwrap().is_empty(),
            "checking saves nothing"
        );

        // Saved: a looser policy is refused; a stricter one is put in force.
        let looser = "action=save&policy=%5Btimescales%5D%0Aicpc+%3D+%2230+working+days%22";
        let (status, _, _) = send(&site, post("/admin/timescales", &admin, looser)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(db.timescale_policies().await.unwrap().is_empty());
        let stricter = "action=save&policy=%5Btimescales%5D%0Acp_visit+%3D+%225+working+days%22";
        let (status, headers, _) = send(&site, post("/admin/timescales", &admin, stricter)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            "/admin/timescales?saved=yes"
        );
        let (_, _, body) = send(&site, get("/admin/timescales?saved=yes", &admin)).await;
        assert!(body.contains("The policy is saved and in force"));
        assert!(
            body.contains("<td class=\"govuk-table__cell\"><code>cp_visit</code></td>\n      <td class=\"govuk-table__cell\">Local procedures</td>\n      <td class=\"govuk-table__cell\">10 working days</td>\n      <td class=\"govuk-table__cell\">5 working days</td>"),
            "{body}"
        );
        assert_eq!(db.timescale_policies().await.unwrap().len(), 1);
        assert!(
            db.audit_by_action("admin:save_policy").await.unwrap()[0]
                .detail
                .as_deref()
                .unwrap()
                .starts_with("policy ")
        );
        let policy = restarted.policy().await.unwrap();
        assert_eq!(
            policy
                .length(hearth_domain::timescales::Item::CpVisit)
                .to_string(),
            "5 working days",
            "read from the store after a restart"
        );

        // Events recorded from now on are judged by it: a child protection
        // plan from Monday 3 March has its first visit due 5 working days on.
        let sw = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        for (kind, form) in [
            ("ReferralAccepted", "source=6"),
            ("AssessmentStarted", ""),
            ("Section47Started", ""),
            ("InitialConferenceHeld", "plan=yes"),
            ("ProtectionPlanStarted", "category=NEG"),
        ] {
            let path = format!("/children/{}/record?kind={kind}", child.0);
            let (status, _, body) =
                send(&site, post(&path, &sw, &format!("on=2025-03-03&{form}"))).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{kind}: {body}");
        }
        let clocks = db
            .obligations_for(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        let visit = clocks.iter().find(|o| o.rule == "cp_visit").unwrap();
        assert_eq!(visit.due_date, Some(jiff::civil::date(2025, 3, 10)));
    }
});

on_both_databases!(relationships_through_the_api_and_the_pages, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let services = Services::new(
            db.clone(),
            Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
        );
        let token_for = async |name: &str| {
            let id = db.user_by_username(name).await.unwrap().unwrap();
            let actor = db.actor(id).await.unwrap().unwrap();
            hearth_app::accounts::create_api_token(&services, &actor, "tests", "r")
                .await
                .unwrap()
                .0
        };
        let child = site.in_scope[&Role::SocialWorker];
        let events = format!("/api/v1/children/{}/events", child.0);
        let elsewhere = db.user_by_username("elsewhere").await.unwrap().unwrap();
        let team_b = db.team_by_name("Team B").await.unwrap().unwrap();
        let outsider = {
            let actor = db.actor(elsewhere).await.unwrap().unwrap();
            hearth_app::accounts::create_api_token(&services, &actor, "tests", "r")
                .await
                .unwrap()
                .0
        };
        let child_path = format!("/api/v1/children/{}", child.0);
        assert_eq!(
            api(&site, "GET", &child_path, Some(&outsider), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        // The allocated worker names an outsider as the IRO: refused.
        let sw = token_for("social_worker").await;
        let body = format!(
            r#"{{"on": "2025-03-03", "event": {{"type": "IroAppointed", "iro": "{}"}}}}"#,
            elsewhere.0
        );
        let (status, _) = api(&site, "POST", &events, Some(&sw), Some(&body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A manager moves the child to another team's worker: refused, as
        // the team page would refuse it, and the child stays in scope.
        let tm = token_for("team_manager").await;
        let body = format!(
            r#"{{"on": "2025-03-03", "event": {{"type": "Allocated", "worker": "{}", "team": "{}"}}}}"#,
            elsewhere.0, team_b.0
        );
        let (status, error) = api(&site, "POST", &events, Some(&tm), Some(&body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error["error"],
            "worker: choose a social worker in a team you manage"
        );
        assert_eq!(
            api(&site, "GET", &child_path, Some(&outsider), None)
                .await
                .0,
            StatusCode::NOT_FOUND,
            "nothing recorded gave the outsider access"
        );
        assert_eq!(
            api(&site, "GET", &child_path, Some(&tm), None).await.0,
            StatusCode::OK
        );
        // Through the record form, an IRO who is not one.
        let cookie = sign_in(&site, Role::TeamManager).await;
        let (status, _, body) = send(
            &site,
            post(
                &format!("/children/{}/record?kind=IroAppointed", child.0),
                &cookie,
                &format!("on=2025-03-03&iro={}", elsewhere.0),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains("href=\"#iro\"") && body.contains("Choose a user with the IRO role"),
            "put against the field: {body}"
        );
        assert_eq!(
            api(&site, "GET", &child_path, Some(&outsider), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        // An address whose id is not a number names no record.
        for path in ["/children/abc", "/children/1x/chronology", "/teams/x"] {
            let (status, _, body) = send(&site, get(path, &cookie)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(body.contains("Page not found"), "{path}: {body}");
        }
        let (status, error) = api(&site, "GET", "/api/v1/children/abc", Some(&tm), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(error["error"], "not found");
        // API errors speak of the body, not of the server's types.
        let (status, error) = api(&site, "POST", &events, Some(&tm), Some("[1]")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            !error["error"].as_str().unwrap().contains("NewEvent"),
            "{error}"
        );
    }
});

on_both_databases!(cross_site_requests_and_transport_security, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let cookie = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        let before = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap()
            .len();
        let visit = |headers: &[(header::HeaderName, &str)]| {
            let mut req = Request::post(format!("/children/{}/visits", child.0))
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "hearth.example");
            for (name, value) in headers {
                req = req.header(name, *value);
            }
            req.body(Body::from("on=2025-03-03&kind=other")).unwrap()
        };
        // The Origin's scheme counts: plain HTTP to an HTTPS site is not it.
        let (status, _, _) = send(&site, visit(&[(header::ORIGIN, "http://hearth.example")])).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // With no Origin, a Referer from another site is refused.
        let (status, _, _) = send(
            &site,
            visit(&[(header::REFERER, "https://evil.example/page")]),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .len(),
            before
        );
        // This site's own Referer passes the check (the form then speaks
        // for itself).
        let (status, _, _) = send(
            &site,
            visit(&[(header::REFERER, "https://hearth.example/children/1")]),
        )
        .await;
        assert_ne!(status, StatusCode::FORBIDDEN);

        let (_, headers, _) = send(&site, get("/my-work", &cookie)).await;
        assert_eq!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap(),
            "max-age=31536000; includeSubDomains"
        );
    }
});

/// Team B's id, as a form gives it.
async fn team_b_of(db: &Db) -> String {
    db.team_by_name("Team B")
        .await
        .unwrap()
        .unwrap()
        .0
        .to_string()
}

/// A second system administrator, signed in: the session cookie.
async fn second_administrator(site: &Site, db: &Db) -> String {
    let hash = hearth_app::accounts::hash_password(PASSWORD).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let second = NewUser {
        username: "second_admin",
        display_name: "Second Admin",
        role: Role::SystemAdministrator,
        team: None,
        manager: None,
        password_hash: Some(&hash),
    };
    db.create_user(&mut tx, &second, "2025-03-01T09:00:00Z".parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (status, cookie) = sign_in_with(site, "second_admin", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    cookie.unwrap()
}

/// Signs in with a username and password: the status and any cookie.
async fn sign_in_with(site: &Site, username: &str, password: &str) -> (StatusCode, Option<String>) {
    let body = serde_urlencoded_form(&[("username", username), ("password", password)]);
    let req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, _) = send(site, req).await;
    let cookie = headers
        .get(header::SET_COOKIE)
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned());
    (status, cookie)
}

/// A form body; passwords made up by Hearth need no escaping, but spaces do.
fn serde_urlencoded_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace('%', "%25").replace('&', "%26").replace(' ', "+")
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn bearer_get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

/// A live session and API token of the social worker.
async fn session_and_token(site: &Site, db: &Db) -> (String, String, UserId) {
    let cookie = sign_in(site, Role::SocialWorker).await;
    let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
    let services = Services::new(
        db.clone(),
        Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
    );
    let actor = db.actor(sw).await.unwrap().unwrap();
    let token = hearth_app::accounts::create_api_token(&services, &actor, "robot", "r")
        .await
        .unwrap()
        .0;
    assert_eq!(send(site, get("/my-work", &cookie)).await.0, StatusCode::OK);
    assert_eq!(
        send(site, bearer_get("/api/v1/caseload", &token)).await.0,
        StatusCode::OK
    );
    (cookie, token, sw)
}

on_both_databases!(
    deactivating_a_leaver_stops_their_session_and_token_at_once,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let (cookie, token, sw) = session_and_token(&site, &db).await;
            let path = |action: &str| format!("/admin/users/{}/{action}", sw.0);

            // Only the system administrator; anyone else is refused and audited.
            for role in [Role::TeamManager, Role::Iro, Role::Auditor] {
                let other = sign_in(&site, role).await;
                for action in ["deactivate", "reset-password", "revoke-tokens"] {
                    assert_eq!(
                        send(&site, get(&path(action), &other)).await.0,
                        StatusCode::FORBIDDEN,
                        "{role:?} {action}"
                    );
                    assert_eq!(
                        send(&site, post(&path(action), &other, "")).await.0,
                        StatusCode::FORBIDDEN,
                        "{role:?} {action}"
                    );
                }
            }
            for action in [
                "admin:deactivate_user",
                "admin:reset_password",
                "admin:revoke_api_tokens",
            ] {
                let rows = db.audit_by_action(action).await.unwrap();
                assert_eq!(rows.len(), 3, "{action}");
                assert!(rows.iter().all(|r| r.refused));
            }
            assert_eq!(
                send(&site, get("/my-work", &cookie)).await.0,
                StatusCode::OK
            );

            let admin = sign_in(&site, Role::SystemAdministrator).await;
            let (status, _, body) =
                send(&site, get(&format!("/admin/users/{}", sw.0), &admin)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains(&format!("href=\"/admin/users/{}/deactivate\"", sw.0)));
            let (status, _, body) = send(&site, get(&path("deactivate"), &admin)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                body.contains(
                    "<h1 class=\"govuk-heading-l\" id=\"user\">Deactivate the account</h1>"
                )
            );
            assert!(body.contains("They have 1 live API token."));
            assert_eq!(
                send(
                    &site,
                    get(&format!("/admin/users/{}/explode", sw.0), &admin)
                )
                .await
                .0,
                StatusCode::NOT_FOUND
            );

            // Not your own account: a problem on the page, nothing changed.
            let me = db
                .user_by_username(username(Role::SystemAdministrator))
                .await
                .unwrap()
                .unwrap();
            let (status, _, body) = send(
                &site,
                post(&format!("/admin/users/{}/deactivate", me.0), &admin, ""),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("govuk-error-summary"));
            assert!(body.contains("<a href=\"#user\">You cannot deactivate your own account</a>"));
            assert!(db.user(me).await.unwrap().unwrap().active);

            let (status, _, body) = send(&site, post(&path("deactivate"), &admin, "")).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("Account deactivated"));
            assert!(body.contains("1 session ended and 1 API token revoked."));
            // At once: the session cookie and the bearer token are dead.
            let (status, headers, _) = send(&site, get("/my-work", &cookie)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(headers.get(header::LOCATION).unwrap(), "/sign-in");
            assert_eq!(
                send(&site, bearer_get("/api/v1/caseload", &token)).await.0,
                StatusCode::UNAUTHORIZED
            );
            assert_eq!(
                sign_in_with(&site, username(Role::SocialWorker), PASSWORD)
                    .await
                    .0,
                StatusCode::UNAUTHORIZED
            );
            let (_, _, body) = send(&site, get("/admin", &admin)).await;
            assert!(body.contains("Deactivated</strong>"));
            let rows = db.audit_by_action("admin:deactivate_user").await.unwrap();
            let done: Vec<_> = rows.iter().filter(|r| !r.refused).collect();
            assert_eq!(done.len(), 1);
            assert_eq!(done[0].actor, Some(me));
            assert_eq!(
                done[0].detail.as_deref(),
                Some(format!("user {}: 1 sessions ended, 1 API tokens revoked", sw.0).as_str())
            );
            // Twice: a clear problem, not a second change.
            let (status, _, body) = send(&site, post(&path("deactivate"), &admin, "")).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("This account is deactivated already"));
        }
    }
);

on_both_databases!(
    revoking_tokens_stops_them_and_leaves_the_session,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let (cookie, token, sw) = session_and_token(&site, &db).await;
            let admin = sign_in(&site, Role::SystemAdministrator).await;
            let path = format!("/admin/users/{}/revoke-tokens", sw.0);
            let (status, _, body) = send(&site, post(&path, &admin, "")).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("0 sessions ended and 1 API token revoked."));
            assert_eq!(
                send(&site, bearer_get("/api/v1/caseload", &token)).await.0,
                StatusCode::UNAUTHORIZED
            );
            assert_eq!(
                send(&site, get("/my-work", &cookie)).await.0,
                StatusCode::OK
            );
            assert_eq!(
                db.audit_by_action("admin:revoke_api_tokens")
                    .await
                    .unwrap()
                    .len(),
                1
            );
        }
    }
);

on_both_databases!(
    a_reset_password_ends_sessions_and_must_be_changed_first,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let (cookie, token, sw) = session_and_token(&site, &db).await;
            let admin = sign_in(&site, Role::SystemAdministrator).await;
            let (status, headers, body) = send(
                &site,
                post(&format!("/admin/users/{}/reset-password", sw.0), &admin, ""),
            )
            .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
            assert!(body.contains("Password reset"));
            assert!(body.contains("1 session ended and 1 API token revoked."));
            let password = body
                .split("<code id=\"password\">")
                .nth(1)
                .and_then(|s| s.split("</code>").next())
                .unwrap()
                .to_owned();
            assert_eq!(password.chars().count(), 20);
            let reset = db.audit_by_action("admin:reset_password").await.unwrap();
            assert!(!reset[0].detail.as_deref().unwrap().contains(&password));
            // The old session, token and password are dead at once.
            assert_eq!(
                send(&site, get("/my-work", &cookie)).await.0,
                StatusCode::SEE_OTHER
            );
            assert_eq!(
                send(&site, bearer_get("/api/v1/caseload", &token)).await.0,
                StatusCode::UNAUTHORIZED
            );
            let user = username(Role::SocialWorker);
            assert_eq!(
                sign_in_with(&site, user, PASSWORD).await.0,
                StatusCode::UNAUTHORIZED
            );

            // The new one signs in, to the change-password page and nowhere else.
            let (status, cookie) = sign_in_with(&site, user, &password).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let cookie = cookie.unwrap();
            for path in ["/my-work", "/sessions", "/search?q=child", "/children/1"] {
                let (status, headers, _) = send(&site, get(path, &cookie)).await;
                assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
                assert_eq!(
                    headers.get(header::LOCATION).unwrap(),
                    "/change-password",
                    "{path}"
                );
            }
            let (status, headers, _) =
                send(&site, post("/break-glass", &cookie, "child=C1&reason=x")).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(headers.get(header::LOCATION).unwrap(), "/change-password");
            let (status, _, body) = send(&site, get("/change-password", &cookie)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("Choose a new password"));
            assert!(body.contains("At least 12 characters"));
            assert!(!body.contains("href=\"/search\""), "no way elsewhere");
            assert!(body.contains("action=\"/sign-out\""));

            let change = |current: &str, new: &str, confirm: &str| {
                serde_urlencoded_form(&[
                    ("current_password", current),
                    ("new_password", new),
                    ("confirm_password", confirm),
                ])
            };
            let (status, _, body) = send(
                &site,
                post(
                    "/change-password",
                    &cookie,
                    &change(&password, "short", "short"),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("<a href=\"#new_password\">Use at least 12 characters</a>"));
            assert!(body.contains("id=\"new_password-error\""));
            let (status, _, body) = send(
                &site,
                post(
                    "/change-password",
                    &cookie,
                    &change(&password, &password, &password),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("different from your current one"));
            let (status, _, body) = send(
                &site,
                post(
                    "/change-password",
                    &cookie,
                    &change(
                        &password,
                        "my very own passphrase",
                        "my very own passphrase!",
                    ),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                body.contains(
                    "<a href=\"#confirm_password\">Enter the same new password twice</a>"
                )
            );
            assert_eq!(
                send(&site, get("/my-work", &cookie)).await.0,
                StatusCode::SEE_OTHER
            );

            let (status, headers, _) = send(
                &site,
                post(
                    "/change-password",
                    &cookie,
                    &change(
                        &password,
                        "my very own passphrase",
                        "my very own passphrase",
                    ),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(headers.get(header::LOCATION).unwrap(), "/my-work");
            assert_eq!(
                send(&site, get("/my-work", &cookie)).await.0,
                StatusCode::OK
            );
            assert_eq!(
                sign_in_with(&site, user, &password).await.0,
                StatusCode::UNAUTHORIZED
            );
            assert_eq!(
                sign_in_with(&site, user, "my very own passphrase").await.0,
                StatusCode::SEE_OTHER
            );
            let changes = db.audit_by_action("change_password").await.unwrap();
            assert_eq!(changes.iter().filter(|r| !r.refused).count(), 1);
        }
    }
);

fn from(req: Request<Body>, address: [u8; 4]) -> Request<Body> {
    let mut req = req;
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            address, 50000,
        ))));
    req
}

on_both_databases!(sign_in_and_api_attempts_are_limited, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let services = Services::new(
            db.clone(),
            Arc::new(FixedClock("2025-03-03T10:00:00Z".parse().unwrap())),
        );
        let limits = hearth_web::limits::Limits {
            sign_in_per_account: 3,
            sign_in_per_address: 5,
            api_per_account: 4,
            api_per_address: 6,
            exempt_loopback: false,
            trust_forwarded_for: false,
        };
        let limited = Site {
            router: hearth_web::router_with_limits(
                hearth_web::AppState {
                    services: services.clone(),
                },
                limits,
            ),
            in_scope: HashMap::new(),
            out_of_scope: site.out_of_scope,
            restricted: site.restricted,
        };
        let attempt = |user: &str, password: &str, address: [u8; 4]| {
            from(
                Request::post("/sign-in")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(serde_urlencoded_form(&[
                        ("username", user),
                        ("password", password),
                    ])))
                    .unwrap(),
                address,
            )
        };
        let sw = username(Role::SocialWorker);
        for _ in 0..3 {
            let (status, _, _) = send(&limited, attempt(sw, "wrong", [192, 0, 2, 1])).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        // The fourth in the minute is refused before the password is looked at.
        let (status, headers, body) = send(&limited, attempt(sw, PASSWORD, [192, 0, 2, 1])).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = headers
            .get(header::RETRY_AFTER)
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
        assert!(body.contains("too many attempts to sign in"));
        assert!(body.contains("govuk-error-summary"));
        // From any address: the limit is the account's.
        let (status, _, _) = send(&limited, attempt(sw, PASSWORD, [192, 0, 2, 2])).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        // Refused attempts were not counted as failed sign-ins.
        let creds = db.credentials(sw).await.unwrap().unwrap();
        assert_eq!(creds.failed_sign_ins, 3);
        // Another account from the first address: its fifth attempt is the
        // address's last.
        let tm = username(Role::TeamManager);
        let (status, _, _) = send(&limited, attempt(tm, PASSWORD, [192, 0, 2, 1])).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = send(&limited, attempt(tm, PASSWORD, [192, 0, 2, 1])).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, _, _) = send(&limited, attempt(tm, PASSWORD, [192, 0, 2, 3])).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // The API: per address before the token is looked at, then per user.
        let user = db.user_by_username("iro").await.unwrap().unwrap();
        let actor = db.actor(user).await.unwrap().unwrap();
        let token = hearth_app::accounts::create_api_token(&services, &actor, "robot", "r")
            .await
            .unwrap()
            .0;
        for _ in 0..4 {
            let req = from(bearer_get("/api/v1/caseload", &token), [198, 51, 100, 1]);
            assert_eq!(send(&limited, req).await.0, StatusCode::OK);
        }
        let req = from(bearer_get("/api/v1/caseload", &token), [198, 51, 100, 2]);
        let (status, headers, body) = send(&limited, req).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(headers.get(header::RETRY_AFTER).is_some());
        assert!(body.contains("too many requests"), "{body}");
        for _ in 0..2 {
            let req = from(bearer_get("/api/v1/caseload", "forged"), [198, 51, 100, 1]);
            assert_eq!(send(&limited, req).await.0, StatusCode::UNAUTHORIZED);
        }
        let req = from(bearer_get("/api/v1/caseload", "forged"), [198, 51, 100, 1]);
        assert_eq!(send(&limited, req).await.0, StatusCode::TOO_MANY_REQUESTS);

        // Loopback exempt, when so configured: hundreds of sign-ins pass.
        let exempt = Site {
            router: hearth_web::router_with_limits(
                hearth_web::AppState { services },
                hearth_web::limits::Limits {
                    exempt_loopback: true,
                    ..limits
                },
            ),
            in_scope: HashMap::new(),
            out_of_scope: site.out_of_scope,
            restricted: site.restricted,
        };
        for _ in 0..12 {
            let (status, _, _) = send(
                &exempt,
                attempt(username(Role::Iro), PASSWORD, [127, 0, 0, 1]),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (status, _, _) = send(
            &exempt,
            attempt(username(Role::Iro), PASSWORD, [192, 0, 2, 9]),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
});

// Four eyes: an administrator cannot approve a role they asked for; a
// second administrator's approval puts it in force; the break-glass report
// shows it; and "your sessions" is audited.
on_both_databases!(
    a_role_that_reads_children_needs_a_second_administrator,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let admin = sign_in(&site, Role::SystemAdministrator).await;
            let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
            let row = db.user(sw).await.unwrap().unwrap();
            let form = format!(
                "role=auditor&team={}&manager={}",
                row.team.unwrap().0,
                row.manager.unwrap().0
            );
            let (status, headers, _) = send(
                &site,
                post(&format!("/admin/users/{}", sw.0), &admin, &form),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let page = headers
                .get(header::LOCATION)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            assert!(page.starts_with("/admin/approvals/"), "{page}");
            assert_eq!(db.user(sw).await.unwrap().unwrap().role, Role::SocialWorker);
            let (_, _, listed) = send(&site, get("/admin", &admin)).await;
            assert!(listed.contains(&format!("href=\"{page}\"")), "{listed}");

            // The one who asked is told they cannot decide, and cannot.
            let (status, _, body) = send(&site, get(&page, &admin)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("You cannot decide this"), "{body}");
            assert!(!body.contains("Approve the role"));
            for decision in ["approve", "refuse"] {
                let (status, _, _) =
                    send(&site, post(&page, &admin, &format!("decision={decision}"))).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{decision}");
            }
            assert_eq!(db.user(sw).await.unwrap().unwrap().role, Role::SocialWorker);
            let refused = db.audit_by_action("admin:decide_role").await.unwrap();
            assert_eq!(refused.len(), 2);
            assert!(refused.iter().all(|r| r.refused));

            // A second administrator approves: in force from the next request.
            let second = second_administrator(&site, &db).await;
            let (_, _, body) = send(&site, get(&page, &second)).await;
            assert!(body.contains("Approve the role"), "{body}");
            let (status, _, _) = send(&site, post(&page, &second, "decision=approve")).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(db.user(sw).await.unwrap().unwrap().role, Role::Auditor);
            let (_, _, body) = send(&site, get(&page, &second)).await;
            assert!(body.contains("Approved by Second Admin"), "{body}");
            let cookie = sign_in(&site, Role::SocialWorker).await;
            assert_eq!(
                send(&site, get("/break-glass/report", &cookie)).await.0,
                StatusCode::OK,
                "an auditor now"
            );

            // The break-glass report's second table.
            let auditor = sign_in(&site, Role::Auditor).await;
            let (status, _, body) = send(&site, get("/break-glass/report", &auditor)).await;
            assert_eq!(status, StatusCode::OK);
            let grants = body.split("id=\"role-grants\"").nth(1).unwrap();
            assert!(grants.contains("1 role grants"), "{grants}");
            for text in [
                "Auditor",
                "Social worker",
                "system_administrator",
                "Approved by Second Admin",
            ] {
                assert!(grants.contains(text), "{text}: {grants}");
            }

            // "Your sessions" is audited.
            let (status, _, _) = send(&site, get("/sessions", &admin)).await;
            assert_eq!(status, StatusCode::OK);
            let seen = db.audit_by_action("view_sessions").await.unwrap();
            assert_eq!(seen.len(), 1);
            assert_eq!(
                seen[0].actor,
                db.user_by_username("system_administrator").await.unwrap()
            );
        }
    }
);

on_both_databases!(
    forms_choose_people_from_those_who_may_be_named,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let tm = sign_in(&site, Role::TeamManager).await;
            let child = site.in_scope[&Role::TeamManager];
            let form = |kind: &str| format!("/children/{}/record?kind={kind}", child.0);
            let iro = db.user_by_username("iro").await.unwrap().unwrap();
            let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
            let tm_id = db.user_by_username("team_manager").await.unwrap().unwrap();
            // The IRO's field lists IROs by name and role, not a typed number.
            let (status, _, body) = send(&site, get(&form("IroAppointed"), &tm)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                body.contains(&format!("<option value=\"{}\"", iro.0)),
                "{body}"
            );
            assert!(body.contains("independent reviewing officer"));
            assert!(!body.contains(&format!("<option value=\"{}\"", sw.0)));
            assert!(!body.contains("user number"));
            // The supervisor's lists managers only.
            let (_, _, body) = send(&site, get(&form("Supervision"), &tm)).await;
            assert!(body.contains(&format!("<option value=\"{}\"", tm_id.0)));
            assert!(!body.contains(&format!("<option value=\"{}\"", sw.0)));
            // Naming anyone else anyway is refused against the field, and
            // nothing is written.
            let path = format!("/children/{}/record?kind=Supervision", child.0);
            for named in [sw.0, 99_999] {
                let before = db
                    .events(&hearth_store::Authorised::unchecked(child))
                    .await
                    .unwrap()
                    .len();
                let (status, _, body) = send(
                    &site,
                    post(&path, &tm, &format!("on=2025-03-03&supervisor={named}")),
                )
                .await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{named}");
                assert!(
                    body.contains("href=\"#supervisor\"")
                        && body.contains("Choose a team or service manager"),
                    "{body}"
                );
                let after = db
                    .events(&hearth_store::Authorised::unchecked(child))
                    .await
                    .unwrap()
                    .len();
                assert_eq!(before, after);
            }
            let (status, _, _) = send(
                &site,
                post(&path, &tm, &format!("on=2025-03-03&supervisor={}", tm_id.0)),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
    }
);

/// Whether a page's GOV.UK date input for `name` holds the date.
fn has_date(body: &str, name: &str, day: u8, month: u8, year: u16) -> bool {
    [
        ("day", day.to_string()),
        ("month", month.to_string()),
        ("year", year.to_string()),
    ]
    .iter()
    .all(|(part, value)| {
        body.contains(&format!(
            "name=\"{name}-{part}\" type=\"text\" inputmode=\"numeric\" value=\"{value}\""
        ))
    })
}

on_both_databases!(dates_are_given_in_day_month_and_year_boxes, |db: &Db| {
    let db = db.clone();
    async move {
        let site = site(&db).await;
        let sw = sign_in(&site, Role::SocialWorker).await;
        let child = site.in_scope[&Role::SocialWorker];
        let path = format!("/children/{}/visits", child.0);
        // The boxes make the date.
        let (status, _, _) = send(
            &site,
            post(
                &path,
                &sw,
                "on-day=3&on-month=3&on-year=2025&kind=other&child_seen=yes",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let events = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        assert_eq!(
            events.last().unwrap().on,
            When::Date(jiff::civil::date(2025, 3, 3))
        );
        // Boxes that are not a date say so, keep what was typed, and write
        // nothing.
        let (status, _, body) = send(
            &site,
            post(&path, &sw, "on-day=31&on-month=2&on-year=2025&kind=other"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("Date of the visit must be a real date"),
            "{body}"
        );
        assert!(has_date(&body, "on", 31, 2, 2025));
        let after = db
            .events(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        assert_eq!(after.len(), events.len());
        // The record form: a timed event takes its time in a box of its own.
        let (status, _, body) = send(
            &site,
            get(
                &format!("/children/{}/record?kind=MissingEpisodeStarted", child.0),
                &sw,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("name=\"on-time\""));
        // And a seen-alone visit that was not seen is put against its box
        // in a sentence.
        let (_, _, body) = send(
            &site,
            post(
                &format!("/children/{}/record?kind=VisitMade", child.0),
                &sw,
                "on-day=3&on-month=3&on-year=2025&visit=other&seen_alone=yes",
            ),
        )
        .await;
        assert!(
            body.contains(
                "<a href=\"#seen_alone\">The child cannot be seen alone without being seen</a>"
            ),
            "{body}"
        );
    }
});

on_both_databases!(
    the_chronology_exports_for_court_and_is_audited,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let sw = sign_in(&site, Role::SocialWorker).await;
            let child = site.in_scope[&Role::SocialWorker];
            let path = format!("/children/{}/chronology/export?significant=yes", child.0);
            let response = site.router.clone().oneshot(get(&path, &sw)).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let headers = response.headers().clone();
            assert_eq!(
                headers[header::CONTENT_TYPE],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            );
            assert!(
                headers[header::CONTENT_DISPOSITION]
                    .to_str()
                    .unwrap()
                    .starts_with("attachment; filename=\"chronology-")
            );
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(&body[..2], b"PK", "a Word document (a zip package)");
            let exported = db.audit_by_action("export_chronology").await.unwrap();
            assert_eq!(exported.len(), 1);
            assert_eq!(exported[0].child, Some(child));
            assert!(!exported[0].refused);
            // Out of scope: not found, and the refusal is audited too.
            let (status, _, _) = send(
                &site,
                get(
                    &format!("/children/{}/chronology/export", site.out_of_scope.0),
                    &sw,
                ),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(
                db.audit_by_action("export_chronology").await.unwrap().len(),
                2
            );
        }
    }
);

on_both_databases!(
    the_chronology_as_it_was_recorded_at_a_past_moment,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let sw = sign_in(&site, Role::SocialWorker).await;
            let child = site.in_scope[&Role::SocialWorker];
            let path = format!("/children/{}/chronology", child.0);
            let (status, _, now) = send(&site, get(&path, &sw)).await;
            assert_eq!(status, StatusCode::OK);
            let count = |body: &str| {
                body.matches("<td class=\"govuk-table__cell hearth-chronology__date\">")
                    .count()
            };
            assert!(count(&now) > 0, "the child has a chronology");
            // Before anything was recorded, the service knew nothing.
            let (status, _, then) = send(
                &site,
                get(&format!("{path}?known_at=2000-01-01T09:00"), &sw),
            )
            .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(count(&then), 0, "{then}");
            assert!(then.contains("as recorded at 1 January 2000, 09:00"));
            // A moment after everything: the record as now known.
            let (_, _, later) = send(&site, get(&format!("{path}?known_at=2099-01-01"), &sw)).await;
            assert_eq!(count(&later), count(&now));
            // Not a moment: said against the field, nothing hidden.
            let (status, _, bad) =
                send(&site, get(&format!("{path}?known_at=yesterday"), &sw)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(bad.contains("href=\"#known_at\"") && bad.contains("Enter the moment"));
            // The print says which view it is.
            let (_, _, print) = send(
                &site,
                get(&format!("{path}/print?known_at=2000-01-01T09:00"), &sw),
            )
            .await;
            assert!(print.contains("as recorded at 1 January 2000, 09:00"));
        }
    }
);

/// An API token for the social worker, on `site`'s database at `now`.
async fn social_worker_token(db: &Db, now: &str) -> String {
    let services = Services::new(db.clone(), Arc::new(FixedClock(now.parse().unwrap())));
    let sw = db.user_by_username("social_worker").await.unwrap().unwrap();
    let actor = db.actor(sw).await.unwrap().unwrap();
    hearth_app::accounts::create_api_token(&services, &actor, "tests", "r")
        .await
        .unwrap()
        .0
}

on_both_databases!(
    an_event_whose_clock_runs_past_the_calendar_is_recorded_and_the_clock_says_so,
    |db: &Db| {
        let db = db.clone();
        async move {
            // The shipped bank holidays end with 2028.
            let now = "2028-12-29T15:00:00Z";
            let site = site_at(&db, now).await;
            let token = social_worker_token(&db, now).await;
            let t = Some(token.as_str());
            let child = site.in_scope[&Role::SocialWorker].0;
            // An allegation on Friday 29 December 2028: the LADO referral is
            // due one working day later, in 2029.
            let body = serde_json::json!({
                "on": "2028-12-29",
                "event": serde_json::to_value(EventKind::AllegationReceived).unwrap(),
            });
            let (status, recorded) = api(
                &site,
                "POST",
                &format!("/api/v1/children/{child}/events"),
                t,
                Some(&body.to_string()),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{recorded}");

            let (status, clocks) = api(
                &site,
                "GET",
                &format!("/api/v1/children/{child}/obligations"),
                t,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK);
            let lado = clocks
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["rule"] == "lado_referral")
                .unwrap_or_else(|| panic!("{clocks}"));
            assert_eq!(lado["due"], "beyond_calendar");
            assert_eq!(lado["status"], "beyond_calendar");
            assert_eq!(
                lado["due_in_words"],
                "Beyond the calendar: import the new bank holidays"
            );

            let (_, caseload) = api(&site, "GET", "/api/v1/caseload", t, None).await;
            let row = caseload
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["child"] == child)
                .unwrap_or_else(|| panic!("{caseload}"));
            assert_eq!(row["beyond_calendar"], 1);
            assert_eq!(row["overdue"], 0, "not overdue on a guessed day");

            let sw = sign_in(&site, Role::SocialWorker).await;
            let (status, _, page) = send(&site, get(&format!("/children/{child}"), &sw)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(page.contains("Beyond the calendar: import the new bank holidays"));
            let (_, _, work) = send(&site, get("/my-work", &sw)).await;
            assert!(
                work.contains("1 clock beyond the calendar: import the new bank holidays"),
                "{work}"
            );
        }
    }
);

on_both_databases!(
    the_clocks_as_they_were_recorded_at_a_past_moment,
    |db: &Db| {
        let db = db.clone();
        async move {
            let now = "2025-06-02T10:00:00Z";
            let site = site_at(&db, now).await;
            let token = social_worker_token(&db, now).await;
            let t = Some(token.as_str());
            let child = site.in_scope[&Role::SocialWorker];
            // An allegation on 1 April 2025, recorded that day; the LADO
            // referral (due the next working day) made late, on 3 April,
            // and recorded then.
            let cal = WorkingDayCalendar::england_and_wales();
            let record = async |on: &str, kind: EventKind, at: &str| {
                let mut tx = db.begin().await.unwrap();
                let e = db
                    .append_event(
                        &mut tx,
                        child,
                        on.parse().unwrap(),
                        kind,
                        "setup",
                        at.parse().unwrap(),
                        &cal,
                        &Policy::statutory(),
                    )
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                e.id
            };
            let allegation = record(
                "2025-04-01",
                EventKind::AllegationReceived,
                "2025-04-01T12:00:00Z",
            )
            .await;
            record(
                "2025-04-03",
                EventKind::LadoReferralMade { allegation },
                "2025-04-03T12:00:00Z",
            )
            .await;

            let lado_at = async |known_at: &str| {
                let (status, clocks) = api(
                    &site,
                    "GET",
                    &format!("/api/v1/children/{}/obligations{known_at}", child.0),
                    t,
                    None,
                )
                .await;
                assert_eq!(status, StatusCode::OK, "{clocks}");
                clocks
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["rule"] == "lado_referral")
                    .map(|c| c["status"].as_str().unwrap().to_owned())
            };
            // Now: met late.
            assert_eq!(lado_at("").await.as_deref(), Some("met_late"));
            // Before the allegation was recorded, no clock.
            assert_eq!(lado_at("?known_at=2025-03-31T12:00").await, None);
            // As recorded that afternoon (13:00 BST is noon UTC): due, judged
            // then, not overdue as it would be judged now.
            assert_eq!(
                lado_at("?known_at=2025-04-01T14:00").await.as_deref(),
                Some("due")
            );
            // On the morning of 3 April, before the referral was recorded:
            // overdue.
            assert_eq!(
                lado_at("?known_at=2025-04-03T09:00").await.as_deref(),
                Some("overdue")
            );
            // A date is the end of that day: the referral is recorded.
            assert_eq!(
                lado_at("?known_at=2025-04-03").await.as_deref(),
                Some("met_late")
            );
            let (status, bad) = api(
                &site,
                "GET",
                &format!("/api/v1/children/{}/obligations?known_at=soon", child.0),
                t,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(bad["error"].as_str().unwrap().starts_with("known_at: "));

            // The chronology page and its print show the clocks as then.
            let sw = sign_in(&site, Role::SocialWorker).await;
            let lado = hearth_domain::timescales::Rule::LadoReferral.label();
            for path in ["chronology", "chronology/print"] {
                let (status, _, page) = send(
                    &site,
                    get(
                        &format!("/children/{}/{path}?known_at=2025-04-03T09:00", child.0),
                        &sw,
                    ),
                )
                .await;
                assert_eq!(status, StatusCode::OK);
                assert!(
                    page.contains("Statutory timescales as recorded at 3 April 2025, 09:00"),
                    "{page}"
                );
                let section = &page[page.find("id=\"clocks-then\"").unwrap()..];
                assert!(section.contains(lado), "{section}");
                assert!(section.contains(">Overdue<"), "{section}");
            }
            // Without a moment, no such section.
            let (_, _, page) = send(
                &site,
                get(&format!("/children/{}/chronology", child.0), &sw),
            )
            .await;
            assert!(!page.contains("clocks-then"));
        }
    }
);

// A child's family on their page: a relative who is also a child in Hearth
// is named and linked only for a viewer who may open that child's record
// now (out of scope, restricted: the relationship alone), whatever the
// role; a record that names this child from outside the viewer's scope is
// not mentioned at all; and only a recorder who may open a record can link
// it, refused in the same words whether it exists or not.
on_both_databases!(
    family_links_show_a_relative_only_to_those_who_may_open_them,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site(&db).await;
            let child = site.in_scope[&Role::SocialWorker];
            let on = jiff::civil::date(2025, 3, 1);
            // A relative with a record is named from it, so the ledger keeps
            // no name for them.
            let relative =
                |_: &str, relationship, other: ChildId| EventKind::FamilyMemberRecorded {
                    name: String::new(),
                    relationship,
                    parental_responsibility: false,
                    date_of_birth: None,
                    relative: Some(other),
                };
            use hearth_domain::events::Kinship;
            set_up(
                &db,
                child,
                on,
                relative("Ledger Brother", Kinship::Brother, site.out_of_scope),
            )
            .await;
            set_up(
                &db,
                child,
                on,
                relative("Ledger Sister", Kinship::Sister, site.restricted),
            )
            .await;
            set_up(
                &db,
                child,
                on,
                EventKind::FamilyMemberRecorded {
                    name: "Ann Parent".into(),
                    relationship: Kinship::Mother,
                    parental_responsibility: true,
                    date_of_birth: None,
                    relative: None,
                },
            )
            .await;
            // The IRO's child names this one as her brother, from the other side.
            let iro_child = site.in_scope[&Role::Iro];
            set_up(
                &db,
                iro_child,
                on,
                relative("Ledger Cousin", Kinship::Brother, child),
            )
            .await;
            let name_of = |c: ChildId| format!("Test Child{}", c.0);
            for role in Role::ALL {
                let cookie = sign_in(&site, role).await;
                let (status, _, page) =
                    send(&site, get(&format!("/children/{}", child.0), &cookie)).await;
                if status != StatusCode::OK {
                    continue;
                }
                assert!(page.contains("Ann Parent"), "{role:?}: a parent is named");
                for other in [site.out_of_scope, site.restricted, iro_child] {
                    let may_open = send(&site, get(&format!("/children/{}", other.0), &cookie))
                        .await
                        .0
                        == StatusCode::OK;
                    let named = page.contains(&name_of(other));
                    let linked = page.contains(&format!("href=\"/children/{}\"", other.0));
                    assert_eq!(named, may_open, "{role:?}: name of {other:?}");
                    assert_eq!(linked, may_open, "{role:?}: link to {other:?}");
                }
                assert!(
                    page.contains("Name not available to you"),
                    "{role:?}: a relative not open is said to be so"
                );
                assert!(page.contains("<svg"), "{role:?}: the tree is drawn");
            }
            // Break-glass on the restricted sister opens her name to the worker.
            let sw = sign_in(&site, Role::SocialWorker).await;
            let (_, _, before) = send(&site, get(&format!("/children/{}", child.0), &sw)).await;
            assert!(!before.contains(&name_of(site.restricted)));
            let (status, _, _) = send(
                &site,
                post(
                    "/break-glass",
                    &sw,
                    &format!(
                        "child=C{}&reason=Police+request+at+strategy&minutes=60",
                        site.restricted.0
                    ),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let (_, _, after) = send(&site, get(&format!("/children/{}", child.0), &sw)).await;
            assert!(after.contains(&name_of(site.restricted)), "{after}");
            assert!(audited_as(&db, site.restricted, "view_relatives").await >= 1);

            // Linking a record: refused in the same words for one out of scope, one
            // that does not exist and one restricted the recorder has no grant to.
            let tm = sign_in(&site, Role::TeamManager).await;
            let path = format!("/children/{}/record?kind=FamilyMemberRecorded", child.0);
            let events = async || {
                db.events(&hearth_store::Authorised::unchecked(child))
                    .await
                    .unwrap()
                    .len()
            };
            let before = events().await;
            let mut messages = Vec::new();
            for other in [site.out_of_scope.0, 99_999, site.restricted.0] {
                let form =
                    format!("on=2025-03-02&name=Someone&relationship=brother&relative={other}");
                let (status, _, body) = send(&site, post(&path, &tm, &form)).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{other}");
                assert!(body.contains("href=\"#relative\""), "{other}: {body}");
                messages.push(
                    body.split("href=\"#relative\">")
                        .nth(1)
                        .and_then(|s| s.split('<').next())
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            assert!(
                messages.iter().all(|m| m == &messages[0] && !m.is_empty()),
                "{messages:?}"
            );
            let (status, _, body) = send(
                &site,
                post(
                    &path,
                    &tm,
                    &format!(
                        "on=2025-03-02&name=Self&relationship=brother&relative={}",
                        child.0
                    ),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("own record"), "{body}");
            assert_eq!(events().await, before, "nothing was written");

            // Ending a family member: the chronology says whom it ended.
            let mother = db
                .events(&hearth_store::Authorised::unchecked(child))
                .await
                .unwrap()
                .iter()
                .rfind(|e| {
                    matches!(
                        e.event,
                        EventKind::FamilyMemberRecorded { relative: None, .. }
                    )
                })
                .unwrap()
                .id
                .0;
            let ended = format!("/children/{}/record?kind=FamilyMemberEnded", child.0);
            let (status, _, body) = send(
                &site,
                post(&ended, &tm, &format!("on=2025-03-02&member={mother}")),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
            let (_, _, body) = send(
                &site,
                get(&format!("/children/{}/chronology", child.0), &tm),
            )
            .await;
            assert!(
                body.contains("family network: Ann Parent, mother"),
                "{body}"
            );
        }
    }
);

on_both_databases!(
    the_child_page_shows_what_the_returns_rules_find,
    |db: &Db| {
        let db = db.clone();
        async move {
            let site = site_at(&db, "2025-12-01T10:00:00Z").await;
            let child = site.in_scope[&Role::SocialWorker];
            let cookie = sign_in(&site, Role::SocialWorker).await;
            let page = format!("/children/{}", child.0);
            let (status, _, body) = send(&site, get(&page, &cookie)).await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("Checks for the statutory returns"), "{body}");
            assert!(body.contains("find nothing to put right"), "{body}");

            // A referral going on to further action, with no primary need:
            // the census's rule 8610 asks for it, and the page says so without
            // refusing anything.
            set_up(
                &db,
                child,
                jiff::civil::date(2025, 6, 2),
                EventKind::ReferralAccepted {
                    source: hearth_domain::codes::ReferralSource::Police,
                    no_further_action: false,
                    primary_need: None,
                },
            )
            .await;
            let (_, _, body) = send(&site, get(&page, &cookie)).await;
            let section = body
                .split("id=\"return-checks\"")
                .nth(1)
                .unwrap()
                .split("<h2")
                .next()
                .unwrap()
                .to_owned();
            assert!(
                section.contains("Children in need census, rule 8610"),
                "{section}"
            );
            assert!(section.contains("(PrimaryNeedCode)"), "{section}");
            assert!(section.contains("for the 2025-26 returns"), "{section}");
        }
    }
);

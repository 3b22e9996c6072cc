-- The record: teams and users, children with their identity history, the
-- append-only event ledger, the rows derived from it, and the audit log.
-- Twin of ../postgres/0001_ledger.sql: same tables, columns and nullability.

CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL
) STRICT;

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('social_worker', 'team_manager', 'service_manager', 'iro',
        'performance_analyst', 'business_support', 'system_administrator', 'auditor')),
    team_id INTEGER REFERENCES team (id),
    manager_id INTEGER REFERENCES app_user (id),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    la_child_id TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    date_of_birth TEXT,
    sex TEXT,
    ethnicity TEXT,
    upn TEXT,
    nhs_number TEXT,
    postcode TEXT,
    restricted TEXT CHECK (restricted IN ('adoption', 'staff_relative', 'high_profile')),
    created_at TEXT NOT NULL
) STRICT;

-- Every change to a child's identity, with old and new values.
CREATE TABLE child_identity_change (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_by INTEGER REFERENCES app_user (id),
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX child_identity_change_child ON child_identity_change (child_id);

-- The ledger. `body` is the event's JSON (schema-versioned); the other
-- columns are copies for indexing.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child (id),
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    significant INTEGER NOT NULL CHECK (significant IN (0, 1)),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX event_child_date ON event (child_id, on_date);

CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the event ledger is append-only'); END;
CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the event ledger is append-only'); END;

-- Derived from the ledger, rewritten in the same transaction as each event
-- and by `hearth rebuild`.
CREATE TABLE child_summary (
    child_id INTEGER PRIMARY KEY REFERENCES child (id),
    status TEXT NOT NULL,
    legal_status TEXT,
    placement_type TEXT,
    cp_category TEXT,
    allocated_worker TEXT,
    allocated_team TEXT,
    care_leaver TEXT,
    events INTEGER NOT NULL,
    derived_at TEXT NOT NULL
) STRICT;
CREATE INDEX child_summary_worker ON child_summary (allocated_worker);
CREATE INDEX child_summary_team ON child_summary (allocated_team);

CREATE TABLE episode_of_need (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    referral_date TEXT NOT NULL,
    referral_source TEXT NOT NULL,
    re_referral INTEGER NOT NULL CHECK (re_referral IN (0, 1)),
    primary_need TEXT,
    closure_date TEXT,
    reason_for_closure TEXT,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX episode_of_need_referral ON episode_of_need (referral_date);

CREATE TABLE protection_plan (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    initial_category TEXT NOT NULL,
    latest_category TEXT NOT NULL,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX protection_plan_dates ON protection_plan (start_date, end_date);

-- SSDA903 episodes.
CREATE TABLE care_episode (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    period INTEGER NOT NULL,
    decom TEXT NOT NULL,
    dec TEXT,
    rne TEXT NOT NULL,
    legal_status TEXT NOT NULL,
    category_of_need TEXT NOT NULL,
    placement_type TEXT NOT NULL,
    placement_provider TEXT,
    placement_postcode TEXT,
    urn TEXT,
    reason_ceased TEXT,
    reason_place_change TEXT,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX care_episode_dates ON care_episode (decom, dec);

-- Statutory clocks. Whether an open clock is overdue depends on the day it
-- is read, so it is decided in the query (due_date < today), not stored.
CREATE TABLE obligation (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    start_on TEXT NOT NULL,
    start_event INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    due_on TEXT NOT NULL,
    met_on TEXT,
    met_by INTEGER,
    met_late INTEGER NOT NULL CHECK (met_late IN (0, 1)),
    ended TEXT,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX obligation_open ON obligation (due_date) WHERE met_on IS NULL AND ended IS NULL;
CREATE INDEX obligation_rule ON obligation (rule, due_date);

-- Who did what to which record, and whether they were allowed to.
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
    child_id INTEGER,
    detail TEXT,
    request_id TEXT
) STRICT;
CREATE INDEX audit_event_child ON audit_event (child_id, at);
CREATE INDEX audit_event_actor ON audit_event (actor_id, at);

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

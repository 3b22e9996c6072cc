-- The record: teams and users, children with their identity history, the
-- append-only event ledger, the rows derived from it, and the audit log.
-- Twin of ../sqlite/0001_ledger.sql: same tables, columns and nullability.

CREATE TABLE team (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL
);

CREATE TABLE app_user (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('social_worker', 'team_manager', 'service_manager', 'iro',
        'performance_analyst', 'business_support', 'system_administrator', 'auditor')),
    team_id BIGINT REFERENCES team (id),
    manager_id BIGINT REFERENCES app_user (id),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE child (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    la_child_id TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    date_of_birth DATE,
    sex TEXT,
    ethnicity TEXT,
    upn TEXT,
    nhs_number TEXT,
    postcode TEXT,
    restricted TEXT CHECK (restricted IN ('adoption', 'staff_relative', 'high_profile')),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE child_identity_change (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    child_id BIGINT NOT NULL REFERENCES child (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_by BIGINT REFERENCES app_user (id),
    changed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX child_identity_change_child ON child_identity_change (child_id);

CREATE TABLE event (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    child_id BIGINT NOT NULL REFERENCES child (id),
    kind TEXT NOT NULL,
    on_date DATE NOT NULL,
    significant BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX event_child_date ON event (child_id, on_date);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the % is append-only', TG_ARGV[0];
END;
$$;
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION refuse_change('event ledger');
CREATE TRIGGER event_append_only_truncate BEFORE TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('event ledger');

CREATE TABLE child_summary (
    child_id BIGINT PRIMARY KEY REFERENCES child (id),
    status TEXT NOT NULL,
    legal_status TEXT,
    placement_type TEXT,
    cp_category TEXT,
    allocated_worker TEXT,
    allocated_team TEXT,
    care_leaver TEXT,
    events BIGINT NOT NULL,
    derived_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX child_summary_worker ON child_summary (allocated_worker);
CREATE INDEX child_summary_team ON child_summary (allocated_team);

CREATE TABLE episode_of_need (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    referral_date DATE NOT NULL,
    referral_source TEXT NOT NULL,
    re_referral BOOLEAN NOT NULL,
    primary_need TEXT,
    closure_date DATE,
    reason_for_closure TEXT,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX episode_of_need_referral ON episode_of_need (referral_date);

CREATE TABLE protection_plan (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    initial_category TEXT NOT NULL,
    latest_category TEXT NOT NULL,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX protection_plan_dates ON protection_plan (start_date, end_date);

CREATE TABLE care_episode (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    period BIGINT NOT NULL,
    decom DATE NOT NULL,
    dec DATE,
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
);
CREATE INDEX care_episode_dates ON care_episode (decom, dec);

CREATE TABLE obligation (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    rule TEXT NOT NULL,
    start_on TEXT NOT NULL,
    start_event BIGINT NOT NULL,
    due_date DATE NOT NULL,
    due_on TEXT NOT NULL,
    met_on TEXT,
    met_by BIGINT,
    met_late BOOLEAN NOT NULL,
    ended DATE,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX obligation_open ON obligation (due_date) WHERE met_on IS NULL AND ended IS NULL;
CREATE INDEX obligation_rule ON obligation (rule, due_date);

CREATE TABLE audit_event (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
    child_id BIGINT,
    detail TEXT,
    request_id TEXT
);
CREATE INDEX audit_event_child ON audit_event (child_id, at);
CREATE INDEX audit_event_actor ON audit_event (actor_id, at);

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change('audit log');
CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('audit log');

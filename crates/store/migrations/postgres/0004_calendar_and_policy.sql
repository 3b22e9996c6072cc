-- What an administrator puts in force: bank-holiday lists (GOV.UK's
-- bank-holidays.json, as given; the newest extends the list shipped with
-- Hearth) and local timescale policies (TOML; the newest is in force).
-- Older ones are kept, so what was in force when is known.
-- Twin of ../sqlite/0004_calendar_and_policy.sql.

CREATE TABLE bank_holiday_list (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    covers_from DATE NOT NULL,
    covers_to DATE NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES app_user (id),
    imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE timescale_policy (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    saved_by BIGINT NOT NULL REFERENCES app_user (id),
    saved_at TIMESTAMPTZ NOT NULL
);

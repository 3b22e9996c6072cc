-- What an administrator puts in force: bank-holiday lists (GOV.UK's
-- bank-holidays.json, as given; the newest extends the list shipped with
-- Hearth) and local timescale policies (TOML; the newest is in force).
-- Older ones are kept, so what was in force when is known.
-- Twin of ../postgres/0004_calendar_and_policy.sql.

CREATE TABLE bank_holiday_list (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    covers_from TEXT NOT NULL,
    covers_to TEXT NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES app_user (id),
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE timescale_policy (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    saved_by INTEGER NOT NULL REFERENCES app_user (id),
    saved_at TEXT NOT NULL
) STRICT;

-- Bank-holiday lists imported by a system administrator (GOV.UK's
-- bank-holidays.json, as given). The newest extends the list shipped with
-- Hearth; older imports are kept, so what was in force when is known.
-- Twin of ../postgres/0004_bank_holidays.sql.

CREATE TABLE bank_holiday_list (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    covers_from TEXT NOT NULL,
    covers_to TEXT NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES app_user (id),
    imported_at TEXT NOT NULL
) STRICT;

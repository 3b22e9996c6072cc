-- Bank-holiday lists imported by a system administrator (GOV.UK's
-- bank-holidays.json, as given). The newest extends the list shipped with
-- Hearth; older imports are kept, so what was in force when is known.
-- Twin of ../sqlite/0004_bank_holidays.sql.

CREATE TABLE bank_holiday_list (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    covers_from DATE NOT NULL,
    covers_to DATE NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES app_user (id),
    imported_at TIMESTAMPTZ NOT NULL
);

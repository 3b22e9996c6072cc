-- Ofsted's list of registered children's social care providers, as an
-- analyst or the command line imported it: the SSDA903 rules 219, 221,
-- 224, 227, 228, 229 and 1008 check each placement's URN against the
-- newest. Every import is kept. `body` is the list as JSON (one object a
-- provider: urn, place codes, provider codes, registration end, postcode),
-- read back whole by the returns' checks. Twin of
-- ../postgres/0019_ofsted_provider_list.sql.
CREATE TABLE ofsted_provider_list (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    -- The workbook's SHA-256, as imported.
    sha256 TEXT NOT NULL,
    providers INTEGER NOT NULL,
    -- NULL when imported from the command line.
    imported_by INTEGER REFERENCES app_user (id),
    imported_at TEXT NOT NULL
) STRICT;

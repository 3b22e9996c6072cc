-- Whether an event is significant for the chronology is a rule of the
-- domain (`EventKind::is_significant`), applied when the chronology is
-- shown, so a change to the significant set reaches every record at once.
-- A copy kept in the ledger would go stale at such a change, and nothing
-- read it. Twin of ../sqlite/0013_significance_derived.sql.
ALTER TABLE event DROP COLUMN significant;

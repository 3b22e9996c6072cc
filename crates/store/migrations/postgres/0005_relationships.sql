-- Relationships that give access: the care leaver's personal adviser
-- beside the allocated worker and the IRO, and the grants that an
-- allocation or appointment gives on a restricted record, marked with the
-- relationship that gave them so that the next allocation or appointment
-- of that kind ends them.
-- Twin of ../sqlite/0005_relationships.sql.
ALTER TABLE child_summary ADD COLUMN personal_adviser TEXT;
CREATE INDEX child_summary_iro ON child_summary (iro);
CREATE INDEX child_summary_personal_adviser ON child_summary (personal_adviser);
ALTER TABLE access_grant ADD COLUMN relationship TEXT;

-- The authority's official codes, which the statutory returns carry: the
-- DfE's three-digit LA number (the CIN census header's LEA, the first
-- three digits of the UPNs it issues) and the ONS area code (E06000002
-- and the like). Empty for an authority set up before they were kept.
-- Twin of ../postgres/0014_local_authority_codes.sql.
ALTER TABLE local_authority ADD COLUMN dfe_la_number TEXT CHECK (dfe_la_number IS NULL OR (length(dfe_la_number) = 3 AND dfe_la_number NOT GLOB '*[^0-9]*'));
ALTER TABLE local_authority ADD COLUMN ons_code TEXT CHECK (ons_code IS NULL OR length(ons_code) = 9);

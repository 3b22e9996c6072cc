-- Each social worker's Social Work England registration number ("SW" and
-- digits; checked by the domain's SweNumber before it is written), which the
-- SSDA903 return gives for every social worker episode (SW_ID). Blank for
-- users who are not registered social workers. Twin of
-- ../postgres/0015_social_work_england.sql.
ALTER TABLE app_user ADD COLUMN swe_number TEXT;

-- Every request reads the signed-in user's management line (the users
-- they manage, and theirs, down the line) to decide what they may see;
-- without an index each step of that walk read every user. Twin of
-- ../postgres/0016_management_line.sql.
CREATE INDEX app_user_manager ON app_user (manager_id);

-- One whole-authority check of the returns at a time: each reads every
-- child a return can hold (seconds of work on a county), so a second asked
-- for while one runs (an analyst's second click, another analyst, the
-- nightly run, another server) would only repeat it. One row, whose lease
-- a check takes for a few minutes and gives back when it is done; a lease
-- left by a server that stopped mid-check lapses. Twin of
-- ../postgres/0018_return_check_lease.sql.
CREATE TABLE return_check_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- Who holds the lease, and until when (microseconds since 1970).
    holder TEXT,
    lease_until INTEGER
) STRICT;
INSERT INTO return_check_lease (id) VALUES (1);

-- The local authority the database serves: its name and the population
-- its rates are per (children aged 0-17). A synthetic authority also keeps
-- how it was generated, for its calibration report. Twin of
-- ../postgres/0003_local_authority.sql.

CREATE TABLE local_authority (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    population_0_17 INTEGER NOT NULL CHECK (population_0_17 > 0),
    synthetic_profile TEXT,
    synthetic_need REAL,
    synthetic_seed INTEGER,
    synthetic_as_at TEXT
) STRICT;

-- The local authority the database serves: its name and the population
-- its rates are per (children aged 0-17). A synthetic authority also keeps
-- how it was generated, for its calibration report. Twin of
-- ../sqlite/0003_local_authority.sql.

CREATE TABLE local_authority (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    population_0_17 BIGINT NOT NULL CHECK (population_0_17 > 0),
    synthetic_profile TEXT,
    synthetic_need DOUBLE PRECISION,
    synthetic_seed BIGINT,
    synthetic_as_at DATE
);

-- 0002: randomised self-experiments (docs/design.md section 11). A trial's schedule is its
-- start night, the period length, the washout and the random order drawn for each pair, so
-- the plan for any night can be recomputed; the nights themselves stay in `nights`.

CREATE TABLE trials (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('compression', 'stretching', 'elevation')),
    start   TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    pairs   INTEGER NOT NULL CHECK (pairs BETWEEN 1 AND 16),
    nights  INTEGER NOT NULL CHECK (nights BETWEEN 1 AND 28),
    washout INTEGER NOT NULL CHECK (washout >= 0 AND washout < nights),
    -- The last night of a trial ended early (inclusive); NULL while it runs its course.
    stopped TEXT CHECK (stopped IS NULL OR stopped >= start)
) STRICT;

-- The order drawn for each pair: its on period first, or its off period first.
CREATE TABLE trial_pairs (
    trial      INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    pair       INTEGER NOT NULL CHECK (pair >= 0),
    pair_order TEXT NOT NULL CHECK (pair_order IN ('on_off', 'off_on')),
    PRIMARY KEY (trial, pair)
) STRICT;

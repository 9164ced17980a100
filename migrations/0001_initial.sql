-- 0001: the first diary schema. One row per logged night; a night without a row is
-- *missing*, never a cramp-free night. NULL always means "unknown". CHECK constraints
-- mirror the ranges of DESIGN.md sections 2 and 7 so that even a hand-edited diary stays
-- within what the reports understand.

CREATE TABLE nights (
    night                   TEXT PRIMARY KEY NOT NULL
                            CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    soreness                INTEGER CHECK (soreness BETWEEN 0 AND 10),
    soreness_side           TEXT CHECK (soreness_side IN ('left', 'right', 'both')),
    bed_time                TEXT CHECK (bed_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    up_time                 TEXT CHECK (up_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    sleep_quality           INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
    awakenings              INTEGER CHECK (awakenings BETWEEN 0 AND 20),
    cramp_awakenings        INTEGER CHECK (cramp_awakenings BETWEEN 0 AND 20),
    sleep_disturbance       INTEGER CHECK (sleep_disturbance BETWEEN 0 AND 10),
    -- 1 when the symptom checklist was answered (then a symptom not listed is a "no").
    symptoms_answered       INTEGER NOT NULL DEFAULT 0 CHECK (symptoms_answered IN (0, 1)),
    symptom_peak            TEXT CHECK (symptom_peak IN ('on_waking', 'midday', 'end_of_day', 'night', 'any_time')),
    urge_at_rest            INTEGER CHECK (urge_at_rest IN (0, 1)),
    urge_relieved_by_moving INTEGER CHECK (urge_relieved_by_moving IN (0, 1)),
    urge_worse_evening      INTEGER CHECK (urge_worse_evening IN (0, 1)),
    urge_before_sleep       INTEGER CHECK (urge_before_sleep IN (0, 1)),
    walk_pain_at_rest       INTEGER CHECK (walk_pain_at_rest IN (0, 1)),
    walk_pain_settles_10min INTEGER CHECK (walk_pain_settles_10min IN (0, 1)),
    walk_pain_site          TEXT CHECK (walk_pain_site IN ('calf', 'thigh_buttock', 'other')),
    calf_cm_left            REAL CHECK (calf_cm_left BETWEEN 15 AND 80),
    calf_cm_right           REAL CHECK (calf_cm_right BETWEEN 15 AND 80),
    standing_h              REAL CHECK (standing_h BETWEEN 0 AND 24),
    sitting_h               REAL CHECK (sitting_h BETWEEN 0 AND 24),
    exertion                TEXT CHECK (exertion IN ('none', 'light', 'usual', 'hard')),
    heat                    INTEGER CHECK (heat IN (0, 1)),
    fluids_glasses          INTEGER CHECK (fluids_glasses BETWEEN 0 AND 40),
    alcohol_units           REAL CHECK (alcohol_units BETWEEN 0 AND 50),
    caffeine_drinks         INTEGER CHECK (caffeine_drinks BETWEEN 0 AND 20),
    compression             TEXT CHECK (compression IN ('none', 'part', 'most')),
    elevation_min           INTEGER CHECK (elevation_min BETWEEN 0 AND 1440),
    stretched               INTEGER CHECK (stretched IN (0, 1)),
    note                    TEXT,
    entered_at              TEXT NOT NULL
) STRICT;

CREATE TABLE episodes (
    night       TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    time        TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
    phase       TEXT NOT NULL DEFAULT 'woke_me' CHECK (phase IN ('before_sleep', 'woke_me', 'on_waking')),
    leg         TEXT CHECK (leg IN ('left', 'right', 'both')),
    site        TEXT CHECK (site IN ('calf', 'foot', 'toes', 'shin', 'thigh', 'hamstring', 'other')),
    duration_s  INTEGER CHECK (duration_s BETWEEN 1 AND 7200),
    pain        INTEGER CHECK (pain BETWEEN 0 AND 10),
    hard        INTEGER CHECK (hard IN (0, 1)),
    relief      TEXT CHECK (relief IN ('stretch', 'walk', 'massage', 'heat', 'by_itself', 'nothing', 'other')),
    resleep_min INTEGER CHECK (resleep_min BETWEEN 0 AND 600),
    PRIMARY KEY (night, seq)
) STRICT;

CREATE TABLE symptoms (
    night    TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
    id       TEXT NOT NULL CHECK (id IN (
                 'heaviness', 'aching', 'swelling_feeling', 'throbbing', 'itching', 'burning',
                 'ankle_swelling', 'sock_marks', 'visible_veins', 'tingling', 'numbness',
                 'restless_urge', 'walking_pain', 'new_one_sided_swelling', 'calf_tender_warm_red',
                 'breathless_chest_pain', 'vein_bleeding', 'open_sore', 'hard_painful_vein',
                 'skin_change_new', 'red_hot_spreading_skin', 'rest_foot_pain', 'cold_pale_foot',
                 'new_weakness', 'twitching')),
    side     TEXT CHECK (side IN ('left', 'right', 'both')),
    severity INTEGER CHECK (severity BETWEEN 0 AND 10),
    PRIMARY KEY (night, id)
) STRICT;

CREATE TABLE profile (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE medications (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    class TEXT NOT NULL CHECK (class IN (
              'laba', 'k_sparing_diuretic', 'thiazide_diuretic', 'loop_diuretic', 'statin',
              'iv_iron', 'estrogen', 'raloxifene', 'nsaid', 'teriparatide',
              'calcium_channel_blocker', 'quinine', 'magnesium', 'other')),
    start TEXT NOT NULL,
    stop  TEXT CHECK (stop IS NULL OR stop >= start),
    dose  TEXT,
    UNIQUE (name, start)
) STRICT;

CREATE TABLE events (
    id    INTEGER PRIMARY KEY,
    date  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN (
              'compression_start', 'compression_stop', 'stretching_start', 'vein_procedure',
              'duplex_scan', 'other')),
    label TEXT,
    side  TEXT CHECK (side IN ('left', 'right', 'both'))
) STRICT;

-- Facts about the diary file itself (for example that it is a demo diary).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

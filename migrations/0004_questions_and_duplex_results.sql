-- 0004: the patient's own questions for the next appointment (`cramplog ask`), and what a
-- venous duplex scan showed (`event add D duplex_scan --result …`), docs/design.md
-- sections 12 and 13.

CREATE TABLE questions (
    id    INTEGER PRIMARY KEY,
    text  TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    asked TEXT NOT NULL CHECK (asked GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    -- The day it was marked done; NULL while it is open.
    done  TEXT CHECK (done IS NULL OR (done GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND done >= asked))
) STRICT;

-- Only a duplex scan has a result; NULL is "not recorded".
ALTER TABLE events ADD COLUMN result TEXT
    CHECK (result IS NULL OR (result IN ('reflux', 'no_reflux', 'unclear') AND kind = 'duplex_scan'));

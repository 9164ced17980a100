-- 0003: an index of the nights logged with calf stretching, so that a report finds where
-- nightly stretching began (docs/design.md section 5, self_care_nonresponse) without reading
-- the whole diary: a report's cost stays independent of the diary's length (section 8).
CREATE INDEX nights_stretched ON nights (night) WHERE stretched = 1;

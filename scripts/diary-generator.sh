# A realistic synthetic diary for the benchmarks, written with the sqlite3 shell: ~3 % of
# nights missing, ~40 % cramp nights with 1-2 episodes, symptom checklists, exposures, a note
# every tenth night. Source it, then: make_diary DB NIGHTS (needs $bin: the cramplog binary).
make_diary() { # DB NIGHTS
  CRAMPLOG_DB="$1" "$bin" log 2000-01-01 --none >/dev/null
  sqlite3 "$1" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
DELETE FROM nights;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $2)
INSERT INTO nights (night, soreness, cramp_awakenings, awakenings, sleep_disturbance,
                    symptoms_answered, standing_h, sitting_h, exertion, compression,
                    elevation_min, stretched, alcohol_units, note, entered_at)
SELECT date('2026-11-27', '-' || i || ' days'), abs(random()) % 6, abs(random()) % 2, 2,
       abs(random()) % 8, 1, abs(random()) % 9, 6, 'usual',
       CASE abs(random()) % 3 WHEN 0 THEN 'none' WHEN 1 THEN 'part' ELSE 'most' END,
       (abs(random()) % 2) * 30, abs(random()) % 2, abs(random()) % 3,
       CASE WHEN i % 10 = 0 THEN 'a note about the night, long enough to wrap in the appendix of the report' END,
       date('2026-11-27', '-' || (i - 1) || ' days') || 'T08:00:00+00:00'
FROM k WHERE abs(random()) % 100 >= 3;
INSERT INTO episodes (night, seq, time, phase, leg, site, duration_s, pain)
SELECT night, 0, '03:1' || (abs(random()) % 10), 'woke_me',
       CASE abs(random()) % 3 WHEN 0 THEN 'right' ELSE 'left' END, 'calf',
       30 + abs(random()) % 300, 4 + abs(random()) % 6
FROM nights WHERE abs(random()) % 100 < 40;
INSERT INTO episodes (night, seq, time, phase, leg, site, duration_s, pain)
SELECT night, 1, '05:0' || (abs(random()) % 10), 'woke_me', 'left', 'foot', 60, 6
FROM episodes WHERE seq = 0 AND abs(random()) % 100 < 30;
INSERT INTO symptoms (night, id, side, severity)
SELECT night, 'heaviness', 'left', 3 + abs(random()) % 6 FROM nights WHERE abs(random()) % 100 < 40;
INSERT INTO symptoms (night, id, side, severity)
SELECT night, 'ankle_swelling', 'left', NULL FROM nights WHERE abs(random()) % 100 < 25;
COMMIT;
SQL
}

#!/usr/bin/env python3
"""The report a technical user would write instead of cramplog's: a benchmark anchor.

Usage: scripts/peer_report.py DIARY.sqlite3 OUT.pdf

Reads every logged night and its cramp episodes from the diary with pandas, counts cramp
nights per week (Monday weeks, missing nights left out), takes a 4-week rolling mean, and
draws both into a one-page PDF chart with matplotlib. Versions: scripts/requirements-bench.txt.
"""

import sqlite3
import sys

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def main(db: str, out: str) -> None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    nights = pd.read_sql_query(
        "SELECT n.night, count(e.seq) AS episodes FROM nights n "
        "LEFT JOIN episodes e ON e.night = n.night GROUP BY n.night",
        con,
        parse_dates=["night"],
    )
    con.close()
    nights["cramp"] = nights["episodes"] > 0
    weekly = (
        nights.set_index("night")
        .resample("W-MON", label="left", closed="left")
        .agg(logged=("cramp", "size"), cramp_nights=("cramp", "sum"))
    )
    weekly = weekly[weekly["logged"] > 0]
    weekly["rolling"] = weekly["cramp_nights"].rolling(4, min_periods=1).mean()
    fig, ax = plt.subplots(figsize=(11.69, 8.27))
    ax.bar(weekly.index, weekly["cramp_nights"], width=6, color="#1f4e79", label="cramp nights")
    ax.plot(weekly.index, weekly["rolling"], color="#b00020", linestyle="--", label="4-week mean")
    ax.set_title("Cramp nights per week")
    ax.set_ylabel("nights")
    ax.legend()
    fig.savefig(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

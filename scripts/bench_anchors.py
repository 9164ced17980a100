#!/usr/bin/env python3
"""Benchmark anchors side by side, in one run (docs/design.md section 8, version 2).

Usage: scripts/bench_anchors.py BIN WORKDIR [PAIRS [BEFORE_BIN BEFORE_WORKDIR]]
(scripts/bench-anchors.sh prepares them)

WORKDIR holds y1/y10/y100.sqlite3 (scripts/diary-generator.sh) and insert.sql; with a
BEFORE_BIN (an older build) each report row is followed by the same row for that build on the
same diaries in its own schema, in the same run. Every
comparison runs its two commands in turn, A B A B ..., and takes the ratio pair by pair, so a
machine whose speed drifts (a shared CI box) still gives a meaningful ratio. Times are the
whole process: wall clock, and CPU (user + system) from wait4, the accounting /usr/bin/time
uses; peak memory is /usr/bin/time's maximum resident set. Prints a Markdown table.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time


def run_once(job):
    """Wall seconds, CPU seconds and peak KiB of one run (a command and its environment),
    output thrown away."""
    cmd, env = job
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(cmd, env=env, stdout=null, stderr=null, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def peak_mib(job):
    """Peak resident memory as /usr/bin/time -f %M reports it."""
    cmd, env = job
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def paired(a, b, pairs):
    """Medians of A and B and the median of the pairwise ratios A/B (wall and CPU)."""
    run_once(a)
    run_once(b)
    ra, rb = [], []
    for _ in range(pairs):
        ra.append(run_once(a))
        rb.append(run_once(b))
    med = lambda xs, k: statistics.median(x[k] for x in xs)  # noqa: E731
    ratio = lambda k: statistics.median(x[k] / y[k] for x, y in zip(ra, rb) if y[k] > 0)  # noqa: E731
    return {
        "a_wall": med(ra, 0),
        "a_cpu": med(ra, 1),
        "b_wall": med(rb, 0),
        "b_cpu": med(rb, 1),
        "wall_ratio": ratio(0),
        "cpu_ratio": ratio(1),
    }


def ms(s):
    return f"{s * 1000:,.1f} ms"


def main():
    bin_, work = sys.argv[1], sys.argv[2]
    pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    before = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else None
    base = dict(os.environ, CRAMPLOG_TODAY="2026-11-27", NO_COLOR="1", TZ="UTC",
                SOURCE_DATE_EPOCH="1790000000")
    peer = [sys.executable, os.path.join(os.path.dirname(__file__), "peer_report.py")]
    weekly_sql = (
        "SELECT strftime('%Y-%W', n.night) AS week, count(*) AS logged, "
        "sum(EXISTS (SELECT 1 FROM episodes e WHERE e.night = n.night)) AS cramp_nights "
        "FROM nights n GROUP BY week ORDER BY week;"
    )

    def diary(years, w=work):
        return f"{w}/y{years}.sqlite3"

    def job(cmd, years=None, w=work):
        env = dict(base)
        if years is not None:
            env["CRAMPLOG_DB"] = diary(years, w)
        return cmd, env

    help_text = subprocess.run([bin_, "report", "--help"], capture_output=True, text=True).stdout
    formats = ["text", "md", "json", "html", "pdf"]
    extra = [["--appendix", "nights"]] if "--appendix" in help_text else []

    print("| what | diary | cramplog median (wall / cpu) | anchor | anchor median (wall / cpu) "
          "| ratio (wall / cpu, paired) | peak RSS |")
    print("|---|---|---|---|---|---|---|")

    def row(what, years, a, anchor_name, b, n):
        r = paired(a, b, n)
        peak = peak_mib(a)
        print(f"| {what} | {years} y | {ms(r['a_wall'])} / {ms(r['a_cpu'])} | {anchor_name} | "
              f"{ms(r['b_wall'])} / {ms(r['b_cpu'])} | {r['wall_ratio']:.2f}x / "
              f"{r['cpu_ratio']:.2f}x | {peak:.1f} MiB |", flush=True)
        return r

    # `log` against the sqlite3 shell's durable insert of the same night, each on its own copy
    # of the 1-year diary: a diary only cramplog writes (the everyday case). When another
    # program has written the diary since cramplog last did, `log` first re-reads every row
    # (the soundness check of issue 17); the second row measures that case on one shared copy.
    log = [bin_, "log", "last-night", "-e", "left calf 2m 7", "--soreness", "3", "--replace"]
    for name in ("log", "insert", "shared"):
        shutil.copyfile(diary(1), f"{work}/{name}.sqlite3")

    def on(name, cmd):
        return cmd, dict(base, CRAMPLOG_DB=f"{work}/{name}.sqlite3")

    def insert(name):
        return on(name, ["sqlite3", "-cmd", ".timeout 30000", f"{work}/{name}.sqlite3",
                         f".read {work}/insert.sql"])

    row("log", 1, on("log", log), "sqlite3 insert", insert("insert"), pairs * 3)
    row("log, the shell writing the same diary in between", 1, on("shared", log),
        "sqlite3 insert", insert("shared"), pairs)

    # BENCH_YEARS="100" reruns part of a run.
    for years in [int(y) for y in os.environ.get("BENCH_YEARS", "1 10 100").split()]:
        n = pairs if years < 100 else max(3, pairs // 2)
        floor = job(["sqlite3", diary(years), weekly_sql])
        for f in formats:
            for e in [[]] + (extra if f == "pdf" else []):
                args = ["report", "--all", "--format", f, "-o", f"{work}/out.{f}", "--force", *e]
                what = " ".join(["report --all", f, *e])
                row(what, years, job([bin_, *args], years), "sqlite3 weekly query", floor, n)
                if before and not e:
                    old = job([before[0], *args], years, before[1])
                    row(what + " (before)", years, old, "sqlite3 weekly query", floor, n)
        script = job([*peer, diary(years), f"{work}/peer.pdf"])
        row("pandas + matplotlib script", years, script, "sqlite3 weekly query", floor,
            3 if years < 100 else 2)
        pdf = job([bin_, "report", "--all", "--format", "pdf", "-o", f"{work}/out.pdf", "--force"],
                  years)
        row("report --all pdf vs the script", years, pdf, "pandas + matplotlib", script,
            3 if years < 100 else 2)

    # The everyday report (default 12 weeks) of a 100-year diary against a 1-year one.
    for f in ("text", "pdf"):
        args = ["report", "--format", f, "-o", f"{work}/default.{f}", "--force"]
        row(f"default report {f}, 100-y vs 1-y diary", 100, job([bin_, *args], 100),
            "same, 1-y diary", job([bin_, *args], 1), pairs)
        if before:
            row(f"default report {f}, 100-y vs 1-y diary (before)", 100,
                job([before[0], *args], 100, before[1]), "same, 1-y diary",
                job([before[0], *args], 1, before[1]), pairs)


if __name__ == "__main__":
    main()

//! The PDF report through the real binary, checked with independent tools (poppler's
//! pdftotext/pdfinfo, qpdf): structure, text, numbers from the JSON report of the same diary,
//! page sizes, metadata, hostile notes, privacy options, the demo's report files and the
//! committed sample in `reports/sample/`.
//!
//! A test that needs a missing tool fails under `CI=true` (`.ci/run` installs them) and
//! elsewhere prints `SKIPPED: …` and returns.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::Env;

/// `SOURCE_DATE_EPOCH` of the committed sample: 2026-11-27 08:00 UTC.
const SAMPLE_EPOCH: &str = "1795766400";

#[allow(clippy::print_stderr)]
fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok();
    if !ok {
        crate::harness::tool_missing(&format!(
            "{name} is not installed (Debian: apt-get install poppler-utils qpdf)"
        ));
    }
    ok
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Whitespace collapsed to single spaces.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of each page (pdftotext separates pages with form feeds).
fn pages(pdf: &Path, layout: bool) -> Vec<String> {
    let mut args = vec![s(pdf), "-"];
    if layout {
        args.insert(0, "-layout");
    }
    let text = run("pdftotext", &args);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn pdfinfo(pdf: &Path) -> String {
    run("pdfinfo", &[s(pdf)])
}

fn info_field(info: &str, key: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("no {key} in:\n{info}"))
}

fn qpdf_check(pdf: &Path) {
    if !tool("qpdf") {
        return;
    }
    let out = Command::new("qpdf")
        .args(["--check", s(pdf)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "qpdf --check {}:\n{}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A demo diary (its own file, `--no-report`) in this environment.
fn demo(env: &Env) -> PathBuf {
    let db = env.path("demo.sqlite3");
    env.ok(&["demo", "--db", s(&db), "--no-report"]);
    db
}

fn report_pdf(env: &Env, db: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = env.path(name);
    let mut args = vec!["report", "--format", "pdf", "-o", s(&out), "--db", s(db)];
    args.extend_from_slice(extra);
    env.ok(&args);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    out
}

/// "2.8" for a JSON number printed with one decimal.
fn one(v: &serde_json::Value) -> String {
    format!("{:.1}", v.as_f64().unwrap())
}

#[test]
fn the_first_page_answers_from_the_json_numbers_and_qpdf_accepts_it() {
    let env = Env::new();
    let db = demo(&env);
    let pdf = report_pdf(&env, &db, "a4.pdf", &[]);
    let json = env.json(&["report", "--format", "json", "--db", s(&db)]);
    qpdf_check(&pdf);
    if !tool("pdftotext") {
        return;
    }
    let layout = pages(&pdf, true);
    let reading = pages(&pdf, false);
    let first = &layout[0];
    let first_flat = flat(&reading[0]);

    // Coverage line, from the JSON coverage.
    let c = &json["coverage"];
    let coverage = format!(
        "Logged {} of {} nights: {} with cramps, {} cramp-free, {} missing",
        c["logged"], c["due"], c["cramp_nights"], c["cramp_free"], c["missing"]
    );
    assert!(
        first.contains(&coverage),
        "{coverage:?} not on page 1:\n{first}"
    );

    // Key numbers: each label's line on page 1 carries this period's value.
    let sm = &json["summary"];
    let key = [
        ("Cramp nights per week", one(&sm["cramp_nights_per_week"])),
        ("Cramp episodes", sm["episodes"].to_string()),
        ("Mean pain", format!("{}/10", one(&sm["mean_pain"]))),
        ("Worst pain", format!("{}/10", sm["worst_pain"])),
        (
            "Sleep disrupted",
            format!("{} of {}", sm["sleep_disruption_nights"], sm["sleep_known"]),
        ),
    ];
    let lines: Vec<&str> = first.lines().collect();
    for (label, value) in key {
        // A label may wrap in its cell: its first words and the values share a line.
        let start: Vec<&str> = label.split_whitespace().take(3).collect();
        let start = start.join(" ");
        let at = lines
            .iter()
            .position(|l| l.contains(&start))
            .unwrap_or_else(|| panic!("{label:?} not on page 1:\n{first}"));
        let line = lines[at];
        let after = &line[line.find(&start).unwrap() + start.len()..];
        let above = at.checked_sub(1).map_or("", |i| lines[i]);
        assert!(
            after.contains(&value) || above.contains(&value),
            "{label}: expected {value:?} in {line:?}"
        );
    }

    // Urgent flags come first on page 1 (before the key numbers); the flags that were met
    // are on page 1 with their level; every flag title is in the report.
    let flags = json["flags"].as_array().unwrap();
    let how_often = first_flat.find("How often").unwrap();
    for f in flags {
        let title = f["title"].as_str().unwrap();
        let level = f["level"].as_str().unwrap();
        if level.starts_with("urgent") || level == "prompt_review" {
            // Each warning-sign night has its box, headed by its level or "Reported on".
            let at = first_flat
                .find("Warning signs: read this first")
                .expect("warning signs not on page 1");
            assert!(at < how_often, "warning signs after the key numbers");
            let box_at = first_flat
                .find("Reported on")
                .or_else(|| first_flat.find("URGENT"))
                .or_else(|| first_flat.find("SEE A DOCTOR SOON"))
                .unwrap_or_else(|| panic!("no warning box for {title:?}"));
            assert!(box_at < how_often);
        } else if level == "notable" || level == "possible" {
            let label = level.to_uppercase();
            // A long title wraps in its table cell (the numbers beside it interleave in
            // the extracted text): its level and first words are on page 1.
            let start: Vec<&str> = title.split_whitespace().take(3).collect();
            let start = format!("{label}: {}", start.join(" "));
            assert!(
                first_flat.contains(&start),
                "{start} not on page 1:\n{first_flat}"
            );
        } else if level == "insufficient_data" {
            // What is missing is named on page 1; the checks not met are counted there.
            assert!(first_flat.contains(title), "{title:?} not on page 1");
        }
        let all = reading.iter().map(|p| flat(p)).collect::<String>();
        assert!(all.contains(title), "{title:?} missing");
    }
    // Page 1 also holds the legs, the calendar, the medicines and the composite line
    // (docs/design.md section 12); events and topics are on page 2.
    for needle in [
        "Legs, side by side",
        "Which leg",
        "Night calendar",
        "Medicines: In use on",
        "Pattern flags at a glance",
        json["composite"]["line"].as_str().unwrap(),
    ] {
        assert!(first_flat.contains(needle), "{needle:?} not on page 1");
    }
    // Every association with its raw counts, and the duplex sentence.
    let all = flat(&reading.join(" "));
    for a in json["associations"].as_array().unwrap() {
        if a["sufficient"] == true {
            // A table cell wraps, and the text of the cell beside it may interleave in the
            // extracted text: the raw counts of both groups and the label are there.
            let counts = [
                format!(
                    "Cramps on {} of {}",
                    a["exposed"]["cramp_nights"], a["exposed"]["nights"]
                ),
                format!(
                    "vs {} of {}",
                    a["unexposed"]["cramp_nights"], a["unexposed"]["nights"]
                ),
            ];
            for c in counts {
                assert!(all.contains(&c), "{c:?} missing");
            }
        }
    }
    assert!(all.contains(json["statements"]["duplex"].as_str().unwrap()));
}

#[test]
fn every_page_has_the_running_header_footer_and_demo_banner() {
    let env = Env::new();
    let db = demo(&env);
    let pdf = report_pdf(&env, &db, "a4.pdf", &[]);
    if !tool("pdftotext") {
        return;
    }
    let json = env.json(&["report", "--format", "json", "--db", s(&db)]);
    let n: usize = info_field(&pdfinfo(&pdf), "Pages:").parse().unwrap();
    let pages = pages(&pdf, true);
    assert_eq!(pages.len(), n);
    assert!(n >= 5, "only {n} pages");
    let version = format!("cramplog {}", json["program_version"].as_str().unwrap());
    let zone = format!("time zone {}", json["time_zone"].as_str().unwrap());
    for (i, p) in pages.iter().enumerate() {
        for needle in [
            "DEMO DATA",
            "Self-reported, not a diagnosis",
            &format!("Page {} of {n}", i + 1),
            &version,
            &zone,
            "26 Nov 2026",
        ] {
            assert!(p.contains(needle), "page {}: no {needle:?}", i + 1);
        }
    }
    // The appendix lists every logged night; the red-flag night is marked.
    let all = pages.join("\n");
    for row in json["nights"].as_array().unwrap() {
        let night = row["night"].as_str().unwrap();
        let line = all
            .lines()
            .find(|l| {
                l.contains(night) && l.contains("none") || l.contains(night) && l.contains("/10")
            })
            .unwrap_or_else(|| panic!("night {night} not in the appendix"));
        if !row["red_flags"].as_array().unwrap().is_empty() {
            assert!(line.contains('!'), "{line}");
        }
    }
}

#[test]
fn a4_and_letter_sizes_and_metadata() {
    let env = Env::new();
    let db = demo(&env);
    let a4 = report_pdf(&env, &db, "a4.pdf", &[]);
    let letter = report_pdf(&env, &db, "letter.pdf", &["--paper", "letter"]);
    qpdf_check(&letter);
    if !tool("pdfinfo") {
        return;
    }
    let info = pdfinfo(&a4);
    assert!(
        info_field(&info, "Page size:").starts_with("595.28 x 841.89 pts"),
        "{info}"
    );
    let title = info_field(&info, "Title:");
    assert!(
        title.contains("Night-time leg cramps")
            && title.contains("2026-09-04")
            && title.contains("2026-11-26"),
        "{title}"
    );
    // Dates from report.generated (CRAMPLOG_TODAY pins it to 08:00 on that day).
    assert!(
        info_field(&info, "CreationDate:").contains("Nov 27"),
        "{info}"
    );
    let info = pdfinfo(&letter);
    assert!(
        info_field(&info, "Page size:").starts_with("612 x 792 pts"),
        "{info}"
    );
    // Every page has the paper's size.
    let n: usize = info_field(&info, "Pages:").parse().unwrap();
    let sizes = run("pdfinfo", &["-f", "1", "-l", &n.to_string(), s(&letter)]);
    assert_eq!(
        sizes
            .lines()
            .filter(|l| l.contains("size:") && l.contains("612 x 792"))
            .count(),
        n
    );
}

#[test]
fn same_diary_same_bytes() {
    let env = Env::new();
    let db = demo(&env);
    let a = std::fs::read(report_pdf(&env, &db, "a.pdf", &[])).unwrap();
    let b = std::fs::read(report_pdf(&env, &db, "b.pdf", &[])).unwrap();
    assert!(a == b, "two runs differ");
    // Without -o, the bytes go to standard output (not a terminal here).
    let out = env
        .cmd(&["report", "--format", "pdf", "--db", s(&db)])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout == a, "stdout PDF differs from the file");
    // The generated time is in the PDF: another SOURCE_DATE_EPOCH, other bytes.
    let out = env
        .cmd(&["report", "--format", "pdf", "--db", s(&db)])
        .env("SOURCE_DATE_EPOCH", "1795770000")
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(b"%PDF-") && out.stdout != a);
}

const RTL: &str = "שלום עולם مرحبا بالعالم";
const PDF_LIKE: &str = r"%PDF-1.7 (unbalanced ( paren \) back\\slash %%EOF";

/// A diary with hostile notes, one per night.
fn hostile(env: &Env) -> String {
    let long = format!("NOTESTART{}NOTEEND", "ж".repeat(10_000));
    let notes = [
        "<script>alert('x')</script> & </td></tr>".to_string(),
        long.clone(),
        RTL.to_string(),
        "emojiBEFORE🦵😣👩🏽‍⚕️emojiAFTER".to_string(),
        PDF_LIKE.to_string(),
        format!("{} end-of-wide", "Wide words ".repeat(40)),
    ];
    for (i, note) in notes.iter().enumerate() {
        let night = format!("2026-11-{:02}", 10 + i);
        env.ok(&["log", &night, "-e", "left calf 2m 7/10", "--note", note]);
    }
    for d in 1..10 {
        env.ok(&["log", &format!("2026-11-{d:02}"), "--none"]);
    }
    long
}

#[test]
fn hostile_notes_are_wrapped_inside_the_page_not_cut() {
    let env = Env::new();
    hostile(&env);
    let db = env.db();
    for paper in ["a4", "letter"] {
        let pdf = report_pdf(&env, &db, &format!("{paper}.pdf"), &["--paper", paper]);
        qpdf_check(&pdf);
        if !tool("pdftotext") {
            return;
        }
        let text = pages(&pdf, false).join("\n");
        let flat_text = flat(&text);
        assert!(
            flat_text.contains("<script>alert('x')</script> & </td></tr>"),
            "script note:\n{text}"
        );
        assert!(flat_text.contains(PDF_LIKE), "%PDF note:\n{text}");
        assert!(text.contains("emojiBEFORE") && text.contains("emojiAFTER"));
        // Right-to-left words keep all their letters (extraction may reorder them).
        for word in RTL.split(' ') {
            let rev: String = word.chars().rev().collect();
            assert!(text.contains(word) || text.contains(&rev), "{word} missing");
        }
        // The 10,000-character word is broken across lines, none of it lost.
        // (A marker may itself be broken across two lines.)
        let joined: String = text.split_whitespace().collect();
        assert!(joined.contains("NOTESTART") && joined.contains("NOTEEND"));
        assert_eq!(text.matches('ж').count(), 10_000);
        assert!(
            text.lines()
                .all(|l| l.chars().filter(|c| *c == 'ж').count() < 200)
        );
        assert!(text.contains("end-of-wide"));

        // Every word box lies inside the page's text frame.
        let bbox = run("pdftotext", &["-bbox", s(&pdf), "-"]);
        let attr = |tag: &str, name: &str| -> f64 {
            let key = format!("{name}=\"");
            let start = tag.find(&key).unwrap() + key.len();
            let end = start + tag[start..].find('"').unwrap();
            tag[start..end].parse().unwrap()
        };
        let (mut width, mut height, mut words) = (0.0, 0.0, 0);
        for tag in bbox.split('<').filter(|t| !t.starts_with('/')) {
            if tag.starts_with("page ") {
                width = attr(tag, "width");
                height = attr(tag, "height");
            } else if tag.starts_with("word ") {
                words += 1;
                let (x0, x1) = (attr(tag, "xMin"), attr(tag, "xMax"));
                let (y0, y1) = (attr(tag, "yMin"), attr(tag, "yMax"));
                let word = tag.split('>').nth(1).unwrap_or("");
                assert!(
                    x0 >= 40.0 && x1 <= width - 40.0 && y0 >= 20.0 && y1 <= height - 20.0,
                    "{paper}: word {word:?} at x {x0:.1}–{x1:.1}, y {y0:.1}–{y1:.1} leaves the {width}×{height} page frame"
                );
            }
        }
        assert!(words > 500, "{words} words");
    }
}

#[test]
fn redact_notes_and_name_only_when_given() {
    let env = Env::new();
    let long = hostile(&env);
    let db = env.db();
    let plain = report_pdf(&env, &db, "plain.pdf", &[]);
    let redacted = report_pdf(&env, &db, "redacted.pdf", &["--redact-notes"]);
    let named = report_pdf(&env, &db, "named.pdf", &["--name", "Jane Q. Example"]);
    if !tool("pdftotext") {
        return;
    }
    let text = |p: &Path| pages(p, false).join("\n");
    let (plain, redacted) = (text(&plain), text(&redacted));
    assert!(plain.contains("NOTESTART"));
    assert!(long.starts_with("NOTESTART"));
    for gone in ["NOTESTART", "ж", "<script>", "end-of-wide", "emojiBEFORE"] {
        assert!(!redacted.contains(gone), "{gone:?} survived --redact-notes");
    }
    assert!(flat(&redacted).contains("Notes are left out of this report."));
    assert!(!plain.contains("Jane"), "a name without --name");
    let named = pages(&named, false);
    for (i, p) in named.iter().enumerate() {
        assert!(p.contains("Jane Q. Example"), "page {} has no name", i + 1);
    }
}

#[test]
fn the_demo_writes_its_report_beside_the_diary_and_says_so_first() {
    let env = Env::new();
    let db = env.path("demo.sqlite3");
    let out = env.ok(&["demo", "--db", s(&db)]);
    let pdf = env.path("demo-report.pdf");
    let html = env.path("demo-report.html");
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("Demo report"), "{out}");
    let pdf_line = out.lines().position(|l| l.contains(s(&pdf))).unwrap();
    let try_line = out.lines().position(|l| l.starts_with("Try:")).unwrap();
    assert!(pdf_line < try_line, "{out}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The HTML report when this build renders HTML, else one line saying why not.
    if html.exists() {
        assert!(out.contains(s(&html)), "{out}");
    } else {
        assert_eq!(
            out.lines()
                .filter(|l| l.contains("HTML  not written"))
                .count(),
            1,
            "{out}"
        );
    }
    // Running it again overwrites the demo's own report files.
    std::fs::write(&pdf, "old").unwrap();
    env.ok(&["demo", "--db", s(&db)]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    if tool("pdftotext") {
        for (i, p) in pages(&pdf, false).iter().enumerate() {
            assert!(p.contains("DEMO DATA"), "page {} of the demo PDF", i + 1);
        }
    }

    // --out-dir: the report goes there (the folder is created); --no-report writes none.
    let dir = env.path("reports/demo");
    env.ok(&["demo", "--db", s(&db), "--out-dir", s(&dir)]);
    assert!(dir.join("demo-report.pdf").exists());
    let other = env.path("other.sqlite3");
    let out = env.ok(&["demo", "--db", s(&other), "--no-report"]);
    assert!(!out.contains("Demo report"), "{out}");
    let mut files: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with("demo-report"))
            .count(),
        usize::from(html.exists()) + 1,
        "{files:?}"
    );
    // An --out-dir that is a file is refused before anything is written there.
    let file = env.path("a-file");
    std::fs::write(&file, "x").unwrap();
    env.fails(
        &["demo", "--db", s(&db), "--out-dir", s(&file)],
        2,
        "is not a folder",
    );
}

#[test]
fn the_committed_sample_is_up_to_date() {
    let env = Env::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/sample");
    let out = env.path("out");
    let db = env.path("demo.sqlite3");
    // The same environment as scripts/regenerate-sample.sh.
    let status = env
        .cmd(&["demo", "--db", s(&db), "--out-dir", s(&out)])
        .env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(status.status.success());
    for name in ["demo-report.pdf", "demo-report.html"] {
        let fresh = std::fs::read(out.join(name)).unwrap();
        let committed = std::fs::read(sample.join(name)).unwrap_or_default();
        assert!(
            fresh == committed,
            "reports/sample/{name} is out of date with the program: run scripts/regenerate-sample.sh and commit the result"
        );
    }
}

/// Each word of page 1 with its print size (`pdftotext -bbox` gives a word's box as tall as
/// its font size).
fn page1_words(pdf: &Path) -> Vec<(f32, String)> {
    let xml = run("pdftotext", &["-f", "1", "-l", "1", "-bbox", s(pdf), "-"]);
    let attr = |w: &str, name: &str| -> f32 {
        let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        w[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<word ")
        .skip(1)
        .map(|w| {
            let text = w.split_once('>').unwrap().1.split('<').next().unwrap();
            (attr(w, "yMax") - attr(w, "yMin"), text.to_string())
        })
        .collect()
}

/// docs/design.md section 12, "Legibility in print": on page 1 of A4 and Letter nothing is
/// below 7 pt, the calendar's text is at least 7.5 pt and the tables are at least 9 pt.
#[test]
fn page_one_prints_nothing_below_seven_points_and_tables_at_nine() {
    if !tool("pdftotext") {
        return;
    }
    let env = Env::new();
    let db = demo(&env);
    for paper in ["a4", "letter"] {
        let pdf = report_pdf(&env, &db, &format!("{paper}.pdf"), &["--paper", paper]);
        let words = page1_words(&pdf);
        assert!(words.len() > 300, "{paper}: {} words", words.len());
        let small: Vec<&(f32, String)> = words.iter().filter(|(h, _)| *h < 7.0 - 1e-3).collect();
        assert!(small.is_empty(), "{paper}: below 7 pt: {small:?}");
        let size = |word: &str| {
            words
                .iter()
                .filter(|(_, w)| w == word)
                .map(|(h, _)| *h)
                .fold(f32::INFINITY, f32::min)
        };
        // The calendar's weekday labels and the episode count of a cramp cell.
        for w in ["Mon", "Sun", "3+"] {
            assert!(
                size(w) >= 7.5 - 1e-3,
                "{paper}: calendar {w:?} at {}",
                size(w)
            );
        }
        // Key numbers and the legs table.
        for w in ["Median", "Longest", "Ankle", "Which"] {
            assert!(size(w) >= 9.0 - 1e-3, "{paper}: table {w:?} at {}", size(w));
        }
    }
}

/// The patient's open questions are on page 1 of A4, beside the medicines (docs/design.md
/// section 12, "Your questions").
#[test]
fn the_patients_questions_are_on_page_one() {
    if !tool("pdftotext") {
        return;
    }
    let env = Env::new();
    let db = demo(&env);
    let dbs = db.to_str().unwrap();
    env.cmd_with_db(&db)
        .args(["ask", "Should I keep wearing the stockings at night too?"])
        .assert()
        .success();
    let pdf = report_pdf(&env, &db, "q.pdf", &[]);
    let first = flat(&pages(&pdf, false)[0]);
    assert!(first.contains("The patient's questions"), "{first}");
    assert!(first.contains("Should I keep wearing the stockings at night too?"));
    assert!(first.contains("Pattern flags at a glance"), "{dbs}");
}

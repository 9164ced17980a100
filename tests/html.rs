//! `report --format html`: one self-contained file laid out as docs/design.md section 6, every
//! user text escaped, nothing that loads anything, and a page that prints in headless
//! Chromium with "DEMO DATA" on every page of a demo diary's report.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::Env;

/// The demo diary of this environment, and its path as text.
fn demo(env: &Env) -> String {
    let db = env.path("demo.sqlite3");
    let db = db.to_str().unwrap().to_string();
    env.ok(&["demo", "--db", &db]);
    db
}

/// `report --format html` with extra arguments, written to a file and read back.
fn html(env: &Env, name: &str, args: &[&str]) -> (PathBuf, String) {
    let out = env.path(name);
    let mut all = vec!["report", "--format", "html", "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    env.ok(&all);
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

/// The same escaping the renderer promises, for looking up texts in the page.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const CHART_TITLES: [&str; 6] = [
    "Cramp nights per week",
    "Night calendar",
    "Time of night of cramp episodes",
    "Cramp duration and pain per episode",
    "Cramp episodes by leg and site",
    "Co-symptoms on cramp nights vs cramp-free nights",
];

const SECTIONS: [&str; 13] = [
    "summary",
    "urgent",
    "key-numbers",
    "glance",
    "calendar",
    "events",
    "topics",
    "details",
    "flags",
    "charts",
    "associations",
    "please-note",
    "appendix",
];

/// The coverage line as every rendering prints it, from the report JSON.
fn coverage_line(json: &serde_json::Value) -> String {
    let c = &json["coverage"];
    format!(
        "Logged {} of {} nights: {} with cramps, {} cramp-free, {} missing",
        c["logged"], c["due"], c["cramp_nights"], c["cramp_free"], c["missing"]
    )
}

#[test]
fn the_demo_report_has_every_section_chart_flag_and_the_demo_marker() {
    let env = Env::new();
    let db = demo(&env);
    let (_, page) = html(&env, "demo.html", &["--db", &db]);
    let json = env.json(&["report", "--format", "json", "--db", &db]);

    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_eq!(page.matches("<h1>").count(), 1);
    for id in SECTIONS {
        assert_eq!(
            page.matches(&format!(r#"id="{id}""#)).count(),
            1,
            "section {id}"
        );
    }
    // The urgent box comes before the key numbers, the key numbers before the calendar.
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at(r#"id="urgent""#) < at(r#"id="h-key-numbers""#));
    assert!(at(r#"id="h-key-numbers""#) < at(r#"id="chart-calendar""#));
    assert!(at(r#"id="chart-calendar""#) < at(r#"id="flags""#));
    assert!(at(r#"id="flags""#) < at(r#"id="charts""#));
    assert!(at(r#"id="associations""#) < at(r#"id="appendix""#));

    assert!(page.contains(&coverage_line(&json)), "coverage line");
    for title in CHART_TITLES {
        let svg_start = page
            .match_indices("<svg")
            .map(|(i, _)| i)
            .find(|&i| {
                page[i..]
                    .split("</svg>")
                    .next()
                    .unwrap()
                    .contains(&format!(">{title}</title>"))
            })
            .unwrap_or_else(|| panic!("no <svg> titled {title}"));
        assert!(svg_start > 0);
    }
    assert_eq!(page.matches("<svg").count(), 6);
    for f in json["flags"].as_array().unwrap() {
        let title = esc(f["title"].as_str().unwrap());
        assert!(page.contains(&title), "flag {title}");
        assert!(page.contains(&format!(r#"id="flag-{}""#, f["id"].as_str().unwrap())));
    }
    // Statistics with raw counts in the associations.
    for a in json["associations"].as_array().unwrap() {
        if a["sufficient"] != true || a["in_holm_family"] != true {
            continue;
        }
        let counts = format!(
            "Cramps on {} of {} nights {} vs {} of {} nights {}",
            a["exposed"]["cramp_nights"],
            a["exposed"]["nights"],
            esc(a["exposed_label"].as_str().unwrap()),
            a["unexposed"]["cramp_nights"],
            a["unexposed"]["nights"],
            esc(a["unexposed_label"].as_str().unwrap()),
        );
        assert!(page.contains(&counts), "{counts}");
    }
    assert!(page.contains("95% CI "));
    // Clinician notes: the duplex sentence, caveats and sources.
    assert!(
        page.contains("Only a venous duplex ultrasound scan can confirm or exclude venous reflux.")
    );
    assert!(page.contains("Edinburgh Vein Study"));
    assert!(page.contains("Hallegraeff J et al."));
    // Every logged night has a row; a warning-sign night is marked in words.
    let logged = json["coverage"]["logged"].as_u64().unwrap() as usize;
    assert_eq!(page.matches(r#"<tbody><tr"#).count(), logged);
    assert!(page.contains("Warning sign logged: new darker or harder skin"));
    // DEMO DATA: on screen, and in the running header of every printed page.
    assert!(page.contains("DEMO DATA: this report was made from example nights"));
    assert!(page.contains(r#"@top-right { content: "DEMO DATA"#));
    assert!(page.contains("<title>DEMO DATA"));
    // Semantic tables, greyscale-safe badges (words, not only colour).
    assert!(page.contains(r#"<th scope="col">"#) && page.contains(r#"<th scope="row">"#));
    assert!(page.contains(r#"<span class="badge b-notable">NOTABLE</span>"#));
    // A warning sign older than 3 nights is headed "Reported on DATE", never by its level.
    assert!(page.contains(r#"<span class="badge b-review">Reported on Sun 18 Oct 2026</span>"#));
    // Paper size.
    assert!(page.contains("size: A4;"));
    let (_, letter) = html(&env, "letter.html", &["--db", &db, "--paper", "letter"]);
    assert!(letter.contains("size: letter;") && !letter.contains("size: A4"));
}

#[test]
fn a_real_diary_has_no_demo_marker_and_the_same_input_gives_the_same_bytes() {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-25",
        "-e",
        "left calf 2m 6/10 03:10",
        "--standing",
        "6",
    ]);
    env.ok(&["log", "2026-11-26", "--none", "--note", "quiet night"]);
    let (_, a) = html(&env, "a.html", &[]);
    let (_, b) = html(&env, "b.html", &[]);
    assert_eq!(a, b, "deterministic");
    assert!(!a.contains("DEMO DATA"));
    assert!(
        !a.contains(r#"id="urgent""#),
        "no urgent box without warning signs"
    );
    // The default period starts at the diary's first logged night.
    assert!(a.contains("Logged 2 of 2 nights: 1 with cramps, 1 cramp-free, 0 missing"));
    assert!(a.contains("quiet night"));
    // HTML on standard output too.
    let out = env.ok(&["report", "--format", "html"]);
    assert_eq!(out, a);
}

/// No URL, script, image, frame, link or import: opening the page loads nothing.
fn assert_loads_nothing(page: &str, allowed_text: &[&str]) {
    let mut rest = page.to_string();
    for t in allowed_text {
        rest = rest.replace(t, "");
    }
    let lower = rest.to_lowercase();
    for bad in [
        "http://",
        "https://",
        "//www.",
        "src=",
        "href=",
        "<link",
        "<script",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "@font-face",
        "srcset",
        "<base",
        "<meta http-equiv=\"refresh",
    ] {
        assert!(!lower.contains(bad), "{bad} in the page");
    }
    let urls: Vec<&str> = lower
        .match_indices("url(")
        .map(|(i, _)| &lower[i..i + 6])
        .collect();
    assert!(
        urls.iter().all(|u| *u == "url(#c"),
        "url() to outside: {urls:?}"
    );
    assert!(
        page.contains("default-src 'none'"),
        "a Content-Security-Policy backs it up"
    );
}

#[test]
fn the_demo_report_loads_nothing() {
    let env = Env::new();
    let db = demo(&env);
    let (_, page) = html(&env, "demo.html", &["--db", &db]);
    assert_loads_nothing(&page, &[]);
}

/// A note of 10,000 characters without a space (10 kB), distinct along its length so a
/// clipped copy is noticed.
fn long_note() -> String {
    let s: String = (0..1200).map(|i| format!("{i:04}ab&<{}", i % 10)).collect();
    s[..10_000].to_string()
}

const RTL: &str = "الساق اليمنى تؤلمني כואב לי ברגל";
const EMOJI: &str = "Cramp again 😖🦵 at 3am";
const PLACEHOLDER_NOTE: &str = "{{summary}} {{css}} {{ appendix }} {{nope";

fn hostile(env: &Env) {
    let long = long_note();
    let notes = [
        ("2026-11-20", "<script>alert(1)</script>"),
        ("2026-11-21", "</body></html><p onclick=\"x()\">"),
        ("2026-11-22", "\"'& quotes &amp; ampersands"),
        ("2026-11-23", long.as_str()),
        ("2026-11-24", RTL),
        ("2026-11-25", EMOJI),
        ("2026-11-26", PLACEHOLDER_NOTE),
    ];
    for (i, (night, note)) in notes.iter().enumerate() {
        let mut args = vec!["log", night, "--note", note];
        if i % 2 == 0 {
            args.extend(["-e", "left calf 1m 5/10"]);
        } else {
            args.push("--none");
        }
        env.ok(&args);
    }
    env.ok(&[
        "med",
        "add",
        "<img src=x onerror=alert(2)>",
        "--class",
        "statin",
        "--start",
        "2026-11-01",
        "--dose",
        "\"10 mg\" & <b>bold</b>",
    ]);
    env.ok(&[
        "event",
        "add",
        "2026-11-02",
        "other",
        "--label",
        "<iframe src=//evil>",
    ]);
    env.ok(&[
        "event",
        "add",
        "2026-11-03",
        "compression_start",
        "--label",
        RTL,
    ]);
}

#[test]
fn hostile_user_text_is_escaped_isolated_and_kept_in_full() {
    let env = Env::new();
    hostile(&env);
    let name = "<script>document.write('x')</script> {{title}} مريم";
    let (_, page) = html(&env, "hostile.html", &["--name", name]);

    // Nothing of the user's becomes markup.
    assert!(!page.contains("<script"), "raw <script> in the page");
    assert!(!page.contains("<iframe"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>bold"));
    assert!(!page.contains("onclick=\""));
    assert_eq!(page.matches("</body>").count(), 1);
    assert_eq!(page.matches("</html>").count(), 1);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;/body&gt;&lt;/html&gt;&lt;p onclick=&quot;x()&quot;&gt;"));
    assert!(page.contains("&quot;&#39;&amp; quotes &amp;amp; ampersands"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(page.contains("&quot;10 mg&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(page.contains("&lt;iframe src=//evil&gt;"));
    assert!(page.contains("&lt;script&gt;document.write(&#39;x&#39;)&lt;/script&gt;"));
    // The 10 kB note, escaped, in full, and the stylesheet wraps it.
    assert!(
        page.contains(&esc(&long_note())),
        "the long note is cut or unescaped"
    );
    assert!(page.contains("overflow-wrap: anywhere"));
    // Right-to-left text is isolated; emoji survive.
    assert!(page.contains(&format!("Note: &quot;<bdi>{RTL}</bdi>&quot;")));
    assert!(
        page.contains(&format!("<bdi>{RTL}</bdi>")),
        "RTL event label isolated"
    );
    assert!(page.contains(EMOJI));
    // Template-like text is printed, never filled in.
    assert!(page.contains(PLACEHOLDER_NOTE));
    assert!(page.contains("{{title}}"));
    assert_eq!(page.matches(r#"id="summary""#).count(), 1);
    assert_eq!(page.matches("<style>").count(), 1);
    // The user's own "src=" texts are shown as text (escaped above), nothing else.
    assert_loads_nothing(
        &page,
        // (charts shorten long labels, so only the start is certain)
        &["&lt;img src=x", "&lt;iframe src=//evil"],
    );
}

#[test]
fn redacted_notes_are_left_out_of_the_html() {
    let env = Env::new();
    hostile(&env);
    let (_, page) = html(&env, "r.html", &["--redact-notes"]);
    assert!(page.contains("Notes are left out of this report."));
    assert!(!page.contains("alert(1)"));
    assert!(!page.contains(EMOJI));
}

// ---------------------------------------------------------------------------------------
// Printing in headless Chromium.

fn tool(names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| {
        Command::new(n)
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| n.to_string())
    })
}

/// Chromium and pdftotext, or `None` after saying loudly why the test is skipped.
#[allow(clippy::print_stderr)]
fn print_tools(test: &str) -> Option<(String, String)> {
    let chromium = tool(&["chromium", "chromium-browser"]);
    let pdftotext = Command::new("pdftotext")
        .arg("-v")
        .output()
        .ok()
        .map(|_| "pdftotext".to_string());
    match (chromium, pdftotext) {
        (Some(c), Some(p)) => Some((c, p)),
        (c, p) => {
            crate::harness::tool_missing(&format!(
                "{test}: needs chromium and pdftotext (Debian packages chromium, poppler-utils); found chromium: {}, pdftotext: {}",
                c.is_some(),
                p.is_some()
            ));
            None
        }
    }
}

/// Prints `html` to PDF with headless Chromium; fails on any console message (a script
/// error, or a load the page's security policy refused) or a failed print.
fn print_pdf(chromium: &str, html: &Path, dir: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    let profile = dir.join(format!(
        "chromium-profile-{}",
        html.file_stem().unwrap().to_str().unwrap()
    ));
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed:\n{stderr}");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "the page logged:\n{}",
        console.join("\n")
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "no PDF written:\n{stderr}");
    pdf
}

/// The text of each page (pdftotext separates pages with form feeds).
fn pdf_pages(pdftotext: &str, pdf: &Path) -> Vec<String> {
    let out = Command::new(pdftotext).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn the_demo_report_prints_with_demo_data_on_every_page_on_a4_and_letter() {
    let Some((chromium, pdftotext)) = print_tools("the_demo_report_prints") else {
        return;
    };
    let env = Env::new();
    let db = demo(&env);
    let json = env.json(&["report", "--format", "json", "--db", &db]);
    for paper in ["a4", "letter"] {
        let (file, _) = html(
            &env,
            &format!("demo-{paper}.html"),
            &["--db", &db, "--paper", paper],
        );
        let pdf = print_pdf(&chromium, &file, env.dir.path());
        let pages = pdf_pages(&pdftotext, &pdf);
        assert!(pages.len() >= 2, "{paper}: {} pages", pages.len());
        for (i, p) in pages.iter().enumerate() {
            assert!(
                p.contains("DEMO DATA"),
                "{paper}: page {} lacks DEMO DATA:\n{p}",
                i + 1
            );
            assert!(
                p.contains(&format!("Page {} of {}", i + 1, pages.len())),
                "{paper}: page {} number",
                i + 1
            );
        }
        // The first page answers the 60-second questions.
        let first = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            coverage_line(&json).as_str(),
            "Warning signs: read this first",
            "Key numbers",
            "Cramp nights per week",
            "Legs, side by side",
            "Night calendar",
            "Medicines",
            "Compression stockings",
            "Pattern flags at a glance",
            "NOTABLE: Frequent cramps",
            "Self-reported by the patient, not a diagnosis",
        ] {
            assert!(
                first.contains(needle),
                "{paper}: first page lacks {needle}:\n{first}"
            );
        }
        let all = pages.join(" ");
        for title in CHART_TITLES {
            assert!(all.contains(title), "{paper}: chart {title} not printed");
        }
    }
}

#[test]
fn hostile_notes_print_in_full_and_wrap() {
    let Some((chromium, pdftotext)) = print_tools("hostile_notes_print_in_full_and_wrap") else {
        return;
    };
    let env = Env::new();
    hostile(&env);
    let (file, _) = html(&env, "hostile.html", &[]);
    let pdf = print_pdf(&chromium, &file, env.dir.path());
    let pages = pdf_pages(&pdftotext, &pdf);
    assert!(pages.len() >= 2);
    // Wrapped, not clipped: the 10 kB note is on the printed pages in full. It is made of
    // numbered records ("0823ab&<3"); the running header and footer and the repeated table
    // header sit between two pages' text, so a record cut by a page break may be missed,
    // at most one per page; a clipped line or page would lose many.
    let joined: String = pages.concat().split_whitespace().collect();
    let records: Vec<String> = (0..1111).map(|i| format!("{i:04}ab&<{}", i % 10)).collect();
    let missed: Vec<&String> = records
        .iter()
        .filter(|r| !joined.contains(r.as_str()))
        .collect();
    assert!(
        missed.len() < pages.len(),
        "{} of {} records of the long note are not printed: {:?}",
        missed.len(),
        records.len(),
        &missed[..missed.len().min(20)]
    );
    assert!(
        joined.contains("<script>alert(1)</script>"),
        "shown as text"
    );
    assert!(!pages.concat().contains("DEMO DATA"));
}

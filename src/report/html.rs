//! The HTML backend: the report [`Document`] as one self-contained HTML file. Inline CSS
//! and inline SVG charts, nothing that loads anything (no fonts, scripts, images or links; a
//! Content-Security-Policy of `default-src 'none'` backs that up), and a print stylesheet
//! for A4 or Letter. It adds no wording: every sentence comes from the presenter.
//!
//! The page skeleton and the stylesheet live in `reports/report.html` and
//! `reports/report.css`, embedded at compile time. The skeleton has `{{name}}` placeholders
//! that [`fill`] replaces in a single pass over the skeleton only: text inserted for one
//! placeholder (a note that says `{{summary}}`) is never read again, so user text cannot
//! reach the filler. Every piece of text goes through [`escape`], ours included (flag texts
//! contain `<` and `≥`); user text is also isolated with `<bdi>` so right-to-left notes and
//! names cannot reorder the text around them.
//!
//! Layout: the first-page sections form the 60-second page (key numbers beside the flags
//! at a glance); the details start on the next printed page. "DEMO DATA" is in a running
//! header on every printed page.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::charts::{self, Chart};
use super::document::{Block, Document, Section, Span, Table, Tone};
use super::{Report, clean, present};
use crate::chart::Size;
use crate::pdf::Paper;

/// The page skeleton with `{{name}}` placeholders.
const TEMPLATE: &str = include_str!("../../reports/report.html");
/// The stylesheet (screen and print), inlined into the page.
const CSS: &str = include_str!("../../reports/report.css");

/// The calendar on the first page: a little lower than the default, so the first page holds
/// the 60-second summary.
const CALENDAR_SIZE: Size = Size::new(720, 224);
/// Notes longer than this (characters) may continue on the next printed page.
const LONG_NOTE: usize = 600;

/// Writes the report as one HTML document.
pub fn render(report: &Report, paper: Paper, w: &mut dyn Write) -> Result<()> {
    let html = to_html(report, paper)?;
    w.write_all(html.as_bytes())?;
    Ok(())
}

/// The whole HTML document.
pub fn to_html(r: &Report, paper: Paper) -> Result<String> {
    let doc = present::document(r);
    let title = match &doc.demo_mark {
        Some(m) => format!("{m} · {}", doc.title),
        None => doc.title.clone(),
    };
    let mut header = String::new();
    if let Some(m) = &doc.demo_mark {
        // On screen; in print the running header says it on every page.
        writeln!(
            header,
            r#"<p class="demo-banner screen-only" role="note">{}</p>"#,
            escape(m)
        )?;
    }
    writeln!(header, "<h1>{}</h1>", escape(&doc.title))?;
    blocks(&mut header, &doc, &doc.header)?;
    let (first, rest): (Vec<&Section>, Vec<&Section>) =
        doc.sections.iter().partition(|s| s.first_page);
    let mut page1 = String::new();
    let mut i = 0;
    while i < first.len() {
        // The legs and the stockings beside a short calendar and the medicines (a grid, so
        // the sections stay in document order).
        if first[i].id == "legs" && super::pdf::narrow_calendar(r) {
            writeln!(page1, r#"<div class="page1-grid">"#)?;
            section(&mut page1, &doc, first[i])?;
            i += 1;
            while let Some(s) = first
                .get(i)
                .filter(|s| matches!(s.id, "calendar" | "stockings" | "medicines" | "questions"))
            {
                section(&mut page1, &doc, s)?;
                i += 1;
            }
            writeln!(page1, "</div>")?;
            continue;
        }
        section(&mut page1, &doc, first[i])?;
        i += 1;
    }
    let mut details = String::new();
    for s in rest {
        section(&mut details, &doc, s)?;
    }
    let mut footer = String::new();
    blocks(&mut footer, &doc, &doc.footer)?;
    let values: [(&str, String); 8] = [
        ("version", escape(&r.program_version)),
        ("title", escape(&title)),
        ("css", CSS.to_string()),
        ("page_css", page_css(r, paper)),
        ("header", header),
        ("summary", page1),
        ("details", details),
        ("footer", footer),
    ];
    fill(TEMPLATE, &values)
}

fn section(h: &mut String, doc: &Document<'_>, s: &Section) -> Result<()> {
    let class = match s.id {
        "urgent" => r#" class="urgent-box" role="alert""#,
        "key-numbers" => r#" class="keynum-block""#,
        "glance" => r#" class="glance""#,
        _ => "",
    };
    writeln!(
        h,
        r#"<section id="{id}"{class} aria-labelledby="h-{id}"><h2 id="h-{id}">{}</h2>"#,
        escape(&s.title),
        id = s.id,
    )?;
    blocks(h, doc, &s.blocks)?;
    writeln!(h, "</section>")?;
    Ok(())
}

fn spans(s: &[Span]) -> String {
    s.iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            Span::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Span::User(t) => user(t),
        })
        .collect()
}

/// The class of a tone (the CSS gives each a look that survives greyscale printing).
fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::Plain => "",
        Tone::Muted => "legend",
        Tone::Strong => "strong",
        Tone::Urgent => "t-urgent",
        Tone::Review => "t-review",
        Tone::Notable => "t-notable",
        Tone::Possible => "t-possible",
    }
}

fn class_attr(t: Tone) -> String {
    match tone_class(t) {
        "" => String::new(),
        c => format!(r#" class="{c}""#),
    }
}

/// The badge class of a level, from its tone and words.
fn badge_class(tone: Tone, label: &str) -> &'static str {
    match tone {
        Tone::Urgent => "b-urgent",
        Tone::Review => "b-review",
        Tone::Notable => "b-notable",
        Tone::Possible => "b-possible",
        _ if label == "not enough data" => "b-nodata",
        _ => "b-notmet",
    }
}

/// A level badge: its words (readable in greyscale) in a styled box.
fn badge(tone: Tone, label: &str) -> String {
    format!(
        r#"<span class="badge {}">{}</span>"#,
        badge_class(tone, label),
        escape(label)
    )
}

fn blocks(h: &mut String, doc: &Document<'_>, blocks: &[Block]) -> Result<()> {
    for b in blocks {
        match b {
            Block::Para { tone, spans: s } => {
                writeln!(h, "<p{}>{}</p>", class_attr(*tone), spans(s))?
            }
            Block::KeyValues(pairs) => {
                writeln!(h, r#"<dl class="doc-meta">"#)?;
                for (k, v) in pairs {
                    writeln!(h, "<div><dt>{}</dt><dd>{}</dd></div>", escape(k), spans(v))?;
                }
                writeln!(h, "</dl>")?;
            }
            Block::List(items) => {
                writeln!(h, "<ul>")?;
                for it in items {
                    writeln!(h, "<li>{}</li>", spans(it))?;
                }
                writeln!(h, "</ul>")?;
            }
            Block::Callout {
                tone,
                id,
                label,
                title,
                body,
            } => {
                let id = id
                    .as_ref()
                    .map(|i| format!(r#" id="flag-{}""#, escape(i)))
                    .unwrap_or_default();
                let quiet = if *tone == Tone::Muted { " quiet" } else { "" };
                writeln!(h, r#"<article class="flag{quiet}"{id}>"#)?;
                writeln!(h, "<h3>{}{}</h3>", badge(*tone, label), escape(title))?;
                for (t, s) in body {
                    writeln!(h, "<p{}>{}</p>", class_attr(*t), spans(s))?;
                }
                writeln!(h, "</article>")?;
            }
            Block::Chart(c) => {
                // A short calendar at the size it prints on page 1 (its text ≥ 7.5 pt).
                let size = match c.kind {
                    Chart::Calendar if super::pdf::narrow_calendar(doc.report) => {
                        super::pdf::narrow_calendar_size(doc.report)
                    }
                    Chart::Calendar => CALENDAR_SIZE,
                    k => k.default_size(),
                };
                chart_figure(h, doc.report, c.kind, size)?;
            }
            Block::Table(t) => table(h, t)?,
        }
    }
    Ok(())
}

fn table(h: &mut String, t: &Table) -> Result<()> {
    let n = t.columns.len();
    let num = |i: usize| {
        if t.columns[i].right {
            r#" class="num""#
        } else {
            ""
        }
    };
    writeln!(
        h,
        "<table{}><thead><tr>",
        if t.dense { r#" class="appendix""# } else { "" }
    )?;
    for (i, c) in t.columns.iter().enumerate() {
        if c.title.is_empty() {
            writeln!(
                h,
                r#"<th scope="col"{}><span class="visually-hidden">—</span></th>"#,
                num(i)
            )?;
        } else {
            writeln!(h, r#"<th scope="col"{}>{}</th>"#, num(i), escape(&c.title))?;
        }
    }
    writeln!(h, "</tr></thead>")?;
    if !t.dense {
        writeln!(h, "<tbody>")?;
    }
    for r in &t.rows {
        if t.dense {
            // A night stays on one page, unless its note is too long to (then it continues).
            let long = r.under.iter().any(|(_, s)| {
                s.iter().map(|s| s.text().chars().count()).sum::<usize>() > LONG_NOTE
            });
            write!(h, "<tbody{}>", if long { r#" class="long""# } else { "" })?;
        }
        write!(h, "<tr{}>", class_attr(r.tone))?;
        for (i, c) in r.cells.iter().enumerate() {
            if i == 0 {
                write!(h, r#"<th scope="row">{}</th>"#, spans(c))?;
            } else {
                write!(h, "<td{}>{}</td>", num(i), spans(c))?;
            }
        }
        writeln!(h, "</tr>")?;
        for (tone, s) in &r.under {
            writeln!(
                h,
                r#"<tr class="under {}"><td colspan="{n}">{}</td></tr>"#,
                tone_class(*tone),
                spans(s)
            )?;
        }
        if t.dense {
            writeln!(h, "</tbody>")?;
        }
    }
    if !t.dense {
        writeln!(h, "</tbody>")?;
    }
    writeln!(h, "</table>")?;
    Ok(())
}

/// One chart as an inline SVG figure. The SVG namespace attribute is dropped (HTML puts
/// inline `<svg>` in it anyway), so the page holds no URL at all.
fn chart_figure(h: &mut String, r: &Report, which: Chart, size: Size) -> Result<()> {
    let svg = charts::svg(r, which, size)?;
    let svg = svg.replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1);
    writeln!(
        h,
        r#"<figure class="chart" id="chart-{}">{}</figure>"#,
        which.id(),
        svg.trim_end()
    )?;
    Ok(())
}

/// Escapes text for HTML element content and quoted attribute values. Control characters
/// and bidirectional overrides are replaced first (see [`clean`]), so no text can reorder
/// the page around it.
pub fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// User text (names, notes, labels, medicine names, doses): escaped and isolated, so a
/// right-to-left name cannot reorder the sentence around it.
fn user(s: &str) -> String {
    format!("<bdi>{}</bdi>", escape(s))
}

/// Replaces each `{{name}}` of `template` with its value, in one pass over the template:
/// inserted values are never scanned. An unknown or unused placeholder is an error (the
/// template and this renderer must agree).
pub fn fill(template: &str, values: &[(&str, String)]) -> Result<String> {
    let map: BTreeMap<&str, &String> = values.iter().map(|(k, v)| (*k, v)).collect();
    let mut used: Vec<&str> = Vec::new();
    let size = template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            bail!("report template: '{{{{' without '}}}}'");
        };
        let name = &after[..close];
        let Some(value) = map.get(name) else {
            bail!("report template: unknown placeholder '{name}'");
        };
        out.push_str(value);
        used.push(name);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    if let Some((k, _)) = values.iter().find(|(k, _)| !used.contains(k)) {
        bail!("report template: no placeholder for '{k}'");
    }
    Ok(out)
}

/// The `@page` rules that depend on the report: paper size, the period in the running
/// header, and "DEMO DATA" on every page of a demo diary's report (the static margins and
/// footers are in the stylesheet). Only fixed text and dates go into these CSS strings,
/// never user text.
fn page_css(r: &Report, paper: Paper) -> String {
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let mut css = format!(
        "@page {{\n  size: {size};\n  @top-left {{ content: \"cramplog report · {} – {}\"; }}\n",
        short_day(r.period.from),
        short_day(r.period.to)
    );
    if r.demo {
        css.push_str(
            "  @top-right { content: \"DEMO DATA · example nights\"; font-weight: bold; color: #b00000; }\n",
        );
    }
    css.push_str("}\n");
    css
}

/// "4 Sep 2026".
fn short_day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {

    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::analysis::Input;
    use crate::analysis::Level;
    use crate::model::Period;
    use crate::report::Meta;
    use crate::report::common::level_label;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    /// The demo diary's report (the same nights `cramplog demo` writes).
    fn demo_report(demo: bool, name: Option<&str>) -> Report {
        let d = crate::demo::demo_diary(today());
        let input = Input {
            nights: &d.nights,
            profile: &d.profile,
            medications: &d.medications,
            events: &d.events,
            period: Period {
                from: today() - Duration::days(84),
                to: today() - Duration::days(1),
            },
            today: today(),
        };
        Report::build(
            &input,
            Meta {
                generated: today()
                    .and_hms_opt(8, 0, 0)
                    .unwrap()
                    .and_utc()
                    .fixed_offset(),
                time_zone: "Europe/London".into(),
                program_version: "test".into(),
                demo,
                name: name.map(str::to_string),
                redact_notes: false,
            },
        )
    }

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        // Control characters and bidi overrides cannot reach the page.
        assert_eq!(escape("a\u{0}b\u{202E}c\nd"), "a b c d");
        assert_eq!(escape("≥ 4 h ✓ مرحبا"), "≥ 4 h ✓ مرحبا");
        assert_eq!(user("<x>"), "<bdi>&lt;x&gt;</bdi>");
    }

    #[test]
    fn fill_is_one_pass_over_the_template_only() {
        let out = fill(
            "<p>{{a}}</p><p>{{b}}</p>",
            &[("a", "{{b}}".to_string()), ("b", "B".to_string())],
        )
        .unwrap();
        assert_eq!(out, "<p>{{b}}</p><p>B</p>");
        let e = fill("{{a}} {{zz}}", &[("a", String::new())]).unwrap_err();
        assert!(e.to_string().contains("unknown placeholder 'zz'"), "{e}");
        let e = fill("{{a}}", &[("a", String::new()), ("b", String::new())]).unwrap_err();
        assert!(e.to_string().contains("no placeholder for 'b'"), "{e}");
        assert!(fill("{{a", &[]).is_err());
    }

    #[test]
    fn the_template_and_the_renderer_agree() {
        let html = to_html(&demo_report(false, None), Paper::A4).unwrap();
        assert!(!html.contains("{{"), "an unfilled placeholder");
        assert!(html.contains(CSS.trim()));
        assert!(html.contains("size: A4;"));
        let letter = to_html(&demo_report(false, None), Paper::Letter).unwrap();
        assert!(letter.contains("size: letter;"));
    }

    #[test]
    fn every_section_and_chart_is_there_in_report_order() {
        let r = demo_report(true, Some("Ada <Lovelace>"));
        let html = to_html(&r, Paper::A4).unwrap();
        let mut last = 0;
        for needle in [
            r#"<p class="demo-banner screen-only" role="note">DEMO DATA</p>"#,
            "<h1>",
            "<bdi>Ada &lt;Lovelace&gt;</bdi>",
            "Time zone",
            "Generated",
            "cramplog test, report format 2",
            &escape(&r.statements.self_reported),
            r#"id="urgent""#,
            r#"id="key-numbers""#,
            r#"id="legs""#,
            r#"id="chart-calendar""#,
            r#"id="medicines""#,
            r#"id="glance""#,
            r#"id="events""#,
            r#"id="topics""#,
            r#"id="flags""#,
            r#"id="charts""#,
            r#"id="chart-weekly""#,
            r#"id="chart-duration-pain""#,
            r#"id="chart-time-of-night""#,
            r#"id="chart-leg-site""#,
            r#"id="chart-cosymptoms""#,
            r#"id="associations""#,
            r#"id="please-note""#,
            &escape(&r.statements.duplex),
            r#"id="sources""#,
            r#"id="appendix""#,
            "DEMO DATA: this report was made from example nights.",
        ] {
            let at = html[last..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} missing or out of order"));
            last += at;
        }
        for f in &r.flags {
            assert!(html.contains(&escape(&f.title)), "{}", f.title);
        }
        // The key numbers' averages say what they are counted over.
        assert!(html.contains(&format!("{} rated for pain", r.summary.pains_known)));
        assert!(html.contains(&format!("{} episodes timed", r.summary.durations_known)));
        // The charts are inline, without the namespace URL.
        assert_eq!(html.matches("<svg ").count(), 6);
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn badges_carry_words_and_distinct_styles() {
        let levels = [
            Level::UrgentEmergency,
            Level::UrgentToday,
            Level::PromptReview,
            Level::Notable,
            Level::Possible,
            Level::NotMet,
            Level::InsufficientData,
        ];
        let mut classes = Vec::new();
        for l in levels {
            let (tone, label) = (present::level_tone(l), level_label(l));
            let b = badge(tone, label);
            assert!(b.contains(&escape(label)), "{b}");
            assert!(
                CSS.contains(&format!(".{}", badge_class(tone, label))),
                "{b}"
            );
            classes.push(badge_class(tone, label));
        }
        classes.dedup();
        assert_eq!(
            classes.len(),
            6,
            "urgent levels share a badge, the others differ"
        );
        for t in [
            Tone::Muted,
            Tone::Strong,
            Tone::Urgent,
            Tone::Review,
            Tone::Notable,
            Tone::Possible,
        ] {
            assert!(CSS.contains(&format!(".{}", tone_class(t))), "{t:?}");
        }
    }

    #[test]
    fn the_stylesheet_prints_well() {
        for rule in [
            "overflow-wrap: anywhere",
            "break-inside: avoid",
            "@media print",
            "@page",
            "counter(pages)",
            "sans-serif",
        ] {
            assert!(CSS.contains(rule), "{rule}");
        }
        // No web fonts, imports or system-ui (it may differ between machines).
        for bad in ["@import", "@font-face", "url(", "system-ui"] {
            assert!(!CSS.contains(bad), "{bad}");
        }
    }
}

use chrono::{Datelike, Duration, NaiveDate};
use resvg::usvg;

use super::canvas::{Anchor, Drawing, Fill, Font, Shape, TICK_PX, UNITS_PER_PX};
use super::*;
use super::{bars, calendar, duration, weekly};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const NASTY: &str = r#"<b>&"x"</b>"#;
const NASTY_ESCAPED: &str = "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;";

/// 12 weeks from Monday 1 Sep 2025; week 7 (13 Oct) missing, week 3 partly logged,
/// week 10 logged without cramps.
fn sample_weeks() -> Vec<WeekPoint> {
    let rows = [
        (7, 1),
        (7, 5),
        (3, 1),
        (6, 5),
        (7, 4),
        (7, 2),
        (0, 0),
        (7, 2),
        (7, 4),
        (7, 0),
        (6, 2),
        (4, 1),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, &(logged, cramp_nights))| WeekPoint {
            week_start: d(2025, 9, 1) + Duration::days(7 * i as i64),
            logged,
            cramp_nights,
        })
        .collect()
}

fn sample_markers() -> Vec<Marker> {
    vec![
        Marker {
            date: d(2025, 9, 22),
            label: "compression stockings".into(),
        },
        Marker {
            date: d(2025, 10, 6),
            label: "amlodipine started".into(),
        },
        Marker {
            date: d(2025, 10, 8),
            label: "magnesium stopped".into(),
        },
        Marker {
            date: d(2025, 11, 17),
            label: "duplex scan".into(),
        },
    ]
}

fn sample_days() -> Vec<CalendarDay> {
    (0..84)
        .map(|i| {
            let state = match i % 9 {
                _ if i >= 80 => DayState::Future,
                0 | 4 => DayState::Cramp {
                    episodes: 1 + i / 30,
                },
                5 => DayState::Missing,
                _ => DayState::CrampFree,
            };
            CalendarDay {
                warning: i == 10,
                treatment_start: i == 20,
                trial: sample_trial_mark(i),
                night: d(2025, 9, 1) + Duration::days(i64::from(i)),
                state,
            }
        })
        .collect()
}

/// Nights 42–69 of [`sample_days`]: two pairs of 7-night periods, 2 washout nights each,
/// on / off / off / on.
fn sample_trial_mark(i: u32) -> Option<TrialMark> {
    let i = i.checked_sub(42).filter(|i| *i < 28)?;
    Some(match (i / 7, i % 7) {
        (_, 0 | 1) => TrialMark::Washout,
        (0 | 3, _) => TrialMark::On,
        _ => TrialMark::Off,
    })
}

fn sample_points() -> Vec<EpisodePoint> {
    (0..40)
        .map(|i| EpisodePoint {
            night: d(2025, 9, 1) + Duration::days(i * 2),
            duration_s: (i % 7 != 3).then_some(20 + (i as u32 * 37) % 700),
            pain: (i % 9 != 5).then_some((i % 11) as u8),
        })
        .collect()
}

fn counts(labels: &[(&str, u32)]) -> Vec<Count> {
    labels
        .iter()
        .map(|&(label, count)| Count {
            label: label.into(),
            count,
        })
        .collect()
}

fn sample_cosymptoms() -> Vec<CoSymptom> {
    vec![
        CoSymptom {
            label: "heaviness".into(),
            cramp_nights_pct: Some(64.0),
            cramp_free_pct: Some(28.0),
            cramp_n: 25,
            free_n: 36,
        },
        CoSymptom {
            label: "ankle swelling".into(),
            cramp_nights_pct: Some(0.0),
            cramp_free_pct: None,
            cramp_n: 25,
            free_n: 0,
        },
    ]
}

fn sample_hours() -> [u32; 24] {
    let mut h = [0; 24];
    h[2] = 7;
    h[3] = 5;
    h[23] = 2;
    h[6] = 1;
    h
}

/// Ten years of months, 2016–2025, with a missing half-year in 2019 and more cramps in
/// winter.
fn ten_years_of_months() -> Vec<MonthPoint> {
    (0..120)
        .map(|i| {
            let month_start = d(2016 + i / 12, 1 + (i % 12) as u32, 1);
            let logged = if (40..46).contains(&i) { 0 } else { 28 };
            let winter = matches!(i % 12, 0 | 1 | 11);
            MonthPoint {
                month_start,
                logged,
                cramp_nights: if winter { logged / 2 } else { logged / 5 },
            }
        })
        .collect()
}

/// The long-diary charts: monthly trend, month of year and a ten-year calendar.
fn long_charts() -> Vec<(&'static str, String)> {
    let size = Size::default();
    let markers = [Marker {
        date: d(2020, 3, 2),
        label: "compression stockings".into(),
    }];
    let days: Vec<CalendarDay> = (0..3650)
        .map(|i| CalendarDay {
            night: d(2016, 1, 4) + Duration::days(i),
            state: if i % 3 == 0 {
                DayState::Cramp { episodes: 1 }
            } else {
                DayState::CrampFree
            },
            warning: i == 400,
            treatment_start: i == 1500,
            trial: None,
        })
        .collect();
    vec![
        (
            "monthly",
            monthly_svg(&ten_years_of_months(), &markers, size).unwrap(),
        ),
        (
            "seasons",
            month_of_year_svg(&ten_years_of_months(), size).unwrap(),
        ),
        ("calendar-10y", calendar_svg(&days, size).unwrap()),
    ]
}

/// Every chart of the sample, by name.
fn all_charts() -> Vec<(&'static str, String)> {
    let size = Size::default();
    vec![
        (
            "weekly",
            weekly_svg(&sample_weeks(), &sample_markers(), size).unwrap(),
        ),
        ("calendar", calendar_svg(&sample_days(), size).unwrap()),
        ("time", time_of_night_svg(&sample_hours(), 3, size).unwrap()),
        (
            "duration",
            duration_pain_svg(&sample_points(), size).unwrap(),
        ),
        (
            "legsite",
            leg_site_svg(
                &counts(&[("left", 12), ("right", 5), ("both", 2)]),
                &counts(&[("calf", 14), ("foot", 4), ("toes", 1)]),
                size,
            )
            .unwrap(),
        ),
        (
            "cosymptom",
            cosymptom_svg(&sample_cosymptoms(), size).unwrap(),
        ),
    ]
}

/// Attributes of every recorded shape of `tag` ("rect", "polyline", "circle") whose class
/// is `class`, under SVG attribute names (px), so the layout tests read like the SVG.
fn elements(d: &Drawing, tag: &str, class: &str) -> Vec<Vec<(String, String)>> {
    let kv = |k: &str, v: String| (k.to_string(), v);
    let fill = |f: &Fill| match f {
        Fill::None => "none".to_string(),
        Fill::Solid(c) => format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2),
        Fill::Hatch(_) => "hatch".to_string(),
    };
    d.items
        .iter()
        .filter(|i| i.class == class)
        .filter_map(|i| match (&i.shape, tag) {
            (Shape::Rect { x, y, w, h, paint }, "rect") => Some(vec![
                kv("x", x.to_string()),
                kv("y", y.to_string()),
                kv("width", w.to_string()),
                kv("height", h.to_string()),
                kv("fill", fill(&paint.fill)),
                kv(
                    "stroke",
                    paint.stroke.map_or("none".into(), |s| {
                        format!("#{:02x}{:02x}{:02x}", s.color.0, s.color.1, s.color.2)
                    }),
                ),
            ]),
            (Shape::Line { pts, .. }, "polyline") => {
                let points: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
                Some(vec![kv("points", points.join(" "))])
            }
            (Shape::Circle { x, y, r, paint }, "circle") => Some(vec![
                kv("cx", x.to_string()),
                kv("cy", y.to_string()),
                kv("r", r.to_string()),
                kv("fill", fill(&paint.fill)),
            ]),
            _ => None,
        })
        .collect()
}

/// Index of the first shape of `class` in drawing order.
fn first_of(d: &Drawing, class: &str) -> usize {
    d.items.iter().position(|i| i.class == class).unwrap()
}

fn attr(e: &[(String, String)], name: &str) -> f64 {
    e.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.parse().unwrap())
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

fn attr_str<'a>(e: &'a [(String, String)], name: &str) -> &'a str {
    e.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

/// Number of text nodes in the tree whose glyphs were resolved to outlines.
fn rendered_texts(g: &usvg::Group) -> usize {
    g.children()
        .iter()
        .map(|n| match n {
            usvg::Node::Group(g) => rendered_texts(g),
            usvg::Node::Text(t) => usize::from(!t.flattened().children().is_empty()),
            _ => 0,
        })
        .sum()
}

/// The text content of every `<text>` element, unescaped only for the tests' needs.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let start = t.find('>').unwrap() + 1;
            let end = t.find("</text>").unwrap();
            t[start..end].trim().to_string()
        })
        .collect()
}

#[test]
fn bundled_fonts_parse_and_measure_like_usvg() {
    assert!(super::font::fonts_parse());
    for (text, bold) in [
        ("Cramp nights per week", true),
        ("cramp-free nights (n=36) é", false),
    ] {
        let ours = super::font::text_width(text, 20.0, bold);
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="50"><text x="0" y="30" font-size="20" font-family="sans-serif" font-weight="{}">{text}</text></svg>"#,
            if bold { "bold" } else { "normal" }
        );
        let tree = parse_svg(&svg).unwrap();
        let bbox = tree.root().abs_bounding_box();
        let rel = (ours - bbox.width() as f64).abs() / ours;
        assert!(
            rel < 0.05,
            "{text}: measured {ours}, rendered {}",
            bbox.width()
        );
    }
}

#[test]
fn every_chart_parses_with_bundled_fonts_and_has_title_and_accessible_name() {
    for (name, svg) in all_charts() {
        let tree = parse_svg(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        // 720 px are 180 mm, 680 px at 96 dpi.
        assert!((tree.size().width() - 680.3).abs() < 0.5, "{name}");
        assert!(svg.contains(r#" width="180mm" "#), "{name}");
        assert!(svg.contains(r#" role="img" "#), "{name}");
        assert!(svg.contains("<title id=\"cl-"), "{name}: no <title>");
        assert!(svg.contains("<desc id=\"cl-"), "{name}: no <desc>");
        // Every text names the fallback list, DejaVu Sans first, then the generic family.
        let families: Vec<&str> = svg
            .split("font-family=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(!families.is_empty(), "{name}");
        assert!(
            families
                .iter()
                .all(|f| *f == "DejaVu Sans, Bitstream Vera Sans, sans-serif"),
            "{name}: {families:?}"
        );
        assert!(!svg.contains("href"), "{name}: external reference");
        assert!(
            !svg.contains("url("),
            "{name}: a pattern or other reference"
        );
    }
}

/// resvg drops text silently when no font of the database matches its family: every
/// `<text>` of every chart must come out as glyph outlines.
#[test]
fn no_text_of_any_chart_is_dropped() {
    let empty = [
        weekly_svg(&[], &[], Size::default()).unwrap(),
        month_of_year_svg(&[], Size::default()).unwrap(),
    ];
    let charts = all_charts()
        .into_iter()
        .chain(long_charts())
        .chain(empty.into_iter().map(|s| ("empty", s)));
    for (name, svg) in charts {
        let tree = parse_svg(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = texts(&svg).iter().filter(|t| !t.is_empty()).count();
        assert!(written >= 2, "{name}");
        assert_eq!(
            rendered_texts(tree.root()),
            written,
            "{name}: text not drawn"
        );
    }
    // The check itself fails for a family the database does not hold.
    let (_, svg) = &all_charts()[0];
    let foreign = svg.replace(super::font::FAMILY_LIST, "No Such Font");
    let mut opt = usvg_options();
    opt.font_family = "No Such Font".into();
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT_REGULAR.to_vec());
    opt.fontdb = std::sync::Arc::new(db);
    let tree = usvg::Tree::from_str(&foreign, &opt).unwrap();
    assert_eq!(rendered_texts(tree.root()), 0);
}

#[test]
fn long_diaries_are_monthly_dated_with_years_and_show_seasons() {
    let months = ten_years_of_months();
    let dr = weekly::monthly(&months, &[], Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    let bars = elements(&dr, "rect", "bar").len() + elements(&dr, "rect", "bar partial").len();
    assert_eq!(bars, 114, "a bar per logged month");
    assert_eq!(
        elements(&dr, "rect", "nodata").len(),
        1,
        "the missing half-year"
    );
    let t = texts(&svg);
    assert!(
        t.iter().any(|s| s == "Cramp nights per week, by month"),
        "{t:?}"
    );
    for year in 2016..=2025 {
        assert!(
            t.iter().any(|s| s == &year.to_string()),
            "no {year} on the axis: {t:?}"
        );
    }
    assert!(t.iter().any(|s| s == "month (2016–2025)"), "{t:?}");
    // The dashed 3-month average breaks at the gap.
    assert_eq!(elements(&dr, "polyline", "rolling").len(), 2);

    // A weekly chart over two years carries years in its date labels.
    let weeks: Vec<WeekPoint> = (0..60)
        .map(|i| WeekPoint {
            week_start: d(2024, 9, 2) + Duration::weeks(i),
            logged: 7,
            cramp_nights: 2,
        })
        .collect();
    let t = texts(&weekly_svg(&weeks, &[], Size::default()).unwrap());
    assert!(t.iter().any(|s| s == "2 Sep 2024"), "{t:?}");
    assert!(!t.iter().any(|s| s == "2 Sep"), "{t:?}");

    // Month of year: twelve bars, n under each, winter higher than summer.
    let dr = super::seasons::month_of_year(&months, Size::default()).unwrap();
    let bars = elements(&dr, "rect", "bar");
    assert_eq!(bars.len(), 12);
    assert!(attr(&bars[0], "height") > attr(&bars[6], "height"));
    let t = texts(&dr.to_svg().unwrap());
    assert!(t.iter().any(|s| s == "n = 252"), "{t:?}");
    assert!(t.iter().any(|s| s == "n = 280"), "{t:?}");
    // A month never logged is hatched, never a zero bar.
    let only_winter: Vec<MonthPoint> = months
        .iter()
        .filter(|m| m.month_start.month() <= 3)
        .cloned()
        .collect();
    let dr = super::seasons::month_of_year(&only_winter, Size::default()).unwrap();
    assert_eq!(elements(&dr, "rect", "bar").len(), 3);
    assert_eq!(elements(&dr, "rect", "nodata").len(), 9);
}

#[test]
fn calendar_marks_warning_nights_and_treatment_starts() {
    let dr = calendar::calendar(&sample_days(), Size::default()).unwrap();
    // One each in the grid, one each in the legend.
    assert_eq!(elements(&dr, "rect", "mark warning").len(), 2);
    assert_eq!(elements(&dr, "rect", "mark start").len(), 2);
    let t = texts(&dr.to_svg().unwrap());
    assert!(t.iter().any(|s| s == "warning sign"));
    assert!(t.iter().any(|s| s == "treatment began"));
    // Without marks, no legend entries for them.
    let plain: Vec<CalendarDay> = sample_days()
        .into_iter()
        .map(|d| CalendarDay {
            warning: false,
            treatment_start: false,
            ..d
        })
        .collect();
    let t = texts(&calendar_svg(&plain, Size::default()).unwrap());
    assert!(!t.iter().any(|s| s == "treatment began"));
}

/// Greyscale value of a `#rrggbb` fill (Rec. 601 luma).
fn luma(fill: &str) -> f64 {
    let c = |i: usize| f64::from(u8::from_str_radix(&fill[i..i + 2], 16).unwrap());
    0.299 * c(1) + 0.587 * c(3) + 0.114 * c(5)
}

#[test]
fn calendar_marks_trial_nights_on_off_and_washout() {
    let days = sample_days();
    let dr = calendar::calendar(&days, Size::default()).unwrap();
    let count = |m: TrialMark| days.iter().filter(|d| d.trial == Some(m)).count();
    let on = elements(&dr, "rect", "trial on");
    let off = elements(&dr, "rect", "trial off");
    let washout = elements(&dr, "rect", "trial washout");
    // Every schedule night in the grid, and one key each in the legend.
    assert_eq!((count(TrialMark::On), count(TrialMark::Off)), (10, 10));
    assert_eq!(on.len(), count(TrialMark::On) + 1);
    assert_eq!(off.len(), count(TrialMark::Off) + 1);
    assert_eq!(washout.len(), count(TrialMark::Washout) + 1);
    // Black, white and grey: apart in greyscale, and each outlined so it shows on white.
    let (a, b, c) = (
        luma(attr_str(&on[0], "fill")),
        luma(attr_str(&off[0], "fill")),
        luma(attr_str(&washout[0], "fill")),
    );
    assert!(
        a < 60.0 && b > 250.0 && c > a + 100.0 && b > c + 40.0,
        "{a} {b} {c}"
    );
    for band in [&on[0], &off[0], &washout[0]] {
        assert_ne!(attr_str(band, "stroke"), "none");
    }
    // Inside its night's cell, along the foot, under the episode count.
    let cells: Vec<_> = elements(&dr, "rect", "day cramp")
        .into_iter()
        .chain(elements(&dr, "rect", "day free"))
        .chain(elements(&dr, "rect", "day missing"))
        .collect();
    let num = |e: &[(String, String)], k: &str| attr_str(e, k).parse::<f64>().unwrap();
    // (The last band of each kind is its legend key.)
    let grid = |v: &Vec<Vec<(String, String)>>| v[..v.len() - 1].to_vec();
    for band in grid(&on).iter().chain(&grid(&off)).chain(&grid(&washout)) {
        let (bx, by) = (num(band, "x"), num(band, "y"));
        assert!(
            cells.iter().any(|c| {
                let (x, y, h) = (num(c, "x"), num(c, "y"), num(c, "height"));
                (bx - x).abs() < 1.0 && by > y + h / 2.0 && by < y + h
            }),
            "band at {bx},{by} is not at the foot of a cell"
        );
    }
    let t = texts(&dr.to_svg().unwrap());
    for label in [
        "self-experiment: on",
        "self-experiment: off",
        "washout (not counted)",
    ] {
        assert!(t.iter().any(|s| s == label), "legend lacks {label}");
    }
    // No trial, no trial legend.
    let plain: Vec<CalendarDay> = days
        .into_iter()
        .map(|d| CalendarDay { trial: None, ..d })
        .collect();
    let dr = calendar::calendar(&plain, Size::default()).unwrap();
    assert!(elements(&dr, "rect", "trial on").is_empty());
    assert!(
        !texts(&dr.to_svg().unwrap())
            .iter()
            .any(|s| s.starts_with("self-experiment"))
    );
}

#[test]
fn a_weekly_calendar_marks_each_week_by_most_of_its_trial_nights() {
    // 52 weeks from Monday 6 Jan 2025; a 2-pair trial from Wednesday 12 Mar (on, off, off,
    // on), so its periods straddle the weeks.
    let start = d(2025, 3, 12);
    let days: Vec<CalendarDay> = (0..364)
        .map(|i| {
            let night = d(2025, 1, 6) + Duration::days(i);
            let k = (night - start).num_days();
            let trial = if (0..28).contains(&k) {
                Some(match (k / 7, k % 7) {
                    (_, 0 | 1) => TrialMark::Washout,
                    (0 | 3, _) => TrialMark::On,
                    _ => TrialMark::Off,
                })
            } else {
                None
            };
            CalendarDay {
                warning: false,
                treatment_start: false,
                trial,
                night,
                state: DayState::CrampFree,
            }
        })
        .collect();
    let dr = calendar::calendar(&days, Size::default()).unwrap();
    let on = elements(&dr, "rect", "trial on");
    let off = elements(&dr, "rect", "trial off");
    // Weeks of 10 Mar (washout 12-13, on 14-16: on), 17 Mar (on 17-18, washout 19-20, off
    // 21-23: off), 24 Mar (off but for 2 washout nights: off), 31 Mar (off 31 Mar-1 Apr,
    // washout 2-3, on 4-6: on), 7 Apr (on 7-8: on); plus one legend key each.
    assert_eq!((on.len(), off.len()), (3 + 1, 2 + 1));
    let t = texts(&dr.to_svg().unwrap());
    assert!(
        t.iter()
            .any(|s| s == "self-experiment, most nights of the week:")
    );
}

#[test]
fn hatching_stays_inside_its_area() {
    for (x, y, w, h, gap) in [
        (10.0, 20.0, 50.0, 30.0, 6.0),
        (0.0, 0.0, 3.0, 100.0, 4.0),
        (5.5, 7.25, 200.0, 2.0, 5.0),
    ] {
        let segs = super::canvas::hatch_segments(x, y, w, h, gap);
        assert!(!segs.is_empty());
        for [(ax, ay), (bx, by)] in segs {
            for (px, py) in [(ax, ay), (bx, by)] {
                assert!(
                    px >= x - 1e-9 && px <= x + w + 1e-9 && py >= y - 1e-9 && py <= y + h + 1e-9
                );
            }
            assert!(((ax - bx) + (ay - by)).abs() < 1e-9 || ((ax - bx) - (by - ay)).abs() < 1e-9);
        }
    }
}

#[test]
fn charts_have_their_titles_and_axis_labels() {
    let charts = all_charts();
    let expect: [(&str, &[&str]); 6] = [
        (
            "weekly",
            &[
                "Cramp nights per week",
                "cramp nights per week (per 7 logged)",
                "week starting (2025); under it: cramp nights / nights logged",
                "1 Sep",
                "4-week average",
                "no data",
                "amlodipine started",
            ],
        ),
        (
            "calendar",
            &[
                "Night calendar",
                "Mon",
                "Sun",
                "Sep 2025",
                "Oct",
                "missing (not logged)",
            ],
        ),
        (
            "time",
            &[
                "Time of night of cramp episodes",
                "n = 18 episodes, 3 without a time",
                "episodes",
                "hour the episode began (local clock time, 18:00 to 17:59)",
            ],
        ),
        (
            "duration",
            &[
                "Cramp duration and pain per episode",
                "duration per episode (log scale)",
                "pain (0–10 rating)",
                "1 min",
                "10 min",
                "weekly median",
            ],
        ),
        (
            "legsite",
            &[
                "Cramp episodes by leg and site",
                "Leg",
                "Site",
                "episodes",
                "12 (63%)",
            ],
        ),
        (
            "cosymptom",
            &[
                "Co-symptoms on cramp nights vs cramp-free nights",
                "% of nights with the symptom reported for the day before",
                "64% (n=25)",
                "no data (n=0)",
                "cramp-free nights",
            ],
        ),
    ];
    for ((name, svg), (ename, wanted)) in charts.iter().zip(expect) {
        assert_eq!(*name, ename);
        let t = texts(svg);
        for w in wanted {
            assert!(
                t.iter().any(|s| s == w || s.starts_with(&format!("{w}."))),
                "{name}: no text {w:?} in {t:?}"
            );
        }
    }
}

#[test]
fn legible_font_sizes_only() {
    for (name, svg) in all_charts() {
        for part in svg.split("font-size=\"").skip(1) {
            let v: f64 = part[..part.find('"').unwrap()].parse().unwrap();
            assert!(v / UNITS_PER_PX >= 11.0, "{name}: font-size {v}");
        }
    }
}

#[test]
fn weekly_bars_skip_missing_weeks_and_average_breaks_at_the_gap() {
    let weeks = sample_weeks();
    let dr = weekly::weekly(&weeks, &sample_markers(), Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    let full = elements(&dr, "rect", "bar");
    let partial = elements(&dr, "rect", "bar partial");
    let with_data = weeks.iter().filter(|w| w.logged > 0).count();
    assert_eq!(full.len() + partial.len(), with_data);
    assert_eq!(partial.len(), 1, "one week has fewer than 4 logged nights");
    assert_ne!(attr_str(&partial[0], "fill"), attr_str(&full[0], "fill"));

    // The missing week (13 Oct) is a hatched band, and no bar stands inside it.
    let bands = elements(&dr, "rect", "nodata");
    assert_eq!(bands.len(), 1);
    let (b0, b1) = (
        attr(&bands[0], "x"),
        attr(&bands[0], "x") + attr(&bands[0], "width"),
    );
    assert_eq!(attr_str(&bands[0], "fill"), "hatch");
    for bar in full.iter().chain(&partial) {
        let x = attr(bar, "x");
        assert!(
            x + attr(bar, "width") <= b0 || x >= b1,
            "a bar inside the missing week"
        );
    }
    // The week logged without cramps is a zero-height bar (a real zero, not a gap).
    assert!(full.iter().any(|b| attr(b, "height") == 0.0));

    // The rolling average is two separate lines, neither crossing the gap.
    let lines = elements(&dr, "polyline", "rolling");
    assert_eq!(
        lines.len(),
        2,
        "rolling average must break at the missing week"
    );
    for l in &lines {
        let xs: Vec<f64> = attr_str(l, "points")
            .split(' ')
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(xs.iter().all(|&x| x < b0) || xs.iter().all(|&x| x > b1));
    }
    // Counts with denominators under the axis; "–" for the missing week.
    let t = texts(&svg);
    assert!(t.iter().any(|s| s == "1/3"));
    assert!(t.iter().any(|s| s == "–"));
    assert_eq!(t.iter().filter(|s| s.as_str() == "0/7").count(), 1);
}

#[test]
fn weekly_fills_skipped_weeks_as_missing() {
    let weeks = vec![
        WeekPoint {
            week_start: d(2025, 9, 1),
            logged: 7,
            cramp_nights: 3,
        },
        // 8 and 15 Sep absent from the input.
        WeekPoint {
            week_start: d(2025, 9, 22),
            logged: 7,
            cramp_nights: 2,
        },
    ];
    let dr = weekly::weekly(&weeks, &[], Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    assert_eq!(elements(&dr, "rect", "bar").len(), 2);
    let bands = elements(&dr, "rect", "nodata");
    assert_eq!(bands.len(), 1, "two adjacent missing weeks make one band");
    assert!(texts(&svg).iter().any(|s| s == "8 Sep"));
}

#[test]
fn marker_labels_never_overlap_and_lines_never_cross_labels() {
    let font = Font::new(TICK_PX);
    // Sparse, clustered and pathological (30 markers in 60 px) sets, labels of all
    // lengths, some at the edges.
    let mut sets: Vec<Vec<f64>> = vec![
        vec![
            60.0, 64.0, 70.0, 200.0, 205.0, 207.0, 400.0, 650.0, 690.0, 700.0, 702.0,
        ],
        vec![100.0, 300.0, 500.0],
        (0..30).map(|i| 300.0 + f64::from(i) * 2.0).collect(),
        (0..40).map(|i| 45.0 + f64::from(i) * 16.5).collect(),
    ];
    sets.push(vec![41.0, 707.0]);
    for xs in sets {
        let markers: Vec<(f64, String, String)> = xs
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                (
                    x,
                    format!("event {i} {}", "x".repeat(i % 5 * 4)),
                    format!("{i} Oct"),
                )
            })
            .collect();
        let layout = super::weekly::place_markers(&markers, 40.0, 708.0);
        let boxes: Vec<(usize, f64, f64, f64)> = layout
            .placed
            .iter()
            .map(|p| {
                let w = font.width(&p.text);
                let (a, b) = match p.anchor {
                    Anchor::End => (p.x - 3.0 - w, p.x - 3.0),
                    _ => (p.x + 3.0, p.x + 3.0 + w),
                };
                (p.row, a, b, p.x)
            })
            .collect();
        for (i, &(row, a, b, _)) in boxes.iter().enumerate() {
            assert!(
                a >= 28.0 && b <= 712.0,
                "label {i} outside the chart: {a}..{b}"
            );
            for (j, &(row2, a2, b2, x2)) in boxes.iter().enumerate() {
                if i == j {
                    continue;
                }
                if row == row2 {
                    assert!(
                        b <= a2 || a >= b2,
                        "labels {i} and {j} overlap in row {row}"
                    );
                }
                // A label's lead line runs from its row down to the plot.
                if row < row2 {
                    assert!(x2 < a || x2 > b, "line {j} crosses label {i}");
                }
            }
        }
        // Every marker is named, in a label or in the key.
        for (_, label, _) in &markers {
            let shown = layout
                .placed
                .iter()
                .any(|p| p.text.contains(label.as_str()))
                || layout.key.iter().any(|k| k.contains(label.as_str()));
            assert!(shown, "{label} not shown");
        }
        let numbered = layout
            .placed
            .iter()
            .filter(|p| p.text.starts_with('['))
            .count();
        assert_eq!(numbered, layout.key.len());
        assert!(layout.placed.iter().all(|p| p.row < 6));
    }
}

#[test]
fn calendar_cells_match_days_and_states_differ() {
    let days = sample_days();
    let dr = calendar::calendar(&days, Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    let cramp = elements(&dr, "rect", "day cramp");
    let free = elements(&dr, "rect", "day free");
    let missing = elements(&dr, "rect", "day missing");
    let future = elements(&dr, "rect", "day future");
    // Legend swatches use the same classes once each.
    let n = |s: &DayState| {
        days.iter()
            .filter(|d| std::mem::discriminant(&d.state) == std::mem::discriminant(s))
            .count()
    };
    assert_eq!(cramp.len(), n(&DayState::Cramp { episodes: 1 }));
    assert_eq!(free.len(), n(&DayState::CrampFree) + 1);
    assert_eq!(missing.len(), n(&DayState::Missing) + 1);
    assert_eq!(future.len(), n(&DayState::Future) + 1);
    assert_eq!(
        cramp.len() + free.len() + missing.len() + future.len() - 3,
        days.len()
    );
    // Missing is a pattern, cramp-free plain white with a check: different in greyscale.
    assert_eq!(attr_str(&missing[0], "fill"), "hatch");
    assert_eq!(attr_str(&free[0], "fill"), "#ffffff");
    assert_eq!(elements(&dr, "polyline", "check").len(), free.len());
    // Darker with more episodes.
    let fills: Vec<&str> = cramp.iter().map(|c| attr_str(c, "fill")).collect();
    assert!(fills.contains(&"#4a78a8") && fills.contains(&"#14375c"));
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t == "Logged 71 of 80 nights: 18 with cramps, 53 cramp-free, 9 missing.")
    );
}

#[test]
fn calendar_beyond_26_weeks_has_one_cell_per_week() {
    let days: Vec<CalendarDay> = (0..364)
        .map(|i| CalendarDay {
            warning: false,
            treatment_start: false,
            trial: None,
            night: d(2025, 1, 6) + Duration::days(i),
            state: if (35..49).contains(&i) {
                DayState::Missing
            } else if i % 3 == 0 {
                DayState::Cramp { episodes: 2 }
            } else {
                DayState::CrampFree
            },
        })
        .collect();
    let dr = calendar::calendar(&days, Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    parse_svg(&svg).unwrap();
    assert!(elements(&dr, "rect", "day cramp").is_empty());
    let logged = elements(&dr, "rect", "week logged");
    let missing = elements(&dr, "rect", "week missing");
    assert_eq!(logged.len() + missing.len(), 52);
    assert_eq!(missing.len(), 2);
    assert_eq!(attr_str(&missing[0], "fill"), "hatch");
}

#[test]
fn duration_pain_omits_missing_values() {
    let points = sample_points();
    let dr = duration::duration_pain(&points, Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    let with_dur = points.iter().filter(|p| p.duration_s.is_some()).count();
    let with_pain = points.iter().filter(|p| p.pain.is_some()).count();
    assert_eq!(elements(&dr, "circle", "episode duration").len(), with_dur);
    assert_eq!(elements(&dr, "circle", "episode pain").len(), with_pain);
    assert!(!elements(&dr, "polyline", "median duration").is_empty());
    let t = texts(&svg);
    assert!(
        t.iter()
            .any(|s| s.contains("6 without a duration, 4 without a pain rating"))
    );
}

#[test]
fn leg_site_and_cosymptom_bars() {
    let dr = bars::leg_site(
        &counts(&[("left", 12), ("right", 5)]),
        &counts(&[("calf", 14), ("foot", 0)]),
        Size::default(),
    )
    .unwrap();
    parse_svg(&dr.to_svg().unwrap()).unwrap();
    let bars = elements(&dr, "rect", "bar");
    assert_eq!(bars.len(), 4);
    let left = attr(&bars[0], "width");
    let calf = attr(&bars[2], "width");
    assert!(calf > left, "both panels share one scale");
    assert_eq!(attr(&bars[3], "width"), 0.0);

    let dr = bars::cosymptom(&sample_cosymptoms(), Size::default()).unwrap();
    parse_svg(&dr.to_svg().unwrap()).unwrap();
    let cramp = elements(&dr, "rect", "bar cramp");
    let free = elements(&dr, "rect", "bar free");
    assert_eq!(
        (cramp.len(), free.len()),
        (1, 1),
        "0% and no-data bars have no rect"
    );
    // Distinguishable without colour: solid vs hatched.
    assert_ne!(attr_str(&cramp[0], "fill"), "hatch");
    assert_eq!(attr_str(&free[0], "fill"), "hatch");
}

#[test]
fn cosymptom_grows_to_keep_rows_legible() {
    let items: Vec<CoSymptom> = (0..20)
        .map(|i| CoSymptom {
            label: format!("symptom {i}"),
            cramp_nights_pct: Some(f64::from(i) * 5.0),
            cramp_free_pct: Some(f64::NAN),
            cramp_n: 20,
            free_n: 30,
        })
        .collect();
    let dr = bars::cosymptom(&items, Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    let tree = parse_svg(&svg).unwrap();
    assert!(tree.size().height() > 600.0);
}

#[test]
fn user_text_is_escaped() {
    let size = Size::default();
    let svgs = [
        weekly_svg(
            &sample_weeks(),
            &[Marker {
                date: d(2025, 9, 10),
                label: NASTY.into(),
            }],
            size,
        )
        .unwrap(),
        leg_site_svg(&counts(&[(NASTY, 3)]), &counts(&[(NASTY, 2)]), size).unwrap(),
        cosymptom_svg(
            &[CoSymptom {
                label: NASTY.into(),
                cramp_nights_pct: Some(10.0),
                cramp_free_pct: Some(20.0),
                cramp_n: 10,
                free_n: 10,
            }],
            size,
        )
        .unwrap(),
    ];
    for svg in &svgs {
        parse_svg(svg).unwrap();
        assert!(svg.contains(NASTY_ESCAPED), "{svg}");
        assert!(!svg.contains("<b>"));
    }
    // Control characters (invalid in XML) do not break the document either.
    let dr = bars::leg_site(&counts(&[("a\u{1}b\u{0}", 1)]), &[], size).unwrap();
    let svg = dr.to_svg().unwrap();
    parse_svg(&svg).unwrap();
}

#[test]
fn output_is_deterministic() {
    let a = all_charts();
    let b = all_charts();
    assert_eq!(a, b);
    let png1 = svg_to_png(&a[0].1, 1.0).unwrap();
    let png2 = svg_to_png(&b[0].1, 1.0).unwrap();
    assert_eq!(png1, png2);
}

#[test]
fn png_is_png_and_renders_text() {
    let svg = time_of_night_svg(&sample_hours(), 0, Size::default()).unwrap();
    let png = svg_to_png(&svg, 1.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height from the IHDR chunk.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    // 180 mm × 75 mm at 96 dpi.
    assert_eq!((w, h), (680, 283));
    let doubled = svg_to_png(&svg, 2.0).unwrap();
    assert_eq!(
        u32::from_be_bytes(doubled[16..20].try_into().unwrap()),
        1360
    );

    let title = ">\nTime of night of cramp episodes\n</text>";
    assert!(svg.contains(title));
    let untitled = svg.replacen(title, ">\n</text>", 1);
    assert_ne!(
        png,
        svg_to_png(&untitled, 1.0).unwrap(),
        "title text not rendered"
    );

    assert!(svg_to_png(&svg, 0.0).is_err());
    assert!(svg_to_png(&svg, f32::NAN).is_err());
    assert!(svg_to_png("not svg", 1.0).is_err());
}

#[test]
fn empty_inputs_give_a_no_data_chart() {
    let size = Size::default();
    let svgs = [
        weekly_svg(&[], &sample_markers(), size).unwrap(),
        calendar_svg(&[], size).unwrap(),
        time_of_night_svg(&[0; 24], 0, size).unwrap(),
        duration_pain_svg(&[], size).unwrap(),
        leg_site_svg(&[], &[], size).unwrap(),
        cosymptom_svg(&[], size).unwrap(),
    ];
    for svg in &svgs {
        parse_svg(svg).unwrap();
        assert!(texts(svg).iter().any(|t| t == "No data in this period"));
    }
}

#[test]
fn bad_sizes_are_errors_not_panics() {
    for size in [
        Size::new(0, 0),
        Size::new(100, 300),
        Size::new(720, 10),
        Size::new(100_000, 300),
    ] {
        assert!(weekly_svg(&sample_weeks(), &[], size).is_err());
        assert!(calendar_svg(&sample_days(), size).is_err());
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    // A small deterministic generator; inputs include inconsistent counts, unsorted and
    // duplicate dates, huge values and sizes at the limits.
    let mut seed: u64 = 7;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n.max(1)
    };
    for round in 0..60 {
        let size = Size::new(320 + next(1200) as u32, 160 + next(500) as u32);
        let base = d(2020, 1, 1) + Duration::days(next(3000) as i64);
        let weeks: Vec<WeekPoint> = (0..next(40))
            .map(|_| WeekPoint {
                week_start: base + Duration::days(next(400) as i64),
                logged: next(12) as u32,
                cramp_nights: next(12) as u32,
            })
            .collect();
        let markers: Vec<Marker> = (0..next(12))
            .map(|i| Marker {
                date: base + Duration::days(next(400) as i64),
                label: "m".repeat(i as usize * 7 + 1),
            })
            .collect();
        let days: Vec<CalendarDay> = (0..next(900))
            .map(|_| CalendarDay {
                warning: false,
                treatment_start: false,
                trial: None,
                night: base + Duration::days(next(900) as i64),
                state: match next(4) {
                    0 => DayState::Cramp {
                        episodes: next(200) as u32,
                    },
                    1 => DayState::CrampFree,
                    2 => DayState::Missing,
                    _ => DayState::Future,
                },
            })
            .collect();
        let points: Vec<EpisodePoint> = (0..next(50))
            .map(|_| EpisodePoint {
                night: base + Duration::days(next(300) as i64),
                duration_s: (next(3) > 0).then(|| next(100_000) as u32),
                pain: (next(3) > 0).then(|| next(255) as u8),
            })
            .collect();
        let mut hours = [0u32; 24];
        for h in hours.iter_mut() {
            *h = next(3) as u32 * next(50) as u32;
        }
        let cos: Vec<CoSymptom> = (0..next(8))
            .map(|_| CoSymptom {
                label: "s".into(),
                cramp_nights_pct: (next(3) > 0).then(|| next(300) as f64 - 100.0),
                cramp_free_pct: Some(f64::INFINITY),
                cramp_n: next(100) as u32,
                free_n: 0,
            })
            .collect();
        for svg in [
            weekly_svg(&weeks, &markers, size).unwrap(),
            calendar_svg(&days, size).unwrap(),
            time_of_night_svg(&hours, next(5) as u32, size).unwrap(),
            duration_pain_svg(&points, size).unwrap(),
            leg_site_svg(&counts(&[("left", next(1000) as u32)]), &[], size).unwrap(),
            cosymptom_svg(&cos, size).unwrap(),
        ] {
            // Well-formed XML every time; the full usvg parse (slow in debug builds: text
            // shaping) every tenth round.
            usvg::roxmltree::Document::parse(&svg).unwrap();
            if round % 10 == 0 {
                parse_svg(&svg).unwrap();
            }
        }
    }
}

#[test]
fn charts_embed_in_a_pdf_with_krilla() {
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};
    let mut doc = krilla::Document::new();
    for (name, svg) in all_charts() {
        let tree = parse_svg(&svg).unwrap();
        let (w, h) = (tree.size().width(), tree.size().height());
        let mut page = doc.start_page_with(PageSettings::from_wh(w, h).unwrap());
        let mut surface = page.surface();
        surface
            .draw_svg(
                &tree,
                krilla::geom::Size::from_wh(w, h).unwrap(),
                SvgSettings::default(),
            )
            .unwrap_or_else(|| panic!("{name}: krilla-svg refused the tree"));
        surface.finish();
        page.finish();
    }
    let pdf = doc.finish().unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Text is embedded as text (a font), not only outlines.
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("DejaVuSans"), "no embedded DejaVu font");
}

/// Markers weeks apart keep labels of their own: in the demo diary 18 Sep and 9 Oct were
/// grouped under one "[1]" and the 9 Oct line had no label, because the 28 Oct label had
/// been laid across the 9 Oct line.
#[test]
fn markers_weeks_apart_are_never_grouped() {
    let m = |x: f64, l: &str, d: &str| (x, l.to_string(), d.to_string());
    // The demo's weekly chart: 13 weeks on a 720-wide chart (about 7.5 px a day).
    let markers = vec![
        m(165.4, "Magnesium citrate started", "18 Sep"),
        m(322.6, "Bendroflumethiazide started", "9 Oct"),
        m(
            464.8,
            "GP visit: advised compression stockings, referred to the vein clinic",
            "28 Oct",
        ),
        m(479.8, "class 1 knee-high stockings", "30 Oct"),
    ];
    let layout = super::weekly::place_markers(&markers, 26.9, 708.0);
    assert_eq!(layout.placed.len(), 4, "one label per marker");
    for (x, label, date) in &markers {
        let p = layout
            .placed
            .iter()
            .find(|p| (p.x - x).abs() < 0.01)
            .unwrap_or_else(|| panic!("no label on the line of {label}"));
        // A label too long for the chart is shortened and numbered, in full in the key.
        let shown = match p.text.strip_prefix('[') {
            Some(rest) => {
                let (n, text) = rest.split_once("] ").unwrap();
                assert!(
                    layout.key.contains(&format!("[{n}] {date} {label}")),
                    "{:?}",
                    layout.key
                );
                text
            }
            None => p.text.as_str(),
        };
        assert!(
            label.starts_with(shown.trim_end_matches('…')),
            "{label} labelled {:?}",
            p.text
        );
    }
    assert_eq!(
        layout.key.len(),
        1,
        "only the long label is keyed: {:?}",
        layout.key
    );
    // Through the chart itself: every marker date gets its own lead line and label.
    let weeks: Vec<WeekPoint> = (0..13)
        .map(|i| WeekPoint {
            week_start: NaiveDate::from_ymd_opt(2026, 8, 31).unwrap() + Duration::weeks(i),
            logged: 7,
            cramp_nights: 3,
        })
        .collect();
    let chart_markers: Vec<Marker> = markers
        .iter()
        .zip([(9, 18), (10, 9), (10, 28), (10, 30)])
        .map(|((_, label, _), (mo, d))| Marker {
            date: NaiveDate::from_ymd_opt(2026, mo, d).unwrap(),
            label: label.clone(),
        })
        .collect();
    let dr = weekly::weekly(&weeks, &chart_markers, Size::default()).unwrap();
    let svg = dr.to_svg().unwrap();
    assert_eq!(elements(&dr, "polyline", "marker-lead").len(), 4);
    let t = texts(&svg);
    for l in [
        "Magnesium citrate started",
        "Bendroflumethiazide started",
        "class 1 knee-high stockings",
    ] {
        assert!(t.iter().any(|x| x == l), "{l} not on the chart: {t:?}");
    }
    assert!(
        t.iter().any(|x| x
            == "[1] 28 Oct GP visit: advised compression stockings, referred to the vein clinic"),
        "{t:?}"
    );
}

/// Markers only share a label when their lines are a few pixels apart.
#[test]
fn only_markers_a_few_pixels_apart_share_a_label() {
    // Ten markers 25 px apart with long labels: a staircase or numbers, never groups.
    let markers: Vec<(f64, String, String)> = (0..10)
        .map(|i| {
            (
                100.0 + f64::from(i) * 25.0,
                format!("event number {i} with a longish label"),
                format!("{} Oct", i + 1),
            )
        })
        .collect();
    let layout = super::weekly::place_markers(&markers, 40.0, 708.0);
    assert_eq!(layout.placed.len(), 10, "one label per marker line");
    for entry in &layout.key {
        assert_eq!(entry.matches("event number").count(), 1, "grouped: {entry}");
    }
    // Two markers 3 px apart (the same day at a 10-year scale) do share one.
    let close = vec![
        (300.0, "a".to_string(), "1 Oct".to_string()),
        (303.0, "b".to_string(), "2 Oct".to_string()),
    ];
    let layout = super::weekly::place_markers(&close, 40.0, 708.0);
    assert_eq!(layout.placed.len(), 1);
}

/// A long calendar asked for at a low height grows rather than squeezing its year rows
/// below the height of their labels.
#[test]
fn calendar_year_rows_stay_legible_at_a_low_height() {
    let days: Vec<CalendarDay> = (0..3650)
        .map(|i| CalendarDay {
            warning: false,
            treatment_start: false,
            trial: None,
            night: d(2016, 11, 29) + Duration::days(i),
            state: if i % 3 == 0 {
                DayState::Cramp { episodes: 1 }
            } else {
                DayState::CrampFree
            },
        })
        .collect();
    let dr = calendar::calendar(&days, Size::new(720, 224)).unwrap();
    parse_svg(&dr.to_svg().unwrap()).unwrap();
    let ys: Vec<f64> = dr
        .items
        .iter()
        .filter_map(|i| match &i.shape {
            &Shape::Text { y, ref text, .. } if text.len() == 4 && text.starts_with("20") => {
                Some(y)
            }
            _ => None,
        })
        .collect();
    assert_eq!(ys.len(), 11, "a row per year: {ys:?}");
    for pair in ys.windows(2) {
        assert!(pair[1] - pair[0] >= 12.0, "year rows {pair:?} overlap");
    }
}

/// Dots go over the weekly median line while days are wide (a dot at the median stays
/// visible), and under it over long periods (where they are a dense cloud).
#[test]
fn duration_chart_layers_dots_and_median_line_by_density() {
    let short = duration::duration_pain(&sample_points(), Size::default()).unwrap();
    assert!(first_of(&short, "median pain") < first_of(&short, "episode pain"));
    let long: Vec<EpisodePoint> = (0..1500)
        .map(|i| EpisodePoint {
            night: d(2020, 1, 1) + Duration::days(i),
            duration_s: Some(30 + (i as u32 * 7) % 200),
            pain: Some((i % 10) as u8),
        })
        .collect();
    let long = duration::duration_pain(&long, Size::default()).unwrap();
    assert!(first_of(&long, "episode pain") < first_of(&long, "median pain"));
}

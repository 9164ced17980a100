//! Duration and pain per episode over time: two stacked panels on one date axis.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::canvas::{
    AXIS, Anchor, BLUE, Canvas, DateLogPlot, DatePlot, Drawing, Font, GRID, Key, LABEL_PX, MARGIN,
    MUTED, ORANGE, Paint, Rgb, Stroke, TICK_PX, WHITE, date_label, date_ticks, days, empty_chart,
    legend, monday_of, num, year_span,
};
use plotters::coord::combinators::IntoLogRange as _;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedDate;

use super::canvas::Plot;
use super::{EpisodePoint, Size, check_size};

const TITLE: &str = "Cramp duration and pain per episode";
const ID: &str = "cl-duration";
const REFERENCE: Stroke = Stroke::new(Rgb(0x66, 0x66, 0x66), 1.2).dash(4.0, 3.0);

/// Duration ticks in seconds with their labels, most important first: ticks are taken in
/// this order while they keep clear of the ones already taken.
const DURATION_TICKS: [(u32, &str); 13] = [
    (60, "1 min"),
    (600, "10 min"),
    (10, "10 s"),
    (3600, "1 h"),
    (30, "30 s"),
    (300, "5 min"),
    (120, "2 min"),
    (1800, "30 min"),
    (1, "1 s"),
    (5, "5 s"),
    (1200, "20 min"),
    (15, "15 s"),
    (7200, "2 h"),
];

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// One panel's data: values per night (input order) and weekly medians.
struct Series {
    by_night: BTreeMap<NaiveDate, Vec<f64>>,
    count: usize,
}

impl Series {
    fn new(points: impl Iterator<Item = (NaiveDate, f64)>) -> Series {
        let mut by_night: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
        let mut count = 0;
        for (d, v) in points {
            by_night.entry(d).or_default().push(v);
            count += 1;
        }
        Series { by_night, count }
    }
    fn medians(&self, bin: Bin) -> BTreeMap<NaiveDate, f64> {
        let mut weeks: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
        for (d, vs) in &self.by_night {
            weeks.entry(bin.start(*d)).or_default().extend(vs);
        }
        weeks
            .into_iter()
            .filter_map(|(w, mut vs)| median(&mut vs).map(|m| (w, m)))
            .collect()
    }
}

/// The median line's bins and the grid: over half a year, weekly medians and a line every
/// Monday would be a grey wash; months read.
#[derive(Clone, Copy, PartialEq)]
enum Bin {
    Week,
    Month,
}

impl Bin {
    fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bin::Week => monday_of(d),
            Bin::Month => d.with_day(1).unwrap_or(d),
        }
    }
    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bin::Week => d + Duration::days(7),
            Bin::Month => d
                .checked_add_months(Months::new(1))
                .unwrap_or(d + Duration::days(31)),
        }
    }
    fn median_label(self) -> &'static str {
        match self {
            Bin::Week => "weekly median",
            Bin::Month => "monthly median",
        }
    }
}

/// Geometry of one panel.
struct Panel {
    top: f64,
    bottom: f64,
}

/// Two stacked panels sharing the date axis: duration of each episode (log scale, with a
/// 10-minute reference line) and its pain rating (0–10), each with a weekly median line
/// that breaks at weeks without values. Episodes without a value are left out of that
/// panel (counted in the note).
pub fn duration_pain_svg(points: &[EpisodePoint], size: Size) -> anyhow::Result<String> {
    duration_pain(points, size)?.to_svg()
}

pub(crate) fn duration_pain(points: &[EpisodePoint], size: Size) -> anyhow::Result<Drawing> {
    check_size(size)?;
    let (first, last) = match (
        points.iter().map(|p| p.night).min(),
        points.iter().map(|p| p.night).max(),
    ) {
        (Some(f), Some(l)) => (f, l),
        _ => return Ok(empty_chart(ID, TITLE, size)),
    };
    if (last - first).num_days() > 366 * 60 {
        anyhow::bail!(
            "duration chart from {first} to {last} spans more than 60 years; choose a shorter period"
        );
    }
    let dur = Series::new(
        points
            .iter()
            .filter_map(|p| p.duration_s.map(|d| (p.night, f64::from(d.max(1))))),
    );
    let pain = Series::new(
        points
            .iter()
            .filter_map(|p| p.pain.map(|v| (p.night, f64::from(v.min(10))))),
    );
    let no_dur = points.len() - dur.count;
    let no_pain = points.len() - pain.count;
    let note = format!(
        "n = {} {}; {no_dur} without a duration, {no_pain} without a pain rating.",
        points.len(),
        if points.len() == 1 {
            "episode"
        } else {
            "episodes"
        },
    );
    let bin = if (last - first).num_days() > 26 * 7 {
        Bin::Month
    } else {
        Bin::Week
    };
    let mut svg = Canvas::new(ID, size);
    let top = svg.heading(TITLE, &note);
    let items = [
        (Key::Dot(BLUE), "one episode".to_string()),
        (
            Key::Line(Stroke::new(ORANGE, 2.5)),
            bin.median_label().to_string(),
        ),
        (Key::Line(REFERENCE), "10 minutes".to_string()),
    ];
    let legend_w = svg.w - 2.0 * MARGIN;
    let after_legend = legend(&mut svg, MARGIN, top - 2.0, legend_w, &items, true);

    // Duration domain on a log scale, always including 10 minutes.
    let min_s = dur
        .by_night
        .values()
        .flatten()
        .copied()
        .fold(f64::MAX, f64::min)
        .min(600.0);
    let max_s = dur
        .by_night
        .values()
        .flatten()
        .copied()
        .fold(600.0, f64::max);
    let (lo, hi) = (min_s / 1.3, max_s * 1.3);

    // Layout.
    let tick = Font::new(TICK_PX);
    let y_label_w = DURATION_TICKS
        .iter()
        .map(|t| tick.width(t.1))
        .fold(0.0, f64::max);
    let min_ph = 90.0;
    let left = MARGIN + y_label_w + 8.0;
    let right = svg.w - MARGIN;
    let title_h = 18.0;
    let gap = 8.0;
    let below = 18.0 + 18.0 + MARGIN;
    let panels_top = after_legend + 4.0;
    // The duration panel gets the larger share: a log axis needs the resolution.
    let mut both = svg.h - panels_top - below - 2.0 * title_h - gap;
    if both < 2.0 * min_ph {
        both = 2.0 * min_ph;
        svg.h = panels_top + 2.0 * title_h + both + gap + below;
    }
    let p1 = Panel {
        top: panels_top + title_h,
        bottom: panels_top + title_h + both * 0.55,
    };
    let p2 = Panel {
        top: p1.bottom + gap + title_h,
        bottom: p1.bottom + gap + title_h + both * 0.45,
    };
    let start = monday_of(first);
    let end = monday_of(last) + Duration::days(7);
    let dates = days(start, end);
    // Grid lines (and date labels) every Monday, month or year, by the period's length.
    let years = (last - first).num_days() > 3 * 366;
    let multi_year = first.year() != last.year();
    let (grid, grid_word): (Vec<NaiveDate>, &str) = match bin {
        Bin::Week => (
            (0..)
                .map(|i| start + Duration::days(7 * i))
                .take_while(|d| *d < end)
                .collect(),
            "Mondays",
        ),
        Bin::Month => {
            let mut d = Bin::Month.next(Bin::Month.start(start));
            let mut out = vec![start];
            while d < end {
                if !years || d.month() == 1 {
                    out.push(d);
                }
                d = Bin::Month.next(d);
            }
            (
                out,
                if years {
                    "1 January"
                } else {
                    "the 1st of each month"
                },
            )
        }
    };
    let label = |d: NaiveDate| match (bin, years) {
        (Bin::Week, _) => date_label(d, multi_year),
        (Bin::Month, true) => d.year().to_string(),
        (Bin::Month, false) if multi_year => d.format("%b %Y").to_string(),
        (Bin::Month, false) => d.format("%b").to_string(),
    };
    // The first grid line of a long period is the (partial) first month or year: no label.
    let labelled: Vec<NaiveDate> = match bin {
        Bin::Week => grid.clone(),
        Bin::Month => grid.iter().skip(1).copied().collect(),
    };

    // Duration panel.
    let inset = 6.0;
    let plot1 = DateLogPlot::new(
        dates.clone(),
        (lo..hi).log_scale(),
        (left, right),
        (p1.bottom - inset, p1.top + inset),
    );
    let y1 = |s: f64| plot1.y(&s);
    svg.text(
        MARGIN,
        p1.top - 6.0,
        Font::new(LABEL_PX),
        "duration per episode (log scale)",
    );
    frame(&mut svg, &plot1, &grid, left, right, &p1);
    let mut ticks: Vec<(u32, &str)> = Vec::new();
    for (t, label) in DURATION_TICKS {
        let yy = y1(f64::from(t));
        let in_panel = yy >= p1.top + 4.0 && yy <= p1.bottom - 4.0;
        if in_panel
            && ticks
                .iter()
                .all(|(o, _)| (y1(f64::from(*o)) - yy).abs() >= 13.0)
        {
            ticks.push((t, label));
        }
    }
    for (s, label) in &ticks {
        let yy = y1(f64::from(*s));
        svg.line("line", left, yy, right, yy, Stroke::new(GRID, 1.0));
        svg.text(left - 5.0, yy + 4.0, tick.anchor(Anchor::End), label);
    }
    let y10 = y1(600.0);
    svg.line("line", left, y10, right, y10, REFERENCE);
    // While days are wide, dots go over the median line (a dot at the median stays
    // visible); over long periods the dots are a dense cloud and the line goes on top.
    let line_on_top = plot1.day_w() < 2.0;
    layer(
        &mut svg,
        &plot1,
        &dur,
        (line_on_top, bin),
        ("episode duration", "median duration"),
    );
    if dur.count == 0 {
        no_values(&mut svg, left, right, &p1, "no durations recorded");
    }

    // Pain panel.
    let plot2 = DatePlot::new(
        dates,
        0.0..10.0,
        (left, right),
        (p2.bottom - inset, p2.top + inset),
    );
    let y2 = |v: f64| plot2.y(&v);
    svg.text(
        MARGIN,
        p2.top - 6.0,
        Font::new(LABEL_PX),
        "pain (0–10 rating)",
    );
    frame(&mut svg, &plot2, &grid, left, right, &p2);
    let pain_step = if (p2.bottom - p2.top - 2.0 * inset) / 5.0 >= 12.0 {
        2.0
    } else {
        5.0
    };
    for v in (0..=(10.0 / pain_step) as u32).map(|i| f64::from(i) * pain_step) {
        let yy = y2(v);
        svg.line("line", left, yy, right, yy, Stroke::new(GRID, 1.0));
        svg.text(left - 5.0, yy + 4.0, tick.anchor(Anchor::End), &num(v));
    }
    layer(
        &mut svg,
        &plot2,
        &pain,
        (line_on_top, bin),
        ("episode pain", "median pain"),
    );
    if pain.count == 0 {
        no_values(&mut svg, left, right, &p2, "no pain ratings recorded");
    }

    // Shared date axis.
    date_ticks(&mut svg, &plot2, &labelled, p2.bottom, &label);
    svg.text(
        (left + right) / 2.0,
        p2.bottom + 34.0,
        Font::new(LABEL_PX).anchor(Anchor::Middle),
        &format!(
            "night ({}; grid lines on {grid_word})",
            year_span(first, last)
        ),
    );
    Ok(svg.finish(TITLE, &note))
}

/// A panel's dots and weekly median line, in the order that keeps both readable.
fn layer<Y: Ranged<ValueType = f64>>(
    svg: &mut Canvas,
    scale: &Plot<RangedDate<NaiveDate>, Y>,
    s: &Series,
    (line_on_top, bin): (bool, Bin),
    (dots_class, line_class): (&'static str, &'static str),
) {
    if line_on_top {
        dots(svg, scale, s, dots_class);
        median_line(svg, scale, s, bin, line_class);
    } else {
        median_line(svg, scale, s, bin, line_class);
        dots(svg, scale, s, dots_class);
    }
}

/// Panel border and vertical week lines.
fn frame<Y: Ranged>(
    svg: &mut Canvas,
    scale: &Plot<RangedDate<NaiveDate>, Y>,
    mondays: &[NaiveDate],
    left: f64,
    right: f64,
    p: &Panel,
) {
    for d in mondays.iter().skip(1) {
        let x = scale.x(d);
        svg.line("line", x, p.top, x, p.bottom, Stroke::new(GRID, 1.0));
    }
    svg.rect(
        "panel",
        left,
        p.top,
        right - left,
        p.bottom - p.top,
        Paint::outline(AXIS, 1.0),
    );
}

fn no_values(svg: &mut Canvas, left: f64, right: f64, p: &Panel, text: &str) {
    svg.text(
        (left + right) / 2.0,
        (p.top + p.bottom) / 2.0 + 4.0,
        Font::new(LABEL_PX).fill(MUTED).anchor(Anchor::Middle),
        text,
    );
}

/// One dot per value at its night, spread sideways when a night has several.
fn dots<Y: Ranged<ValueType = f64>>(
    svg: &mut Canvas,
    scale: &Plot<RangedDate<NaiveDate>, Y>,
    s: &Series,
    class: &'static str,
) {
    let day_w = scale.day_w();
    // Smaller dots where days are narrower than a dot: a cloud, not a solid band.
    let r = if day_w < 1.5 { 2.2 } else { 3.2 };
    for (night, vs) in &s.by_night {
        let k = vs.len() as f64;
        let step = (day_w * 0.9 / k).clamp(0.0, 4.0);
        let cx = scale.x_mid(*night);
        for (i, v) in vs.iter().enumerate() {
            let x = cx + (i as f64 - (k - 1.0) / 2.0) * step;
            svg.circle(
                class,
                x,
                scale.y(v),
                r,
                Paint::fill(BLUE).stroke(WHITE, r / 4.0),
            );
        }
    }
}

/// Weekly medians at mid-week, joined only between consecutive weeks.
fn median_line<Y: Ranged<ValueType = f64>>(
    svg: &mut Canvas,
    scale: &Plot<RangedDate<NaiveDate>, Y>,
    s: &Series,
    bin: Bin,
    class: &'static str,
) {
    let medians = s.medians(bin);
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut prev: Option<NaiveDate> = None;
    for (week, m) in medians {
        let pt = (
            (scale.x(&week) + scale.x(&bin.next(week))) / 2.0,
            scale.y(&m),
        );
        match (prev, runs.last_mut()) {
            (Some(p), Some(run)) if bin.next(p) == week => run.push(pt),
            _ => runs.push(vec![pt]),
        }
        prev = Some(week);
    }
    for run in runs {
        if run.len() == 1 {
            // A lone bin: a short horizontal tick so the median is still visible.
            let (x, yy) = run[0];
            let days = match bin {
                Bin::Week => 2.0,
                Bin::Month => 9.0,
            };
            let half = scale.day_w() * days;
            svg.line(class, x - half, yy, x + half, yy, Stroke::new(ORANGE, 2.5));
        } else {
            svg.polyline("median-halo", &run, Stroke::new(WHITE, 4.5));
            svg.polyline(class, &run, Stroke::new(ORANGE, 2.5));
        }
    }
}

//! Cramp nights per 7 logged nights, by week (or by month over long periods), with a
//! rolling average and event markers.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::canvas::{
    AXIS, Anchor, BLUE, BLUE_LIGHT, Canvas, DatePlot, Drawing, Font, HATCH, Key, LABEL_PX, MARGIN,
    MUTED, ORANGE, Paint, Stroke, TICK_PX, WHITE, date_label, days, empty_chart, legend, num,
    y_grid, y_labels_width, year_span,
};
use super::{Marker, MonthPoint, Size, WeekPoint, check_size};

const TITLE: &str = "Cramp nights per week";
const TITLE_MONTHLY: &str = "Cramp nights per week, by month";
const ID: &str = "cl-weekly";
/// Weeks with fewer logged nights than this are drawn lighter (months: the same share).
const PARTIAL_BELOW: u32 = 4;
const MARKER_STROKE: Stroke = Stroke::new(MUTED, 1.2).dash(5.0, 3.0);
/// The rolling average: dashed, on a white halo so it reads over the bars.
const AVERAGE: Stroke = Stroke::new(ORANGE, 2.5).dash(7.0, 3.5);
const AVERAGE_HALO: Stroke = Stroke::new(WHITE, 5.0);

/// Weekly or monthly bins.
#[derive(Clone, Copy, PartialEq)]
enum Bins {
    Weeks,
    Months,
}

impl Bins {
    fn title(self) -> &'static str {
        match self {
            Bins::Weeks => TITLE,
            Bins::Months => TITLE_MONTHLY,
        }
    }
    /// Bins pooled into the rolling average.
    fn window(self) -> usize {
        match self {
            Bins::Weeks => 4,
            Bins::Months => 3,
        }
    }
    fn average_label(self) -> &'static str {
        match self {
            Bins::Weeks => "4-week average",
            Bins::Months => "3-month average",
        }
    }
    fn word(self, n: usize) -> &'static str {
        match (self, n) {
            (Bins::Weeks, 1) => "week",
            (Bins::Weeks, _) => "weeks",
            (Bins::Months, 1) => "month",
            (Bins::Months, _) => "months",
        }
    }
    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bins::Weeks => d + Duration::days(7),
            Bins::Months => d
                .checked_add_months(Months::new(1))
                .unwrap_or(d + Duration::days(31)),
        }
    }
}

#[derive(Clone, Copy)]
struct Slot {
    start: NaiveDate,
    /// Nights in the bin (7 for a week).
    nights: u32,
    logged: u32,
    cramp: u32,
}

impl Slot {
    fn has_data(&self) -> bool {
        self.logged > 0
    }
    /// Cramp nights per 7 logged nights (0..=7).
    fn rate(&self) -> f64 {
        (f64::from(self.cramp.min(self.logged)) * 7.0 / f64::from(self.logged.max(1))).min(7.0)
    }
    /// Fewer than 4 of 7 nights logged (weeks), or the same share of a month.
    fn partial(&self) -> bool {
        self.logged * 7 < PARTIAL_BELOW * self.nights.max(1)
    }
}

/// Bins sorted by start, duplicates merged, and gaps of whole bins filled with missing ones.
fn slots(rows: &[(NaiveDate, u32, u32, u32)], bins: Bins) -> anyhow::Result<Vec<Slot>> {
    let mut by_start: BTreeMap<NaiveDate, (u32, u32, u32)> = BTreeMap::new();
    for &(start, nights, logged, cramp) in rows {
        let e = by_start.entry(start).or_default();
        e.0 = e.0.max(nights);
        e.1 = e.1.saturating_add(logged);
        e.2 = e.2.saturating_add(cramp);
    }
    let (first, last) = match (by_start.keys().next(), by_start.keys().next_back()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return Ok(Vec::new()),
    };
    // More bars than this would be thinner than a line (and the loop below unbounded).
    let max_days = match bins {
        Bins::Weeks => 7 * 1100,
        Bins::Months => 31 * 1100,
    };
    if (last - first).num_days() > max_days {
        anyhow::bail!(
            "trend chart from {first} to {last} spans more than 1100 {}; choose a shorter period",
            bins.word(2)
        );
    }
    let mut out: Vec<Slot> = Vec::new();
    for (start, (nights, logged, cramp)) in by_start {
        if let Some(prev) = out.last().map(|s| s.start) {
            let mut gap = bins.next(prev);
            while gap < start && bins.next(gap) <= start {
                let nights = u32::try_from((bins.next(gap) - gap).num_days()).unwrap_or(7);
                out.push(Slot {
                    start: gap,
                    nights,
                    logged: 0,
                    cramp: 0,
                });
                gap = bins.next(gap);
            }
        }
        out.push(Slot {
            start,
            nights: nights.max(logged),
            logged,
            cramp,
        });
    }
    Ok(out)
}

/// The rolling average at each bin with data: cramp nights per 7 logged nights pooled over
/// that bin and the ones before it in the window, skipping missing bins, when at least two
/// of them have data. `None` at missing bins, so the line breaks there.
fn rolling(slots: &[Slot], window: usize) -> Vec<Option<f64>> {
    (0..slots.len())
        .map(|i| {
            if !slots[i].has_data() {
                return None;
            }
            let window: Vec<&Slot> = slots[(i + 1).saturating_sub(window)..=i]
                .iter()
                .filter(|s| s.has_data())
                .collect();
            if window.len() < 2 {
                return None;
            }
            let cramp: u32 = window.iter().map(|s| s.cramp.min(s.logged)).sum();
            let logged: u32 = window.iter().map(|s| s.logged).sum();
            Some((f64::from(cramp) * 7.0 / f64::from(logged)).min(7.0))
        })
        .collect()
}

/// A marker label placed in a row above the plot, attached to the marker line at `x`.
pub(super) struct Placed {
    pub(super) x: f64,
    pub(super) row: usize,
    pub(super) text: String,
    pub(super) anchor: Anchor,
}

/// Where marker labels go: the labels (each on the line of its group's first marker) and
/// the key for labels shown as numbers.
pub(super) struct MarkerLayout {
    pub(super) placed: Vec<Placed>,
    pub(super) key: Vec<String>,
}

/// One attempt at placing groups of markers; `None` if some label fits nowhere.
fn try_place(
    groups: &[Vec<&(f64, String, String)>],
    left: f64,
    right: f64,
) -> Option<MarkerLayout> {
    const MAX_ROWS: usize = 3;
    const MAX_ROWS_NUMBERED: usize = 6;
    const PAD: f64 = 8.0;
    const MAX_LABEL_W: f64 = 200.0;
    let font = Font::new(TICK_PX);
    // Per row: label intervals, and x of marker lines passing through the row.
    let mut labels: Vec<Vec<(f64, f64)>> = vec![Vec::new(); MAX_ROWS_NUMBERED];
    let mut lines: Vec<Vec<f64>> = vec![Vec::new(); MAX_ROWS_NUMBERED];
    let spans = |x: f64, text: &str| -> [(f64, f64, Anchor); 2] {
        let w = font.width(text);
        [
            (x - 1.0, x + 3.0 + w, Anchor::Start),
            (x - 3.0 - w, x + 1.0, Anchor::End),
        ]
    };
    // A spot is free when its label overlaps no label of its row, no lead line passes
    // through it, and its own lead line crosses no label below it. Among free spots, the
    // first that covers no marker still waiting for its label is preferred: a label in row
    // k across another marker's line leaves that marker only the rows below k (none at all
    // for row 0), which used to force markers weeks apart into one numbered group. Full
    // labels take only such spots (else they become numbers); numbers may take any.
    let find = |labels: &[Vec<(f64, f64)>],
                lines: &[Vec<f64>],
                waiting: &[f64],
                x: f64,
                text: &str,
                rows: usize,
                strict_only: bool| {
        let free = |row: usize, a: f64, b: f64| {
            a >= left - MARGIN + 2.0
                && b <= right + 2.0
                && labels[row]
                    .iter()
                    .all(|&(l, r)| b + PAD <= l || a >= r + PAD)
                && lines[row].iter().all(|&lx| lx < a - 3.0 || lx > b + 3.0)
                && (0..row).all(|r| labels[r].iter().all(|&(l, rr)| x < l - 3.0 || x > rr + 3.0))
        };
        let clear = |a: f64, b: f64| waiting.iter().all(|&wx| wx < a - 3.0 || wx > b + 3.0);
        let search = |strict: bool| {
            (0..rows).find_map(|row| {
                spans(x, text).into_iter().find_map(|(a, b, anchor)| {
                    (free(row, a, b) && (!strict || clear(a, b))).then_some((row, a, b, anchor))
                })
            })
        };
        search(true).or_else(|| if strict_only { None } else { search(false) })
    };
    let mut placed: Vec<Placed> = Vec::new();
    let take = |placed: &mut Vec<Placed>,
                labels: &mut Vec<Vec<(f64, f64)>>,
                lines: &mut Vec<Vec<f64>>,
                x: f64,
                spot: (usize, f64, f64, Anchor),
                text: String| {
        let (row, a, b, anchor) = spot;
        labels[row].push((a, b));
        for r in lines.iter_mut().take(row) {
            r.push(x);
        }
        placed.push(Placed {
            x,
            row,
            text,
            anchor,
        });
    };
    // Marker lines of the groups whose labels are not placed yet.
    let mut done = vec![false; groups.len()];
    let waiting = |done: &[bool], me: usize| -> Vec<f64> {
        groups
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != me && !done[*j])
            .flat_map(|(_, g)| g.iter().map(|m| m.0))
            .collect()
    };
    // Full labels, right to left, each in the lowest free row: close markers become a
    // staircase whose lines never cross a label. A single label too long for the chart is
    // shortened and numbered ("[2] GP visit: advised…"), its full text in the key.
    const PLACEHOLDER: &str = "[00] ";
    let mut numbered = Vec::new();
    let mut shortened: Vec<(usize, usize)> = Vec::new(); // (group, index in `placed`)
    for (i, g) in groups.iter().enumerate().rev() {
        let x = g[0].0;
        let joined: Vec<&str> = g.iter().map(|m| m.1.as_str()).collect();
        let mut text = font.fit(&joined.join("; "), MAX_LABEL_W);
        let cut = text.ends_with('…');
        if cut && g.len() == 1 {
            let room = MAX_LABEL_W - font.width(PLACEHOLDER);
            text = format!("{PLACEHOLDER}{}", font.fit(&joined.join("; "), room));
        }
        match find(
            &labels,
            &lines,
            &waiting(&done, i),
            x,
            &text,
            MAX_ROWS,
            true,
        ) {
            Some(spot) if g.len() == 1 || !cut => {
                if cut {
                    shortened.push((i, placed.len()));
                }
                take(&mut placed, &mut labels, &mut lines, x, spot, text);
                done[i] = true;
            }
            _ => numbered.push(i),
        }
    }
    // Numbers in date order, for the shortened labels and for the groups still without a
    // place (placed now as "[n]"), with the dates and full labels in the key.
    let mut keyed: Vec<usize> = numbered
        .iter()
        .copied()
        .chain(shortened.iter().map(|s| s.0))
        .collect();
    keyed.sort_unstable();
    let mut key = Vec::new();
    for (k, &i) in keyed.iter().enumerate() {
        let g = &groups[i];
        let n = k + 1;
        let entries: Vec<String> = g.iter().map(|m| format!("{} {}", m.2, m.1)).collect();
        key.push(format!("[{n}] {}", entries.join("; ")));
        if let Some(&(_, at)) = shortened.iter().find(|s| s.0 == i) {
            let p = &mut placed[at];
            p.text = format!("[{n}] {}", &p.text[PLACEHOLDER.len()..]);
            continue;
        }
        let x = g[0].0;
        let text = format!("[{n}]");
        let spot = find(
            &labels,
            &lines,
            &waiting(&done, i),
            x,
            &text,
            MAX_ROWS_NUMBERED,
            false,
        )?;
        take(&mut placed, &mut labels, &mut lines, x, spot, text);
        done[i] = true;
    }
    Some(MarkerLayout { placed, key })
}

/// Places marker labels (`(x, label, date text)`, sorted by x) in rows above the plot, row
/// 0 nearest to it, so that no two labels overlap and no marker line crosses a label.
/// Markers closer than a few pixels share one label. A label that fits nowhere becomes a
/// number "[n]" explained in a key; if even numbers do not fit, nearby markers are grouped
/// more widely until they do (a single group always fits).
pub(super) fn place_markers(
    markers: &[(f64, String, String)],
    left: f64,
    right: f64,
) -> MarkerLayout {
    let mut threshold = 6.0;
    loop {
        let mut groups: Vec<Vec<&(f64, String, String)>> = Vec::new();
        for m in markers {
            match groups.last_mut() {
                Some(g) if m.0 - g[0].0 < threshold => g.push(m),
                _ => groups.push(vec![m]),
            }
        }
        let last_try = groups.len() <= 1;
        if let Some(layout) = try_place(&groups, left, right) {
            return layout;
        }
        if last_try {
            // Unreachable for a chart at least MIN_W wide: "[1]" always fits in row 0.
            return MarkerLayout {
                placed: Vec::new(),
                key: Vec::new(),
            };
        }
        threshold *= 2.0;
    }
}

/// Bars of cramp nights per 7 logged nights for each week, a dashed 4-week rolling average
/// broken at gaps, hatched "no data" bands for missing weeks (never zero bars), lighter bars
/// for weeks with fewer than 4 logged nights, and dashed vertical markers for events and
/// medications.
///
/// Weeks are placed by `week_start` (sorted, duplicates summed); whole weeks absent between
/// two given weeks are drawn as missing. Under each bar: "cramp nights / nights logged".
/// Markers dated outside the weeks shown are left out (list them in the report's text).
pub fn weekly_svg(weeks: &[WeekPoint], markers: &[Marker], size: Size) -> anyhow::Result<String> {
    weekly(weeks, markers, size)?.to_svg()
}

pub(crate) fn weekly(
    weeks: &[WeekPoint],
    markers: &[Marker],
    size: Size,
) -> anyhow::Result<Drawing> {
    check_size(size)?;
    let rows: Vec<_> = weeks
        .iter()
        .map(|w| (w.week_start, 7, w.logged.min(7), w.cramp_nights))
        .collect();
    trend(&slots(&rows, Bins::Weeks)?, Bins::Weeks, markers, size)
}

/// The same chart by calendar month (for periods over 2 years, where weeks would be
/// thinner than a line): bars are still cramp nights per 7 logged nights, the average
/// pools 3 months.
pub fn monthly_svg(
    months: &[MonthPoint],
    markers: &[Marker],
    size: Size,
) -> anyhow::Result<String> {
    monthly(months, markers, size)?.to_svg()
}

pub(crate) fn monthly(
    months: &[MonthPoint],
    markers: &[Marker],
    size: Size,
) -> anyhow::Result<Drawing> {
    check_size(size)?;
    let rows: Vec<_> = months
        .iter()
        .map(|m| {
            let start = m.month_start.with_day(1).unwrap_or(m.month_start);
            let days = u32::try_from((Bins::Months.next(start) - start).num_days()).unwrap_or(31);
            (start, days, m.logged.min(days), m.cramp_nights)
        })
        .collect();
    trend(&slots(&rows, Bins::Months)?, Bins::Months, markers, size)
}

fn trend(slots: &[Slot], bins: Bins, markers: &[Marker], size: Size) -> anyhow::Result<Drawing> {
    let title = bins.title();
    let (first, last) = match (slots.first(), slots.last()) {
        (Some(f), Some(l)) => (f.start, l.start),
        _ => return Ok(empty_chart(ID, title, size)),
    };
    let end = bins.next(last);
    let multi_year = first.year() != (end - Duration::days(1)).year();
    let mut svg = Canvas::new(ID, size);
    let hatch = Paint::hatch(HATCH, 6.0).stroke(HATCH, 0.8);

    // Coverage note.
    let logged: u32 = slots.iter().map(|s| s.logged).sum();
    let cramp: u32 = slots.iter().map(|s| s.cramp.min(s.logged)).sum();
    let missing = slots.iter().filter(|s| !s.has_data()).count();
    let partial = slots.iter().filter(|s| s.has_data() && s.partial()).count();
    // Months are named as months: their first and last days may lie outside the period.
    let span = match bins {
        Bins::Weeks => format!(
            "{} – {}",
            date_label(first, multi_year),
            date_label(end - Duration::days(1), multi_year)
        ),
        Bins::Months => format!("{} – {}", first.format("%b %Y"), last.format("%b %Y")),
    };
    let mut note = format!(
        "{} {}, {span}: {cramp} cramp nights in {logged} logged nights",
        slots.len(),
        bins.word(slots.len()),
    );
    if missing > 0 {
        note.push_str(&format!("; {missing} {} without data", bins.word(missing)));
    }
    note.push('.');
    let top = svg.heading(title, &note);

    // Horizontal layout.
    let fmt = |v: f64| num(v);
    let left = MARGIN + y_labels_width(7.0, 1.0, fmt) + 8.0;
    let right = svg.w - MARGIN;
    // The value axis is placed once the height is known; markers need only the dates.
    let dates = days(first, end);
    let scale = DatePlot::new(dates.clone(), 0.0..7.0, (left, right), (1.0, 0.0));

    // Marker labels (only markers inside the chart's dates).
    let mut in_range: Vec<&Marker> = markers
        .iter()
        .filter(|m| m.date >= first && m.date < end)
        .collect();
    in_range.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.label.cmp(&b.label)));
    let marker_x: Vec<(f64, String, String)> = in_range
        .iter()
        .map(|m| {
            (
                scale.x_mid(m.date),
                m.label.clone(),
                date_label(m.date, multi_year),
            )
        })
        .collect();
    let MarkerLayout { placed, key } = place_markers(&marker_x, left, right);
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);

    // Vertical layout.
    let y_title_y = top + 12.0;
    let row_h = 15.0;
    let rows_top = y_title_y + 6.0;
    let plot_top = rows_top + rows as f64 * row_h + 4.0;

    // Monthly bars say so; weekly bars are the default reading.
    let by_unit = match bins {
        Bins::Weeks => "",
        Bins::Months => ", by month",
    };
    let mut items: Vec<(Key, String)> = vec![(
        Key::Swatch(Paint::fill(BLUE).stroke(BLUE, 1.0)),
        format!("cramp nights per 7 logged nights{by_unit}"),
    )];
    if partial > 0 {
        let text = match bins {
            Bins::Weeks => format!("fewer than {PARTIAL_BELOW} nights logged"),
            Bins::Months => "fewer than half the nights logged".to_string(),
        };
        items.push((Key::Swatch(Paint::fill(BLUE_LIGHT).stroke(BLUE, 1.0)), text));
    }
    let slot_w = (right - left) / slots.len() as f64;
    // Points on the average line only while bins are wide enough for them to read.
    let avg_dots = slot_w >= 18.0;
    let avg_key = if avg_dots {
        Key::LineDot(ORANGE)
    } else {
        Key::Line(AVERAGE)
    };
    items.push((avg_key, bins.average_label().to_string()));
    if missing > 0 {
        items.push((Key::Swatch(hatch), "no data (not logged)".to_string()));
    }
    if !placed.is_empty() {
        items.push((
            Key::Line(MARKER_STROKE),
            "event / medication change".to_string(),
        ));
    }
    let legend_h = legend(&mut svg, left, 0.0, right - left, &items, false);
    let key_font = Font::new(TICK_PX).fill(MUTED);
    let key_lines: Vec<String> = key
        .iter()
        .flat_map(|entry| key_font.wrap(entry, right - left))
        .collect();
    let below = 18.0 + 14.0 + 18.0 + 6.0 + legend_h + key_lines.len() as f64 * 14.0 + MARGIN - 6.0;
    let min_plot = 100.0;
    if svg.h - below - plot_top < min_plot {
        svg.h = plot_top + min_plot + below;
    }
    let bottom = svg.h - below;
    // Headroom above 7 for the count labels.
    let y_top = plot_top + 14.0;
    let scale = DatePlot::new(dates, 0.0..7.0, (left, right), (bottom, y_top));
    let y = |v: f64| scale.y(&v);

    // Axis title (horizontal, above the axis) and grid.
    svg.text(
        MARGIN,
        y_title_y,
        Font::new(LABEL_PX),
        &format!("cramp nights per week (per 7 logged){by_unit}"),
    );
    y_grid(&mut svg, left, right, y, 7.0, 1.0, fmt);

    // Missing bins: hatched bands, one per run, labelled once.
    let mut i = 0;
    while i < slots.len() {
        if slots[i].has_data() {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < slots.len() && !slots[i].has_data() {
            i += 1;
        }
        let x0 = scale.x(&slots[run_start].start);
        let x1 = scale.x(&bins.next(slots[i - 1].start));
        svg.no_data(x0, y_top, x1 - x0, bottom - y_top, hatch);
    }

    // Bars.
    let centre = |s: &Slot| (scale.x(&s.start) + scale.x(&bins.next(s.start))) / 2.0;
    for s in slots.iter().filter(|s| s.has_data()) {
        let (x0, x1) = (scale.x(&s.start), scale.x(&bins.next(s.start)));
        let bw = ((x1 - x0) * 0.64).max(1.0);
        let bx = (x0 + x1 - bw) / 2.0;
        let v = s.rate();
        let (fill, class) = if s.partial() {
            (BLUE_LIGHT, "bar partial")
        } else {
            (BLUE, "bar")
        };
        let outline = if bw >= 3.0 { 1.0 } else { 0.4 };
        let paint = Paint::fill(fill).stroke(BLUE, outline);
        svg.bar(class, bx, bw, y(v), bottom, paint, s.cramp == 0);
    }

    // Rolling average: one dashed line per unbroken run; isolated points as dots.
    let avg = rolling(slots, bins.window());
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (s, a) in slots.iter().zip(&avg) {
        match a {
            Some(v) => current.push((centre(s), y(*v))),
            None => {
                if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    for run in runs.iter().filter(|r| r.len() > 1) {
        svg.polyline("rolling-halo", run, AVERAGE_HALO);
        svg.polyline("rolling", run, AVERAGE);
    }
    for run in runs.iter().filter(|r| avg_dots || r.len() == 1) {
        for &(px, py) in run {
            svg.circle(
                "rolling-point",
                px,
                py,
                3.5,
                Paint::fill(ORANGE).stroke(WHITE, 1.0),
            );
        }
    }

    // Markers: a dashed line per marker across the plot, and from each label down to it.
    for (x, _, _) in &marker_x {
        svg.line("marker", *x, plot_top, *x, bottom, MARKER_STROKE);
    }
    for p in &placed {
        let ly = rows_top + (rows - p.row) as f64 * row_h - 3.0;
        svg.line("marker-lead", p.x, ly - 9.0, p.x, plot_top, MARKER_STROKE);
        let tx = match p.anchor {
            Anchor::End => p.x - 3.0,
            _ => p.x + 3.0,
        };
        svg.text(tx, ly, Font::new(TICK_PX).anchor(p.anchor), &p.text);
    }

    // X axis: dates under the bars (with the year when the chart spans more than one), and
    // under them each bin's counts when they fit.
    svg.line("axis", left, bottom, right, bottom, Stroke::new(AXIS, 1.0));
    let tick = Font::new(TICK_PX).anchor(Anchor::Middle);
    let label = |s: &Slot| match bins {
        Bins::Weeks => date_label(s.start, multi_year),
        Bins::Months if multi_year => s.start.format("%b %Y").to_string(),
        Bins::Months => s.start.format("%b").to_string(),
    };
    let count_text = |s: &Slot| {
        if s.has_data() {
            format!("{}/{}", s.cramp.min(s.logged), s.logged)
        } else {
            "–".to_string()
        }
    };
    let show_counts = slots
        .iter()
        .all(|s| tick.width(&count_text(s)) + 4.0 <= slot_w);
    if bins == Bins::Months && slot_w * 12.0 < tick.width("Jan 2000") * 2.5 {
        // Many years: a tick per month, the year under each January.
        for s in slots {
            let x = scale.x(&s.start);
            let jan = s.start.month() == 1;
            let h = if jan { 6.0 } else { 3.0 };
            svg.line("tick", x, bottom, x, bottom + h, Stroke::new(AXIS, 1.0));
        }
        let every = (tick.width("2000") + 10.0) / (slot_w * 12.0);
        let every = every.ceil().max(1.0) as i32;
        for s in slots
            .iter()
            .filter(|s| s.start.month() == 1 && s.start.year() % every == 0)
        {
            let x = scale.x(&s.start) + 6.0 * slot_w;
            if x < right {
                svg.text(x, bottom + 16.0, tick, &s.start.year().to_string());
            }
        }
    } else {
        let widest = slots
            .iter()
            .map(|s| tick.width(&label(s)))
            .fold(0.0, f64::max);
        let every = ((widest + 8.0) / slot_w).ceil().max(1.0) as usize;
        for (i, s) in slots.iter().enumerate() {
            let x = centre(s);
            svg.line("tick", x, bottom, x, bottom + 4.0, Stroke::new(AXIS, 1.0));
            if i % every == 0 {
                let text = label(s);
                let half = tick.width(&text) / 2.0;
                svg.text(
                    x.clamp(half + 2.0, svg.w - half - 2.0),
                    bottom + 16.0,
                    tick,
                    &text,
                );
            }
            if show_counts {
                svg.text(x, bottom + 30.0, tick.fill(MUTED), &count_text(s));
            }
        }
    }
    let span = year_span(first, end - Duration::days(1));
    let what = match bins {
        Bins::Weeks => format!("week starting ({span})"),
        Bins::Months => format!("month ({span})"),
    };
    let axis_title = if show_counts {
        format!("{what}; under it: cramp nights / nights logged")
    } else {
        what
    };
    let title_y = if show_counts {
        bottom + 48.0
    } else {
        bottom + 34.0
    };
    svg.text(
        (left + right) / 2.0,
        title_y,
        Font::new(LABEL_PX).anchor(Anchor::Middle),
        &axis_title,
    );
    let legend_y = title_y + 6.0;
    let after = legend(&mut svg, left, legend_y, right - left, &items, true);
    for (i, line) in key_lines.iter().enumerate() {
        svg.text(left, after + 11.0 + i as f64 * 14.0, key_font, line);
    }

    let mut desc = format!(
        "{note} Dashed line: {} of cramp nights per 7 logged nights.",
        bins.average_label()
    );
    if !in_range.is_empty() {
        let list: Vec<String> = in_range
            .iter()
            .map(|m| format!("{} {}", date_label(m.date, multi_year), m.label))
            .collect();
        desc.push_str(&format!(" Markers: {}.", list.join("; ")));
    }
    Ok(svg.finish(title, &desc))
}

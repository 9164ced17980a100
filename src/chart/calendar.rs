//! The night calendar: one cell per night up to 26 weeks, one cell per week beyond.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate};

use super::canvas::{
    Anchor, Canvas, Drawing, Font, HATCH, INK, MARGIN, MUTED, NumPlot, Paint, RED, Rgb, Stroke,
    TICK_PX, WHITE, empty_chart, monday_of,
};
use super::{CalendarDay, DayState, Size, TrialMark, check_size};

const TITLE: &str = "Night calendar";
const ID: &str = "cl-calendar";
/// Up to this many days the calendar has one cell per night (docs/design.md section 6).
const DAILY_MAX_DAYS: i64 = 26 * 7;
/// The smallest cell pitch (px) whose cells hold their episode count.
const COUNTED_PITCH: f64 = 19.0;

/// Cramp-night fills by episode count (1, 2, 3+): darker with more episodes.
const CRAMP_FILLS: [Rgb; 3] = [
    Rgb(0x4a, 0x78, 0xa8),
    Rgb(0x2a, 0x58, 0x86),
    Rgb(0x14, 0x37, 0x5c),
];
/// Weekly shares 0, ≤ 25 %, ≤ 50 %, ≤ 75 %, > 75 %.
const SHARE_FILLS: [Rgb; 5] = [
    Rgb(0xff, 0xff, 0xff),
    Rgb(0xcb, 0xd9, 0xe8),
    Rgb(0x8e, 0xae, 0xd0),
    Rgb(0x4a, 0x78, 0xa8),
    Rgb(0x14, 0x37, 0x5c),
];
const OUTLINE: Rgb = Rgb(0x9a, 0x9a, 0x9a);
const FUTURE_OUTLINE: Rgb = Rgb(0xdd, 0xdd, 0xdd);
const CHECK: Rgb = Rgb(0x6e, 0x6e, 0x6e);
/// A washout night's band: light grey, between the black "on" and the white "off" in
/// greyscale and on the darkest cramp fill alike.
const WASHOUT: Rgb = Rgb(0xb8, 0xb8, 0xb8);

fn cramp_fill(episodes: u32) -> Rgb {
    CRAMP_FILLS[(episodes.max(1) as usize - 1).min(2)]
}

struct Coverage {
    nights: u32,
    logged: u32,
    cramp: u32,
    free: u32,
    missing: u32,
}

fn coverage(days: &BTreeMap<NaiveDate, DayState>) -> Coverage {
    let mut c = Coverage {
        nights: 0,
        logged: 0,
        cramp: 0,
        free: 0,
        missing: 0,
    };
    for s in days.values() {
        match s {
            DayState::Cramp { .. } => c.cramp += 1,
            DayState::CrampFree => c.free += 1,
            DayState::Missing => c.missing += 1,
            DayState::Future => continue,
        }
        c.nights += 1;
    }
    c.logged = c.cramp + c.free;
    c
}

/// A GitHub-style calendar. Up to 26 weeks: one cell per night, columns are weeks
/// (Monday first), rows Monday–Sunday; cramp nights dark (darker with more episodes, the
/// count inside), cramp-free nights white with a check mark, missing nights hatched,
/// future nights a faint outline. Longer periods: one cell per week (row per ISO year),
/// shaded by the share of logged nights with cramps, hatched when no night was logged.
pub fn calendar_svg(days: &[CalendarDay], size: Size) -> anyhow::Result<String> {
    calendar(days, size)?.to_svg()
}

pub(crate) fn calendar(days: &[CalendarDay], size: Size) -> anyhow::Result<Drawing> {
    check_size(size)?;
    let map: BTreeMap<NaiveDate, DayState> =
        days.iter().map(|d| (d.night, d.state.clone())).collect();
    let (first, last) = match (map.keys().next(), map.keys().next_back()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return Ok(empty_chart(ID, TITLE, size)),
    };
    if (last - first).num_days() > 366 * 60 {
        anyhow::bail!(
            "calendar from {first} to {last} spans more than 60 years; choose a shorter period"
        );
    }
    let marks = Marks {
        warning: days.iter().filter(|d| d.warning).map(|d| d.night).collect(),
        start: days
            .iter()
            .filter(|d| d.treatment_start)
            .map(|d| d.night)
            .collect(),
        trial: days
            .iter()
            .filter_map(|d| d.trial.map(|t| (d.night, t)))
            .collect(),
    };
    let c = coverage(&map);
    let note = format!(
        "Logged {} of {} nights: {} with cramps, {} cramp-free, {} missing.",
        c.logged, c.nights, c.cramp, c.free, c.missing
    );
    if (last - first).num_days() < DAILY_MAX_DAYS {
        daily(&map, &marks, first, last, &note, size)
    } else {
        weekly(&map, &marks, first, last, &note, size)
    }
}

/// Nights marked on top of their state.
pub(crate) struct Marks {
    warning: BTreeSet<NaiveDate>,
    start: BTreeSet<NaiveDate>,
    trial: BTreeMap<NaiveDate, TrialMark>,
}

impl Marks {
    /// Legend entries for the marks present: (is the warning mark, text).
    fn legend(&self) -> Vec<(bool, &'static str)> {
        let mut out = Vec::new();
        if !self.warning.is_empty() {
            out.push((true, "warning sign"));
        }
        if !self.start.is_empty() {
            out.push((false, "treatment began"));
        }
        out
    }
}

/// A key of the daily calendar's legend.
enum Key {
    Day(DayState),
    Mark { warning: bool },
    Trial(TrialMark),
}

/// The daily calendar's trial keys: each names the self-experiment, as it stands alone.
const DAILY_TRIAL_KEYS: [(TrialMark, &str); 3] = [
    (TrialMark::On, "self-experiment: on"),
    (TrialMark::Off, "self-experiment: off"),
    (TrialMark::Washout, "washout (not counted)"),
];

/// The trial legend's entries, in the order drawn.
const TRIAL_KEYS: [(TrialMark, &str); 3] = [
    (TrialMark::On, "on"),
    (TrialMark::Off, "off"),
    (TrialMark::Washout, "washout (not counted)"),
];

/// A self-experiment night: a band along the foot of the cell, black for a night planned
/// with the measure, white for one without, light grey for a washout night; each outlined
/// in dark ink with a white rule above, so the three differ in greyscale and show on a
/// dark cramp cell as on a white one (docs/design.md section 11).
fn draw_trial(svg: &mut Canvas, x: f64, y: f64, cell: f64, mark: TrialMark) {
    let h = (cell * 0.28).clamp(2.5, 6.0);
    let top = y + cell - h;
    let (class, fill) = match mark {
        TrialMark::On => ("trial on", INK),
        TrialMark::Off => ("trial off", WHITE),
        TrialMark::Washout => ("trial washout", WASHOUT),
    };
    svg.line(
        "trial rule",
        x,
        top - 0.5,
        x + cell,
        top - 0.5,
        Stroke::new(WHITE, 1.0),
    );
    svg.rect(
        class,
        x + 0.5,
        top,
        cell - 1.0,
        h - 0.5,
        Paint::fill(fill).stroke(INK, 0.8),
    );
}

/// A dark red frame for a warning-sign night, a black bar at the left for a treatment
/// start: different shapes, so they stay apart in greyscale.
fn draw_marks(svg: &mut Canvas, x: f64, y: f64, cell: f64, warning: bool, start: bool) {
    if warning {
        svg.rect(
            "mark warning",
            x - 1.5,
            y - 1.5,
            cell + 3.0,
            cell + 3.0,
            Paint::outline(RED, 2.0),
        );
    }
    if start {
        svg.rect(
            "mark start",
            x - 2.5,
            y - 2.0,
            3.0,
            cell + 4.0,
            Paint::fill(INK),
        );
    }
}

fn month_label(d: NaiveDate, with_year: bool) -> String {
    if with_year {
        d.format("%b %Y").to_string()
    } else {
        d.format("%b").to_string()
    }
}

fn daily(
    map: &BTreeMap<NaiveDate, DayState>,
    marks: &Marks,
    first: NaiveDate,
    last: NaiveDate,
    note: &str,
    size: Size,
) -> anyhow::Result<Drawing> {
    let mut svg = Canvas::new(ID, size);
    let hatch = Paint::hatch(HATCH, 5.0).stroke(HATCH, 1.0).dash(2.0, 2.0);
    let origin = monday_of(first);
    let cols = ((monday_of(last) - origin).num_days() / 7 + 1) as f64;
    // Too narrow for the legend beside a grid whose cells hold their counts (a page-1
    // calendar in print): the legend goes under the grid, and the title and coverage note
    // are left to the page around it (the SVG keeps them as its <title> and <desc>).
    let tick = Font::new(TICK_PX);
    let weekday_w = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .map(|d| tick.width(d))
        .fold(0.0, f64::max);
    let grid_x = MARGIN + weekday_w + 8.0;
    let legend_w = 200.0;
    let compact = svg.w - grid_x - MARGIN - legend_w - 16.0 < cols * COUNTED_PITCH;
    let top = if compact {
        // The month labels sit just under the top edge.
        4.0
    } else {
        svg.heading(TITLE, note)
    };

    let grid_top = top + 22.0;
    let avail_w = svg.w - grid_x - MARGIN - legend_w - 16.0;
    let below = compact;
    let avail_w = if below {
        svg.w - grid_x - MARGIN
    } else {
        avail_w
    };
    let avail_h = svg.h - grid_top - MARGIN;
    let pitch = if below {
        (avail_w / cols).clamp(10.0, 30.0)
    } else {
        (avail_w / cols).min(avail_h / 7.0).clamp(10.0, 30.0)
    };
    if grid_top + 7.0 * pitch + MARGIN > svg.h {
        svg.h = grid_top + 7.0 * pitch + MARGIN;
    }
    let cell = pitch - 3.0;
    // Weeks across, weekdays down (Monday at the top).
    let grid = NumPlot::new(
        0.0..cols,
        0.0..7.0,
        (grid_x, grid_x + cols * pitch),
        (grid_top, grid_top + 7.0 * pitch),
    );
    let pos = |d: NaiveDate| -> (f64, f64) {
        let col = ((monday_of(d) - origin).num_days() / 7) as f64;
        let row = f64::from(d.weekday().num_days_from_monday());
        grid.at(col, row)
    };

    // Weekday labels: all seven when there is room, else Mon/Wed/Fri.
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for (i, name) in names.iter().enumerate() {
        if pitch >= 13.0 || i % 2 == 0 {
            svg.text(
                grid_x - 6.0,
                grid.y(&(i as f64)) + cell / 2.0 + 4.0,
                tick.anchor(Anchor::End),
                name,
            );
        }
    }

    // Month labels above the column holding the month's first night in the period.
    let mut label_end = f64::MIN;
    let mut d = first;
    let mut first_label = true;
    while d <= last {
        if d == first || d.day() == 1 {
            let (x, _) = pos(d);
            let text = month_label(d, first_label || d.month() == 1);
            if x >= label_end + 6.0 {
                svg.text(x, grid_top - 7.0, tick, &text);
                label_end = x + tick.width(&text);
                first_label = false;
            }
        }
        d += Duration::days(1);
    }

    // Cells.
    let count_font = Font::new(TICK_PX).fill(WHITE).anchor(Anchor::Middle);
    for (night, state) in map {
        let (x, y) = pos(*night);
        draw_day(&mut svg, x, y, cell, state, hatch, count_font);
        if let Some(mark) = marks.trial.get(night) {
            draw_trial(&mut svg, x, y, cell, *mark);
        }
        draw_marks(
            &mut svg,
            x,
            y,
            cell,
            marks.warning.contains(night),
            marks.start.contains(night),
        );
    }

    if below {
        legend_below(
            &mut svg,
            map,
            marks,
            (MARGIN, grid_top + 7.0 * pitch + 10.0),
            hatch,
            count_font,
        );
        let desc = format!(
            "One cell per night from {first} to {last}, weeks in columns (Monday first). {note}"
        );
        return Ok(svg.finish(TITLE, &desc));
    }

    // Legend at the right of the grid.
    let lx = (grid_x + cols * pitch + 20.0).min(svg.w - legend_w);
    let mut ly = grid_top;
    let lf = Font::new(TICK_PX);
    let k = 18.0;
    // Cramp ramp: 1, 2, 3+ episodes.
    for (i, label) in ["1", "2", "3+"].iter().enumerate() {
        let x = lx + i as f64 * (k + 2.0);
        svg.rect("legend-key", x, ly, k, k, Paint::fill(CRAMP_FILLS[i]));
        svg.text(x + k / 2.0, ly + k - 5.0, count_font, label);
    }
    svg.text(lx + 3.0 * (k + 2.0) + 4.0, ly + k - 5.0, lf, "cramp night");
    svg.text(
        lx,
        ly + k + 14.0,
        lf.fill(MUTED),
        "(number = episodes that night)",
    );
    ly += 42.0;
    // The other entries in a grid of as many columns as the width holds (one beside a
    // narrow chart), so the legend stays about as tall as the grid.
    let mut entries: Vec<(Key, &str)> = vec![
        (Key::Day(DayState::CrampFree), "cramp-free night"),
        (Key::Day(DayState::Missing), "missing (not logged)"),
    ];
    if map.values().any(|s| *s == DayState::Future) {
        entries.push((Key::Day(DayState::Future), "not yet"));
    }
    entries.extend(
        marks
            .legend()
            .into_iter()
            .map(|(warning, text)| (Key::Mark { warning }, text)),
    );
    if !marks.trial.is_empty() {
        entries.extend(
            DAILY_TRIAL_KEYS
                .iter()
                .map(|(mark, text)| (Key::Trial(*mark), *text)),
        );
    }
    let col_w = entries
        .iter()
        .map(|(_, t)| k + 6.0 + lf.width(t) + 16.0)
        .fold(0.0, f64::max);
    let per_row = (((svg.w - MARGIN - lx) / col_w).floor() as usize).max(1);
    for (i, (key, text)) in entries.iter().enumerate() {
        let (x, y) = (
            lx + (i % per_row) as f64 * col_w,
            ly + (i / per_row) as f64 * 23.0,
        );
        match key {
            Key::Day(state) => draw_day(&mut svg, x, y, k, state, hatch, count_font),
            Key::Mark { warning } => draw_marks(&mut svg, x, y, k, *warning, !*warning),
            Key::Trial(mark) => {
                svg.rect(
                    "legend-key",
                    x + 0.5,
                    y + 0.5,
                    k - 1.0,
                    k - 1.0,
                    Paint::outline(OUTLINE, 1.0),
                );
                draw_trial(&mut svg, x, y, k, *mark);
            }
        }
        svg.text(x + k + 6.0, y + k - 5.0, lf, text);
        svg.h = svg.h.max(y + k + MARGIN);
    }

    let desc = format!(
        "One cell per night from {first} to {last}, weeks in columns (Monday first). {note}"
    );
    Ok(svg.finish(TITLE, &desc))
}

/// "self-experiment: [on] on [off] off [washout] washout (not counted)" from `(lx, ly)`,
/// wrapping to another row when the chart is too narrow for one; returns its bottom.
fn trial_legend(svg: &mut Canvas, lead: &str, (lx, mut ly): (f64, f64), k: f64, font: Font) -> f64 {
    let baseline = k / 2.0 + 4.0;
    svg.text(lx, ly + baseline, font, lead);
    let mut x = lx + font.width(lead) + 8.0;
    for (mark, text) in TRIAL_KEYS {
        let w = k + 5.0 + font.width(text);
        if x + w > svg.w - MARGIN / 2.0 && x > lx {
            ly += k + 5.0;
            x = lx;
        }
        svg.rect(
            "legend-key",
            x + 0.5,
            ly + 0.5,
            k - 1.0,
            k - 1.0,
            Paint::outline(OUTLINE, 1.0),
        );
        draw_trial(svg, x, ly, k, mark);
        svg.text(x + k + 5.0, ly + baseline, font, text);
        x += w + 10.0;
    }
    ly + k
}

/// The daily legend in rows under the grid from `(x0, y)`, each entry a key and its words,
/// wrapping at the chart's right edge (the same entries as the legend beside the grid).
fn legend_below(
    svg: &mut Canvas,
    map: &BTreeMap<NaiveDate, DayState>,
    marks: &Marks,
    (x0, mut y): (f64, f64),
    hatch: Paint,
    count: Font,
) {
    let k = 14.0;
    let lf = Font::new(TICK_PX);
    let baseline = k / 2.0 + 4.0;
    let mut x = x0;
    let mut place = |svg: &mut Canvas, w: f64| -> (f64, f64) {
        if x + w > svg.w - MARGIN && x > x0 {
            y += k + 6.0;
            x = x0;
        }
        let at = (x, y);
        x += w + 12.0;
        at
    };
    // The cramp ramp: 1, 2, 3+ episodes, the number inside.
    let ramp = "cramp night (number = episodes)";
    let (rx, ry) = place(svg, 3.0 * (k + 2.0) + 4.0 + lf.width(ramp));
    for (i, label) in ["1", "2", "3+"].iter().enumerate() {
        let kx = rx + i as f64 * (k + 2.0);
        svg.rect("legend-key", kx, ry, k, k, Paint::fill(CRAMP_FILLS[i]));
        svg.text(kx + k / 2.0, ry + baseline, count, label);
    }
    svg.text(rx + 3.0 * (k + 2.0) + 4.0, ry + baseline, lf, ramp);
    let mut entries: Vec<(Key, &str)> = vec![
        (Key::Day(DayState::CrampFree), "cramp-free"),
        (Key::Day(DayState::Missing), "not logged"),
    ];
    if map.values().any(|s| *s == DayState::Future) {
        entries.push((Key::Day(DayState::Future), "not yet"));
    }
    entries.extend(
        marks
            .legend()
            .into_iter()
            .map(|(warning, text)| (Key::Mark { warning }, text)),
    );
    for (key, text) in entries {
        let (kx, ky) = place(svg, k + 5.0 + lf.width(text));
        match key {
            Key::Day(state) => draw_day(svg, kx, ky, k, &state, hatch, count),
            Key::Mark { warning } => draw_marks(svg, kx, ky, k, warning, !warning),
            Key::Trial(mark) => {
                svg.rect(
                    "legend-key",
                    kx + 0.5,
                    ky + 0.5,
                    k - 1.0,
                    k - 1.0,
                    Paint::outline(OUTLINE, 1.0),
                );
                draw_trial(svg, kx, ky, k, mark);
            }
        }
        svg.text(kx + k + 5.0, ky + baseline, lf, text);
    }
    // The self-experiment's keys in one row of their own, after one lead.
    if !marks.trial.is_empty() {
        y = trial_legend(svg, "self-experiment:", (x0, y + k + 6.0), k, lf) - k;
    }
    svg.h = svg.h.max(y + k + MARGIN);
}

fn draw_day(
    svg: &mut Canvas,
    x: f64,
    y: f64,
    cell: f64,
    state: &DayState,
    hatch: Paint,
    count: Font,
) {
    match state {
        DayState::Cramp { episodes } => {
            svg.rect(
                "day cramp",
                x,
                y,
                cell,
                cell,
                Paint::fill(cramp_fill(*episodes)),
            );
            if *episodes > 0 && cell >= 16.0 {
                let text = if *episodes > 99 {
                    "99+".to_string()
                } else {
                    episodes.to_string()
                };
                svg.text(x + cell / 2.0, y + cell / 2.0 + 4.0, count, &text);
            }
        }
        DayState::CrampFree => {
            svg.rect(
                "day free",
                x + 0.5,
                y + 0.5,
                cell - 1.0,
                cell - 1.0,
                Paint::fill(WHITE).stroke(OUTLINE, 1.0),
            );
            // A check mark, drawn (not a glyph) so it never depends on font coverage.
            let s = cell;
            svg.polyline(
                "check",
                &[
                    (x + s * 0.32, y + s * 0.52),
                    (x + s * 0.45, y + s * 0.65),
                    (x + s * 0.68, y + s * 0.36),
                ],
                Stroke::new(CHECK, (s / 16.0).clamp(1.0, 1.6)),
            );
        }
        DayState::Missing => svg.rect(
            "day missing",
            x + 0.5,
            y + 0.5,
            cell - 1.0,
            cell - 1.0,
            hatch,
        ),
        DayState::Future => svg.rect(
            "day future",
            x + 0.5,
            y + 0.5,
            cell - 1.0,
            cell - 1.0,
            Paint::outline(FUTURE_OUTLINE, 1.0),
        ),
    }
}

/// The plan most of a week's self-experiment nights had (ties: on, then off, then washout).
fn week_trial(
    trial: &BTreeMap<NaiveDate, TrialMark>,
    week: std::ops::Range<NaiveDate>,
) -> Option<TrialMark> {
    let mut n = [0u32; 3];
    for (_, mark) in trial.range(week) {
        n[TRIAL_KEYS.iter().position(|(m, _)| m == mark).unwrap_or(0)] += 1;
    }
    let best = (0..3).max_by_key(|&i| (n[i], 3 - i))?;
    (n[best] > 0).then_some(TRIAL_KEYS[best].0)
}

/// Week-level aggregate.
#[derive(Default)]
struct Week {
    cramp: u32,
    logged: u32,
    known: u32,
}

fn share_fill(w: &Week) -> Rgb {
    let share = f64::from(w.cramp) / f64::from(w.logged.max(1));
    let i = if w.cramp == 0 {
        0
    } else if share <= 0.25 {
        1
    } else if share <= 0.5 {
        2
    } else if share <= 0.75 {
        3
    } else {
        4
    };
    SHARE_FILLS[i]
}

fn weekly(
    map: &BTreeMap<NaiveDate, DayState>,
    marks: &Marks,
    first: NaiveDate,
    last: NaiveDate,
    note: &str,
    size: Size,
) -> anyhow::Result<Drawing> {
    let mut svg = Canvas::new(ID, size);
    let hatch = Paint::hatch(HATCH, 4.0).stroke(HATCH, 0.8);
    let top = svg.heading(TITLE, &format!("One cell per week. {note}"));

    let mut weeks: BTreeMap<NaiveDate, Week> = BTreeMap::new();
    for (night, state) in map {
        let w = weeks.entry(monday_of(*night)).or_default();
        match state {
            DayState::Cramp { .. } => {
                w.cramp += 1;
                w.logged += 1;
                w.known += 1;
            }
            DayState::CrampFree => {
                w.logged += 1;
                w.known += 1;
            }
            DayState::Missing => w.known += 1,
            DayState::Future => {}
        }
    }
    let year_of = |d: NaiveDate| d.iso_week().year();
    let first_year = year_of(monday_of(first));
    let years = (year_of(monday_of(last)) - first_year + 1) as f64;

    let tick = Font::new(TICK_PX);
    let label_w = tick.width("2000") + 8.0;
    let grid_x = MARGIN + label_w;
    let grid_top = top + 22.0;
    let legend_h = 52.0;
    let avail_w = svg.w - grid_x - MARGIN;
    let avail_h = svg.h - grid_top - legend_h - MARGIN;
    // Rows never lower than a year label (the chart grows taller instead); the width
    // still bounds them.
    let pitch = (avail_w / 53.0)
        .min((avail_h / years).max(TICK_PX + 2.0))
        .clamp(7.0, 24.0);
    let cell = (pitch - 2.0).max(5.0);
    if grid_top + years * pitch + legend_h + MARGIN > svg.h {
        svg.h = grid_top + years * pitch + legend_h + MARGIN;
    }

    // ISO weeks across, years down.
    let grid = NumPlot::new(
        0.0..53.0,
        0.0..years,
        (grid_x, grid_x + 53.0 * pitch),
        (grid_top, grid_top + years * pitch),
    );
    // Month labels over approximate week columns.
    for m in 1..=12u32 {
        if let Some(d) = NaiveDate::from_ymd_opt(2001, m, 1) {
            let col = (d.ordinal0() / 7) as f64;
            svg.text(grid.x(&col), grid_top - 7.0, tick, &month_label(d, false));
        }
    }
    // Year labels.
    for y in 0..years as i32 {
        svg.text(
            grid_x - 6.0,
            grid.y(&f64::from(y)) + cell / 2.0 + 4.0,
            tick.anchor(Anchor::End),
            &(first_year + y).to_string(),
        );
    }
    for (monday, w) in &weeks {
        let week = *monday..*monday + Duration::days(7);
        let warning = marks.warning.range(week.clone()).next().is_some();
        let start = marks.start.range(week.clone()).next().is_some();
        let trial = week_trial(&marks.trial, week);
        let iso = monday.iso_week();
        let col = f64::from(iso.week0());
        let row = f64::from(iso.year() - first_year);
        let (x, y) = grid.at(col, row);
        if w.known == 0 {
            svg.rect(
                "week future",
                x + 0.5,
                y + 0.5,
                cell - 1.0,
                cell - 1.0,
                Paint::outline(FUTURE_OUTLINE, 1.0),
            );
        } else if w.logged == 0 {
            svg.rect(
                "week missing",
                x + 0.5,
                y + 0.5,
                cell - 1.0,
                cell - 1.0,
                hatch,
            );
        } else {
            let fill = share_fill(w);
            svg.rect(
                "week logged",
                x + 0.5,
                y + 0.5,
                cell - 1.0,
                cell - 1.0,
                Paint::fill(fill).stroke(OUTLINE, 0.6),
            );
        }
        if let Some(mark) = trial {
            draw_trial(&mut svg, x, y, cell, mark);
        }
        draw_marks(&mut svg, x, y, cell, warning, start);
    }

    // Legend under the grid.
    let mut lx = grid_x;
    let ly = grid_top + years * pitch + 16.0;
    let k = 13.0;
    svg.text(
        lx,
        ly + k - 2.0,
        tick,
        "share of logged nights with cramps:",
    );
    lx += tick.width("share of logged nights with cramps:") + 8.0;
    for (&fill, label) in SHARE_FILLS
        .iter()
        .zip(["0", "≤25%", "≤50%", "≤75%", ">75%"])
    {
        svg.rect(
            "legend-key",
            lx,
            ly,
            k,
            k,
            Paint::fill(fill).stroke(OUTLINE, 0.6),
        );
        svg.text(lx + k + 4.0, ly + k - 2.0, tick, label);
        lx += k + 10.0 + tick.width(label);
    }
    let ly2 = ly + 20.0;
    svg.rect("legend-key", grid_x, ly2, k, k, hatch);
    svg.text(grid_x + k + 4.0, ly2 + k - 2.0, tick, "no night logged");
    svg.text(
        grid_x + k + 12.0 + tick.width("no night logged"),
        ly2 + k - 2.0,
        tick.fill(MUTED),
        "(weeks start on Monday; rows are ISO years)",
    );
    let mut lx = grid_x;
    let mut legend_bottom = ly2 + k;
    for (warning, text) in marks.legend() {
        let ly3 = ly2 + 20.0;
        draw_marks(&mut svg, lx, ly3, k, warning, !warning);
        svg.text(lx + k + 6.0, ly3 + k - 2.0, tick, text);
        lx += k + 22.0 + tick.width(text);
        legend_bottom = ly3 + k;
    }
    if !marks.trial.is_empty() {
        let rows = if marks.legend().is_empty() { 1.0 } else { 2.0 };
        let bottom = trial_legend(
            &mut svg,
            "self-experiment, most nights of the week:",
            (grid_x, ly2 + rows * 20.0),
            k,
            tick,
        );
        legend_bottom = legend_bottom.max(bottom);
    }
    // Exactly as tall as the grid and its legend: the rows are bounded by the width, and a
    // blank band under the legend is wasted space on a printed page.
    svg.h = legend_bottom + MARGIN;

    let desc = format!("One cell per week from {first} to {last}. {note}");
    Ok(svg.finish(TITLE, &desc))
}

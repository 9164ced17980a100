//! Cramp nights by calendar month, pooled over the years: is there a season?

use chrono::Datelike;

use super::canvas::{
    AXIS, Anchor, BLUE, Canvas, Drawing, Font, HATCH, LABEL_PX, MARGIN, MUTED, NumPlot, Paint,
    Stroke, TICK_PX, empty_chart, y_grid, y_labels_width, year_span,
};
use super::{MonthPoint, Size, check_size};

const TITLE: &str = "Cramp nights by calendar month";
const ID: &str = "cl-seasons";
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One bar per calendar month: the share of logged nights of that month (all years
/// pooled) with cramps, with n = nights logged under each bar. A month never logged is
/// hatched "no data", never a zero. Meant for periods of 12 months or more.
pub fn month_of_year_svg(months: &[MonthPoint], size: Size) -> anyhow::Result<String> {
    month_of_year(months, size)?.to_svg()
}

pub(crate) fn month_of_year(months: &[MonthPoint], size: Size) -> anyhow::Result<Drawing> {
    check_size(size)?;
    let mut logged = [0u64; 12];
    let mut cramp = [0u64; 12];
    for m in months {
        let i = m.month_start.month0() as usize;
        logged[i] += u64::from(m.logged);
        cramp[i] += u64::from(m.cramp_nights.min(m.logged));
    }
    let (first, last) = match (
        months.iter().map(|m| m.month_start).min(),
        months.iter().map(|m| m.month_start).max(),
    ) {
        (Some(f), Some(l)) if logged.iter().any(|&n| n > 0) => (f, l),
        _ => return Ok(empty_chart(ID, TITLE, size)),
    };
    let share = |i: usize| (logged[i] > 0).then(|| cramp[i] as f64 * 100.0 / logged[i] as f64);

    let mut svg = Canvas::new(ID, size);
    let note = format!(
        "All years pooled ({}). Bar: share of logged nights of that month with cramps; n = nights logged.",
        year_span(first, last)
    );
    let top = svg.heading(TITLE, &note);
    let fmt = |v: f64| format!("{v:.0}%");
    let left = MARGIN + y_labels_width(100.0, 25.0, fmt) + 8.0;
    let right = svg.w - MARGIN;
    let y_title_y = top + 12.0;
    let below = 16.0 + 14.0 + 22.0 + MARGIN;
    let plot_top = y_title_y + 18.0;
    if svg.h - below - plot_top < 100.0 {
        svg.h = plot_top + 100.0 + below;
    }
    let bottom = svg.h - below;
    // x: the twelve months; y: percent of logged nights.
    let plot = NumPlot::new(0.0..12.0, 0.0..100.0, (left, right), (bottom, plot_top));
    let y = |v: f64| plot.y(&v);

    svg.text(
        MARGIN,
        y_title_y,
        Font::new(LABEL_PX),
        "cramp nights, % of logged nights",
    );
    y_grid(&mut svg, left, right, y, 100.0, 25.0, fmt);
    let tick = Font::new(TICK_PX).anchor(Anchor::Middle);
    let hatch = Paint::hatch(HATCH, 5.0).stroke(HATCH, 0.8);
    let mut rows = Vec::new();
    for (i, name) in MONTHS.iter().enumerate() {
        let x0 = plot.x(&(i as f64));
        let slot = plot.x(&(i as f64 + 1.0)) - x0;
        let bw = slot * 0.64;
        let bx = x0 + (slot - bw) / 2.0;
        let cx = x0 + slot / 2.0;
        match share(i) {
            Some(v) => {
                let paint = Paint::fill(BLUE).stroke(BLUE, 1.0);
                svg.bar("bar", bx, bw, y(v), bottom, paint, v == 0.0);
                svg.text(cx, y(v) - 4.0, tick, &format!("{v:.0}%"));
                rows.push(format!("{name} {v:.0}% of {} nights", logged[i]));
            }
            None => {
                svg.no_data(bx, plot_top, bw, bottom - plot_top, hatch);
                rows.push(format!("{name} no data"));
            }
        }
        svg.line("tick", cx, bottom, cx, bottom + 4.0, Stroke::new(AXIS, 1.0));
        svg.text(cx, bottom + 16.0, tick, name);
        svg.text(
            cx,
            bottom + 30.0,
            tick.fill(MUTED),
            &format!("n = {}", logged[i]),
        );
    }
    svg.line("axis", left, bottom, right, bottom, Stroke::new(AXIS, 1.0));
    svg.text(
        (left + right) / 2.0,
        bottom + 48.0,
        Font::new(LABEL_PX).anchor(Anchor::Middle),
        "calendar month; under it: nights logged in that month, all years",
    );
    let desc = format!("{note} {}.", rows.join("; "));
    Ok(svg.finish(TITLE, &desc))
}

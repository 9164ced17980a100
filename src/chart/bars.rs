//! Bar charts: time of night, leg and site, co-symptoms.

use super::canvas::{
    AXIS, Anchor, BLUE, Canvas, Drawing, Font, INK, Key, LABEL_PX, MARGIN, MUTED, NumPlot, ORANGE,
    Paint, Rgb, Stroke, TICK_PX, empty_chart, legend, nice_axis, num, x_grid, y_grid,
    y_labels_width,
};
use super::{CoSymptom, Count, Size, check_size};

/// Clock hours in display order: 18:00 … 23:00, 00:00 … 17:00 (night in the middle).
const HOUR_ORDER: [usize; 24] = [
    18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
];

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Histogram of episodes by clock hour, 18:00 through 17:00, with "n = X episodes, Y
/// without a time". `hours[h]` counts episodes that started between h:00 and h:59.
pub fn time_of_night_svg(hours: &[u32; 24], unknown: u32, size: Size) -> anyhow::Result<String> {
    time_of_night(hours, unknown, size)?.to_svg()
}

pub(crate) fn time_of_night(
    hours: &[u32; 24],
    unknown: u32,
    size: Size,
) -> anyhow::Result<Drawing> {
    const TITLE: &str = "Time of night of cramp episodes";
    const ID: &str = "cl-time";
    check_size(size)?;
    let timed: u64 = hours.iter().map(|&h| u64::from(h)).sum();
    let total = timed + u64::from(unknown);
    if total == 0 {
        return Ok(empty_chart(ID, TITLE, size));
    }
    let note = format!(
        "n = {}, {} without a time. Each bar counts episodes that began in that hour.",
        plural(total, "episode", "episodes"),
        unknown
    );
    let mut svg = Canvas::new(ID, size);
    let top = svg.heading(TITLE, &note);

    let max = hours.iter().copied().max().unwrap_or(0);
    let (y_max, step) = nice_axis(f64::from(max.max(1)), 5);
    let fmt = |v: f64| num(v);
    let left = MARGIN + y_labels_width(y_max, step, fmt) + 8.0;
    let right = svg.w - MARGIN;
    let y_title_y = top + 12.0;
    let plot_top = y_title_y + 8.0;
    let below = 18.0 + 18.0 + MARGIN;
    if svg.h - below - plot_top < 100.0 {
        svg.h = plot_top + 100.0 + below;
    }
    let bottom = svg.h - below;
    let y_top = plot_top + 14.0;
    // x: the 24 hour slots in display order; y: episodes.
    let plot = NumPlot::new(0.0..24.0, 0.0..y_max, (left, right), (bottom, y_top));
    let y = |v: f64| plot.y(&v);

    svg.text(MARGIN, y_title_y, Font::new(LABEL_PX), "episodes");
    y_grid(&mut svg, left, right, y, y_max, step, fmt);

    let slot = (right - left) / 24.0;
    let tick = Font::new(TICK_PX).anchor(Anchor::Middle);
    let every = if tick.width("00") + 4.0 <= slot { 1 } else { 2 };
    let count_font = Font::new(TICK_PX).anchor(Anchor::Middle);
    let show_counts = count_font.width(&max.to_string()) <= slot;
    for (i, &h) in HOUR_ORDER.iter().enumerate() {
        let x0 = plot.x(&(i as f64));
        let slot = plot.x(&(i as f64 + 1.0)) - x0;
        let bw = slot * 0.72;
        let bx = x0 + (slot - bw) / 2.0;
        let v = f64::from(hours[h]);
        if hours[h] > 0 {
            svg.rect("bar", bx, y(v), bw, bottom - y(v), Paint::fill(BLUE));
            if show_counts {
                svg.text(bx + bw / 2.0, y(v) - 4.0, count_font, &hours[h].to_string());
            }
        }
        svg.line(
            "line",
            x0 + slot / 2.0,
            bottom,
            x0 + slot / 2.0,
            bottom + 4.0,
            Stroke::new(AXIS, 1.0),
        );
        if i % every == 0 {
            svg.text(x0 + slot / 2.0, bottom + 16.0, tick, &format!("{h:02}"));
        }
    }
    if timed == 0 {
        svg.text(
            (left + right) / 2.0,
            (y_top + bottom) / 2.0,
            Font::new(LABEL_PX).fill(MUTED).anchor(Anchor::Middle),
            "No episode in this period has a time recorded",
        );
    }
    // Midnight divider.
    let mx = plot.x(&6.0);
    svg.line(
        "line",
        mx,
        y_title_y + 4.0,
        mx,
        bottom,
        Stroke::new(Rgb(0x77, 0x77, 0x77), 1.0).dash(4.0, 3.0),
    );
    svg.text(
        mx,
        y_title_y,
        Font::new(TICK_PX).fill(MUTED).anchor(Anchor::Middle),
        "midnight",
    );
    svg.text(
        (left + right) / 2.0,
        bottom + 34.0,
        Font::new(LABEL_PX).anchor(Anchor::Middle),
        "hour the episode began (local clock time, 18:00 to 17:59)",
    );
    let desc_counts: Vec<String> = HOUR_ORDER
        .iter()
        .filter(|&&h| hours[h] > 0)
        .map(|&h| format!("{h:02}:00 {}", hours[h]))
        .collect();
    let desc = format!("{note} By hour: {}.", desc_counts.join(", "));
    Ok(svg.finish(TITLE, &desc))
}

/// One horizontal-bar panel (used twice by [`leg_site_svg`]).
struct Panel<'a> {
    heading: &'a str,
    items: &'a [Count],
    x0: f64,
    x1: f64,
}

/// Two horizontal bar groups side by side (leg; site), on one shared scale, with the count
/// and its share of the panel's total printed at each bar's end.
pub fn leg_site_svg(legs: &[Count], sites: &[Count], size: Size) -> anyhow::Result<String> {
    leg_site(legs, sites, size)?.to_svg()
}

pub(crate) fn leg_site(legs: &[Count], sites: &[Count], size: Size) -> anyhow::Result<Drawing> {
    const TITLE: &str = "Cramp episodes by leg and site";
    const ID: &str = "cl-legsite";
    check_size(size)?;
    if legs.is_empty() && sites.is_empty() {
        return Ok(empty_chart(ID, TITLE, size));
    }
    let leg_total: u64 = legs.iter().map(|c| u64::from(c.count)).sum();
    let site_total: u64 = sites.iter().map(|c| u64::from(c.count)).sum();
    let note = format!(
        "n = {} with the leg recorded, {} with the site recorded; % of each group's total.",
        plural(leg_total, "episode", "episodes"),
        site_total
    );
    let mut svg = Canvas::new(ID, size);
    let top = svg.heading(TITLE, &note);
    let max = legs.iter().chain(sites).map(|c| c.count).max().unwrap_or(0);
    let (x_max, step) = nice_axis(f64::from(max.max(1)), 4);

    let gap = 36.0;
    let panel_w = (svg.w - 2.0 * MARGIN - gap) / 2.0;
    let rows = legs.len().max(sites.len()).max(1) as f64;
    let heading_y = top + 14.0;
    let rows_top = heading_y + 8.0;
    let below = 22.0 + 18.0 + MARGIN;
    let min_pitch = 18.0;
    let mut pitch = ((svg.h - rows_top - below) / rows).min(28.0);
    if pitch < min_pitch {
        pitch = min_pitch;
        svg.h = rows_top + rows * pitch + below;
    }
    let rows_bottom = rows_top + rows * pitch;
    let panels = [
        Panel {
            heading: "Leg",
            items: legs,
            x0: MARGIN,
            x1: MARGIN + panel_w,
        },
        Panel {
            heading: "Site",
            items: sites,
            x0: MARGIN + panel_w + gap,
            x1: svg.w - MARGIN,
        },
    ];
    let label_font = Font::new(TICK_PX + 1.0);
    let value_font = Font::new(TICK_PX);
    for (p, total) in panels.iter().zip([leg_total, site_total]) {
        let value = |c: &Count| {
            if total == 0 {
                c.count.to_string()
            } else {
                format!(
                    "{} ({}%)",
                    c.count,
                    (f64::from(c.count) * 100.0 / total as f64).round()
                )
            }
        };
        let label_w = p
            .items
            .iter()
            .map(|c| label_font.width(&c.label))
            .fold(0.0, f64::max)
            .min((p.x1 - p.x0) * 0.38);
        let value_w = p
            .items
            .iter()
            .map(|c| value_font.width(&value(c)))
            .fold(value_font.width("0 (0%)"), f64::max);
        let bx0 = p.x0 + label_w + 8.0;
        let bx1 = (p.x1 - value_w - 6.0).max(bx0 + 20.0);
        // x: episodes; y: the panel's rows, the first at the top.
        let plot = NumPlot::new(0.0..x_max, 0.0..rows, (bx0, bx1), (rows_top, rows_bottom));
        let xs = |v: f64| plot.x(&v);
        // Bars start at the zero of the value axis, as plotters placed it.
        let bx0 = xs(0.0);

        svg.text(p.x0, heading_y, Font::new(LABEL_PX).bold(), p.heading);
        x_grid(
            &mut svg,
            xs,
            (rows_top, rows_bottom),
            x_max,
            step,
            num,
            "episodes",
        );
        if p.items.is_empty() {
            svg.text(
                bx0 + 6.0,
                rows_top + pitch / 2.0 + 4.0,
                value_font.fill(MUTED),
                "not recorded",
            );
        }
        for (i, c) in p.items.iter().enumerate() {
            let cy = plot.y(&(i as f64 + 0.5));
            let thick = (pitch * 0.62).min(18.0);
            let label = label_font.fit(&c.label, label_w);
            svg.text(bx0 - 8.0, cy + 4.0, label_font.anchor(Anchor::End), &label);
            let len = xs(f64::from(c.count)) - bx0;
            svg.rect("bar", bx0, cy - thick / 2.0, len, thick, Paint::fill(BLUE));
            svg.text(bx0 + len + 5.0, cy + 4.0, value_font, &value(c));
        }
    }
    let list = |items: &[Count]| {
        items
            .iter()
            .map(|c| format!("{} {}", c.label, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let desc = format!("{note} Leg: {}. Site: {}.", list(legs), list(sites));
    Ok(svg.finish(TITLE, &desc))
}

/// A percentage in 0..=100, or `None` when absent or not a number.
fn pct(v: Option<f64>) -> Option<f64> {
    v.filter(|p| p.is_finite()).map(|p| p.clamp(0.0, 100.0))
}

/// Paired horizontal bars per co-symptom: % of cramp nights (solid blue) vs % of
/// cramp-free nights (orange outline, hatched) whose day before had the symptom, each
/// labelled with its percentage and denominator.
pub fn cosymptom_svg(items: &[CoSymptom], size: Size) -> anyhow::Result<String> {
    cosymptom(items, size)?.to_svg()
}

pub(crate) fn cosymptom(items: &[CoSymptom], size: Size) -> anyhow::Result<Drawing> {
    const TITLE: &str = "Co-symptoms on cramp nights vs cramp-free nights";
    const ID: &str = "cl-cosymptom";
    check_size(size)?;
    if items.is_empty() {
        return Ok(empty_chart(ID, TITLE, size));
    }
    let mut svg = Canvas::new(ID, size);
    let hatch = Paint::hatch(ORANGE, 5.0);
    let top = svg.heading(
        TITLE,
        "Share of nights whose day before had the symptom; n = nights in that group with the symptom checklist answered.",
    );
    let legend_items = [
        (
            Key::Swatch(Paint::fill(BLUE).stroke(BLUE, 1.0)),
            "cramp nights".to_string(),
        ),
        (
            Key::Swatch(hatch.stroke(ORANGE, 1.0)),
            "cramp-free nights".to_string(),
        ),
    ];
    let legend_w = svg.w - 2.0 * MARGIN;
    let after_legend = legend(&mut svg, MARGIN, top, legend_w, &legend_items, true);

    let label_font = Font::new(TICK_PX + 1.0);
    let value_font = Font::new(TICK_PX);
    let value = |p: Option<f64>, n: u32| match pct(p) {
        Some(p) => format!("{}% (n={n})", p.round()),
        None => format!("no data (n={n})"),
    };
    let label_w = items
        .iter()
        .map(|c| label_font.width(&c.label))
        .fold(0.0, f64::max)
        .min(svg.w * 0.3);
    let value_w = items
        .iter()
        .flat_map(|c| {
            [
                value(c.cramp_nights_pct, c.cramp_n),
                value(c.cramp_free_pct, c.free_n),
            ]
        })
        .map(|s| value_font.width(&s))
        .fold(0.0, f64::max);
    let bx0 = MARGIN + label_w + 10.0;
    let bx1 = svg.w - MARGIN - value_w - 6.0;

    let rows_top = after_legend + 6.0;
    let below = 22.0 + 18.0 + MARGIN;
    let n = items.len() as f64;
    let mut pitch = ((svg.h - rows_top - below) / n).min(40.0);
    if pitch < 30.0 {
        pitch = 30.0;
        svg.h = rows_top + n * pitch + below;
    }
    let rows_bottom = rows_top + n * pitch;
    // No blank band under the axis title: wasted space on a printed page.
    svg.h = svg.h.min(rows_bottom + below);
    let thick = ((pitch - 8.0) / 2.0).min(13.0);
    // x: percent of nights; y: the co-symptoms' rows, the first at the top.
    let plot = NumPlot::new(0.0..100.0, 0.0..n, (bx0, bx1), (rows_top, rows_bottom));
    let xs = |v: f64| plot.x(&v);
    // Bars start at the zero of the value axis, as plotters placed it.
    let bx0 = xs(0.0);

    x_grid(
        &mut svg,
        xs,
        (rows_top, rows_bottom),
        100.0,
        25.0,
        |v| format!("{}%", num(v)),
        "% of nights with the symptom reported for the day before",
    );

    for (i, c) in items.iter().enumerate() {
        let mid = plot.y(&(i as f64 + 0.5));
        let label = label_font.fit(&c.label, label_w);
        svg.text(bx0 - 8.0, mid + 4.0, label_font.anchor(Anchor::End), &label);
        let bars = [
            (
                c.cramp_nights_pct,
                c.cramp_n,
                mid - 1.0 - thick,
                "bar cramp",
                Paint::fill(BLUE),
            ),
            (
                c.cramp_free_pct,
                c.free_n,
                mid + 1.0,
                "bar free",
                hatch.stroke(ORANGE, 1.2),
            ),
        ];
        for (p, n, y0, class, style) in bars {
            let text = value(p, n);
            match pct(p) {
                Some(p) => {
                    let len = xs(p) - bx0;
                    if len > 0.0 {
                        svg.rect(class, bx0, y0 + 0.6, len, thick - 1.2, style);
                    } else {
                        svg.line(
                            "line",
                            bx0 + 1.0,
                            y0,
                            bx0 + 1.0,
                            y0 + thick,
                            Stroke::new(INK, 2.0),
                        );
                    }
                    svg.text(bx0 + len + 5.0, y0 + thick / 2.0 + 4.0, value_font, &text);
                }
                None => svg.text(
                    bx0 + 5.0,
                    y0 + thick / 2.0 + 4.0,
                    value_font.fill(MUTED),
                    &text,
                ),
            }
        }
    }
    let desc_rows: Vec<String> = items
        .iter()
        .map(|c| {
            format!(
                "{}: cramp nights {}, cramp-free nights {}",
                c.label,
                value(c.cramp_nights_pct, c.cramp_n),
                value(c.cramp_free_pct, c.free_n)
            )
        })
        .collect();
    Ok(svg.finish(TITLE, &format!("{}.", desc_rows.join("; "))))
}

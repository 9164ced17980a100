//! Report charts as self-contained SVG text (and PNG through resvg), drawn with plotters.
//!
//! Every chart:
//! - is plain SVG 1.1 with no external reference (no `href`, no images, no CSS, no
//!   `url(…)`): plotters draws every shape, the hatching included ([`canvas`]);
//! - sets its text in `DejaVu Sans`, laid out with the metrics of the bundled font, so it
//!   renders the same in the PNG and PDF paths (which load only the bundled fonts, see
//!   [`parse_svg`]) and close to it in a browser;
//! - has an accessible `<title>` and `<desc>`, a visible title, labelled axes with units,
//!   text of at least 11 px at 720 wide, and encodings that survive greyscale printing
//!   (dark blue vs orange *plus* solid vs hatched/outlined, line vs dots);
//! - prefixes its ids with `cl-<kind>-`, so several charts can be inlined in one HTML page;
//! - is deterministic: the same input gives the same bytes;
//! - escapes every user-provided string;
//! - says "No data in this period" for empty input instead of failing.
//!
//! `size` is the requested width × height in layout px (720 × 300 is a full A4 text
//! width); the SVG gives its size in millimetres (0.25 mm a px) with a viewBox in 0.1 mm.
//! Charts whose rows would no longer be legible at that height (many co-symptoms, sites or
//! calendar years) grow taller: read the final size from `parse_svg(..)?.size()`.
//!
//! Missing weeks and nights are never drawn as zero: they are gaps, hatched "no data" areas.

mod bars;
mod calendar;
pub(crate) mod canvas;
mod duration;
mod font;
mod render;
mod seasons;
mod weekly;

#[cfg(test)]
mod tests;

pub use bars::{cosymptom_svg, leg_site_svg, time_of_night_svg};
pub use calendar::calendar_svg;
pub use duration::duration_pain_svg;
pub use font::{FAMILY as FONT_FAMILY, FONT_BOLD, FONT_REGULAR};
pub use render::{font_db, parse_svg, svg_to_png, usvg_options};
pub use seasons::month_of_year_svg;
pub use weekly::{monthly_svg, weekly_svg};

/// The laid-out charts (drawn on any plotters backend: SVG, or the PDF engine's own).
pub(crate) use bars::{cosymptom, leg_site, time_of_night};
pub(crate) use calendar::calendar;
pub(crate) use canvas::Drawing;
pub(crate) use duration::duration_pain;
pub(crate) use seasons::month_of_year;
pub(crate) use weekly::{monthly, weekly};

/// One week of the diary. `logged == 0` means a missing week: a gap, never a zero.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPoint {
    pub week_start: chrono::NaiveDate,
    /// Nights logged in that week (0..=7).
    pub logged: u32,
    /// Logged nights with at least one cramp episode.
    pub cramp_nights: u32,
}

/// One calendar month of the diary (for long periods). `logged == 0` is a missing month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    /// Any day of the month (its first is used).
    pub month_start: chrono::NaiveDate,
    pub logged: u32,
    pub cramp_nights: u32,
}

/// A dated event or medication start/stop, drawn as a labelled vertical line.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub date: chrono::NaiveDate,
    pub label: String,
}

/// What is known about one night.
#[derive(Debug, Clone, PartialEq)]
pub enum DayState {
    Cramp {
        episodes: u32,
    },
    CrampFree,
    /// Not logged (shown hatched, never as cramp-free).
    Missing,
    /// Tonight or later: not yet loggable.
    Future,
}

/// One cell of the night calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDay {
    pub night: chrono::NaiveDate,
    pub state: DayState,
    /// A warning sign was logged that night (framed in dark red).
    pub warning: bool,
    /// A treatment (medication or self-care) started that night (a black bar at the left).
    pub treatment_start: bool,
    /// The night's place in a self-experiment's schedule, if any (a band along the cell's
    /// foot: black = with the measure, white = without, grey = washout).
    pub trial: Option<TrialMark>,
}

/// A night of a self-experiment's schedule, as the calendar marks it (docs/design.md
/// section 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrialMark {
    /// Planned with the measure (after the period's washout).
    On,
    /// Planned without the measure (after the period's washout).
    Off,
    /// A washout night: the first nights of a period, never counted.
    Washout,
}

/// One episode for the duration / pain chart; absent values are left out of their panel.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodePoint {
    pub night: chrono::NaiveDate,
    pub duration_s: Option<u32>,
    pub pain: Option<u8>,
}

/// A labelled count (leg or site).
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub label: String,
    pub count: u32,
}

/// How often a co-symptom was reported on cramp nights vs cramp-free nights.
/// `None` percentages (no night in that group with a known answer) are drawn as "no data".
#[derive(Debug, Clone, PartialEq)]
pub struct CoSymptom {
    pub label: String,
    /// 0..=100.
    pub cramp_nights_pct: Option<f64>,
    /// 0..=100.
    pub cramp_free_pct: Option<f64>,
    /// Cramp nights with a known answer (the denominator).
    pub cramp_n: u32,
    /// Cramp-free nights with a known answer (the denominator).
    pub free_n: u32,
}

/// Chart size in SVG user units (≈ px).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    pub const fn new(width: u32, height: u32) -> Size {
        Size { width, height }
    }
}

impl Default for Size {
    /// 720 × 300: the full text width of an A4 page.
    fn default() -> Size {
        Size::new(720, 300)
    }
}

/// Smallest and largest accepted sizes: below, labels cannot be legible; above, a mistake.
const MIN_W: u32 = 320;
const MIN_H: u32 = 160;
const MAX_SIDE: u32 = 8000;

fn check_size(size: Size) -> anyhow::Result<()> {
    if size.width < MIN_W || size.height < MIN_H || size.width > MAX_SIDE || size.height > MAX_SIDE
    {
        anyhow::bail!(
            "chart size {}x{} is out of range; use at least {MIN_W}x{MIN_H} and at most {MAX_SIDE}x{MAX_SIDE}",
            size.width,
            size.height
        );
    }
    Ok(())
}

//! The report's charts: each one drawn from the [`Report`] alone (never from the diary), so
//! every number on a chart is a number of the report JSON.

use std::sync::Arc;

use anyhow::Result;
use chrono::NaiveDate;

use super::Report;
use crate::analysis::coverage::NightState;
use crate::chart::{
    self, CalendarDay, CoSymptom, Count, DayState, EpisodePoint, Marker, Size, TrialMark,
};
use crate::vocab::EventKind;

/// The charts a report can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Weekly,
    Calendar,
    TimeOfNight,
    DurationPain,
    LegSite,
    Cosymptoms,
    /// Cramp nights by calendar month (reports of 12 months or more).
    MonthOfYear,
}

impl Chart {
    /// In report order.
    pub const ALL: [Chart; 7] = [
        Chart::Weekly,
        Chart::MonthOfYear,
        Chart::Calendar,
        Chart::TimeOfNight,
        Chart::DurationPain,
        Chart::LegSite,
        Chart::Cosymptoms,
    ];

    /// A stable id (file names, HTML anchors).
    pub fn id(self) -> &'static str {
        match self {
            Chart::Weekly => "weekly",
            Chart::Calendar => "calendar",
            Chart::TimeOfNight => "time-of-night",
            Chart::DurationPain => "duration-pain",
            Chart::LegSite => "leg-site",
            Chart::Cosymptoms => "cosymptoms",
            Chart::MonthOfYear => "month-of-year",
        }
    }

    /// The size each chart is drawn at by default (SVG user units; it may grow taller).
    pub fn default_size(self) -> Size {
        match self {
            Chart::Weekly | Chart::Calendar => Size::new(720, 300),
            Chart::TimeOfNight | Chart::LegSite | Chart::MonthOfYear => Size::new(720, 260),
            Chart::DurationPain => Size::new(720, 340),
            Chart::Cosymptoms => Size::new(720, 420),
        }
    }
}

/// Draws one chart of the report as SVG text.
pub fn svg(report: &Report, which: Chart, size: Size) -> Result<String> {
    drawing(report, which, size)?.to_svg()
}

/// One chart of the report for the PDF engine, drawn straight onto the page (no SVG text).
pub fn picture(report: &Report, which: Chart, size: Size) -> Result<Arc<dyn crate::pdf::Picture>> {
    Ok(Arc::new(PdfChart(drawing(report, which, size)?)))
}

/// A laid-out chart as a [`crate::pdf::Picture`]: plotters draws it on the engine's backend.
struct PdfChart(chart::Drawing);

impl std::fmt::Debug for PdfChart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart {} ({} shapes)", self.0.id, self.0.items.len())
    }
}

impl crate::pdf::Picture for PdfChart {
    fn size(&self) -> (u32, u32) {
        self.0.units()
    }

    fn draw(&self, backend: crate::pdf::PictureBackend<'_, '_>) -> Result<()> {
        use plotters::prelude::IntoDrawingArea;
        let area = backend.into_drawing_area();
        self.0
            .draw_on(&area)
            .and_then(|()| area.present())
            .map_err(|e| anyhow::anyhow!("chart drawing failed: {e}"))
    }
}

/// Lays one chart of the report out.
fn drawing(report: &Report, which: Chart, size: Size) -> Result<chart::Drawing> {
    match which {
        // Over 2 years weekly bars would be thinner than a line: the same chart by month.
        Chart::Weekly if report.weekly.len() > WEEKLY_MAX_WEEKS => {
            chart::monthly(&months(report), &markers(report), size)
        }
        Chart::Weekly => chart::weekly(&weeks(report), &markers(report), size),
        Chart::MonthOfYear => chart::month_of_year(&months(report), size),
        Chart::Calendar => chart::calendar(&calendar(report), size),
        Chart::TimeOfNight => {
            let t = &report.distributions.time_of_night;
            let mut hours = [0u32; 24];
            for (slot, n) in hours.iter_mut().zip(&t.by_hour) {
                *slot = *n;
            }
            chart::time_of_night(&hours, t.unknown, size)
        }
        Chart::DurationPain => chart::duration_pain(&episode_points(report), size),
        Chart::LegSite => {
            let counts = |t: &crate::analysis::distributions::Tally| -> Vec<Count> {
                t.counts
                    .iter()
                    .map(|c| Count {
                        label: c.label.clone(),
                        count: c.count,
                    })
                    .collect()
            };
            chart::leg_site(
                &counts(&report.distributions.leg),
                &counts(&report.distributions.site),
                size,
            )
        }
        Chart::Cosymptoms => {
            let items: Vec<CoSymptom> = report
                .cosymptoms
                .iter()
                .filter(|c| c.cramp_nights_with + c.cramp_free_with > 0)
                .map(|c| CoSymptom {
                    label: c.label.clone(),
                    cramp_nights_pct: c.cramp_nights_pct,
                    cramp_free_pct: c.cramp_free_pct,
                    cramp_n: c.cramp_nights_answered,
                    free_n: c.cramp_free_answered,
                })
                .collect();
            // Tall enough for its rows and no taller: blank space wastes a printed page.
            let rows = u32::try_from(items.len()).unwrap_or(u32::MAX);
            let fitted = Size::new(
                size.width,
                size.height
                    .min(140u32.saturating_add(rows.saturating_mul(56)))
                    .max(200),
            );
            chart::cosymptom(&items, fitted)
        }
    }
}

/// The charts a report of this period shows, in report order: the month-of-year chart
/// only when the period covers 12 months or more.
pub fn shown(report: &Report) -> Vec<Chart> {
    Chart::ALL
        .into_iter()
        .filter(|c| *c != Chart::MonthOfYear || report.monthly.len() >= 12)
        .collect()
}

/// Every chart the report shows at its default size, in report order.
pub fn all(report: &Report) -> Result<Vec<(Chart, String)>> {
    shown(report)
        .iter()
        .map(|c| Ok((*c, svg(report, *c, c.default_size())?)))
        .collect()
}

/// Up to 2 years (104 weeks) the trend chart has a bar per week, beyond a bar per month.
const WEEKLY_MAX_WEEKS: usize = 104;
/// The monthly chart is legible up to about 50 years; a longer period shows its most
/// recent 600 months (the chart's caption then counts those months).
const MONTHLY_MAX: usize = 600;

fn weeks(report: &Report) -> Vec<chart::WeekPoint> {
    report
        .weekly
        .iter()
        .map(|w| chart::WeekPoint {
            week_start: w.week_start,
            logged: w.logged,
            cramp_nights: w.cramp_nights,
        })
        .collect()
}

fn months(report: &Report) -> Vec<chart::MonthPoint> {
    let skip = report.monthly.len().saturating_sub(MONTHLY_MAX);
    report
        .monthly
        .iter()
        .skip(skip)
        .map(|m| chart::MonthPoint {
            month_start: m.from,
            logged: m.logged,
            cramp_nights: m.cramp_nights,
        })
        .collect()
}

/// Events and medication starts and stops inside the period, as chart markers.
fn markers(report: &Report) -> Vec<Marker> {
    let p = &report.period;
    let mut out: Vec<Marker> = report
        .events
        .iter()
        // Events before the period are context for the tables, not points on its axis.
        .filter(|e| e.date >= p.from && e.date <= p.to)
        .map(|e| Marker {
            date: e.date,
            label: e
                .label
                .clone()
                .unwrap_or_else(|| e.kind.plain().to_string()),
        })
        .collect();
    for m in &report.medications {
        if m.started_in_period {
            out.push(Marker {
                date: m.start,
                label: format!("{} started", m.name),
            });
        }
        if let Some(stop) = m.stop.filter(|_| m.stopped_in_period) {
            out.push(Marker {
                date: stop,
                label: format!("{} stopped", m.name),
            });
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.label.cmp(&b.label)));
    out
}

/// The calendar draws a row per year and at most 60 years: a longer period shows its most
/// recent 50 years (the chart's own caption then counts those nights).
const CALENDAR_MAX_NIGHTS: usize = 50 * 366;

fn calendar(report: &Report) -> Vec<CalendarDay> {
    use std::collections::BTreeSet;
    let warnings: BTreeSet<NaiveDate> = report
        .nights
        .iter()
        .filter(|n| !n.red_flags.is_empty())
        .map(|n| n.night)
        .collect();
    let starts = treatment_starts(report);
    let trial = trial_marks(report);
    let skip = report.calendar.len().saturating_sub(CALENDAR_MAX_NIGHTS);
    report
        .calendar
        .iter()
        .skip(skip)
        .map(|c| CalendarDay {
            night: c.night,
            state: match c.state {
                NightState::Cramp => DayState::Cramp {
                    episodes: c.episodes,
                },
                NightState::CrampFree => DayState::CrampFree,
                NightState::Missing => DayState::Missing,
                NightState::NotYet => DayState::Future,
            },
            warning: warnings.contains(&c.night),
            treatment_start: starts.contains(&c.night),
            trial: trial.get(&c.night).copied(),
        })
        .collect()
}

/// Each night of a self-experiment's schedule (to its last night, or the night it was
/// stopped): washout for a period's first nights, else the plan, logged or not.
pub(crate) fn trial_marks(report: &Report) -> std::collections::BTreeMap<NaiveDate, TrialMark> {
    let mut out = std::collections::BTreeMap::new();
    for t in &report.trials {
        let nights = t.nights.max(1) as usize;
        for (i, n) in t.strip.iter().enumerate() {
            let mark = if (i % nights) < t.washout as usize {
                TrialMark::Washout
            } else if n.planned_on {
                TrialMark::On
            } else {
                TrialMark::Off
            };
            out.insert(n.night, mark);
        }
    }
    out
}

/// Nights a treatment began: medication starts and the start of compression or stretching.
fn treatment_starts(report: &Report) -> std::collections::BTreeSet<NaiveDate> {
    let meds = report
        .medications
        .iter()
        .filter(|m| m.started_in_period)
        .map(|m| m.start);
    let events = report
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::CompressionStart | EventKind::StretchingStart
            )
        })
        .map(|e| e.date);
    meds.chain(events).collect()
}

fn episode_points(report: &Report) -> Vec<EpisodePoint> {
    // Like the calendar, at most the most recent 50 years.
    let since = report
        .nights
        .last()
        .map(|n| n.night - chrono::Duration::days(CALENDAR_MAX_NIGHTS as i64));
    report
        .nights
        .iter()
        .filter(move |row| since.is_none_or(|s| row.night > s))
        .flat_map(|row| {
            row.entry.episodes.iter().map(move |e| EpisodePoint {
                night: row.night,
                duration_s: e.duration_s,
                pain: e.pain,
            })
        })
        .collect()
}

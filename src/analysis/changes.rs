//! Changes after treatments (`docs/design.md`, "Changes after treatments"): for every
//! treatment event and every medicine start or stop dated in the period, the cramps of the
//! 28 nights before vs the 28 nights after, with the 28 nights before those as a check on an
//! earlier trend, and every other change close enough to be confused with it.
//!
//! Not a flag: no level, not in Holm's family, never part of the composite line. The words
//! say "after", never "because of".

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Diary, Input, window_ending};
use crate::analysis::associations::Group;
use crate::analysis::wording::{self as w, ci, p as fmt_p, pct, ratio as fmt_ratio};
use crate::model::Period;
use crate::stats;
use crate::vocab::EventKind;

/// Nights in each window.
pub const WINDOW_NIGHTS: i64 = 28;
/// Logged nights the before and after windows each need for a comparison.
pub const MIN_LOGGED: u32 = 10;
/// Logged nights the earlier window needs for `pre_trend`.
pub const MIN_EARLIER_LOGGED: u32 = 10;
/// Before-vs-earlier ratio of cramp-night shares at or below which cramps were falling …
pub const FALLING: f64 = 0.8;
/// … and at or above which they were rising.
pub const RISING: f64 = 1.25;
/// Another change within this many nights (inclusive) overlaps.
pub const OVERLAP_NIGHTS: i64 = 28;

/// The section's title in every format.
pub const TITLE: &str = "Changes after treatments";
/// The sentence under the title.
pub const INTRO: &str = "Cramps in the 4 weeks before and after each treatment or medicine change in the period. This shows what happened after a change, not what the change caused.";
/// When the period holds no change.
pub const NONE: &str = "No treatment or medicine change was recorded in this period.";

/// The caveats every change carries.
pub const CAVEATS: &[&str] = &[
    "In trials, people given a placebo had about 28 % fewer cramps within 4 weeks.",
    "A change made after a bad spell is often followed by improvement anyway (regression to the mean).",
    "Cramps vary with the season.",
];

/// Said for a change of self-care (stockings, stretching).
pub const SELF_EXPERIMENT: &str = "A self-experiment (cramplog trial) is the way to test a self-care measure properly: stockings or stretching on and off in a random order.";

/// One change and the cramps around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub date: NaiveDate,
    /// An event kind (`compression_start`, `compression_stop`, `stretching_start`,
    /// `vein_procedure`) or `medication_start` / `medication_stop`.
    pub kind: String,
    /// The event's label, or the medicine's name.
    pub label: String,
    /// The 28 nights ending the night before the change.
    pub before: Window,
    /// The 28 nights from the change's night (never past last night).
    pub after: Window,
    /// The 28 nights before `before`.
    pub earlier: Window,
    /// ≥ 10 logged nights in both `before` and `after`: the ratios below are computed.
    pub enough: bool,
    /// When not enough: what is missing ("not enough nights to compare: 6 logged after").
    pub missing: Option<String>,
    /// Cramp nights per logged night, after vs before, with the Katz 95 % CI (`null` with a
    /// zero cell in either window).
    pub risk_ratio: Option<f64>,
    pub risk_ratio_ci_low: Option<f64>,
    pub risk_ratio_ci_high: Option<f64>,
    /// Fisher's exact two-sided p of the 2×2 table (after/before × cramp night yes/no).
    pub fisher_p: Option<f64>,
    /// Episodes per logged night, after vs before, with the exact conditional-binomial CI
    /// (`null` when either window has no episode).
    pub rate_ratio: Option<f64>,
    pub rate_ratio_ci_low: Option<f64>,
    pub rate_ratio_ci_high: Option<f64>,
    /// `falling`, `rising` or `flat` from the earlier window to the before window; `null`
    /// with fewer than 10 logged nights in `earlier`.
    pub pre_trend: Option<PreTrend>,
    /// Cramp-night share before / earlier, when both are defined and earlier's is not 0.
    pub pre_trend_ratio: Option<f64>,
    /// Every other change within 28 nights (inside the period or not).
    pub overlaps: Vec<Overlap>,
    /// A change of self-care: a self-experiment is the proper test.
    pub self_care: bool,
    /// The sentence to print ("after", never "because of").
    pub summary: String,
    /// Cautions that apply to this change, most specific first.
    pub caveats: Vec<String>,
}

/// One window of nights around a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub logged: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
}

/// How cramps moved before a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreTrend {
    Falling,
    Flat,
    Rising,
}

/// Another change close to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlap {
    pub date: NaiveDate,
    pub kind: String,
    pub label: String,
    /// Nights from this change to the other (negative: before it).
    pub days: i64,
}

/// A change before its numbers: date, kind id, label, words for it.
#[derive(Debug, Clone)]
struct Dated {
    date: NaiveDate,
    kind: String,
    label: String,
    /// "magnesium started", "class 1 stockings started".
    words: String,
    self_care: bool,
}

/// Every change of the kinds of `docs/design.md` in the diary, any date, in date order.
fn all_changes(input: &Input<'_>) -> Vec<Dated> {
    let mut out = Vec::new();
    for e in input.events {
        let (verb, self_care) = match e.kind {
            EventKind::CompressionStart => ("compression stockings started", true),
            EventKind::CompressionStop => ("compression stockings stopped", true),
            EventKind::StretchingStart => ("stretching started", true),
            EventKind::VeinProcedure => ("vein procedure", false),
            _ => continue,
        };
        let label = e.label.clone().unwrap_or_else(|| verb.to_string());
        out.push(Dated {
            date: e.date,
            kind: e.kind.id().to_string(),
            words: match &e.label {
                Some(l) if e.kind == EventKind::VeinProcedure => format!("vein procedure ({l})"),
                Some(l) => format!("{verb} ({l})"),
                None => verb.to_string(),
            },
            label,
            self_care,
        });
    }
    for m in input.medications {
        out.push(Dated {
            date: m.start,
            kind: "medication_start".into(),
            label: m.name.clone(),
            words: format!("{} started", m.name),
            self_care: false,
        });
        if let Some(stop) = m.stop {
            out.push(Dated {
                date: stop,
                kind: "medication_stop".into(),
                label: m.name.clone(),
                words: format!("{} stopped", m.name),
                self_care: false,
            });
        }
    }
    out.sort_by(|a, b| (a.date, &a.kind, &a.label).cmp(&(b.date, &b.kind, &b.label)));
    out
}

/// The nights of `p` up to last night, counted.
fn window(diary: &Diary<'_>, p: Period, last_night: NaiveDate) -> Window {
    let (from, to) = (p.from, p.to.min(last_night));
    let g = Group::of(diary.range(from, to));
    Window {
        from,
        to,
        logged: g.nights,
        cramp_nights: g.cramp_nights,
        episodes: g.episodes,
    }
}

fn share(w: Window) -> Option<f64> {
    crate::analysis::ratio(f64::from(w.cramp_nights), f64::from(w.logged))
}

/// "10 days later", "3 days earlier", "the same day".
fn distance(days: i64) -> String {
    match days {
        0 => "on the same day".to_string(),
        1 => "1 day later".to_string(),
        -1 => "1 day earlier".to_string(),
        d if d > 0 => format!("{d} days later"),
        d => format!("{} days earlier", -d),
    }
}

/// Every change dated in the period, with its windows and comparisons.
pub fn changes(input: &Input<'_>, diary: &Diary<'_>) -> Vec<Change> {
    let last_night = input.today - Duration::days(1);
    let all = all_changes(input);
    all.iter()
        .filter(|c| input.period.contains(c.date))
        .map(|c| change(c, &all, diary, last_night))
        .collect()
}

fn change(c: &Dated, all: &[Dated], diary: &Diary<'_>, last_night: NaiveDate) -> Change {
    let day = Duration::days(1);
    let before = window(
        diary,
        window_ending(c.date - day, WINDOW_NIGHTS),
        last_night,
    );
    let after = Period {
        from: c.date,
        to: c.date + Duration::days(WINDOW_NIGHTS - 1),
    };
    let after = window(diary, after, last_night);
    let earlier = window_ending(before.from - day, WINDOW_NIGHTS);
    let earlier = window(diary, earlier, last_night);
    let enough = before.logged >= MIN_LOGGED && after.logged >= MIN_LOGGED;
    let missing = (!enough).then(|| {
        let mut short = Vec::new();
        if before.logged < MIN_LOGGED {
            short.push(format!("{} logged before", before.logged));
        }
        if after.logged < MIN_LOGGED {
            short.push(format!("{} logged after", after.logged));
        }
        format!(
            "not enough nights to compare: {} (≥ {MIN_LOGGED} needed in each 4-week window)",
            short.join(" and ")
        )
    });
    let (mut rr, mut fisher, mut rate) = (stats::risk_ratio(0, 0, 0, 0), None, None);
    if enough {
        let (a, b) = (
            u64::from(after.cramp_nights),
            u64::from(after.logged - after.cramp_nights),
        );
        let (cc, d) = (
            u64::from(before.cramp_nights),
            u64::from(before.logged - before.cramp_nights),
        );
        // A zero cell in either window: no ratio and no CI (docs/design.md).
        if a > 0 && b > 0 && cc > 0 && d > 0 {
            rr = stats::risk_ratio(a, b, cc, d);
        }
        fisher = Some(stats::fisher_exact_two_sided(a, b, cc, d));
        if after.episodes > 0 && before.episodes > 0 {
            rate = Some(stats::rate_ratio_exact(
                u64::from(after.episodes),
                f64::from(after.logged),
                u64::from(before.episodes),
                f64::from(before.logged),
            ));
        }
    }
    let (pre_trend, pre_trend_ratio) = if earlier.logged >= MIN_EARLIER_LOGGED {
        match (share(before), share(earlier)) {
            (Some(b), Some(e)) if e > 0.0 => {
                let r = b / e;
                let t = if r <= FALLING {
                    PreTrend::Falling
                } else if r >= RISING {
                    PreTrend::Rising
                } else {
                    PreTrend::Flat
                };
                (Some(t), Some(r))
            }
            // No cramp night earlier: rising if any before, else flat.
            (b, Some(_)) => (
                Some(if b.is_some_and(|b| b > 0.0) {
                    PreTrend::Rising
                } else {
                    PreTrend::Flat
                }),
                None,
            ),
            _ => (None, None),
        }
    } else {
        (None, None)
    };
    let overlaps: Vec<Overlap> = all
        .iter()
        .filter(|o| !(o.date == c.date && o.kind == c.kind && o.label == c.label))
        .filter(|o| (o.date - c.date).num_days().abs() <= OVERLAP_NIGHTS)
        .map(|o| Overlap {
            date: o.date,
            kind: o.kind.clone(),
            label: o.label.clone(),
            days: (o.date - c.date).num_days(),
        })
        .collect();
    let mut caveats: Vec<String> = Vec::new();
    for o in &overlaps {
        if let Some(d) = all
            .iter()
            .find(|x| x.date == o.date && x.kind == o.kind && x.label == o.label)
        {
            caveats.push(format!(
                "{} {}: the two cannot be told apart.",
                w_capital(&d.words),
                distance(o.days)
            ));
        }
    }
    if pre_trend == Some(PreTrend::Falling) {
        caveats.push("Cramps were already falling before this change.".to_string());
    }
    caveats.extend(CAVEATS.iter().map(|s| s.to_string()));
    if c.self_care {
        caveats.push(SELF_EXPERIMENT.to_string());
    }
    let summary = summary(c, before, after, enough, missing.as_deref(), rr, fisher);
    Change {
        date: c.date,
        kind: c.kind.clone(),
        label: c.label.clone(),
        before,
        after,
        earlier,
        enough,
        missing,
        risk_ratio: rr.ratio,
        risk_ratio_ci_low: rr.ci_low,
        risk_ratio_ci_high: rr.ci_high,
        fisher_p: fisher,
        rate_ratio: rate.and_then(|r| r.ratio),
        rate_ratio_ci_low: rate.and_then(|r| r.ci_low),
        rate_ratio_ci_high: rate.and_then(|r| r.ci_high),
        pre_trend,
        pre_trend_ratio,
        overlaps,
        self_care: c.self_care,
        summary,
        caveats,
    }
}

fn w_capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "After Bendroflumethiazide started on Fri 9 Oct 2026: cramps on 9 of 27 logged nights in
/// the 4 weeks after (33 %) vs 14 of 26 in the 4 weeks before (54 %); risk ratio 0.62 (95% CI
/// 0.33–1.2), Fisher p = 0.17."
fn summary(
    c: &Dated,
    before: Window,
    after: Window,
    enough: bool,
    missing: Option<&str>,
    rr: stats::RiskRatio,
    fisher: Option<f64>,
) -> String {
    let head = format!("After {} on {}", c.words, w::day(c.date));
    let counts = format!(
        "cramps on {} of {} logged nights in the 4 weeks after ({}) vs {} of {} in the 4 weeks before ({})",
        after.cramp_nights,
        after.logged,
        pct(after.cramp_nights, after.logged),
        before.cramp_nights,
        before.logged,
        pct(before.cramp_nights, before.logged)
    );
    if !enough {
        return format!(
            "{head}: {counts}; {}.",
            missing.unwrap_or("not enough nights to compare")
        );
    }
    let borderline = w::borderline(rr.ci_low, rr.ci_high, fisher);
    format!(
        "{head}: {counts}; risk ratio {} ({}), Fisher {}{}.",
        fmt_ratio(rr.ratio),
        ci(rr.ci_low, rr.ci_high),
        fmt_p(fisher),
        if borderline { " (borderline)" } else { "" }
    )
}

//! `worsening_trend`: the last 14 nights vs the 28 before, cramp nights per logged night
//! (rate ratio with its exact conditional-binomial CI); Mann–Kendall over weekly rates is in
//! the evidence, not decisive; season and medication changes are noted.

use chrono::Duration;

use super::evidence::{Direction, MannKendallEvidence, Statistic, count};
use super::{Assessment, Ctx, Detail, Measure, Role, Rule, Spec};
use crate::analysis::associations::Group;
use crate::analysis::window_ending;
use crate::analysis::wording::{self as w, ci, p as fmt_p, pct, ratio as fmt_ratio};
use crate::model::Period;
use crate::stats;
use crate::vocab::RuleId;

pub const RECENT_NIGHTS: i64 = 14;
pub const BEFORE_NIGHTS: i64 = 28;
pub const MIN_RECENT_LOGGED: u32 = 10;
pub const MIN_BEFORE_LOGGED: u32 = 20;
/// Rate ratio at or above which cramps are worse (with the lower CI above 1).
pub const WORSE_RATIO: f64 = 1.5;
/// Rate ratio at or below which cramps are improving (with the upper CI below 1). A change
/// is `stable` only when the whole CI lies within `IMPROVING_RATIO..=WORSE_RATIO`.
pub const IMPROVING_RATIO: f64 = 0.67;

pub const SPEC: Spec = Spec {
    id: RuleId::WorseningTrend,
    title: "Cramps becoming more frequent",
    sources: &[w::SRC_GARRISON, w::SRC_COCHRANE_MG, w::SRC_VCSS],
    minimum: "≥ 10 logged nights in the last 14, ≥ 20 in the 28 before",
    role: Role::Other,
    topic: "The cramps have become more frequent recently.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let (input, diary) = (ctx.input, ctx.diary);
    let to = input.period.to;
    let recent = window_ending(to, RECENT_NIGHTS);
    let before = window_ending(recent.from - Duration::days(1), BEFORE_NIGHTS);
    let r = Group::of(diary.period(recent));
    let b = Group::of(diary.period(before));
    let mut a = Assessment::default();
    // Mann–Kendall on the weekly cramp-night rates (missing weeks left out): evidence only.
    let rates: Vec<f64> = ctx
        .weekly
        .iter()
        .filter(|w| w.logged > 0)
        .map(|w| f64::from(w.cramp_nights) / f64::from(w.logged))
        .collect();
    let mann_kendall = stats::mann_kendall(&rates).map(|mk| MannKendallEvidence {
        weeks: rates.len() as u32,
        s: mk.s,
        var_s: mk.var_s,
        z: mk.z,
        p: mk.p,
        tau: mk.tau,
        trend: match mk.trend {
            stats::Trend::Increasing => "increasing",
            stats::Trend::Decreasing => "decreasing",
            stats::Trend::NoTrend => "no_trend",
        }
        .to_string(),
    });
    // Season and medication changes in the 42 nights.
    let months: Vec<String> = {
        let mut m: Vec<String> = recent.days().map(|d| d.format("%B").to_string()).collect();
        m.dedup();
        m
    };
    a.evidence.notes.push(format!(
        "The last {RECENT_NIGHTS} nights fall in {}; cramps are commoner in summer (Garrison 2012), so compare with the same season.",
        months.join(" and ")
    ));
    let span = Period {
        from: before.from,
        to,
    };
    for m in input.medications {
        if span.contains(m.start) {
            a.evidence.notes.push(format!(
                "medication started in the window: {} ({}) on {}",
                m.name, m.class, m.start
            ));
        }
        if let Some(stop) = m.stop.filter(|s| span.contains(*s)) {
            a.evidence.notes.push(format!(
                "medication stopped in the window: {} ({}) on {stop}",
                m.name, m.class
            ));
        }
    }
    a.evidence.counts = vec![
        count(
            "last_14_cramp_nights",
            r.cramp_nights,
            Some(r.nights),
            "cramp nights of the logged nights, last 14 nights",
        ),
        count(
            "prior_28_cramp_nights",
            b.cramp_nights,
            Some(b.nights),
            "cramp nights of the logged nights, the 28 nights before",
        ),
    ];
    if r.nights < MIN_RECENT_LOGGED || b.nights < MIN_BEFORE_LOGGED {
        a.measure = Some(Measure::Insufficient(format!(
            "needs ≥ {MIN_RECENT_LOGGED} logged nights in the last {RECENT_NIGHTS} and ≥ {MIN_BEFORE_LOGGED} in the {BEFORE_NIGHTS} before; has {} and {}",
            r.nights, b.nights
        )));
        a.evidence.detail = Detail::Trend {
            direction: None,
            mann_kendall,
        };
        return a;
    }
    let rate = stats::rate_ratio_exact(
        u64::from(r.cramp_nights),
        f64::from(r.nights),
        u64::from(b.cramp_nights),
        f64::from(b.nights),
    );
    let infinite = b.cramp_nights == 0 && r.cramp_nights > 0;
    let worse = (infinite || rate.ratio.is_some_and(|x| x >= WORSE_RATIO))
        && rate.ci_low.is_some_and(|l| l > 1.0);
    let improving =
        rate.ratio.is_some_and(|x| x <= IMPROVING_RATIO) && rate.ci_high.is_some_and(|h| h < 1.0);
    let stable = rate.ci_low.is_some_and(|l| l >= IMPROVING_RATIO)
        && rate.ci_high.is_some_and(|h| h <= WORSE_RATIO);
    let direction = if worse {
        Direction::Worse
    } else if improving {
        Direction::Improving
    } else if stable {
        Direction::Stable
    } else {
        Direction::Unclear
    };
    a.measure = Some(Measure::Criterion(worse));
    a.evidence.statistic = Some(Statistic {
        name: "cramp_night_rate_ratio_last14_vs_prior28".into(),
        value: rate.ratio,
        ci_low: rate.ci_low,
        ci_high: rate.ci_high,
        ci_level: Some(0.95),
        p: Some(rate.p_two_sided),
        p_holm: None,
        threshold: Some(WORSE_RATIO),
    });
    a.evidence.nights = diary
        .period(recent)
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    let counts = format!(
        "cramps on {} of {} logged nights in the last 2 weeks ({}), against {} of {} in the 4 weeks before ({})",
        r.cramp_nights,
        r.nights,
        pct(r.cramp_nights, r.nights),
        b.cramp_nights,
        b.nights,
        pct(b.cramp_nights, b.nights)
    );
    a.patient_text = match direction {
        Direction::Worse => format!("Your cramps have become more frequent: {counts}."),
        Direction::Improving => format!(
            "Your cramps have become less frequent: {counts}. Cramps often ease with time alone."
        ),
        Direction::Stable => format!("About the same as before: {counts}."),
        Direction::Unclear => {
            format!("No clear change (too few nights to tell either way): {counts}.")
        }
    };
    let mk = mann_kendall
        .as_ref()
        .map(|m| {
            format!(
                " Mann–Kendall over {} weekly rates: tau {:.2}, p = {:.2} ({}; not decisive).",
                m.weeks,
                m.tau,
                m.p,
                m.trend.replace('_', " ")
            )
        })
        .unwrap_or_default();
    a.clinician_text = format!(
        "Cramp-night rate, last {RECENT_NIGHTS} nights ({} to {}) vs the {BEFORE_NIGHTS} before: {}/{} vs {}/{}; rate ratio {} ({}, exact conditional), {}. Direction: {}.{mk} Season and placebo-like drift (~28 % in 4 weeks) should be considered.",
        recent.from,
        recent.to,
        r.cramp_nights,
        r.nights,
        b.cramp_nights,
        b.nights,
        if infinite {
            "∞".to_string()
        } else {
            fmt_ratio(rate.ratio)
        },
        ci(rate.ci_low, rate.ci_high),
        fmt_p(Some(rate.p_two_sided)),
        match direction {
            Direction::Unclear => "unclear (no clear change; the CI is too wide to call it stable)",
            Direction::Stable => "stable (the whole CI within 0.67–1.5)",
            d => d.id(),
        }
    );
    a.evidence.detail = Detail::Trend {
        direction: Some(direction),
        mann_kendall,
    };
    a
}

//! `self_care_nonresponse`: < 25 % fall in the cramp episode rate in weeks 3–6 after
//! stretching began (a `stretching_start` event, or ≥ 7 consecutive stretched nights after
//! ≥ 14 logged nights without) vs the 14 nights before.

use chrono::{Duration, NaiveDate};

use super::evidence::{Statistic, Stretching, count};
use super::{Assessment, Ctx, Detail, Measure, Role, Rule, Spec};
use crate::analysis::associations::Group;
use crate::analysis::wording::{self as w, ci, ratio as fmt_ratio};
use crate::analysis::{Diary, Input, window_ending};
use crate::model::Period;
use crate::stats;
use crate::vocab::{EventKind, RuleId};

/// A fall in the episode rate below this share is a non-response.
pub const MIN_FALL: f64 = 0.25;
pub const BASELINE_NIGHTS: i64 = 14;
/// Weeks 3–6 after the start: nights 15–42.
pub const FOLLOW_UP_FIRST: i64 = 14;
pub const FOLLOW_UP_LAST: i64 = 41;
pub const MIN_BASELINE_LOGGED: u32 = 10;
pub const MIN_FOLLOW_UP_LOGGED: u32 = 20;
/// A nightly routine: this many consecutive stretched nights …
pub const RUN_NIGHTS: usize = 7;
/// … after this many logged nights without.
pub const RUN_AFTER_WITHOUT: u32 = 14;

pub const SPEC: Spec = Spec {
    id: RuleId::SelfCareNonresponse,
    title: "Cramps not clearly better after stretching",
    sources: &[w::SRC_HALLEGRAEFF_2012, w::SRC_COCHRANE_MG, w::SRC_NICE_CKS],
    minimum: "≥ 10 logged nights in the baseline, ≥ 20 in weeks 3–6",
    role: Role::Other,
    topic: "Stretching has not clearly helped.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

/// Where stretching began: the latest `stretching_start` event up to the period's end, else
/// the first night of the latest run of ≥ 7 consecutive logged nights with `stretched` that
/// follows ≥ 14 logged nights without.
fn stretching_start(input: &Input<'_>, diary: &Diary<'_>) -> Option<(NaiveDate, &'static str)> {
    let to = input.period.to;
    if let Some(e) = input
        .events
        .iter()
        .filter(|e| e.kind == EventKind::StretchingStart && e.date <= to)
        .max_by_key(|e| e.date)
    {
        return Some((e.date, "event"));
    }
    let nights = diary.up_to(to);
    let mut found = None;
    let mut without = 0u32; // logged nights without stretching since the last stretched night
    let mut i = 0;
    while i < nights.len() {
        let n = nights[i];
        if n.stretched == Some(true) {
            // Length of the run of consecutive calendar nights, each logged with `stretched`.
            let mut run = 1;
            while i + run < nights.len()
                && nights[i + run].stretched == Some(true)
                && nights[i + run].night == n.night + Duration::days(run as i64)
            {
                run += 1;
            }
            if run >= RUN_NIGHTS && without >= RUN_AFTER_WITHOUT {
                found = Some((n.night, "nightly"));
            }
            without = 0;
            i += run;
        } else {
            without += 1;
            i += 1;
        }
    }
    found
}

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let (input, diary) = (ctx.input, ctx.diary);
    let Some((start, how)) = stretching_start(input, diary) else {
        // Not judged, so never "not met" (docs/design.md, wording).
        let mut a = Assessment::new(Measure::Insufficient(format!(
            "has no stretching start: needs {RUN_NIGHTS} nights in a row with stretching after {RUN_AFTER_WITHOUT} without, or a stretching start recorded as an event"
        )));
        a.patient_text = format!(
            "Not enough data to check this yet: no start of nightly calf stretching was found (it needs {RUN_NIGHTS} nights in a row logged with stretching after {RUN_AFTER_WITHOUT} without, or a 'stretching_start' event)."
        );
        a.clinician_text = format!(
            "Insufficient data: no stretching start found (needs {RUN_NIGHTS} consecutive stretched nights after {RUN_AFTER_WITHOUT} logged without, or a stretching start recorded as an event)."
        );
        a.evidence.detail = Detail::Stretching(None);
        return a;
    };
    let baseline = window_ending(start - Duration::days(1), BASELINE_NIGHTS);
    let follow = Period {
        from: start + Duration::days(FOLLOW_UP_FIRST),
        to: start + Duration::days(FOLLOW_UP_LAST),
    };
    // Nights after the period's end are not part of this report.
    let follow_seen = Period {
        from: follow.from,
        to: follow.to.min(input.period.to),
    };
    let b = Group::of(diary.period(baseline));
    let a_ = Group::of(diary.period(follow_seen));
    let rate = |g: Group| crate::analysis::ratio(f64::from(g.episodes), f64::from(g.nights));
    let (rb, ra) = (rate(b), rate(a_));
    let fall = match (rb, ra) {
        (Some(rb), Some(ra)) if rb > 0.0 => Some(1.0 - ra / rb),
        _ => None,
    };
    let mut a = Assessment::default();
    a.evidence.detail = Detail::Stretching(Some(Stretching {
        start,
        detected_from: how.to_string(),
        baseline_from: baseline.from,
        baseline_to: baseline.to,
        baseline: b,
        follow_up_from: follow.from,
        follow_up_to: follow.to,
        follow_up: a_,
        baseline_rate: rb,
        follow_up_rate: ra,
        fall,
    }));
    a.evidence.counts = vec![
        count(
            "baseline_logged",
            b.nights,
            Some(BASELINE_NIGHTS as u32),
            "logged nights in the 14 nights before stretching began",
        ),
        count(
            "follow_up_logged",
            a_.nights,
            Some((FOLLOW_UP_LAST - FOLLOW_UP_FIRST + 1) as u32),
            "logged nights in weeks 3–6 after it began",
        ),
        count(
            "baseline_episodes",
            b.episodes,
            Some(b.nights),
            "cramp episodes before",
        ),
        count(
            "follow_up_episodes",
            a_.episodes,
            Some(a_.nights),
            "cramp episodes in weeks 3–6",
        ),
    ];
    if b.nights < MIN_BASELINE_LOGGED || a_.nights < MIN_FOLLOW_UP_LOGGED {
        a.measure = Some(Measure::Insufficient(format!(
            "needs ≥ {MIN_BASELINE_LOGGED} logged nights in the {BASELINE_NIGHTS} before stretching began ({start}) and ≥ {MIN_FOLLOW_UP_LOGGED} in weeks 3–6 after ({} to {}); has {} and {}",
            follow.from, follow.to, b.nights, a_.nights
        )));
        return a;
    }
    let rr = stats::rate_ratio_exact(
        u64::from(a_.episodes),
        f64::from(a_.nights),
        u64::from(b.episodes),
        f64::from(b.nights),
    );
    a.evidence.statistic = Some(Statistic {
        name: "fall_in_episode_rate".into(),
        value: fall,
        ci_low: rr.ci_high.map(|h| 1.0 - h),
        ci_high: rr.ci_low.map(|l| 1.0 - l),
        ci_level: Some(0.95),
        p: Some(rr.p_two_sided),
        p_holm: None,
        threshold: Some(MIN_FALL),
    });
    a.evidence.nights = diary
        .period(follow_seen)
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    let Some(fall) = fall else {
        a.measure = Some(Measure::Insufficient(format!(
            "needs cramps in the {BASELINE_NIGHTS} nights before stretching began ({start}) to judge a fall; has none"
        )));
        a.patient_text = format!(
            "You had no cramps in the 2 weeks before you started stretching on {}, so there was nothing to improve on.",
            w::day(start)
        );
        a.clinician_text = "No cramps in the 14-night baseline; response not assessable.".into();
        return a;
    };
    let met = fall < MIN_FALL;
    a.measure = Some(Measure::Criterion(met));
    let change = if fall >= 0.0 {
        format!("fell by {:.0} %", 100.0 * fall)
    } else {
        format!("rose by {:.0} %", -100.0 * fall)
    };
    a.patient_text = if met {
        format!(
            "Your cramps have not clearly improved since you started stretching on {}: the number of cramps per night {change} in weeks 3–6. That is a good reason to talk to your doctor.",
            w::day(start)
        )
    } else {
        format!(
            "Since you started stretching on {}, the number of cramps per night {change} in weeks 3–6.",
            w::day(start)
        )
    };
    a.clinician_text = format!(
        "Cramp episodes per logged night: {}/{} in the 14 nights before stretching began ({start}, from {how}) vs {}/{} in weeks 3–6; change {} (rate ratio {}, {}). Threshold: < {:.0} % fall = non-response; placebo arms fall ~28 % in 4 weeks (Cochrane); stretching evidence is mixed (Hallegraeff 2012 positive, Coppin 2005 negative).",
        b.episodes,
        b.nights,
        a_.episodes,
        a_.nights,
        change,
        fmt_ratio(rr.ratio),
        ci(rr.ci_low, rr.ci_high),
        100.0 * MIN_FALL
    );
    a
}

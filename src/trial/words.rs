//! A trial in plain words: the schedule strip, per-period rows, the numbers and the result,
//! declared once for `trial show` and every report format (docs/design.md section 11).

use crate::analysis::trial::{ALPHA, NightState, PeriodCounts, Status, TrialAnalysis, TrialResult};
use crate::analysis::wording::{ci, day, pct, plural, ratio};
use crate::model::Night;
use crate::trial::{self, Exposure, Trial, exposure, label, measure, plan_line};
use crate::vocab::TrialKind;

/// What `log` says after saving a night of a trial: the plan and whether it was followed
/// ("Plan for Tue 3 Dec: stockings ON (period 3 of 10); followed.").
pub fn logged_line(trial: &Trial, night: &Night) -> String {
    let Some(plan) = trial.plan(night.night) else {
        return String::new();
    };
    let line = plan_line(trial, night.night, &plan);
    if plan.washout {
        return format!("{line}.");
    }
    let verdict = match exposure(trial.kind, night) {
        _ if trial::followed(trial.kind, &plan, night) => "followed.".to_string(),
        Exposure::Unknown => format!(
            "not recorded, so this night does not count as following the plan; add it with 'cramplog edit {} {}'.",
            night.night,
            edit_option(trial.kind, plan.on)
        ),
        _ => "this night did not follow the plan (it still counts under the plan, which keeps the comparison fair).".to_string(),
    };
    format!("{line}; {verdict}")
}

/// What to do today, for the night that begins this evening ("Today and tonight, Wed 2 Dec:
/// stockings OFF (period 1 of 10) — leave the stockings off all day."): the plan
/// covers the day before a night, so the morning's entry is the moment to say it.
pub fn today_line(trial: &Trial, today: chrono::NaiveDate) -> Option<String> {
    let plan = trial.plan(today)?;
    Some(format!(
        "Today and tonight, {}: {} — {}.",
        today.format("%a %-d %b"),
        trial::plan_words(trial, &plan),
        trial::instruction(trial.kind, plan.on)
    ))
}

/// After the trial's last night is logged: where its result is.
pub fn ended_line(trial: &Trial, night: chrono::NaiveDate) -> Option<String> {
    (night == trial.end()).then(|| {
        format!(
            "That was the last night of the self-experiment of {}; its result: cramplog trial show.",
            measure(trial.kind)
        )
    })
}

/// The `log`/`edit` option that records following the plan.
pub fn edit_option(kind: TrialKind, on: bool) -> &'static str {
    match (kind, on) {
        (TrialKind::Compression, true) => "--compression most",
        (TrialKind::Compression, false) => "--compression none",
        (TrialKind::Stretching, true) => "--stretched=yes",
        (TrialKind::Stretching, false) => "--stretched=no",
        (TrialKind::Elevation, true) => "--elevation 30",
        (TrialKind::Elevation, false) => "--elevation 0",
    }
}

/// One character per night in the strip.
pub fn state_char(state: NightState) -> char {
    match state {
        NightState::On => '+',
        NightState::Off => '-',
        NightState::Washout => '~',
        NightState::Missing => '?',
        NightState::Planned => '.',
    }
}

/// What the strip's characters mean.
pub const STRIP_LEGEND: &str =
    "+ with, - without (logged nights), ~ washout (not counted), ? not logged, . still to come";

/// Why the design answers the question, and what it cannot say.
pub const CAVEAT: &str = "A self-experiment compares nights with and without the measure in the same weeks, in an order drawn at random, so the season, a new medicine or a bad spell affect both alike. It answers for you only, as you did it; it is self-reported, not a diagnosis.";

/// "compression stockings, 5 pairs of 7-night periods (2 washout nights each), from … to …".
pub fn summary(a: &TrialAnalysis) -> String {
    let mut s = format!(
        "{}: {} of {}-night periods ({} each), {} to {}",
        capitalised(measure(a.kind)),
        plural(a.pairs, "pair", "pairs"),
        a.nights,
        plural(a.washout, "washout night", "washout nights"),
        day(a.start),
        day(a.planned_end),
    );
    match (a.stopped, a.status) {
        (Some(stop), _) if stop < a.planned_end => {
            s.push_str(&format!("; stopped early after {}", day(stop)));
        }
        (_, Status::Running) => s.push_str("; running"),
        _ => s.push_str("; finished"),
    }
    s
}

/// The strip by pair: "Pair 1", then each period as "OFF ~~-----" (a stopped trial's last
/// pair may have one period).
pub fn strip_pairs(a: &TrialAnalysis) -> Vec<(String, Vec<String>)> {
    a.strip
        .chunks(a.nights as usize * 2)
        .enumerate()
        .map(|(i, pair)| {
            let periods = pair
                .chunks(a.nights as usize)
                .map(|p| {
                    let cells: String = p.iter().map(|n| state_char(n.state)).collect();
                    let on = p.first().is_some_and(|n| n.planned_on);
                    format!("{} {cells}", if on { "ON " } else { "OFF" })
                })
                .collect();
            (format!("Pair {}", i + 1), periods)
        })
        .collect()
}

/// The strip, one line per pair: "Pair 1   OFF ~~-----  ON  ~~++?++".
pub fn strip_rows(a: &TrialAnalysis) -> Vec<String> {
    strip_pairs(a)
        .into_iter()
        .map(|(pair, periods)| format!("{pair:<7}  {}", periods.join("  ")))
        .collect()
}

/// Column headings of [`period_rows`].
pub const PERIOD_HEADER: [&str; 7] = [
    "period", "plan", "nights", "logged", "cramps", "episodes", "followed",
];

/// What the columns of [`period_rows`] count.
pub const PERIOD_LEGEND: &str = "logged: nights logged of those counted after the washout; cramps: nights with cramps; followed: logged nights that followed the plan";

/// One row per period: its number, plan, dates, logged of analysed nights, cramp nights,
/// episodes, and nights that followed the plan.
pub fn period_rows(a: &TrialAnalysis) -> Vec<[String; 7]> {
    a.periods.iter().map(|p| period_row(a.kind, p)).collect()
}

fn period_row(kind: TrialKind, p: &PeriodCounts) -> [String; 7] {
    [
        p.period.to_string(),
        label(kind, p.on).to_string(),
        format!("{}–{}", p.from.format("%-d %b"), p.to.format("%-d %b")),
        format!("{} of {}", p.logged, p.analysed_nights),
        p.cramp_nights.to_string(),
        p.episodes.to_string(),
        format!("{} of {}", p.followed, p.logged),
    ]
}

/// The numbers behind the result, one sentence each.
pub fn numbers(a: &TrialAnalysis) -> Vec<String> {
    let (with, without) = groups(a.kind);
    let mut lines = vec![format!(
        "Cramps on {} of {} counted nights {with} ({}) and {} of {} {without} ({}); {} vs {}.",
        a.on.cramp_nights,
        a.on.logged,
        pct(a.on.cramp_nights, a.on.logged),
        a.off.cramp_nights,
        a.off.logged,
        pct(a.off.cramp_nights, a.off.logged),
        plural(a.on.episodes, "episode", "episodes"),
        a.off.episodes,
    )];
    if let Some(line) = pair_tally(a) {
        lines.push(line);
    }
    // Below 3 usable pairs the test is not read (section 11), so it is not printed either.
    if let Some(t) = a.t.filter(|_| a.result != TrialResult::TooEarly) {
        let flips = 1u64 << a.usable_pairs;
        lines.push(format!(
            "Difference in the share of cramp nights ({with} minus {without}), averaged over {}: T = {t:+.3}.",
            plural(a.usable_pairs as u32, "usable pair", "usable pairs")
        ));
        lines.push(format!(
            "Randomisation test over all {flips} possible orders: one-sided {} (fewer cramps {with}), two-sided {}.",
            exact_p(a.p_one_sided, flips),
            exact_p(a.p_two_sided, flips),
        ));
    }
    lines.push(format!(
        "Risk ratio of a cramp night, {with} vs {without}: {} ({}); episode rate ratio {} ({}).",
        ratio(a.risk_ratio.ratio),
        ci(a.risk_ratio.ci_low, a.risk_ratio.ci_high),
        ratio(a.episode_rate_ratio.ratio),
        ci(a.episode_rate_ratio.ci_low, a.episode_rate_ratio.ci_high),
    ));
    lines
}

/// Pair by pair, in words a patient can check against the table: "Pair by pair: fewer
/// cramp nights with the stockings in 4 of the 5 usable pairs, as many in 1, more in none."
pub fn pair_tally(a: &TrialAnalysis) -> Option<String> {
    let d: Vec<f64> = a.pair_differences.iter().filter_map(|p| p.d).collect();
    if d.is_empty() {
        return None;
    }
    let (with, _) = groups(a.kind);
    let count = |f: &dyn Fn(f64) -> bool| d.iter().filter(|x| f(**x)).count();
    let n = |k: usize| {
        if k == 0 {
            "none".to_string()
        } else {
            k.to_string()
        }
    };
    let fewer = count(&|x| x < -TIE);
    let same = count(&|x| x.abs() <= TIE);
    let more = count(&|x| x > TIE);
    if d.len() == 1 {
        let how = if fewer == 1 {
            "fewer"
        } else if same == 1 {
            "as many"
        } else {
            "more"
        };
        return Some(format!(
            "Pair by pair: the one usable pair had {how} cramp nights {with}."
        ));
    }
    Some(format!(
        "Pair by pair: fewer cramp nights {with} in {} of the {} usable pairs, as many in {}, more in {}.",
        n(fewer),
        d.len(),
        n(same),
        n(more),
    ))
}

/// Differences this close count as equal (as in the randomisation test, section 11).
const TIE: f64 = 1e-12;

/// "Followed the plan on 48 of 50 counted nights (96 %)", with the warning below 80 %.
pub fn adherence(a: &TrialAnalysis) -> String {
    let ad = &a.adherence;
    let mut s = format!(
        "Followed the plan on {} of {} counted logged nights ({}).",
        ad.followed,
        ad.analysed_logged,
        pct(ad.followed, ad.analysed_logged)
    );
    if ad.low {
        s.push_str(
            " Warning: below 80 %, so the comparison is blurred and may miss a real effect.",
        );
    }
    s
}

/// The result's id in plain words, for a heading ("Result: too early to tell").
pub fn result_label(r: TrialResult) -> &'static str {
    match r {
        TrialResult::Benefit => "consistent with fewer cramps",
        TrialResult::NoClearBenefit => "no clear benefit",
        TrialResult::InProgress => "in progress",
        TrialResult::TooEarly => "too early to tell",
    }
}

/// The result as a sentence with its uncertainty.
pub fn result_sentence(a: &TrialAnalysis) -> String {
    let (with, _) = groups(a.kind);
    let m = measure(a.kind);
    match a.result {
        TrialResult::Benefit => format!(
            "Consistent with fewer cramps {with}: risk ratio {} ({}), one-sided {}. This is your own result, for {m} as you used them.",
            ratio(a.risk_ratio.ratio),
            ci(a.risk_ratio.ci_low, a.risk_ratio.ci_high),
            p_value(a.p_one_sided),
        ),
        TrialResult::NoClearBenefit => {
            let mut s = format!(
                "No clear benefit of {m} was shown (one-sided {}, risk ratio {}, {}). That is not proof that they do nothing: a small effect can be missed.",
                p_value(a.p_one_sided),
                ratio(a.risk_ratio.ratio),
                ci(a.risk_ratio.ci_low, a.risk_ratio.ci_high),
            );
            if a.usable_pairs == 5 && a.p_one_sided.is_some_and(|p| p >= ALPHA) {
                s.push_str(&format!(
                    " With 5 pairs the test can only reach p < 0.05 when every pair has fewer cramp nights {with}."
                ));
            }
            if a.on.cramp_nights == 0 && a.off.cramp_nights > 0 {
                s.push_str(" No counted night with the measure had a cramp, so the risk ratio has no upper bound and the rule cannot read it as a benefit; discuss the numbers with your clinician.");
            }
            s
        }
        TrialResult::InProgress => format!(
            "In progress: {} of {} can be compared so far; the answer comes when the trial ends after {}.",
            a.usable_pairs,
            plural(a.pairs, "pair", "pairs"),
            day(a.planned_end)
        ),
        TrialResult::TooEarly => format!(
            "Too early to tell: {} {}, and the test needs at least 3 (a pair counts when both its periods have 3 or more logged nights after the washout).",
            plural(a.usable_pairs as u32, "usable pair", "usable pairs"),
            match a.status {
                Status::Complete => "when it ended",
                Status::Running => "so far",
            }
        ),
    }
}

/// "with the stockings" / "without".
fn groups(kind: TrialKind) -> (&'static str, &'static str) {
    match kind {
        TrialKind::Compression => ("with the stockings", "without"),
        TrialKind::Stretching => ("with stretching", "without"),
        TrialKind::Elevation => ("with the legs raised", "without"),
    }
}

/// An exact randomisation p with its count: "p = 0.031 (1 of 32)".
fn exact_p(p: Option<f64>, flips: u64) -> String {
    match p {
        Some(v) => format!(
            "{} ({} of {flips})",
            p_value(Some(v)),
            (v * flips as f64).round()
        ),
        None => "p = —".to_string(),
    }
}

/// "p = 0.031": three decimals below 0.1 (section 12), two above, "p < 0.001" below that.
fn p_value(p: Option<f64>) -> String {
    match p {
        Some(v) if v < 0.001 => "p < 0.001".to_string(),
        Some(v) if v < 0.1 => format!("p = {v:.3}"),
        Some(v) => format!("p = {v:.2}"),
        None => "p = —".to_string(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

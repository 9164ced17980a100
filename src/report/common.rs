//! The presenter's pieces: rounding, key-number rows, the coverage line, association
//! sentences, the sparkline and the night details. Only rounding happens here;
//! every number comes from the [`Report`].

use crate::analysis::Level;
use crate::analysis::associations::Comparison;
use crate::analysis::coverage::{Coverage, NightState, Summary, Week};
use crate::analysis::wording::{self, ci, p as fmt_p, ratio};
use crate::model::Night;

use super::Report;

/// "Logged 27 of 30 nights: 11 with cramps, 16 cramp-free, 3 missing".
pub fn coverage_line(c: &Coverage) -> String {
    let mut s = format!(
        "Logged {} of {} nights: {} with cramps, {} cramp-free, {} missing",
        c.logged, c.due, c.cramp_nights, c.cramp_free, c.missing
    );
    if c.missing_before_diary > 0
        && let Some(began) = c.diary_began
    {
        // A new diary: the nights before its first entry are missing only on paper.
        s.push_str(&format!(
            " ({} of them before the diary began on {})",
            c.missing_before_diary,
            began.format("%-d %b %Y")
        ));
    }
    if c.not_yet_due > 0 {
        s.push_str(" (tonight not logged yet)");
    }
    s
}

/// One row of the key numbers: label, this period, arrow, previous period.
pub struct KeyRow {
    pub label: &'static str,
    pub this: String,
    pub arrow: &'static str,
    pub previous: String,
}

fn one(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| wording::num(v, 1))
}

/// ▲ higher, ▼ lower, = the same at the printed precision; blank when either is unknown.
fn arrow(a: Option<f64>, b: Option<f64>, decimals: i32) -> &'static str {
    match (a, b) {
        (Some(a), Some(b)) => {
            let k = 10f64.powi(decimals);
            let (a, b) = ((a * k).round(), (b * k).round());
            if a > b {
                "▲"
            } else if a < b {
                "▼"
            } else {
                "="
            }
        }
        _ => " ",
    }
}

/// "1m 33s", "45s", "2m": a duration as the key-numbers tables print it (the way it is typed).
pub fn short_duration(secs: f64) -> String {
    if !secs.is_finite() {
        return "—".to_string();
    }
    let s = secs.round() as i64;
    match (s / 60, s % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s:02}s"),
    }
}

/// "3.0–4.6": the weekly rate's 95 % CI.
fn rate_ci(s: &Summary) -> String {
    match (
        s.cramp_nights_per_week_ci_low,
        s.cramp_nights_per_week_ci_high,
    ) {
        (Some(lo), Some(hi)) => format!("{}–{}", wording::num(lo, 1), wording::num(hi, 1)),
        _ => "—".into(),
    }
}

fn out_of_ten(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{}/10", wording::num(v, 1)))
}

/// "3 of 7", or "—" when nothing was known.
fn of(k: u32, n: u32) -> String {
    if n == 0 {
        "—".into()
    } else {
        format!("{k} of {n}")
    }
}

fn share(k: u32, n: u32) -> Option<f64> {
    (n > 0).then(|| f64::from(k) / f64::from(n))
}

/// The key-numbers legend, with a caution when too few nights were logged for a weekly
/// rate to mean much (fewer than 14, the smallest minimum of the rate rules).
pub fn key_legend(r: &Report) -> String {
    let mut s = "▲ higher, ▼ lower, = same (not better or worse).".to_string();
    if r.summary.logged > 0 && r.summary.logged < 14 {
        s.push_str(&format!(
            " Only {} night{} logged: rates per week are rough estimates.",
            r.summary.logged,
            if r.summary.logged == 1 { "" } else { "s" }
        ));
    }
    s
}

/// The key numbers of `s` against `p` (the arrows say how `s` differs from `p`).
pub fn key_rows(s: &Summary, p: &Summary) -> Vec<KeyRow> {
    let dur = |x: Option<f64>| x.map_or("—".into(), short_duration);
    vec![
        KeyRow {
            label: "Cramp nights per week",
            this: one(s.cramp_nights_per_week),
            arrow: arrow(s.cramp_nights_per_week, p.cramp_nights_per_week, 1),
            previous: one(p.cramp_nights_per_week),
        },
        KeyRow {
            label: "95% CI",
            this: rate_ci(s),
            arrow: " ",
            previous: rate_ci(p),
        },
        KeyRow {
            label: "Cramp episodes",
            this: if s.logged > 0 {
                s.episodes.to_string()
            } else {
                "—".into()
            },
            arrow: arrow(
                (s.logged > 0).then_some(f64::from(s.episodes)),
                (p.logged > 0).then_some(f64::from(p.episodes)),
                0,
            ),
            previous: if p.logged > 0 {
                p.episodes.to_string()
            } else {
                "—".into()
            },
        },
        KeyRow {
            label: "Per cramp night",
            this: one(s.episodes_per_cramp_night),
            arrow: arrow(s.episodes_per_cramp_night, p.episodes_per_cramp_night, 1),
            previous: one(p.episodes_per_cramp_night),
        },
        KeyRow {
            label: "Median duration",
            this: dur(s.median_duration_s),
            arrow: arrow(s.median_duration_s, p.median_duration_s, 0),
            previous: dur(p.median_duration_s),
        },
        KeyRow {
            label: "Longest cramp",
            this: dur(s.longest_duration_s.map(f64::from)),
            arrow: arrow(
                s.longest_duration_s.map(f64::from),
                p.longest_duration_s.map(f64::from),
                0,
            ),
            previous: dur(p.longest_duration_s.map(f64::from)),
        },
        KeyRow {
            label: "Mean pain",
            this: out_of_ten(s.mean_pain),
            arrow: arrow(s.mean_pain, p.mean_pain, 1),
            previous: out_of_ten(p.mean_pain),
        },
        KeyRow {
            label: "Worst pain",
            this: s.worst_pain.map_or("—".into(), |v| format!("{v}/10")),
            arrow: arrow(s.worst_pain.map(f64::from), p.worst_pain.map(f64::from), 0),
            previous: p.worst_pain.map_or("—".into(), |v| format!("{v}/10")),
        },
        KeyRow {
            label: "Sore, cramps",
            this: out_of_ten(s.mean_soreness_cramp),
            arrow: arrow(s.mean_soreness_cramp, p.mean_soreness_cramp, 1),
            previous: out_of_ten(p.mean_soreness_cramp),
        },
        KeyRow {
            label: "Sore, no cramps",
            this: out_of_ten(s.mean_soreness_free),
            arrow: arrow(s.mean_soreness_free, p.mean_soreness_free, 1),
            previous: out_of_ten(p.mean_soreness_free),
        },
        KeyRow {
            label: "Woken by cramps",
            this: of(s.woken_nights, s.woken_known),
            arrow: arrow(
                share(s.woken_nights, s.woken_known),
                share(p.woken_nights, p.woken_known),
                2,
            ),
            previous: of(p.woken_nights, p.woken_known),
        },
        KeyRow {
            label: "Sleep disrupted",
            this: of(s.sleep_disruption_nights, s.sleep_known),
            arrow: arrow(
                share(s.sleep_disruption_nights, s.sleep_known),
                share(p.sleep_disruption_nights, p.sleep_known),
                2,
            ),
            previous: of(p.sleep_disruption_nights, p.sleep_known),
        },
        KeyRow {
            label: "Logged nights",
            this: format!("{} of {}", s.logged, s.logged + s.missing),
            arrow: " ",
            previous: format!("{} of {}", p.logged, p.logged + p.missing),
        },
        KeyRow {
            label: "Entered late (> 36 h)",
            this: s.retrospective.to_string(),
            arrow: " ",
            previous: p.retrospective.to_string(),
        },
    ]
}

/// Label of a level, readable without colour.
pub fn level_label(l: Level) -> &'static str {
    match l {
        Level::UrgentEmergency => "URGENT, EMERGENCY",
        Level::UrgentToday => "URGENT, TODAY",
        Level::PromptReview => "SEE A DOCTOR SOON",
        Level::Notable => "NOTABLE",
        Level::Possible => "POSSIBLE",
        Level::NotMet => "not met",
        Level::InsufficientData => "not enough data",
    }
}

/// A flag's level in words: `not_met` is "not found in N logged nights" (docs/design.md,
/// wording), the others as [`level_label`].
pub fn level_words(l: Level, logged: u32) -> String {
    match l {
        Level::NotMet => format!("not found in {logged} logged nights"),
        _ => level_label(l).to_string(),
    }
}

/// "cramps on 9 of 12 nights after ≥ 4 h standing vs 4 of 18 nights after < 2 h standing".
pub fn association_counts(c: &Comparison) -> String {
    format!(
        "cramps on {} of {} nights {} vs {} of {} nights {}",
        c.exposed.cramp_nights,
        c.exposed.nights,
        c.exposed_label,
        c.unexposed.cramp_nights,
        c.unexposed.nights,
        c.unexposed_label
    )
}

/// What the association tables' numbers are (printed beside them in every format).
pub const ASSOCIATION_LEGEND: &str = "RR = risk ratio of a cramp night, compared within the same 4-week blocks (Mantel–Haenszel, Greenland–Robins CI); p = Cochran–Mantel–Haenszel test; Holm = adjusted for the association flags together; crude = all nights pooled, with Fisher's exact test (medication starts: crude only). Borderline = the CI excludes 1 but p ≥ 0.05. Comparisons without a level are exploratory.";

/// Risk ratio, CI low, CI high, p, Holm p.
pub type Decisive = (
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// The decisive risk ratio, its CI, p and Holm p: within blocks for an exposure comparison
/// with enough data, else the crude ones (a medication start).
pub fn decisive(c: &Comparison) -> Decisive {
    match &c.stratified {
        Some(st) if c.sufficient => (
            st.risk_ratio,
            st.risk_ratio_ci_low,
            st.risk_ratio_ci_high,
            st.cmh_p,
            st.cmh_p_holm,
        ),
        _ => (
            c.risk_ratio,
            c.risk_ratio_ci_low,
            c.risk_ratio_ci_high,
            c.fisher_p,
            c.fisher_p_holm,
        ),
    }
}

/// "(RR 0.52, 95% CI 0.31–0.88, p = 0.012; Holm p = 0.036)": the decisive numbers only (page
/// 1), "borderline" where the CI and p disagree.
pub fn association_stats_short(c: &Comparison) -> String {
    let (rr, lo, hi, p, holm) = decisive(c);
    format!(
        "(RR {}, {}, {}{}{})",
        ratio(rr),
        ci(lo, hi),
        fmt_p(p),
        holm.map(|h| format!("; Holm {}", fmt_p(Some(h))))
            .unwrap_or_default(),
        if wording::borderline(lo, hi, p) {
            "; borderline"
        } else {
            ""
        }
    )
}

/// The decisive numbers with where they come from and the crude comparison beside them:
/// "(within 3 of 3 4-week blocks, 41 vs 25 nights: RR 1.8, 95% CI 1.0–3.2, p = 0.024; Holm
/// p = 0.12; crude RR 1.8, 95% CI 0.99–3.1, Fisher p = 0.043)".
pub fn association_stats(c: &Comparison) -> String {
    let short = association_stats_short(c);
    let inner = short.trim_start_matches('(').trim_end_matches(')');
    match &c.stratified {
        Some(st) if c.sufficient => format!(
            "(within {} of {} 4-week blocks, {} vs {} nights: {inner}; crude RR {}, {}, Fisher {})",
            st.informative_blocks,
            st.blocks.len(),
            st.exposed.nights,
            st.unexposed.nights,
            ratio(c.risk_ratio),
            ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high),
            fmt_p(c.fisher_p)
        ),
        _ => short,
    }
}

/// "14 in 12 nights vs 5 in 18 nights; rate ratio 4.2 (95% CI 1.4–14.6)" (episodes).
pub fn association_rates(c: &Comparison) -> String {
    format!(
        "{} in {} nights vs {} in {} nights; rate ratio {} ({})",
        c.exposed.episodes,
        c.exposed.nights,
        c.unexposed.episodes,
        c.unexposed.nights,
        ratio(c.rate_ratio),
        ci(c.rate_ratio_ci_low, c.rate_ratio_ci_high)
    )
}

/// Bars for 0..=7 cramp nights per week.
pub const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A week with no logged night.
pub const GAP: char = '?';

/// One bar per week (cramp nights per 7 logged nights, 0..=7), `?` for a missing week.
pub fn sparkline(weeks: &[Week]) -> String {
    weeks
        .iter()
        .map(|w| match w.cramp_nights_per_week {
            Some(r) => BARS[(r.clamp(0.0, 7.0)).round() as usize % 8],
            None => GAP,
        })
        .collect()
}

/// Calendar cell of one night.
pub fn cell(state: NightState) -> char {
    match state {
        NightState::Cramp => '█',
        NightState::CrampFree => '·',
        NightState::Missing => '?',
        NightState::NotYet => ' ',
    }
}

/// "left calf 01:27" for each episode (duration and pain are in their own columns).
pub fn episodes_brief(n: &Night) -> Vec<String> {
    n.episodes
        .iter()
        .map(|e| {
            let mut b = crate::labels::place(e.leg, e.site);
            if let Some(t) = e.time {
                if !b.is_empty() {
                    b.push(' ');
                }
                b.push_str(&t.format("%H:%M").to_string());
            }
            if b.is_empty() { "cramp".to_string() } else { b }
        })
        .collect()
}

/// Symptoms and the exposures that have no column of their own.
pub fn night_extras(n: &Night) -> Vec<String> {
    let mut bits: Vec<String> = Vec::new();
    match &n.symptoms {
        Some(list) if !list.is_empty() => bits.extend(list.iter().map(crate::labels::symptom)),
        Some(_) => bits.push("no symptoms".into()),
        None => {}
    }
    if n.exertion == Some(crate::vocab::Exertion::Hard) {
        bits.push("hard exertion".into());
    }
    if n.heat == Some(true) {
        bits.push("hot day".into());
    }
    if n.stretched == Some(true) {
        bits.push("stretched".into());
    }
    if let Some(a) = n.alcohol_units.filter(|a| *a > 0.0) {
        bits.push(format!("alcohol {a}"));
    }
    if let Some(d) = n.calf_difference_cm() {
        bits.push(format!("calves differ {d:.1} cm"));
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows() {
        assert_eq!(arrow(Some(2.04), Some(2.0), 1), "=");
        assert_eq!(arrow(Some(2.2), Some(2.0), 1), "▲");
        assert_eq!(arrow(None, Some(2.0), 1), " ");
    }
}

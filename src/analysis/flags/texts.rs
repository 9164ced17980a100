//! Sentences shared by several rules.

use super::evidence::Statistic;
use super::{Assessment, Detail, Level, judge};
use crate::analysis::associations::{Comparison, Group};
use crate::analysis::wording::{borderline, ci, p as fmt_p, ratio as fmt_ratio};

/// The patient's sentence for a rule that cannot be judged yet.
pub fn not_enough_patient(missing: &str) -> String {
    format!("Not enough data to check this yet: it {missing}.")
}

/// The clinician's sentence for a rule that cannot be judged yet.
pub fn not_enough_clinician(missing: &str) -> String {
    format!("Insufficient data: {missing}.")
}

/// "cramps on 9 of 12 nights after ≥ 4 h standing vs 4 of 18 nights after < 2 h standing".
pub fn comparison_sentence(c: &Comparison) -> String {
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

/// The statistics of a comparison, decisive ones first: for a stratified comparison "within
/// 4-week blocks (3 compared): risk ratio 0.52 (95% CI 0.31–0.88), CMH p = 0.012, Holm-adjusted
/// p = 0.036; crude: risk ratio …, Fisher p = …; episode rate ratio … (95% CI …)"; for a
/// medication start the crude ones with Fisher's Holm-adjusted p. "borderline" marks a CI
/// that excludes 1 with p ≥ 0.05.
pub fn comparison_stats(c: &Comparison) -> String {
    let crude = format!(
        "risk ratio {} ({}), Fisher {}{}; episode rate ratio {} ({})",
        fmt_ratio(c.risk_ratio),
        ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high),
        fmt_p(c.fisher_p),
        c.fisher_p_holm
            .map(|h| format!(", Holm-adjusted {}", fmt_p(Some(h))))
            .unwrap_or_default(),
        fmt_ratio(c.rate_ratio),
        ci(c.rate_ratio_ci_low, c.rate_ratio_ci_high),
    );
    match &c.stratified {
        Some(st) if c.sufficient => format!(
            "within 4-week blocks ({} compared): risk ratio {} ({}), CMH {}{}{}; crude: {crude}",
            st.informative_blocks,
            fmt_ratio(st.risk_ratio),
            ci(st.risk_ratio_ci_low, st.risk_ratio_ci_high),
            fmt_p(st.cmh_p),
            st.cmh_p_holm
                .map(|h| format!(", Holm-adjusted {}", fmt_p(Some(h))))
                .unwrap_or_default(),
            if borderline(st.risk_ratio_ci_low, st.risk_ratio_ci_high, st.cmh_p) {
                " (borderline: the CI excludes 1 but p ≥ 0.05)"
            } else {
                ""
            }
        ),
        Some(_) => format!("crude only: {crude}"),
        None => crude,
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The assessment of an association rule decided by one comparison.
pub fn association(c: Comparison, patient_met: &str, clinician_note: &str) -> Assessment {
    let measure = c.measure();
    let level = judge(&measure);
    let mut a = Assessment::new(measure);
    if c.missing.is_some() {
        a.evidence.detail = Detail::Comparisons(vec![c]);
        return a;
    }
    let share = |g: Group| {
        g.cramp_share()
            .map_or("—".into(), |s| format!("{:.0} %", 100.0 * s))
    };
    a.patient_text = format!(
        "You logged {} ({} vs {}).{}",
        comparison_sentence(&c),
        share(c.exposed),
        share(c.unexposed),
        match level {
            Level::Notable =>
                format!(" Compared within the same weeks, the difference holds. {patient_met}"),
            Level::Possible => format!(
                " Compared within the same weeks this may be a pattern, but it could be chance. {patient_met}"
            ),
            _ => " Compared within the same weeks, no clear pattern.".to_string(),
        }
    );
    a.clinician_text = format!(
        "{}: {}; episodes {} in {} nights vs {} in {} nights. {}.{}",
        capitalise(&c.label),
        comparison_sentence(&c),
        c.exposed.episodes,
        c.exposed.nights,
        c.unexposed.episodes,
        c.unexposed.nights,
        capitalise(&comparison_stats(&c)),
        if level.is_met() {
            format!(" {clinician_note}")
        } else {
            " No association in the expected direction at CMH p < 0.05.".to_string()
        }
    );
    a.evidence.nights = c.exposed_nights.clone();
    a.evidence.statistic = c.stratified.as_ref().map(|st| Statistic {
        name: "mantel_haenszel_risk_ratio".into(),
        value: st.risk_ratio,
        ci_low: st.risk_ratio_ci_low,
        ci_high: st.risk_ratio_ci_high,
        ci_level: Some(0.95),
        p: st.cmh_p,
        p_holm: st.cmh_p_holm,
        threshold: Some(super::ALPHA),
    });
    a.evidence.detail = Detail::Comparisons(vec![c]);
    a
}

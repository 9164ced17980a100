//! Sentences shared by several rules.

use super::evidence::Statistic;
use super::{Assessment, Detail, Level, judge};
use crate::analysis::associations::{Comparison, Group};
use crate::analysis::wording::{ci, p as fmt_p, ratio as fmt_ratio};
use crate::model::Night;

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

/// "risk ratio 2.8 (95% CI 1.1–7.2), Fisher p = 0.02, Holm-adjusted p = 0.04; episode rate
/// ratio 3.1 (95% CI 1.6–6.2)".
pub fn comparison_stats(c: &Comparison) -> String {
    format!(
        "risk ratio {} ({}), Fisher {}{}; episode rate ratio {} ({})",
        fmt_ratio(c.risk_ratio),
        ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high),
        fmt_p(c.fisher_p),
        c.fisher_p_holm
            .map(|h| format!(", Holm-adjusted {}", fmt_p(Some(h))))
            .unwrap_or_default(),
        fmt_ratio(c.rate_ratio),
        ci(c.rate_ratio_ci_low, c.rate_ratio_ci_high),
    )
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Logged nights, cramp nights and episodes of some nights.
pub fn group(nights: &[&Night]) -> Group {
    let mut g = Group::default();
    for n in nights {
        g.nights += 1;
        g.cramp_nights += u32::from(n.had_cramp());
        g.episodes += n.episodes.len() as u32;
    }
    g
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
            Level::Notable => format!(" {patient_met}"),
            Level::Possible =>
                format!(" This may be a pattern, but it could be chance. {patient_met}"),
            _ => " No clear pattern.".to_string(),
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
            " No association in the expected direction at p < 0.05.".to_string()
        }
    );
    a.evidence.nights = c.exposed_nights.clone();
    a.evidence.statistic = Some(Statistic {
        name: "fisher_exact_two_sided".into(),
        value: c.risk_ratio,
        ci_low: c.risk_ratio_ci_low,
        ci_high: c.risk_ratio_ci_high,
        ci_level: Some(0.95),
        p: c.fisher_p,
        p_holm: c.fisher_p_holm,
        threshold: Some(super::ALPHA),
    });
    a.evidence.detail = Detail::Comparisons(vec![c]);
    a
}

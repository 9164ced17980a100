//! Fixed statements, sources and the number formats used inside flag texts.
//!
//! Wording rules (docs/design.md section 5): never name a diagnosis; say "consistent with" or "can be a
//! sign of"; every report says that only a venous duplex ultrasound can confirm or exclude
//! venous reflux; never advise stopping a medicine.

/// Printed in every report.
pub const SELF_REPORTED: &str =
    "Self-reported by the patient, not a diagnosis. Patterns are for discussion with a clinician.";

/// Printed in every report (SVS/AVF 2011, GRADE 1A; NICE CG168).
pub const DUPLEX: &str =
    "Only a venous duplex ultrasound scan can confirm or exclude venous reflux.";

/// Caveats stated in every report.
pub const CAVEATS: &[&str] = &[
    "Population data (Edinburgh Vein Study) show that leg symptoms often have a non-venous cause, even when varicose veins are present.",
    "Night cramps are more common in summer than in winter; compare like with like.",
    "Cramps often ease with time alone: in trials, people taking a placebo had about 28 % fewer cramps within 4 weeks.",
    "Patterns here are associations in one person's diary, not proof of a cause.",
];

/// For the medication rule: never advise stopping a medicine.
pub const MEDICINE_ADVICE: &str =
    "Discuss with your doctor or pharmacist; do not stop a medicine on your own.";

pub const SRC_NAYLOR: &str =
    "Naylor JR, Young JB. A general population survey of rest cramps. Age Ageing 1994";
pub const SRC_NICE_CKS: &str = "NICE CKS: Leg cramps (2012)";
pub const SRC_HALLEGRAEFF_2017: &str =
    "Hallegraeff J et al. Criteria in diagnosing nocturnal leg cramps. BMC Fam Pract 2017;18:29";
pub const SRC_ALLEN_KIRBY: &str =
    "Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician 2012;86:350-5";
pub const SRC_CEAP: &str =
    "CEAP classification (Eklöf 2004; 2020 update): cramps among venous symptoms";
pub const SRC_VEINES: &str = "VEINES-QOL/Sym (Kahn 2006)";
pub const SRC_VEIN_CONSULT: &str =
    "VEIN CONSULT Program: symptoms worse at the end of the day and after standing";
pub const SRC_EDINBURGH: &str = "Bradbury A et al. Edinburgh Vein Study. BMJ 1999;318:353";
pub const SRC_VCSS: &str =
    "Vasquez MA et al. Revised Venous Clinical Severity Score. J Vasc Surg 2010";
pub const SRC_SVS: &str = "Gloviczki P et al. SVS/AVF guideline. J Vasc Surg 2011;53:2S-48S (duplex ultrasound, GRADE 1A)";
pub const SRC_HALLEGRAEFF_2012: &str =
    "Hallegraeff JM et al. Stretching before sleep. J Physiother 2012;58:17-22";
pub const SRC_COCHRANE_MG: &str =
    "Garrison SR et al. Magnesium for skeletal muscle cramps. Cochrane CD009402 (placebo -28 %)";
pub const SRC_GARRISON: &str = "Garrison SR et al. Nocturnal leg cramps and prescription use that precedes them. Arch Intern Med 2012;172:120-6";
pub const SRC_IRLSSG: &str = "Allen RP et al. IRLSSG consensus criteria. Sleep Med 2014;15:860-73";
pub const SRC_ECQ: &str =
    "Leng GC, Fowkes FG. Edinburgh Claudication Questionnaire. J Clin Epidemiol 1992";
pub const SRC_NG158: &str = "NICE NG158: Venous thromboembolic diseases (2020)";
pub const SRC_CG168: &str = "NICE CG168: Varicose veins (2013)";

/// A number with `decimals` places.
pub fn num(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// A ratio for print: "—" when undefined or infinite, else 2 significant digits (1 decimal
/// from 1 up, 2 decimals below).
pub fn ratio(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() && v >= 10.0 => format!("{v:.0}"),
        Some(v) if v.is_finite() && v >= 1.0 => format!("{v:.1}"),
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "—".to_string(),
    }
}

/// "95% CI 1.1–7.2"; an infinite or undefined bound prints as "—" ("95% CI 1.4 to —",
/// "95% CI —").
pub fn ci(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(_), Some(_)) => format!("95% CI {}–{}", ratio(lo), ratio(hi)),
        (None, None) => "95% CI —".to_string(),
        _ => format!("95% CI {} to {}", ratio(lo), ratio(hi)),
    }
}

/// "p < 0.001", "p = 0.004", "p = 0.052" (three decimals below 0.1, so a p near 0.05 is never
/// rounded onto it), "p = 0.34", "p = —".
pub fn p(p: Option<f64>) -> String {
    match p {
        Some(v) if v < 0.001 => "p < 0.001".to_string(),
        Some(v) if v < 0.1 => format!("p = {v:.3}"),
        Some(v) => format!("p = {v:.2}"),
        None => "p = —".to_string(),
    }
}

/// A comparison whose 95 % CI excludes 1 while its p is ≥ 0.05 (the CI and the test
/// disagree): printed as "borderline", never as an association or as "no association".
pub fn borderline(lo: Option<f64>, hi: Option<f64>, p: Option<f64>) -> bool {
    let excludes = lo.is_some_and(|l| l > 1.0) || hi.is_some_and(|h| h < 1.0);
    excludes && p.is_some_and(|p| p >= 0.05)
}

/// "45 %" of k out of n; "—" when n is 0.
pub fn pct(k: u32, n: u32) -> String {
    if n == 0 {
        "—".to_string()
    } else {
        format!("{:.0} %", 100.0 * f64::from(k) / f64::from(n))
    }
}

/// "1 night" / "3 nights".
pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `Fri 20 Nov 2026`.
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A duration in seconds as "45 s", "2 min", "1 min 30 s".
pub fn duration(secs: f64) -> String {
    if !secs.is_finite() {
        return "—".to_string();
    }
    let s = secs.round() as i64;
    if s < 60 {
        format!("{s} s")
    } else if s % 60 == 0 {
        format!("{} min", s / 60)
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(ratio(None), "—");
        assert_eq!(ratio(Some(2.8333)), "2.8");
        assert_eq!(ratio(Some(0.4567)), "0.46");
        assert_eq!(ratio(Some(14.2)), "14");
        assert_eq!(ci(Some(1.1), Some(7.24)), "95% CI 1.1–7.2");
        assert_eq!(ci(Some(1.1), None), "95% CI 1.1 to —");
        assert_eq!(ci(None, None), "95% CI —");
        assert_eq!(p(Some(0.0212)), "p = 0.021");
        assert_eq!(p(Some(0.0516)), "p = 0.052");
        assert_eq!(p(Some(0.1234)), "p = 0.12");
        assert!(borderline(Some(1.03), Some(2.9), Some(0.0515)));
        assert!(!borderline(Some(0.9), Some(2.9), Some(0.0515)));
        assert!(!borderline(Some(1.03), Some(2.9), Some(0.01)));
        assert_eq!(p(Some(0.0042)), "p = 0.004");
        assert_eq!(p(Some(0.00001)), "p < 0.001");
        assert_eq!(pct(3, 4), "75 %");
        assert_eq!(duration(90.0), "1 min 30 s");
        assert_eq!(duration(45.0), "45 s");
    }
}

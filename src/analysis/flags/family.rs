//! The association tests of the report and their one Holm family (`docs/design.md`,
//! association levels): the flag comparisons (venous, standing, compression, elevation) by
//! their CMH p, the laterality binomial test and each medication start by Fisher's p: only
//! the tests that were made (a comparison below its minimum, before/after ones included, is
//! not in the family). They are computed before the rules run, since each rule's level needs the whole
//! family's adjustment.

use super::evidence::{Laterality, MedicationStart};
use super::{laterality_concordance, medication_timing_association};
use crate::analysis::associations::{self, Comparison};
use crate::analysis::{Diary, Input};
use crate::model::Night;
use crate::stats;

/// The association tests, Holm-adjusted together.
#[derive(Debug, Clone)]
pub struct Tests {
    /// Every exposure comparison (flag and exploratory ones).
    pub comparisons: Vec<Comparison>,
    pub laterality: Laterality,
    pub medications: Vec<MedicationStart>,
}

impl Tests {
    /// The comparison with this id.
    pub fn comparison(&self, id: &str) -> Option<Comparison> {
        self.comparisons.iter().find(|c| c.id == id).cloned()
    }
}

enum Member {
    Comparison(usize),
    Laterality,
    Medication(usize),
}

/// Computes every test and adjusts the family's p-values together.
pub fn tests(input: &Input<'_>, diary: &Diary<'_>, nights: &[&Night]) -> Tests {
    let mut comparisons = associations::all(nights, input.period);
    let mut lat = laterality_concordance::sides(input, nights);
    let mut meds = medication_timing_association::starts(input, diary);
    let mut family: Vec<(f64, Member)> = Vec::new();
    for (i, c) in comparisons.iter_mut().enumerate() {
        if c.flag.is_some() && c.sufficient {
            c.in_holm_family = true;
            family.push((c.decisive_p().0.unwrap_or(1.0), Member::Comparison(i)));
        }
    }
    if let Some(pv) = lat.p {
        family.push((pv, Member::Laterality));
    }
    for (i, m) in meds.iter_mut().enumerate() {
        if m.comparison.sufficient {
            m.comparison.in_holm_family = true;
            family.push((m.comparison.fisher_p.unwrap_or(1.0), Member::Medication(i)));
        }
    }
    let ps: Vec<f64> = family.iter().map(|(p, _)| *p).collect();
    for (adj, (_, member)) in stats::holm(&ps).into_iter().zip(&family) {
        match member {
            Member::Comparison(i) => {
                if let Some(st) = comparisons[*i].stratified.as_mut() {
                    st.cmh_p_holm = Some(adj);
                }
            }
            Member::Laterality => lat.p_holm = Some(adj),
            Member::Medication(i) => meds[*i].comparison.fisher_p_holm = Some(adj),
        }
    }
    for c in comparisons.iter_mut().filter(|c| c.flag.is_some()) {
        c.level = Some(c.association_level());
    }
    for m in &mut meds {
        m.level = m.comparison.association_level();
        m.comparison.level = Some(m.level);
    }
    Tests {
        comparisons,
        laterality: lat,
        medications: meds,
    }
}

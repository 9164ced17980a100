//! `medication_timing_association`: per start of a medicine of a class linked to cramps, the
//! cramp nights of the 56 nights after (the start night counts as after) vs the 56 before
//! (≥ 14 logged each side); never advises stopping a medicine.

use chrono::Duration;

use super::evidence::MedicationStart;
use super::texts::comparison_stats;
use super::{Assessment, Ctx, Detail, Measure, Role, Rule, Spec, texts};
use crate::analysis::associations::{self, Comparison, Expected, Group, MIN_CRAMP_NIGHTS};
use crate::analysis::wording as w;
use crate::analysis::{Diary, Input, Level, window_ending};
use crate::model::Period;
use crate::vocab::{MedClass, RuleId};

/// Nights in each window.
pub const WINDOW_NIGHTS: i64 = 56;
/// Logged nights each window needs.
pub const MIN_LOGGED: u32 = 14;

pub const SPEC: Spec = Spec {
    id: RuleId::MedicationTimingAssociation,
    title: "Cramps after starting a medicine",
    sources: &[w::SRC_GARRISON, w::SRC_ALLEN_KIRBY, w::SRC_NICE_CKS],
    minimum: "≥ 14 logged nights on each side of a start",
    role: Role::Competing,
    topic: "Whether a medicine could play a part in the cramps.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

/// Every tested start whose "after" window overlaps the period (members of the Holm family).
pub fn starts(input: &Input<'_>, diary: &Diary<'_>) -> Vec<MedicationStart> {
    let p = input.period;
    let last = WINDOW_NIGHTS - 1;
    let mut out = Vec::new();
    for m in input
        .medications
        .iter()
        .filter(|m| m.class.linked_to_cramps())
        .filter(|m| m.start <= p.to && m.start + Duration::days(last) >= p.from)
    {
        let before = window_ending(m.start - Duration::days(1), WINDOW_NIGHTS);
        let after = Period {
            from: m.start,
            to: (m.start + Duration::days(last)).min(p.to),
        };
        let (b, a) = (diary.period(before), diary.period(after));
        let exposure = associations::Exposure {
            id: "medication",
            label: "",
            exposed_label: "",
            unexposed_label: "",
            known_label: "",
            expected: Expected::More,
            flag: Some(SPEC.id.id()),
            classify: |_| None,
        };
        let mut c = Comparison::empty(&exposure);
        c.id = format!("medication:{}:{}", m.name, m.start);
        c.label = format!(
            "{} nights after starting {} ({}) vs {WINDOW_NIGHTS} nights before",
            (after.to - after.from).num_days() + 1,
            m.name,
            m.class.plain()
        );
        c.exposed_label = format!("after starting {}", m.name);
        c.unexposed_label = "before".to_string();
        c.exposed = Group::of(a);
        c.unexposed = Group::of(b);
        c.known_nights = c.exposed.nights + c.unexposed.nights;
        c.exposed_nights = a.iter().map(|n| n.night).collect();
        let cramp_nights = c.exposed.cramp_nights + c.unexposed.cramp_nights;
        c.missing = if c.exposed.nights < MIN_LOGGED || c.unexposed.nights < MIN_LOGGED {
            Some(format!(
                "needs ≥ {MIN_LOGGED} logged nights before and after starting {} ({}); has {} before and {} after",
                m.name, m.start, c.unexposed.nights, c.exposed.nights
            ))
        } else if cramp_nights < MIN_CRAMP_NIGHTS {
            Some(format!(
                "needs ≥ {MIN_CRAMP_NIGHTS} cramp nights in the nights before and after starting {} ({}); has {cramp_nights}",
                m.name, m.start
            ))
        } else {
            None
        };
        if c.missing.is_none() {
            c.compute();
        }
        out.push(MedicationStart {
            name: m.name.clone(),
            class: m.class,
            start: m.start,
            before_from: before.from,
            before_to: before.to,
            after_from: after.from,
            after_to: after.to,
            level: Level::InsufficientData,
            comparison: c,
        });
    }
    out
}

/// Population sequence ratios of Garrison 2012 for the clinician text.
fn garrison(class: MedClass) -> Option<&'static str> {
    Some(match class {
        MedClass::Laba => "LABA sequence ratio 2.42",
        MedClass::KSparingDiuretic => "K-sparing diuretic 2.12",
        MedClass::ThiazideDiuretic => "thiazide-like diuretic 1.48",
        MedClass::LoopDiuretic => "loop diuretic 1.20 (not significant)",
        MedClass::Statin => "statin 1.16",
        _ => return None,
    })
}

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let input = ctx.input;
    let meds = ctx.tests.medications.clone();
    let tagged: Vec<String> = input
        .medications
        .iter()
        .filter(|m| m.class.linked_to_cramps())
        .map(|m| format!("{} ({})", m.name, m.class.plain()))
        .collect();
    if meds.is_empty() {
        let mut a = Assessment::new(Measure::Criterion(false));
        a.patient_text =
            "No medicine of a kind linked to cramps was started around this period.".into();
        a.clinician_text = if tagged.is_empty() {
            "No cramp-associated medication classes recorded.".to_string()
        } else {
            format!(
                "Cramp-associated medication recorded, no start within the period's windows: {}.",
                tagged.join(", ")
            )
        };
        a.evidence.detail = Detail::Medications(meds);
        return a;
    }
    let measure = Measure::Best(meds.iter().map(|m| m.comparison.measure()).collect());
    let level = super::judge(&measure);
    let mut a = Assessment::new(measure.clone());
    // A medication with enough data decides over one without.
    if level == Level::InsufficientData {
        let missing = measure_missing(&meds);
        a.patient_text = format!(
            "{} {}",
            texts::not_enough_patient(&missing),
            w::MEDICINE_ADVICE
        );
        a.evidence.detail = Detail::Medications(meds);
        return a;
    }
    let met: Vec<&MedicationStart> = meds.iter().filter(|m| m.level.is_met()).collect();
    let describe = |m: &MedicationStart| {
        let c = &m.comparison;
        format!(
            "{} ({}, started {}): cramps on {}/{} nights after vs {}/{} before; {}{} [{}]",
            m.name,
            m.class.plain(),
            m.start,
            c.exposed.cramp_nights,
            c.exposed.nights,
            c.unexposed.cramp_nights,
            c.unexposed.nights,
            comparison_stats(c),
            garrison(m.class)
                .map(|g| format!("; population data: {g}"))
                .unwrap_or_default(),
            m.level.plain()
        )
    };
    a.patient_text = if met.is_empty() {
        format!(
            "Cramps were not clearly more frequent after starting {}. {}",
            meds.iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            w::MEDICINE_ADVICE
        )
    } else {
        format!(
            "Your cramps became more frequent after you started {}. Some medicines can make cramps more likely. {}",
            met.iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
                .join(" and "),
            w::MEDICINE_ADVICE
        )
    };
    a.clinician_text = format!(
        "Cramp nights {WINDOW_NIGHTS} nights after vs {WINDOW_NIGHTS} before each start of a cramp-associated medicine (the start night counts as after; windows may reach outside the period): {}. Sequence-symmetry data (Garrison 2012) suggest a possible drug contribution; never a reason to stop without review.",
        meds.iter().map(describe).collect::<Vec<_>>().join("; ")
    );
    a.evidence.nights = met
        .iter()
        .flat_map(|m| m.comparison.exposed_nights.clone())
        .collect();
    a.evidence.detail = Detail::Medications(meds);
    a
}

fn measure_missing(meds: &[MedicationStart]) -> String {
    meds.iter()
        .filter_map(|m| m.comparison.missing.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

use chrono::{Duration, NaiveDate};

use super::*;
use crate::analysis::Diary;
use crate::analysis::wording as w;
use crate::model::Period;
use crate::model::{Episode, Event, Medication, Night, Symptom};
use crate::profile::Profile;
use crate::stats;
use crate::vocab::{EventKind, Leg, MedClass, Site, SymptomId, WalkSite};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn night(day: NaiveDate, cramps: usize, leg: Leg) -> Night {
    let mut n = Night::new(day);
    n.episodes = (0..cramps)
        .map(|_| Episode {
            leg: Some(leg),
            site: Some(Site::Calf),
            duration_s: Some(60),
            ..Episode::default()
        })
        .collect();
    n
}

struct Fixture {
    nights: Vec<Night>,
    profile: Profile,
    meds: Vec<Medication>,
    events: Vec<Event>,
    period: Period,
}

impl Fixture {
    fn new(from: &str, to: &str) -> Fixture {
        Fixture {
            nights: Vec::new(),
            profile: Profile::default(),
            meds: Vec::new(),
            events: Vec::new(),
            period: Period {
                from: d(from),
                to: d(to),
            },
        }
    }

    fn run(&self) -> Evaluated {
        let input = Input {
            nights: &self.nights,
            profile: &self.profile,
            medications: &self.meds,
            events: &self.events,
            period: self.period,
            today: self.period.to + Duration::days(1),
        };
        let diary = Diary::new(&self.nights);
        let cov = crate::analysis::coverage::coverage(&diary, self.period, input.today);
        let weeks = crate::analysis::coverage::weekly(&diary, self.period, input.today);
        evaluate(&input, &diary, &cov, &weeks)
    }
}

fn get<'a>(e: &'a Evaluated, id: &str) -> &'a Flag {
    e.flags.iter().find(|f| f.id == id).unwrap()
}

#[test]
fn holm_family_holds_only_the_flag_comparisons_with_enough_data() {
    let mut fx = Fixture::new("2026-09-01", "2026-10-30");
    for (i, day) in fx.period.days().enumerate() {
        let mut n = night(day, usize::from(i % 3 == 0), Leg::Left);
        n.standing_h = Some(if i % 2 == 0 { 6.0 } else { 1.0 });
        n.heat = Some(i % 4 == 0);
        fx.nights.push(n);
    }
    let e = fx.run();
    for c in &e.associations {
        let expected = c.id == "standing";
        assert_eq!(c.in_holm_family, expected, "{}", c.id);
        let holm = c.stratified.as_ref().and_then(|s| s.cmh_p_holm);
        assert_eq!(holm.is_some(), expected, "{}", c.id);
        assert_eq!(
            c.fisher_p_holm, None,
            "exposures adjust the CMH p, not Fisher's"
        );
    }
    // Standing and the laterality test (20 left episodes) form the family of two.
    let standing = e.associations.iter().find(|c| c.id == "standing").unwrap();
    let lat = get(&e, "laterality_concordance")
        .evidence
        .laterality()
        .cloned()
        .unwrap();
    let st = standing.stratified.clone().unwrap();
    let adjusted = stats::holm(&[st.cmh_p.unwrap(), lat.p.unwrap()]);
    assert_eq!(st.cmh_p_holm, Some(adjusted[0]));
    assert_eq!(lat.p_holm, Some(adjusted[1]));
    let heat = e.associations.iter().find(|c| c.id == "heat").unwrap();
    assert!(
        heat.sufficient && heat.level.is_none(),
        "exploratory: no level"
    );
}

#[test]
fn laterality_sign_side_from_diary_else_profile_and_both_agrees() {
    let mut fx = Fixture::new("2026-10-01", "2026-10-30");
    for day in fx.period.days().take(12) {
        fx.nights.push(night(day, 1, Leg::Right));
    }
    // No side anywhere: one-sided cramps, but the side of the signs is missing.
    let f = get(&fx.run(), "laterality_concordance").clone();
    assert_eq!(f.level, Level::InsufficientData);
    assert!(f.missing.unwrap().contains("known varicose veins"));
    fx.profile.known_varicose_veins = Some(crate::vocab::VaricoseSide::Both);
    let f = get(&fx.run(), "laterality_concordance").clone();
    let lat = f.evidence.laterality().unwrap();
    assert_eq!(
        (lat.sign_side, lat.sign_side_source.as_deref()),
        (Some(Leg::Both), Some("profile"))
    );
    assert_eq!(
        f.level,
        Level::Notable,
        "a both-sided sign agrees with either leg"
    );
    // The diary's own sign side wins over the profile.
    fx.nights[0].symptoms = Some(vec![Symptom {
        id: SymptomId::VisibleVeins,
        side: Some(Leg::Left),
        severity: None,
    }]);
    let f = get(&fx.run(), "laterality_concordance").clone();
    assert_eq!(f.evidence.laterality().unwrap().sign_side, Some(Leg::Left));
    assert_eq!(f.level, Level::NotMet, "right-leg cramps, left-sided veins");
}

#[test]
fn stretching_starts_at_an_event_or_a_run_of_seven_after_fourteen_without() {
    let mut fx = Fixture::new("2026-08-01", "2026-10-30");
    for (i, day) in fx.period.days().enumerate() {
        let mut n = night(day, 1, Leg::Left);
        n.stretched = Some(i >= 20 && i != 23);
        fx.nights.push(n);
    }
    // Nights 20-22 stretched, a gap on 23, then from night 24 on: the 14 logged nights
    // before night 24 include stretched ones, so that is no clean start.
    let e = fx.run();
    assert!(
        get(&e, "self_care_nonresponse")
            .evidence
            .stretching()
            .is_none()
    );
    assert_eq!(
        get(&e, "self_care_nonresponse").level,
        Level::InsufficientData,
        "no start: not judged"
    );
    // Without the gap, the routine starts on night 20.
    fx.nights[23].stretched = Some(true);
    let start = fx.period.from + Duration::days(20);
    let e = fx.run();
    let s = get(&e, "self_care_nonresponse")
        .evidence
        .stretching()
        .cloned()
        .unwrap();
    assert_eq!((s.start, s.detected_from.as_str()), (start, "nightly"));
    assert_eq!(
        get(&e, "self_care_nonresponse").level,
        Level::Notable,
        "no fall at all"
    );
    // A gap in the routine breaks a run: 6 nights are not a start.
    fx.nights[26].stretched = Some(false);
    fx.nights[27] = night(fx.nights[27].night, 1, Leg::Left);
    let s = get(&fx.run(), "self_care_nonresponse")
        .evidence
        .stretching()
        .cloned();
    assert_eq!(s.map(|s| s.start), None, "a 6-night run is not a start");
    fx.events.push(Event {
        id: 1,
        date: d("2026-09-01"),
        kind: EventKind::StretchingStart,
        label: None,
        side: None,
        result: None,
    });
    let s = get(&fx.run(), "self_care_nonresponse")
        .evidence
        .stretching()
        .cloned()
        .unwrap();
    assert_eq!(
        (s.start, s.detected_from.as_str()),
        (d("2026-09-01"), "event")
    );
}

#[test]
fn atypical_cramps_and_claudication_need_their_features() {
    let mut fx = Fixture::new("2026-10-01", "2026-10-30");
    for day in fx.period.days().take(8) {
        let mut n = night(day, 1, Leg::Left);
        n.episodes[0].duration_s = Some(900);
        fx.nights.push(n);
    }
    let e = fx.run();
    assert_eq!(get(&e, "cramp_phenotype_atypical").level, Level::Notable);
    assert_eq!(get(&e, "pad_claudication_pattern").level, Level::NotMet);
    for n in fx.nights.iter_mut().take(2) {
        n.walk_pain_at_rest = Some(false);
        n.walk_pain_settles_10min = Some(true);
        n.walk_pain_site = Some(WalkSite::Calf);
    }
    let e = fx.run();
    let pad = get(&e, "pad_claudication_pattern");
    assert_eq!(pad.level, Level::Notable);
    assert!(pad.patient_text.contains("can be a sign of"));
}

#[test]
fn medication_after_window_starts_on_the_start_night_and_ends_with_the_period() {
    let mut fx = Fixture::new("2026-09-01", "2026-10-30");
    for day in (Period {
        from: d("2026-07-01"),
        to: d("2026-10-30"),
    })
    .days()
    {
        fx.nights
            .push(night(day, usize::from(day >= d("2026-10-01")), Leg::Left));
    }
    fx.meds.push(Medication {
        name: "salmeterol".into(),
        class: MedClass::Laba,
        start: d("2026-10-01"),
        stop: None,
        dose: None,
    });
    let e = fx.run();
    let f = get(&e, "medication_timing_association");
    let m = &f.evidence.medications()[0];
    assert_eq!(
        (m.after_from, m.after_to),
        (d("2026-10-01"), d("2026-10-30"))
    );
    assert_eq!(
        (m.before_from, m.before_to),
        (d("2026-08-06"), d("2026-09-30"))
    );
    assert_eq!(
        m.comparison.exposed.cramp_nights, 30,
        "the start night counts as after"
    );
    assert_eq!(f.level, Level::Notable);
    assert!(f.patient_text.contains(w::MEDICINE_ADVICE));
}

#[test]
fn composite_needs_frequency_two_venous_rules_and_no_competing_pattern() {
    let mut flags: Vec<Flag> = RULES
        .iter()
        .map(|r| Flag {
            id: r.spec.id.id().to_string(),
            level: Level::NotMet,
            title: r.spec.title.to_string(),
            patient_text: String::new(),
            clinician_text: String::new(),
            missing: None,
            evidence: Evidence::default(),
            sources: Vec::new(),
        })
        .collect();
    let set = |flags: &mut Vec<Flag>, id: &str, l: Level| {
        flags.iter_mut().find(|f| f.id == id).unwrap().level = l;
    };
    let fx = Fixture::new("2026-10-01", "2026-10-30");
    let input = Input {
        nights: &fx.nights,
        profile: &fx.profile,
        medications: &fx.meds,
        events: &fx.events,
        period: fx.period,
        today: d("2026-10-31"),
    };
    set(&mut flags, "cramp_frequency_high", Level::Notable);
    set(&mut flags, "standing_day_association", Level::Possible);
    assert!(
        !composite::composite(&flags, &input).met,
        "one venous rule is not enough"
    );
    set(&mut flags, "laterality_concordance", Level::Notable);
    assert!(composite::composite(&flags, &input).met);
    set(&mut flags, "rls_like_pattern", Level::Notable);
    assert!(
        !composite::composite(&flags, &input).met,
        "a competing pattern blocks it"
    );
    set(&mut flags, "rls_like_pattern", Level::InsufficientData);
    set(&mut flags, "cramp_frequency_high", Level::InsufficientData);
    let c = composite::composite(&flags, &input);
    assert!(!c.met);
    assert!(c.line.contains(w::DUPLEX));
}

#[test]
fn the_rule_table_follows_the_vocabulary_and_every_spec_is_complete() {
    let ids: Vec<RuleId> = RULES.iter().map(|r| r.spec.id).collect();
    assert_eq!(
        ids,
        RuleId::ALL,
        "one table entry per rule id, in the table's order"
    );
    for r in RULES {
        assert!(!r.spec.title.is_empty() && !r.spec.minimum.is_empty());
        assert!(!r.spec.sources.is_empty(), "{}", r.spec.id);
        assert!(
            r.spec.role == Role::Other || !r.spec.topic.is_empty(),
            "{}: a rule of the composite line has a topic",
            r.spec.id
        );
    }
}

#[test]
fn the_judge_decides_associations_by_direction_ci_and_holm() {
    let t = |direction, ci_excludes_one, p, p_holm| {
        judge(&Measure::Association(Test {
            direction,
            ci_excludes_one,
            p: Some(p),
            p_holm: Some(p_holm),
        }))
    };
    assert_eq!(t(true, true, 0.01, 0.04), Level::Notable);
    assert_eq!(t(true, false, 0.01, 0.04), Level::Possible, "CI includes 1");
    assert_eq!(t(true, true, 0.01, 0.06), Level::Possible, "fails Holm");
    assert_eq!(t(false, true, 0.001, 0.001), Level::NotMet, "wrong way");
    assert_eq!(
        t(true, true, 0.05, 0.05),
        Level::NotMet,
        "p < 0.05 is strict"
    );
    assert_eq!(
        judge(&Measure::Best(vec![
            Measure::Insufficient("x".into()),
            Measure::Criterion(false)
        ])),
        Level::NotMet,
        "a measure with enough data decides over one without"
    );
    assert_eq!(judge(&Measure::Urgency(None)), Level::NotMet);
}

#[test]
fn evidence_json_keeps_its_flat_shape() {
    let e = Evidence {
        detail: Detail::Trend {
            direction: Some(Direction::Worse),
            mann_kendall: None,
        },
        ..Evidence::default()
    };
    let v = serde_json::to_value(&e).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = vec![
        "counts",
        "statistic",
        "comparisons",
        "direction",
        "mann_kendall",
        "laterality",
        "medications",
        "stretching",
        "red_flag_nights",
        "notes",
        "nights",
    ];
    want.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["direction"], "worse");
    let back: Evidence = serde_json::from_value(v).unwrap();
    assert_eq!(back, e);
}

/// Each spec's minimum, in words, states the numbers its rule checks (the thresholds are
/// named constants; the words in the spec table must not drift from them).
#[test]
fn every_spec_states_the_minimum_its_rule_checks() {
    use crate::analysis::associations::{MIN_CRAMP_NIGHTS, MIN_KNOWN, MIN_PER_GROUP};
    let comparison = [
        format!("≥ {MIN_KNOWN} nights"),
        format!("≥ {MIN_PER_GROUP} "),
    ];
    let cases: Vec<(&Spec, Vec<String>)> = vec![
        (
            &cramp_frequency_high::SPEC,
            vec![
                format!("≥ {} logged nights", cramp_frequency_high::MIN_LOGGED),
                format!("≥ {:.0} %", cramp_frequency_high::MIN_LOGGED_SHARE * 100.0),
            ],
        ),
        (
            &cramp_phenotype_atypical::SPEC,
            vec![format!(
                "≥ {} episodes",
                cramp_phenotype_atypical::MIN_EPISODES
            )],
        ),
        (
            &laterality_concordance::SPEC,
            vec![format!("≥ {} one-sided", laterality_concordance::MIN_SIDED)],
        ),
        (
            &medication_timing_association::SPEC,
            vec![format!(
                "≥ {} logged nights",
                medication_timing_association::MIN_LOGGED
            )],
        ),
        (
            &rls_like_pattern::SPEC,
            vec![format!("≥ {} logged nights", rls_like_pattern::MIN_LOGGED)],
        ),
        (
            &sleep_disruption::SPEC,
            vec![format!("≥ {} logged nights", sleep_disruption::MIN_LOGGED)],
        ),
        (
            &self_care_nonresponse::SPEC,
            vec![
                format!("≥ {} logged", self_care_nonresponse::MIN_BASELINE_LOGGED),
                format!("≥ {} in weeks", self_care_nonresponse::MIN_FOLLOW_UP_LOGGED),
            ],
        ),
        (
            &worsening_trend::SPEC,
            vec![
                format!(
                    "≥ {} logged nights in the last {}",
                    worsening_trend::MIN_RECENT_LOGGED,
                    worsening_trend::RECENT_NIGHTS
                ),
                format!(
                    "≥ {} in the {} before",
                    worsening_trend::MIN_BEFORE_LOGGED,
                    worsening_trend::BEFORE_NIGHTS
                ),
            ],
        ),
        (&compression_elevation_relief::SPEC, comparison.to_vec()),
        (&standing_day_association::SPEC, comparison.to_vec()),
        (
            &venous_cosymptom_association::SPEC,
            comparison
                .iter()
                .cloned()
                .chain([format!("≥ {MIN_CRAMP_NIGHTS} cramp nights")])
                .collect(),
        ),
    ];
    for (spec, numbers) in cases {
        for n in numbers {
            assert!(
                spec.minimum.contains(&n),
                "{}: '{}' does not say '{n}'",
                spec.id,
                spec.minimum
            );
        }
    }
}

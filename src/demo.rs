//! A realistic example diary for trying cramplog out (`cramplog demo`).
//!
//! [`demo_diary`] is pure: the same `today` always gives the same 12 weeks (a small linear
//! congruential generator with a fixed seed, no clock, no randomness from outside). The
//! story is of the venous type the report looks for: a woman born in 1961 with a standing
//! job and known varicose veins on the left; cramps mostly in the left calf between 01:00
//! and 05:00, more likely after long standing days and on days with heavy legs or ankle
//! swelling, fewer on the days she wears compression stockings most of the day. Her GP
//! advised stockings in the first week and agreed that she test them first: a finished
//! self-experiment (docs/design.md section 11: 5 pairs of 7-night periods with and without
//! them, in an order drawn at random, 2 washout nights each), followed most nights but not
//! all, and after it she wears them on most days. A thiazide diuretic started seven weeks
//! ago, and magnesium. Four of the 84 nights are missing, and one old "tell your doctor
//! soon" sign (new darker skin) is logged, so every part of the report has something to
//! show without alarming anyone. The trial's result is whatever these nights give: the
//! stockings help in the story, but five pairs are a small trial.

use chrono::{Datelike, Duration, Local, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};

use crate::model::{Episode, Event, Medication, Night, Symptom};
use crate::profile::Profile;
use crate::trial::{DEFAULT_NIGHTS, DEFAULT_PAIRS, DEFAULT_WASHOUT, Trial};
use crate::vocab::{
    Compression, EventKind, Exertion, Leg, MedClass, PairOrder, Peak, Phase, Posture, Relief, Sex,
    Site, SymptomId, TrialKind, VaricoseSide,
};

/// Nights in the demo diary (12 weeks), ending last night.
pub const NIGHTS: i64 = 84;
/// Nights left out, as a patient forgets to log now and then (4 of 84, about 5 %).
pub const MISSING: usize = 4;
/// The self-experiment's first night, as nights before today (night 7 of the 84): it ends
/// on the ninth night before today, so it is finished.
pub const TRIAL_START: i64 = 78;

/// Everything the demo diary holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoDiary {
    pub profile: Profile,
    pub medications: Vec<Medication>,
    pub events: Vec<Event>,
    pub trials: Vec<Trial>,
    pub nights: Vec<Night>,
}

/// Knuth's MMIX linear congruential generator: tiny, deterministic on every platform.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// A number in `0.0..1.0`.
    fn unit(&mut self) -> f64 {
        f64::from(self.next()) / f64::from(1u32 << 31)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A whole number in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }

    /// One of `items`, chosen with the given weights.
    fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

const SEED: u64 = 0x00C4_A3F1_2026_0001;
/// The self-experiment's order of each pair.
const TRIAL_SEED: u64 = 0x00C4_A3F1_2026_0016;

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The demo diary of the 12 weeks ending the night before `today`.
pub fn demo_diary(today: NaiveDate) -> DemoDiary {
    let mut rng = Lcg(SEED);
    let mut order_rng = Lcg(TRIAL_SEED);
    let first = today - Duration::days(NIGHTS);
    let thiazide_start = today - Duration::days(49);
    let magnesium_start = today - Duration::days(70);
    let compression_start = today - Duration::days(TRIAL_START);
    let skin_night = today - Duration::days(40);
    let trial = Trial {
        id: 0,
        kind: TrialKind::Compression,
        start: compression_start,
        pairs: DEFAULT_PAIRS,
        nights: DEFAULT_NIGHTS,
        washout: DEFAULT_WASHOUT,
        // Drawn like `trial start` draws it, before and apart from the nights (a generator
        // of its own), so the order owes nothing to how the nights turn out.
        order: (0..DEFAULT_PAIRS)
            .map(|_| {
                if order_rng.chance(0.5) {
                    PairOrder::OnOff
                } else {
                    PairOrder::OffOn
                }
            })
            .collect(),
        stopped: None,
    };

    let profile = Profile {
        birth_year: Some(1961),
        sex: Some(Sex::Female),
        height_cm: Some(165.0),
        weight_kg: Some(74.0),
        family_history_veins: Some(true),
        prior_dvt: Some(false),
        known_varicose_veins: Some(VaricoseSide::Left),
        occupation_posture: Some(Posture::Standing),
        diabetes: Some(false),
        smoker: Some(false),
        ..Profile::default()
    };
    let medications = vec![
        Medication {
            name: "Magnesium citrate".into(),
            class: MedClass::Magnesium,
            start: magnesium_start,
            stop: None,
            dose: Some("300 mg at night".into()),
        },
        Medication {
            name: "Bendroflumethiazide".into(),
            class: MedClass::ThiazideDiuretic,
            start: thiazide_start,
            stop: None,
            dose: Some("2.5 mg each morning".into()),
        },
    ];
    let events = vec![
        Event {
            id: 0,
            date: compression_start - Duration::days(2),
            kind: EventKind::Other,
            label: Some(
                "GP visit: advised compression stockings, to test first; referred to the vein clinic"
                    .into(),
            ),
            side: None,
            result: None,
        },
        Event {
            id: 0,
            date: compression_start,
            kind: EventKind::CompressionStart,
            label: Some("class 1 knee-high stockings".into()),
            side: Some(Leg::Both),
            result: None,
        },
    ];

    // Which nights were not logged: never last night, never the night with the skin sign.
    let mut missing: Vec<i64> = Vec::new();
    while missing.len() < MISSING {
        let i = i64::from(rng.between(0, (NIGHTS - 2) as u32));
        let d = first + Duration::days(i);
        if !missing.contains(&i) && d != skin_night {
            missing.push(i);
        }
    }

    let mut nights = Vec::new();
    for i in 0..NIGHTS {
        let d = first + Duration::days(i);
        // Draw the night even when it is missing, so each night's story does not depend on
        // which others were logged.
        let stockings = match trial.plan(d) {
            Some(plan) if plan.on => Stockings::PlannedOn,
            Some(_) => Stockings::PlannedOff,
            None if d < compression_start => Stockings::NotYet,
            None => Stockings::Usual,
        };
        let night = demo_night(
            &mut rng,
            d,
            &Story {
                stockings,
                skin_sign: d == skin_night,
            },
        );
        if !missing.contains(&i) {
            nights.push(night);
        }
    }
    DemoDiary {
        profile,
        medications,
        events,
        trials: vec![trial],
        nights,
    }
}

/// What is going on in the patient's life on a given day.
struct Story {
    stockings: Stockings,
    skin_sign: bool,
}

/// The stockings on a given day.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stockings {
    /// Before the GP advised them.
    NotYet,
    /// A self-experiment night planned with them (washout nights included).
    PlannedOn,
    /// A self-experiment night planned without them.
    PlannedOff,
    /// After the self-experiment: worn on most days.
    Usual,
}

fn demo_night(rng: &mut Lcg, d: NaiveDate, story: &Story) -> Night {
    let mut n = Night::new(d);
    let workday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !rng.chance(0.08);

    // The day before (the day that ended with this bedtime).
    let standing = if workday {
        f64::from(rng.between(12, 19)) / 2.0
    } else {
        f64::from(rng.between(1, 5)) / 2.0
    };
    n.standing_h = (!rng.chance(0.05)).then_some(standing);
    n.exertion = (!rng.chance(0.1)).then(|| {
        if workday {
            Exertion::Usual
        } else if rng.chance(0.15) {
            Exertion::Hard
        } else {
            Exertion::Light
        }
    });
    // During the self-experiment she mostly follows the plan (now and then she forgets them,
    // or wears them for part of the day, or on an off day anyway); after it she wears them on
    // most days, not all (hot days, days off).
    let compression = match story.stockings {
        Stockings::NotYet => Compression::None,
        Stockings::PlannedOn => rng.weighted(&[
            (Compression::Most, 0.84),
            (Compression::Part, 0.08),
            (Compression::None, 0.08),
        ]),
        Stockings::PlannedOff => rng.weighted(&[
            (Compression::Most, 0.04),
            (Compression::Part, 0.04),
            (Compression::None, 0.92),
        ]),
        Stockings::Usual => rng.weighted(&[
            (Compression::Most, 0.70),
            (Compression::Part, 0.15),
            (Compression::None, 0.15),
        ]),
    };
    n.compression = Some(compression);
    let advised = story.stockings != Stockings::NotYet;
    let raised = if advised {
        rng.chance(0.5)
    } else {
        rng.chance(0.15)
    };
    n.elevation_min = Some(if raised {
        rng.between(4, 9) as u16 * 5
    } else {
        0
    });
    n.stretched = (!rng.chance(0.1)).then(|| rng.chance(0.3));
    n.heat = Some(rng.chance(0.05));
    n.fluids_glasses = Some(rng.between(4, 9) as u8);
    n.alcohol_units = Some(if !workday && rng.chance(0.5) {
        f64::from(rng.between(2, 6)) / 2.0
    } else {
        0.0
    });
    n.caffeine_drinks = Some(rng.between(1, 4) as u8);

    // Leg symptoms: worse after long standing days, eased by stockings worn most of the day.
    let long_day = standing >= 6.0;
    let relief = if compression == Compression::Most {
        0.3
    } else {
        0.0
    };
    let mut symptoms = Vec::new();
    if rng.chance(if long_day { 0.65 } else { 0.2 } - relief) {
        let severity = if long_day {
            rng.between(4, 8)
        } else {
            rng.between(2, 5)
        };
        symptoms.push(Symptom {
            id: SymptomId::Heaviness,
            side: Some(if rng.chance(0.6) {
                Leg::Left
            } else {
                Leg::Both
            }),
            severity: Some(severity as u8),
        });
    }
    if rng.chance(if long_day { 0.35 } else { 0.1 } - relief / 2.0) {
        symptoms.push(Symptom {
            id: SymptomId::Aching,
            side: Some(Leg::Left),
            severity: Some(rng.between(2, 6) as u8),
        });
    }
    if rng.chance(if long_day { 0.45 } else { 0.08 } - relief) {
        symptoms.push(Symptom {
            id: SymptomId::AnkleSwelling,
            side: Some(Leg::Left),
            severity: None,
        });
        if rng.chance(0.4) {
            symptoms.push(Symptom {
                id: SymptomId::SockMarks,
                side: Some(Leg::Left),
                severity: None,
            });
        }
    }
    if rng.chance(0.15) {
        symptoms.push(Symptom {
            id: SymptomId::VisibleVeins,
            side: Some(Leg::Left),
            severity: None,
        });
    }
    if rng.chance(0.03) {
        symptoms.push(Symptom {
            id: SymptomId::Tingling,
            side: Some(Leg::Left),
            severity: Some(rng.between(1, 3) as u8),
        });
    }
    if story.skin_sign {
        symptoms.push(Symptom {
            id: SymptomId::SkinChangeNew,
            side: Some(Leg::Left),
            severity: None,
        });
    }
    let venous_day = symptoms.iter().any(|s| {
        s.id == SymptomId::AnkleSwelling
            || (s.id.is_venous() && s.id.takes_severity() && s.severity.unwrap_or(4) >= 4)
    });
    if !symptoms.is_empty() {
        n.symptom_peak = Some(rng.weighted(&[
            (Peak::EndOfDay, 0.8),
            (Peak::Night, 0.1),
            (Peak::AnyTime, 0.1),
        ]));
    }
    // Now and then the checklist is skipped (unknown, not "no"); never with the skin sign.
    n.symptoms = (story.skin_sign || !rng.chance(0.07)).then_some(symptoms);
    if n.symptoms.is_none() {
        n.symptom_peak = None;
    }

    // Cramps: more likely after long standing and venous-symptom days, fewer with stockings
    // worn most of the day and legs raised. The thiazide changes nothing here: the report
    // should show that a medicine start was checked and found no change.
    let mut p: f64 = 0.27;
    if long_day {
        p += 0.30;
    }
    if venous_day {
        p += 0.22;
    }
    if compression == Compression::Most {
        p -= 0.25;
    }
    if n.elevation_min.unwrap_or(0) >= 30 {
        p -= 0.05;
    }
    if rng.chance(p.clamp(0.03, 0.9)) {
        let count = rng.weighted(&[(1, 0.7), (2, 0.25), (3, 0.05)]);
        for _ in 0..count {
            n.episodes.push(demo_episode(rng));
        }
        // In the order of the night: the evening's hours come before the small hours.
        n.episodes
            .sort_by_key(|e| e.time.map(|t| (t.hour() + 12) % 24 * 60 + t.minute()));
    }

    // Sleep and the morning after.
    let woke = n
        .episodes
        .iter()
        .filter(|e| e.phase == Phase::WokeMe)
        .count() as u8;
    n.cramp_awakenings = Some(woke);
    n.awakenings = Some(woke + rng.between(0, 2) as u8);
    if n.had_cramp() {
        n.sleep_quality = Some(rng.between(2, 3) as u8);
        n.sleep_disturbance = Some(rng.between(3, 7) as u8);
        if rng.chance(0.5) {
            n.soreness = Some(rng.between(1, 4) as u8);
            n.soreness_side = n.episodes[0].leg;
        }
    } else {
        n.sleep_quality = Some(rng.between(3, 5) as u8);
        n.sleep_disturbance = Some(0);
        if rng.chance(0.6) {
            n.soreness = Some(0);
        }
    }
    if rng.chance(0.8) {
        n.bed_time = time(22 + rng.between(0, 1), rng.between(0, 11) * 5);
        let up = 6 * 60 + 30 + rng.between(0, 9) * 5;
        n.up_time = time(up / 60, up % 60);
    }

    n.note = if story.skin_sign {
        Some("Darker, harder patch of skin above the left ankle. Will mention it to the GP.".into())
    } else if matches!(story.stockings, Stockings::PlannedOn | Stockings::Usual)
        && compression == Compression::None
        && rng.chance(0.5)
    {
        Some("Forgot my stockings today.".into())
    } else if rng.chance(0.07) {
        Some(
            [
                "Long shift, on my feet all day.",
                "Legs very heavy in the evening.",
                "Walked the dog twice.",
                "Hot and humid day.",
                "Woke with the calf still tight.",
            ][rng.between(0, 4) as usize]
                .to_string(),
        )
    } else {
        None
    };

    // Logged the next morning between 07:00 and 08:00.
    let morning = (d + Duration::days(1)).and_time(time(7, rng.between(0, 59)).unwrap_or_default());
    n.entered_at = Local
        .from_local_datetime(&morning)
        .earliest()
        .map(|t| t.fixed_offset());
    n
}

fn demo_episode(rng: &mut Lcg) -> Episode {
    let phase = rng.weighted(&[
        (Phase::WokeMe, 0.85),
        (Phase::BeforeSleep, 0.08),
        (Phase::OnWaking, 0.07),
    ]);
    let at = match phase {
        Phase::WokeMe => time(rng.between(1, 4), rng.between(0, 59)),
        Phase::BeforeSleep => time(23, rng.between(0, 11) * 5),
        Phase::OnWaking => time(6, rng.between(0, 9) * 5),
    };
    // Mostly short: half a minute to four minutes, now and then longer.
    let u = rng.unit();
    let duration = (20.0 + u * u * 220.0) as u32 / 5 * 5;
    let pain = (3 + duration / 60 + rng.between(0, 3)).min(9) as u8;
    Episode {
        time: at,
        phase,
        leg: Some(rng.weighted(&[(Leg::Left, 0.75), (Leg::Right, 0.15), (Leg::Both, 0.10)])),
        site: Some(rng.weighted(&[(Site::Calf, 0.85), (Site::Foot, 0.10), (Site::Toes, 0.05)])),
        duration_s: Some(duration.max(15)),
        pain: Some(pain),
        hard: Some(rng.chance(0.4)),
        relief: Some(rng.weighted(&[
            (Relief::Stretch, 0.5),
            (Relief::Walk, 0.25),
            (Relief::Massage, 0.1),
            (Relief::ByItself, 0.15),
        ])),
        resleep_min: (phase == Phase::WokeMe && rng.chance(0.6))
            .then(|| rng.between(1, 6) as u16 * 5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn the_demo_is_deterministic_and_valid() {
        let a = demo_diary(today());
        assert_eq!(a, demo_diary(today()));
        for n in &a.nights {
            n.validate().unwrap_or_else(|e| panic!("{}: {e}", n.night));
        }
        let with_times = a.nights.iter().filter(|n| n.bed_time.is_some()).count();
        assert_eq!(
            with_times,
            a.nights.iter().filter(|n| n.up_time.is_some()).count()
        );
    }

    #[test]
    fn twelve_weeks_ending_last_night_with_some_missing() {
        let demo = demo_diary(today());
        let first = today() - Duration::days(NIGHTS);
        assert_eq!(demo.nights.len(), NIGHTS as usize - MISSING);
        assert!(
            demo.nights
                .iter()
                .all(|n| n.night >= first && n.night < today())
        );
        assert_eq!(
            demo.nights.last().map(|n| n.night),
            Some(today() - Duration::days(1))
        );
        let cramp_free = demo.nights.iter().filter(|n| !n.had_cramp()).count();
        let cramp = demo.nights.len() - cramp_free;
        assert!(
            cramp_free >= 20 && cramp >= 25,
            "{cramp} cramp / {cramp_free} free"
        );
    }

    #[test]
    fn the_pattern_is_of_the_venous_type_and_calm() {
        let demo = demo_diary(today());
        let rate = |pred: &dyn Fn(&Night) -> bool| {
            let group: Vec<&Night> = demo.nights.iter().filter(|n| pred(n)).collect();
            group.iter().filter(|n| n.had_cramp()).count() as f64 / group.len().max(1) as f64
        };
        let long = rate(&|n| n.standing_h.is_some_and(|h| h >= 6.0));
        let short = rate(&|n| n.standing_h.is_some_and(|h| h < 2.0));
        assert!(long > short + 0.2, "long {long} short {short}");
        let most = rate(&|n| n.compression == Some(Compression::Most));
        let none = rate(&|n| n.compression == Some(Compression::None));
        assert!(most < none, "most {most} none {none}");

        let episodes: Vec<&Episode> = demo.nights.iter().flat_map(|n| &n.episodes).collect();
        let left_calf = episodes
            .iter()
            .filter(|e| e.leg == Some(Leg::Left) && e.site == Some(Site::Calf))
            .count();
        assert!(left_calf * 2 > episodes.len(), "mostly left calf");
        let small_hours = episodes
            .iter()
            .filter(|e| {
                e.time
                    .is_some_and(|t| t >= time(1, 0).unwrap() && t < time(5, 0).unwrap())
            })
            .count();
        assert!(small_hours * 10 >= episodes.len() * 7, "mostly 01:00-05:00");

        let flags: Vec<_> = demo.nights.iter().flat_map(|n| n.red_flags()).collect();
        assert_eq!(flags.len(), 1, "one old prompt-review sign only: {flags:?}");
        assert_eq!(flags[0].0, crate::vocab::Urgency::PromptReview);
        assert!(demo.nights.iter().any(|n| n.note.is_some()));
    }

    #[test]
    fn the_self_experiment_is_finished_and_mostly_followed() {
        let demo = demo_diary(today());
        let [trial] = demo.trials.as_slice() else {
            panic!("one trial: {:?}", demo.trials)
        };
        assert_eq!(trial.kind, crate::vocab::TrialKind::Compression);
        assert!(
            trial.planned_end() < today() - Duration::days(1),
            "finished"
        );
        assert!(trial.start > today() - Duration::days(NIGHTS));
        let a = crate::analysis::trial::analyse(trial, &demo.nights, today() - Duration::days(1));
        assert_eq!(a.status, crate::analysis::trial::Status::Complete);
        assert_eq!(a.usable_pairs, 5);
        let share = a.adherence.share.unwrap();
        // Followed most nights, not all: a real patient's trial.
        assert!((0.8..0.95).contains(&share), "adherence {share}");
        // The compression start event is the trial's first night.
        assert!(
            demo.events
                .iter()
                .any(|e| e.kind == crate::vocab::EventKind::CompressionStart
                    && e.date == trial.start)
        );
    }

    #[test]
    fn medicines_and_events_are_in_the_past() {
        let demo = demo_diary(today());
        assert!(demo.medications.iter().all(|m| m.start < today()));
        assert!(demo.events.iter().all(|e| e.date < today()));
        assert!(
            demo.medications
                .iter()
                .any(|m| m.class.linked_to_cramps() && (today() - m.start).num_days() == 49)
        );
        assert_eq!(demo.profile.birth_year, Some(1961));
    }
}

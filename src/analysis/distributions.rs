//! Distributions of the period's cramp episodes (time of night, phase, leg, site, duration,
//! pain) and co-symptom frequency on cramp vs cramp-free nights.

use serde::{Deserialize, Serialize};

use super::{Presence, presence, ratio};
use crate::model::Night;
use crate::vocab::{Leg, Phase, Site, SymptomId};

/// A count for one value of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// The stable id (`left`, `calf`, `under_1m`…).
    pub id: String,
    /// Plain words for the value.
    pub label: String,
    pub count: u32,
}

/// Counts per value, plus how many episodes did not record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub counts: Vec<Counted>,
    pub unknown: u32,
}

/// Episodes by clock hour of their `time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOfNight {
    /// 24 counts: `by_hour[h]` = episodes that started between h:00 and h:59.
    pub by_hour: Vec<u32>,
    /// Episodes without a time.
    pub unknown: u32,
}

/// Episodes by pain rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainTally {
    /// 11 counts: `by_score[p]` = episodes rated p/10.
    pub by_score: Vec<u32>,
    pub unknown: u32,
}

/// How the period's episodes are spread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distributions {
    /// Episodes in the period (the denominator of every tally).
    pub episodes: u32,
    pub time_of_night: TimeOfNight,
    pub phase: Tally,
    pub leg: Tally,
    pub site: Tally,
    /// Buckets `under_1m` (< 60 s), `1m_to_5m` (60–299 s), `5m_to_10m` (300–600 s),
    /// `over_10m` (> 600 s: longer than a typical night cramp).
    pub duration: Tally,
    pub pain: PainTally,
}

/// Duration buckets: id, label, inclusive upper bound in seconds.
pub const DURATION_BUCKETS: &[(&str, &str, u32)] = &[
    ("under_1m", "under 1 min", 59),
    ("1m_to_5m", "1 to 5 min", 299),
    ("5m_to_10m", "5 to 10 min", 600),
    ("over_10m", "over 10 min", u32::MAX),
];

fn tally<T: Copy + PartialEq>(
    values: impl Iterator<Item = Option<T>>,
    all: &[T],
    id: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Tally {
    let mut counts: Vec<u32> = vec![0; all.len()];
    let mut unknown = 0;
    for v in values {
        match v.and_then(|v| all.iter().position(|a| *a == v)) {
            Some(i) => counts[i] += 1,
            None => unknown += 1,
        }
    }
    Tally {
        counts: all
            .iter()
            .zip(counts)
            .map(|(v, count)| Counted {
                id: id(*v),
                label: label(*v),
                count,
            })
            .collect(),
        unknown,
    }
}

/// Distributions of the episodes of `nights`.
pub fn distributions(nights: &[&Night]) -> Distributions {
    let episodes: Vec<_> = nights.iter().flat_map(|n| n.episodes.iter()).collect();
    let mut by_hour = vec![0u32; 24];
    let mut unknown_time = 0;
    for e in &episodes {
        match e.time {
            Some(t) => by_hour[chrono::Timelike::hour(&t) as usize % 24] += 1,
            None => unknown_time += 1,
        }
    }
    let mut by_score = vec![0u32; 11];
    let mut unknown_pain = 0;
    for e in &episodes {
        match e.pain {
            Some(p) if p <= 10 => by_score[p as usize] += 1,
            _ => unknown_pain += 1,
        }
    }
    let bucket_of = |s: u32| DURATION_BUCKETS.iter().position(|(_, _, hi)| s <= *hi);
    let buckets: Vec<usize> = (0..DURATION_BUCKETS.len()).collect();
    Distributions {
        episodes: episodes.len() as u32,
        time_of_night: TimeOfNight {
            by_hour,
            unknown: unknown_time,
        },
        phase: tally(
            episodes.iter().map(|e| Some(e.phase)),
            Phase::ALL,
            |p| p.id().to_string(),
            |p| phase_label(p).to_string(),
        ),
        leg: tally(
            episodes.iter().map(|e| e.leg),
            Leg::ALL,
            |l| l.id().to_string(),
            |l| l.id().to_string(),
        ),
        site: tally(
            episodes.iter().map(|e| e.site),
            Site::ALL,
            |s| s.id().to_string(),
            |s| s.id().to_string(),
        ),
        duration: tally(
            episodes.iter().map(|e| e.duration_s.and_then(bucket_of)),
            &buckets,
            |i| DURATION_BUCKETS[i].0.to_string(),
            |i| DURATION_BUCKETS[i].1.to_string(),
        ),
        pain: PainTally {
            by_score,
            unknown: unknown_pain,
        },
    }
}

/// Plain words for a phase.
pub fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::BeforeSleep => "before sleep",
        Phase::WokeMe => "woke me",
        Phase::OnWaking => "on waking",
    }
}

/// How often one co-symptom was present on cramp nights vs cramp-free nights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoSymptom {
    pub id: SymptomId,
    pub label: String,
    /// Cramp nights with the symptom present.
    pub cramp_nights_with: u32,
    /// Cramp nights whose checklist was answered (the denominator).
    pub cramp_nights_answered: u32,
    pub cramp_free_with: u32,
    pub cramp_free_answered: u32,
    /// 0..=100; `null` when no cramp night had the checklist answered.
    pub cramp_nights_pct: Option<f64>,
    /// 0..=100; `null` when no cramp-free night had the checklist answered.
    pub cramp_free_pct: Option<f64>,
}

/// The co-symptoms that are not red-flag signs, in vocabulary order.
pub fn cosymptom_ids() -> impl Iterator<Item = SymptomId> {
    SymptomId::ALL
        .iter()
        .copied()
        .filter(|s| s.urgency().is_none())
}

/// Co-symptom frequency over nights whose checklist was answered. "Present" is a sign ticked,
/// or a sensation at ≥ 4/10 or ticked without a severity.
pub fn cosymptoms(nights: &[&Night]) -> Vec<CoSymptom> {
    let answered: Vec<&&Night> = nights.iter().filter(|n| n.symptoms.is_some()).collect();
    let cramp_answered = answered.iter().filter(|n| n.had_cramp()).count() as u32;
    let free_answered = answered.len() as u32 - cramp_answered;
    cosymptom_ids()
        .map(|id| {
            let with = |cramp: bool| {
                answered
                    .iter()
                    .filter(|n| {
                        n.had_cramp() == cramp && presence(n, id) == Some(Presence::Present)
                    })
                    .count() as u32
            };
            let (c, f) = (with(true), with(false));
            CoSymptom {
                id,
                label: id.plain().to_string(),
                cramp_nights_with: c,
                cramp_nights_answered: cramp_answered,
                cramp_free_with: f,
                cramp_free_answered: free_answered,
                cramp_nights_pct: ratio(100.0 * f64::from(c), f64::from(cramp_answered)),
                cramp_free_pct: ratio(100.0 * f64::from(f), f64::from(free_answered)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Episode, Symptom};
    use chrono::{NaiveDate, NaiveTime};

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn tallies_count_unknowns_separately() {
        let mut n = Night::new(d(1));
        n.episodes = vec![
            Episode {
                time: NaiveTime::from_hms_opt(3, 10, 0),
                leg: Some(Leg::Left),
                site: Some(Site::Calf),
                duration_s: Some(90),
                pain: Some(7),
                ..Episode::default()
            },
            Episode {
                duration_s: Some(900),
                ..Episode::default()
            },
        ];
        let refs = vec![&n];
        let dist = distributions(&refs);
        assert_eq!(dist.episodes, 2);
        assert_eq!(dist.time_of_night.by_hour[3], 1);
        assert_eq!(dist.time_of_night.unknown, 1);
        assert_eq!(dist.leg.counts[0].count, 1);
        assert_eq!(dist.leg.unknown, 1);
        assert_eq!(dist.duration.counts[1].count, 1);
        assert_eq!(dist.duration.counts[3].count, 1);
        assert_eq!(dist.pain.by_score[7], 1);
        assert_eq!(
            dist.phase.counts[1].count, 2,
            "woke_me is the default phase"
        );
    }

    #[test]
    fn cosymptoms_use_answered_checklists_and_the_four_of_ten_rule() {
        let sym = |id, severity| Symptom {
            id,
            side: None,
            severity,
        };
        let mut a = Night::new(d(1));
        a.episodes = vec![Episode::default()];
        a.symptoms = Some(vec![sym(SymptomId::Heaviness, None)]);
        let mut b = Night::new(d(2));
        b.episodes = vec![Episode::default()];
        b.symptoms = Some(vec![sym(SymptomId::Heaviness, Some(2))]);
        let mut c = Night::new(d(3));
        c.symptoms = Some(vec![]);
        let mut unanswered = Night::new(d(4));
        unanswered.episodes = vec![Episode::default()];
        let nights = [a, b, c, unanswered];
        let refs: Vec<&Night> = nights.iter().collect();
        let co = cosymptoms(&refs);
        let heavy = co.iter().find(|c| c.id == SymptomId::Heaviness).unwrap();
        assert_eq!(
            (heavy.cramp_nights_with, heavy.cramp_nights_answered),
            (1, 2)
        );
        assert_eq!((heavy.cramp_free_with, heavy.cramp_free_answered), (0, 1));
        assert_eq!(heavy.cramp_nights_pct, Some(50.0));
        assert!(co.iter().all(|c| c.id.urgency().is_none()));
    }
}

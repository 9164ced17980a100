//! Coverage, the weekly and monthly series, the night calendar and the summary numbers.
//!
//! Missing nights are never zeros: every rate is per *logged* night, and a week or month with
//! no logged night has `null` rates (a gap in the charts).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Diary, is_due, median, ratio};
use crate::model::Night;
use crate::model::Period;
use crate::vocab::Relief;

/// How much of the period was logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Calendar nights in the period.
    pub nights_in_period: u32,
    /// Nights that could have been logged: every night before today, plus tonight if logged.
    pub due: u32,
    /// Nights with an entry.
    pub logged: u32,
    /// Logged nights with at least one cramp episode.
    pub cramp_nights: u32,
    /// Logged nights with no episode (an explicit "no cramps").
    pub cramp_free: u32,
    /// Due nights without an entry.
    pub missing: u32,
    /// Tonight, in the period and not logged yet: neither logged nor missing (0 or 1).
    pub not_yet_due: u32,
    /// `logged / due` (0..=1); `null` when nothing was due.
    pub logged_fraction: Option<f64>,
    /// Entries made more than 36 h after the night's morning.
    pub retrospective: u32,
    /// The first night the diary ever logged, when it falls inside the period.
    #[serde(default)]
    pub diary_began: Option<NaiveDate>,
    /// Missing nights before `diary_began` (the diary had not started yet), part of `missing`.
    #[serde(default)]
    pub missing_before_diary: u32,
}

/// Coverage of period `p`.
pub fn coverage(diary: &Diary<'_>, p: Period, today: NaiveDate) -> Coverage {
    let nights = diary.period(p);
    let logged = nights.len() as u32;
    let cramp_nights = nights.iter().filter(|n| n.had_cramp()).count() as u32;
    let due_unlogged = p
        .days()
        .filter(|d| is_due(*d, today) && diary.get(*d).is_none())
        .count() as u32;
    let not_yet_due = p
        .days()
        .filter(|d| !is_due(*d, today) && diary.get(*d).is_none())
        .count() as u32;
    let due = logged + due_unlogged;
    let diary_began = diary
        .first()
        .filter(|first| p.from < *first && *first <= p.to);
    let missing_before_diary = diary_began.map_or(0, |first| {
        p.days().filter(|d| *d < first && is_due(*d, today)).count() as u32
    });
    Coverage {
        nights_in_period: p.nights().max(0) as u32,
        due,
        logged,
        cramp_nights,
        cramp_free: logged - cramp_nights,
        missing: due_unlogged,
        not_yet_due,
        logged_fraction: ratio(f64::from(logged), f64::from(due)),
        retrospective: nights.iter().filter(|n| n.is_retrospective()).count() as u32,
        diary_began,
        missing_before_diary,
    }
}

/// The key numbers of a period (docs/design.md section 6, page 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub nights_in_period: u32,
    pub logged: u32,
    pub missing: u32,
    pub cramp_nights: u32,
    /// Cramp nights per 7 logged nights.
    pub cramp_nights_per_week: Option<f64>,
    /// 95 % CI of `cramp_nights_per_week`: Clopper–Pearson on cramp nights out of logged
    /// nights, × 7 (docs/design.md section 12, "Key numbers").
    pub cramp_nights_per_week_ci_low: Option<f64>,
    pub cramp_nights_per_week_ci_high: Option<f64>,
    /// Cramp episodes on the logged nights.
    pub episodes: u32,
    /// Episodes per 7 logged nights.
    pub episodes_per_week: Option<f64>,
    /// Episodes per cramp night.
    pub episodes_per_cramp_night: Option<f64>,
    /// Episodes with a known duration (the denominator of the two below).
    pub durations_known: u32,
    /// Median episode duration, seconds.
    pub median_duration_s: Option<f64>,
    /// Longest episode, seconds.
    pub longest_duration_s: Option<u32>,
    /// Episodes with a known pain rating.
    pub pains_known: u32,
    /// Mean pain of the episodes, 0–10.
    pub mean_pain: Option<f64>,
    /// Worst pain of any episode, 0–10.
    pub worst_pain: Option<u8>,
    /// Logged nights with a soreness rating.
    pub soreness_known: u32,
    /// Mean next-morning soreness over the logged nights that rated it, 0–10.
    pub mean_soreness: Option<f64>,
    /// Cramp nights with a soreness rating, and their mean soreness (never pooled with the
    /// cramp-free nights in print).
    pub soreness_cramp_known: u32,
    pub mean_soreness_cramp: Option<f64>,
    /// Cramp-free nights with a soreness rating, and their mean soreness.
    pub soreness_free_known: u32,
    pub mean_soreness_free: Option<f64>,
    /// Cramp nights recording `cramp_awakenings`, and those with at least one ("woken by
    /// cramps on X of Y cramp nights").
    pub woken_known: u32,
    pub woken_nights: u32,
    /// The relief recorded most often for episodes other than "went by itself" and "nothing
    /// helped" (ties: the first in docs/design.md's order); `None` when none was recorded.
    pub top_relief: Option<Relief>,
    /// Episodes eased by `top_relief`, and episodes with any relief recorded.
    pub top_relief_episodes: u32,
    pub relief_known: u32,
    /// Logged nights with cramp awakenings or sleep disturbance recorded.
    pub sleep_known: u32,
    /// Nights with `cramp_awakenings` ≥ 1 or `sleep_disturbance` ≥ 4.
    pub sleep_disruption_nights: u32,
    /// Entries made more than 36 h after the night's morning.
    pub retrospective: u32,
}

/// Whether the night counts as sleep-disrupted; `None` when neither field is known.
pub fn sleep_disrupted(n: &Night) -> Option<bool> {
    match (n.cramp_awakenings, n.sleep_disturbance) {
        (None, None) => None,
        (a, s) => Some(a.is_some_and(|a| a >= 1) || s.is_some_and(|s| s >= 4)),
    }
}

/// Summary numbers of period `p`.
pub fn summary(diary: &Diary<'_>, p: Period, today: NaiveDate) -> Summary {
    let nights = diary.period(p);
    let cov = coverage(diary, p, today);
    let episodes: Vec<_> = nights.iter().flat_map(|n| n.episodes.iter()).collect();
    let mut durations: Vec<f64> = episodes
        .iter()
        .filter_map(|e| e.duration_s)
        .map(f64::from)
        .collect();
    let pains: Vec<u8> = episodes.iter().filter_map(|e| e.pain).collect();
    let soreness: Vec<u8> = nights.iter().filter_map(|n| n.soreness).collect();
    let sore_on = |cramp: bool| -> Vec<u8> {
        nights
            .iter()
            .filter(|n| n.had_cramp() == cramp)
            .filter_map(|n| n.soreness)
            .collect()
    };
    let (sore_cramp, sore_free) = (sore_on(true), sore_on(false));
    let woken: Vec<bool> = nights
        .iter()
        .filter(|n| n.had_cramp())
        .filter_map(|n| n.cramp_awakenings.map(|a| a >= 1))
        .collect();
    let reliefs: Vec<Relief> = episodes.iter().filter_map(|e| e.relief).collect();
    let top_relief = Relief::ALL
        .iter()
        .copied()
        .filter(|r| !matches!(r, Relief::ByItself | Relief::Nothing))
        .map(|r| (r, reliefs.iter().filter(|x| **x == r).count()))
        .filter(|(_, k)| *k > 0)
        // max_by_key keeps the last of equal counts: reversed, the first in design order wins.
        .rev()
        .max_by_key(|(_, k)| *k);
    let (cp_lo, cp_hi) = if cov.logged > 0 {
        let (lo, hi) =
            crate::stats::clopper_pearson(u64::from(cov.cramp_nights), u64::from(cov.logged), 0.95);
        (Some(7.0 * lo), Some(7.0 * hi))
    } else {
        (None, None)
    };
    let sleep: Vec<bool> = nights.iter().filter_map(|n| sleep_disrupted(n)).collect();
    let logged = f64::from(cov.logged);
    let n_episodes = episodes.len() as u32;
    Summary {
        from: p.from,
        to: p.to,
        nights_in_period: cov.nights_in_period,
        logged: cov.logged,
        missing: cov.missing,
        cramp_nights: cov.cramp_nights,
        cramp_nights_per_week: ratio(7.0 * f64::from(cov.cramp_nights), logged),
        cramp_nights_per_week_ci_low: cp_lo,
        cramp_nights_per_week_ci_high: cp_hi,
        episodes: n_episodes,
        episodes_per_week: ratio(7.0 * f64::from(n_episodes), logged),
        episodes_per_cramp_night: ratio(f64::from(n_episodes), f64::from(cov.cramp_nights)),
        durations_known: durations.len() as u32,
        longest_duration_s: episodes.iter().filter_map(|e| e.duration_s).max(),
        median_duration_s: median(&mut durations),
        pains_known: pains.len() as u32,
        mean_pain: mean(pains.iter().map(|v| f64::from(*v))),
        worst_pain: pains.iter().copied().max(),
        soreness_known: soreness.len() as u32,
        mean_soreness: mean(soreness.iter().map(|v| f64::from(*v))),
        soreness_cramp_known: sore_cramp.len() as u32,
        mean_soreness_cramp: mean(sore_cramp.iter().map(|v| f64::from(*v))),
        soreness_free_known: sore_free.len() as u32,
        mean_soreness_free: mean(sore_free.iter().map(|v| f64::from(*v))),
        woken_known: woken.len() as u32,
        woken_nights: woken.iter().filter(|w| **w).count() as u32,
        top_relief: top_relief.map(|(r, _)| r),
        top_relief_episodes: top_relief.map_or(0, |(_, k)| k as u32),
        relief_known: reliefs.len() as u32,
        sleep_known: sleep.len() as u32,
        sleep_disruption_nights: sleep.iter().filter(|b| **b).count() as u32,
        retrospective: cov.retrospective,
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    ratio(sum, f64::from(n))
}

/// One Monday-start week of the period (clipped to the period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// The Monday that starts the week (may be before the period).
    pub week_start: NaiveDate,
    /// First and last night of the week inside the period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Calendar nights of the week inside the period (1..=7).
    pub nights_in_week: u32,
    pub logged: u32,
    /// Due nights not logged (tonight is never missing).
    pub missing: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
    /// No night of the week logged: a gap in charts, never a zero.
    pub is_missing: bool,
    /// Cramp nights per 7 logged nights; `null` for a missing week.
    pub cramp_nights_per_week: Option<f64>,
    /// Episodes per 7 logged nights; `null` for a missing week.
    pub episodes_per_week: Option<f64>,
    /// Cramp nights per 7 logged nights over this week and the 3 before it (pooled, within
    /// the period); `null` when none of them has a logged night.
    pub rolling_4w_cramp_nights_per_week: Option<f64>,
}

/// One calendar month of the period (clipped to the period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub nights_in_month: u32,
    pub logged: u32,
    pub missing: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
    pub is_missing: bool,
    pub cramp_nights_per_week: Option<f64>,
    pub episodes_per_week: Option<f64>,
}

struct Bucket {
    from: NaiveDate,
    to: NaiveDate,
    nights: u32,
    logged: u32,
    missing: u32,
    cramp_nights: u32,
    episodes: u32,
}

fn bucket(diary: &Diary<'_>, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Bucket {
    let logged = diary.range(from, to);
    let nights = ((to - from).num_days() + 1).max(0) as u32;
    let due_unlogged = Period { from, to }
        .days()
        .filter(|d| is_due(*d, today) && diary.get(*d).is_none())
        .count() as u32;
    Bucket {
        from,
        to,
        nights,
        logged: logged.len() as u32,
        missing: due_unlogged,
        cramp_nights: logged.iter().filter(|n| n.had_cramp()).count() as u32,
        episodes: logged.iter().map(|n| n.episodes.len() as u32).sum(),
    }
}

fn per_week(count: u32, logged: u32) -> Option<f64> {
    ratio(7.0 * f64::from(count), f64::from(logged))
}

/// Monday-start weeks of the period, first to last.
pub fn weekly(diary: &Diary<'_>, p: Period, today: NaiveDate) -> Vec<Week> {
    let mut weeks: Vec<Week> = Vec::new();
    let mut start = p.from - Duration::days(i64::from(p.from.weekday().num_days_from_monday()));
    while start <= p.to {
        let b = bucket(
            diary,
            start.max(p.from),
            (start + Duration::days(6)).min(p.to),
            today,
        );
        weeks.push(Week {
            week_start: start,
            from: b.from,
            to: b.to,
            nights_in_week: b.nights,
            logged: b.logged,
            missing: b.missing,
            cramp_nights: b.cramp_nights,
            episodes: b.episodes,
            is_missing: b.logged == 0,
            cramp_nights_per_week: per_week(b.cramp_nights, b.logged),
            episodes_per_week: per_week(b.episodes, b.logged),
            rolling_4w_cramp_nights_per_week: None,
        });
        start += Duration::days(7);
    }
    for i in 0..weeks.len() {
        let window = &weeks[i.saturating_sub(3)..=i];
        let cramp: u32 = window.iter().map(|w| w.cramp_nights).sum();
        let logged: u32 = window.iter().map(|w| w.logged).sum();
        weeks[i].rolling_4w_cramp_nights_per_week = per_week(cramp, logged);
    }
    weeks
}

/// Calendar months of the period, first to last.
pub fn monthly(diary: &Diary<'_>, p: Period, today: NaiveDate) -> Vec<Month> {
    let mut months = Vec::new();
    let mut from = p.from;
    while from <= p.to {
        let next_month = if from.month() == 12 {
            NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
        };
        let Some(next_month) = next_month else { break };
        let to = (next_month - Duration::days(1)).min(p.to);
        let b = bucket(diary, from, to, today);
        months.push(Month {
            month: from.format("%Y-%m").to_string(),
            from,
            to,
            nights_in_month: b.nights,
            logged: b.logged,
            missing: b.missing,
            cramp_nights: b.cramp_nights,
            episodes: b.episodes,
            is_missing: b.logged == 0,
            cramp_nights_per_week: per_week(b.cramp_nights, b.logged),
            episodes_per_week: per_week(b.episodes, b.logged),
        });
        from = next_month;
    }
    months
}

/// What is known about one night of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NightState {
    /// Logged with at least one episode.
    Cramp,
    /// Logged with no episode.
    CrampFree,
    /// Not logged although it could have been.
    Missing,
    /// Tonight, not logged yet: not missing.
    NotYet,
}

/// One cell of the night calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarNight {
    pub night: NaiveDate,
    pub state: NightState,
    /// Episodes that night (0 unless `state` is `cramp`).
    pub episodes: u32,
}

/// One entry per night of the period.
pub fn calendar(diary: &Diary<'_>, p: Period, today: NaiveDate) -> Vec<CalendarNight> {
    let logged = diary.period(p);
    let mut idx = 0;
    p.days()
        .map(|d| {
            while idx < logged.len() && logged[idx].night < d {
                idx += 1;
            }
            let entry = logged.get(idx).filter(|n| n.night == d);
            let (state, episodes) = match entry {
                Some(n) if n.had_cramp() => (NightState::Cramp, n.episodes.len() as u32),
                Some(_) => (NightState::CrampFree, 0),
                None if is_due(d, today) => (NightState::Missing, 0),
                None => (NightState::NotYet, 0),
            };
            CalendarNight {
                night: d,
                state,
                episodes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Episode;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn night(s: &str, episodes: usize) -> Night {
        let mut n = Night::new(d(s));
        n.episodes = vec![Episode::default(); episodes];
        n
    }

    #[test]
    fn tonight_is_never_missing_and_missing_is_never_zero() {
        let nights = vec![night("2026-11-23", 2), night("2026-11-24", 0)];
        let diary = Diary::new(&nights);
        // Mon 23 .. Fri 27 Nov, today is the 27th: the 25th and 26th are missing, the 27th
        // (tonight) is not yet due.
        let p = Period {
            from: d("2026-11-23"),
            to: d("2026-11-27"),
        };
        let c = coverage(&diary, p, d("2026-11-27"));
        assert_eq!(
            (
                c.nights_in_period,
                c.due,
                c.logged,
                c.cramp_nights,
                c.cramp_free
            ),
            (5, 4, 2, 1, 1)
        );
        assert_eq!((c.missing, c.not_yet_due), (2, 1));
        let cal = calendar(&diary, p, d("2026-11-27"));
        let states: Vec<_> = cal.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            [
                NightState::Cramp,
                NightState::CrampFree,
                NightState::Missing,
                NightState::Missing,
                NightState::NotYet
            ]
        );
        assert_eq!(cal[0].episodes, 2);
    }

    #[test]
    fn weeks_are_monday_based_clipped_and_missing_weeks_have_no_rate() {
        // Wed 4 Nov .. Sun 22 Nov 2026; nothing logged in the week of 9 Nov.
        let nights = vec![
            night("2026-11-04", 1),
            night("2026-11-05", 0),
            night("2026-11-16", 3),
        ];
        let diary = Diary::new(&nights);
        let p = Period {
            from: d("2026-11-04"),
            to: d("2026-11-22"),
        };
        let w = weekly(&diary, p, d("2026-11-27"));
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].week_start, d("2026-11-02"));
        assert_eq!((w[0].from, w[0].nights_in_week), (d("2026-11-04"), 5));
        assert_eq!(w[0].cramp_nights_per_week, Some(3.5));
        assert!(w[1].is_missing);
        assert_eq!(w[1].cramp_nights_per_week, None);
        assert_eq!(w[1].missing, 7);
        assert_eq!((w[2].cramp_nights, w[2].episodes), (1, 3));
        // Pooled over weeks 1-3: 2 cramp nights in 3 logged nights.
        assert_eq!(w[2].rolling_4w_cramp_nights_per_week, Some(14.0 / 3.0));
        let m = monthly(&diary, p, d("2026-11-27"));
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].month.as_str(), m[0].logged), ("2026-11", 3));
    }

    #[test]
    fn summary_numbers() {
        let mut a = night("2026-11-20", 0);
        a.soreness = Some(0);
        let mut b = night("2026-11-21", 0);
        b.episodes = vec![
            Episode {
                duration_s: Some(60),
                pain: Some(6),
                ..Episode::default()
            },
            Episode {
                duration_s: Some(180),
                pain: Some(9),
                ..Episode::default()
            },
        ];
        b.soreness = Some(4);
        b.cramp_awakenings = Some(1);
        let mut c = night("2026-11-22", 1);
        c.episodes[0].duration_s = Some(90);
        c.sleep_disturbance = Some(2);
        let nights = vec![a, b, c];
        let diary = Diary::new(&nights);
        let p = Period {
            from: d("2026-11-20"),
            to: d("2026-11-26"),
        };
        let s = summary(&diary, p, d("2026-11-27"));
        assert_eq!(
            (s.logged, s.missing, s.cramp_nights, s.episodes),
            (3, 4, 2, 3)
        );
        assert_eq!(s.cramp_nights_per_week, Some(14.0 / 3.0));
        assert_eq!(s.episodes_per_cramp_night, Some(1.5));
        assert_eq!(s.median_duration_s, Some(90.0));
        assert_eq!(s.longest_duration_s, Some(180));
        assert_eq!(s.mean_pain, Some(7.5));
        assert_eq!(s.worst_pain, Some(9));
        assert_eq!(s.mean_soreness, Some(2.0));
        assert_eq!((s.sleep_known, s.sleep_disruption_nights), (2, 1));
        let empty = summary(&diary, p.previous(), d("2026-11-27"));
        assert_eq!(empty.cramp_nights_per_week, None);
        assert_eq!(empty.mean_pain, None);
    }
}

//! Data portability: the diary as JSON (lossless), CSV (for spreadsheets) and an HL7 FHIR
//! R4 Bundle (for health records), and importing JSON and CSV back.
//!
//! Every format reads or fills one [`Diary`] value. Import is three steps, so that nothing is
//! written unless everything is right: the format module reads the file into a `Diary`,
//! collecting [`Problems`] that name each bad record and field; [`check_nights`] applies the
//! model's ranges, refuses duplicates and future nights, and stamps missing `entered_at`;
//! then [`plan`] compares the file with the diary and returns a [`Plan`], which the
//! import command applies in one transaction. This module never touches the store. The layout of each format is documented in `docs/exchange.md`.

pub mod csv;
pub mod fhir;
pub mod json;

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::error::UsageError;
use crate::model::{Event, FieldError, Medication, Night, QUESTION_MAX_CHARS, Question};
use crate::profile::Profile;
use crate::text;
use crate::trial::Trial;

/// Everything an exchange file can carry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diary {
    pub profile: Profile,
    pub medications: Vec<Medication>,
    pub events: Vec<Event>,
    pub nights: Vec<Night>,
    /// Self-experiments (export version 2).
    pub trials: Vec<Trial>,
    /// The patient's questions (export version 2).
    pub questions: Vec<Question>,
}

/// Problems found in an import file, each naming its record and field. Reading goes on after
/// a problem so the patient sees several at once; nothing is written while any remain.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<String>,
}

/// How many problems the error message lists before saying "and N more".
const PROBLEMS_SHOWN: usize = 5;

impl Problems {
    pub fn push(&mut self, problem: impl Into<String>) {
        self.list.push(problem.into());
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// `Ok` when there were none, else one usage error listing the first few.
    pub fn into_result(self, source: &str) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        let shown = self.list[..self.list.len().min(PROBLEMS_SHOWN)].join("; ");
        let more = match self.list.len().saturating_sub(PROBLEMS_SHOWN) {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        Err(UsageError::new(format!(
            "{shown}{more}; nothing was imported: fix {source} and import it again"
        ))
        .into())
    }
}

/// The largest file `import` reads: a 100-year diary of full nightly entries exports to
/// about 30 MiB, so anything larger is not a cramplog export, and memory stays bounded
/// whatever the path names (`/dev/zero`, a pipe, a huge file).
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Reads an import file completely, refusing to read more than [`MAX_INPUT`] bytes.
pub fn read_input(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let too_big = || {
        UsageError::new(format!(
            "{} is larger than {} MiB, more than any cramplog export; give a file written by 'cramplog export'",
            path.display(),
            MAX_INPUT / (1024 * 1024)
        ))
    };
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_INPUT)
    {
        return Err(too_big().into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_big().into());
    }
    Ok(bytes)
}

/// Checks the nights of an import file: the model's ranges ([`Night::validate`]), no night
/// twice, no night after `today`; stamps `now` where `entered_at` is missing. `at(i, field)`
/// names the place of night `i`'s `field` in the file's own terms.
pub fn check_nights(
    nights: &mut [Night],
    today: NaiveDate,
    now: DateTime<FixedOffset>,
    problems: &mut Problems,
    at: &dyn Fn(usize, &FieldError) -> String,
) {
    let mut seen: HashMap<NaiveDate, usize> = HashMap::with_capacity(nights.len());
    for (i, n) in nights.iter_mut().enumerate() {
        if let Err(e) = n.validate() {
            problems.push(at(i, &e));
        }
        if n.night > today {
            let e = FieldError::new(
                "night",
                format!(
                    "{} is in the future (today is {today}); only nights that have happened can be imported (add --allow-future to import the file as it is)",
                    n.night
                ),
            );
            problems.push(at(i, &e));
        }
        if let Some(first) = seen.insert(n.night, i) {
            let e = FieldError::new(
                "night",
                format!(
                    "{} is in the file twice (first at {}); keep one entry per night",
                    n.night,
                    at(first, &FieldError::new("night", String::new())).trim_end_matches(": ")
                ),
            );
            problems.push(at(i, &e));
        }
        if n.entered_at.is_none() {
            n.entered_at = Some(now);
        }
    }
}

/// Checks medications (the parts the model's validation does not cover); `origin[k]` is the
/// index in the file of `diary.medications[k]`.
pub fn check_context(diary: &Diary, origin: &[usize], problems: &mut Problems) {
    check_events(diary, problems);
    check_trials(&diary.trials, problems);
    check_questions(&diary.questions, problems);
    let mut seen = HashSet::new();
    for (k, m) in diary.medications.iter().enumerate() {
        let i = origin.get(k).copied().unwrap_or(k);
        let len = m.name.trim().chars().count();
        if len == 0 || m.name.chars().count() > 200 {
            problems.push(format!(
                "medications[{i}].name: give a name of 1 to 200 characters"
            ));
        }
        if let Some(stop) = m.stop
            && stop < m.start
        {
            problems.push(format!(
                "medications[{i}].stop: {stop} is before the start {}; a medicine stops on or after it starts",
                m.start
            ));
        }
        for (field, value) in [("name", Some(&m.name)), ("dose", m.dose.as_ref())] {
            if let Some(p) = value.and_then(|v| text::problem(v, text::Shape::Line)) {
                problems.push(format!("medications[{i}].{field}: {p}"));
            }
        }
        if !seen.insert((m.name.to_lowercase(), m.start)) {
            problems.push(format!(
                "medications[{i}]: '{}' starting {} is in the file twice; keep one",
                m.name, m.start
            ));
        }
    }
}

/// Checks events' labels by the same rule as `event add --label`, and that only a duplex
/// scan carries a result.
fn check_events(diary: &Diary, problems: &mut Problems) {
    for (i, e) in diary.events.iter().enumerate() {
        if let Some(p) = e
            .label
            .as_deref()
            .and_then(|l| text::problem(l, text::Shape::Line))
        {
            problems.push(format!("events[{i}].label: {p}"));
        }
        if e.result.is_some() && e.kind != crate::vocab::EventKind::DuplexScan {
            problems.push(format!(
                "events[{i}].result: only a duplex_scan has a result, not {}; leave \"result\" out",
                e.kind
            ));
        }
    }
}

/// Checks questions by the rules of `cramplog ask`: a number above zero used once, text of
/// 1 to 500 characters on one line, done on or after the day asked.
fn check_questions(questions: &[Question], problems: &mut Problems) {
    let mut seen = HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        if q.id <= 0 {
            problems.push(format!(
                "questions[{i}].id: {} is not a question number; give a whole number from 1",
                q.id
            ));
        } else if !seen.insert(q.id) {
            problems.push(format!(
                "questions[{i}].id: {} is in the file twice; give each question its own number",
                q.id
            ));
        }
        let n = q.text.trim().chars().count();
        if n == 0 || q.text.chars().count() > QUESTION_MAX_CHARS {
            problems.push(format!(
                "questions[{i}].text: give a question of 1 to {QUESTION_MAX_CHARS} characters"
            ));
        }
        if let Some(p) = text::problem(&q.text, text::Shape::Line) {
            problems.push(format!("questions[{i}].text: {p}"));
        }
        if let Some(done) = q.done
            && done < q.asked
        {
            problems.push(format!(
                "questions[{i}].done: {done} is before the day it was asked ({}); give a later date or leave \"done\" out",
                q.asked
            ));
        }
    }
}

/// Checks trials by the rules of `trial start`, and that no two overlap.
fn check_trials(trials: &[Trial], problems: &mut Problems) {
    use crate::trial::{MAX_NIGHTS, MAX_PAIRS, MIN_ANALYSED};
    for (i, t) in trials.iter().enumerate() {
        if !(1..=MAX_PAIRS).contains(&t.pairs) {
            problems.push(format!(
                "trials[{i}].pairs: {} is out of range 1..={MAX_PAIRS}",
                t.pairs
            ));
            continue;
        }
        if !(MIN_ANALYSED..=MAX_NIGHTS).contains(&t.nights) {
            problems.push(format!(
                "trials[{i}].nights: {} is out of range {MIN_ANALYSED}..={MAX_NIGHTS}",
                t.nights
            ));
            continue;
        }
        if t.washout + MIN_ANALYSED > t.nights {
            problems.push(format!(
                "trials[{i}].washout: {} leaves fewer than {MIN_ANALYSED} counted nights per period; give at most {}",
                t.washout,
                t.nights - MIN_ANALYSED
            ));
        }
        if t.order.len() != t.pairs as usize {
            problems.push(format!(
                "trials[{i}].order: {} entries for {} pairs; give one \"on_off\" or \"off_on\" per pair",
                t.order.len(),
                t.pairs
            ));
        }
        if let Some(stop) = t.stopped
            && (stop < t.start || stop >= t.planned_end())
        {
            problems.push(format!(
                "trials[{i}].stopped: {stop} is not within the trial ({} to the night before {}); leave it out for a trial that ran its course",
                t.start,
                t.planned_end()
            ));
        }
        if let Some(j) = trials[..i]
            .iter()
            .position(|o| o.start <= t.end() && t.start <= o.end())
        {
            problems.push(format!(
                "trials[{i}]: overlaps trials[{j}]; only one self-experiment runs at a time"
            ));
        }
    }
}

/// What to do with nights that are already in the diary and differ from the file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
    Skip,
}

/// What an import will do; built by [`plan`], shown by `--dry-run`, carried out by [`apply`].
#[derive(Debug, Default)]
pub struct Plan {
    /// Indexes into the file's nights.
    pub add: Vec<usize>,
    pub replace: Vec<usize>,
    pub skip: Vec<usize>,
    /// Already in the diary with exactly the same content.
    pub unchanged: Vec<usize>,
    /// In the diary with different content, and neither `--replace` nor `--skip-existing`.
    pub conflicts: Vec<usize>,
    pub meds_add: Vec<usize>,
    /// The file's version differs from the diary's medication with the same name and start.
    pub meds_update: Vec<usize>,
    pub meds_unchanged: usize,
    pub events_add: Vec<usize>,
    /// Same date, kind and label, different side or result.
    pub events_update: Vec<(usize, i64)>,
    pub events_unchanged: usize,
    /// Indexes into the file's trials.
    pub trials_add: Vec<usize>,
    /// The diary's trial with the same kind and schedule, whose stop night differs.
    pub trials_update: Vec<(usize, i64)>,
    /// Trials of the file that overlap a different trial of the diary (refused).
    pub trials_conflicts: Vec<usize>,
    pub trials_unchanged: usize,
    /// Indexes into the file's questions: not in the diary (same text and day asked).
    pub questions_add: Vec<usize>,
    /// The diary's question with the same text and day asked, whose done day differs.
    pub questions_update: Vec<(usize, i64)>,
    pub questions_unchanged: usize,
    /// Profile keys the file sets: key, value before (None = not set), value in the file.
    pub profile_set: Vec<(String, Option<String>, String)>,
    pub profile_unchanged: usize,
}

impl Plan {
    /// Whether the import would change nothing at all.
    pub fn is_noop(&self) -> bool {
        self.add.is_empty()
            && self.replace.is_empty()
            && self.meds_add.is_empty()
            && self.meds_update.is_empty()
            && self.events_add.is_empty()
            && self.events_update.is_empty()
            && self.trials_add.is_empty()
            && self.trials_update.is_empty()
            && self.questions_add.is_empty()
            && self.questions_update.is_empty()
            && self.profile_set.is_empty()
    }
}

/// Compares the file with the diary as loaded (an absent diary is `Diary::default()`):
/// what the import command will add, replace, skip or refuse. Nothing here writes.
pub fn plan(current: &Diary, file: &Diary, existing: Existing) -> Plan {
    let mut p = Plan::default();
    let by_date: HashMap<NaiveDate, &Night> = current.nights.iter().map(|n| (n.night, n)).collect();
    for (i, n) in file.nights.iter().enumerate() {
        match by_date.get(&n.night) {
            None => p.add.push(i),
            Some(old) if *old == n => p.unchanged.push(i),
            Some(_) => match existing {
                Existing::Refuse => p.conflicts.push(i),
                Existing::Replace => p.replace.push(i),
                Existing::Skip => p.skip.push(i),
            },
        }
    }
    for (i, m) in file.medications.iter().enumerate() {
        match current
            .medications
            .iter()
            .find(|c| c.name.to_lowercase() == m.name.to_lowercase() && c.start == m.start)
        {
            None => p.meds_add.push(i),
            Some(c) if c == m => p.meds_unchanged += 1,
            Some(_) => p.meds_update.push(i),
        }
    }
    for (i, e) in file.events.iter().enumerate() {
        match current
            .events
            .iter()
            .find(|c| c.date == e.date && c.kind == e.kind && c.label == e.label)
        {
            None => p.events_add.push(i),
            Some(c) if (c.side, c.result) == (e.side, e.result) => p.events_unchanged += 1,
            Some(c) => p.events_update.push((i, c.id)),
        }
    }
    for (i, t) in file.trials.iter().enumerate() {
        let same_schedule = |c: &&Trial| {
            (c.kind, c.start, c.pairs, c.nights, c.washout, &c.order)
                == (t.kind, t.start, t.pairs, t.nights, t.washout, &t.order)
        };
        match current.trials.iter().find(same_schedule) {
            Some(c) if c.stopped == t.stopped => p.trials_unchanged += 1,
            Some(c) => p.trials_update.push((i, c.id)),
            None if current
                .trials
                .iter()
                .any(|c| c.start <= t.end() && t.start <= c.end()) =>
            {
                p.trials_conflicts.push(i);
            }
            None => p.trials_add.push(i),
        }
    }
    for (i, q) in file.questions.iter().enumerate() {
        match current
            .questions
            .iter()
            .find(|c| c.text == q.text && c.asked == q.asked)
        {
            None => p.questions_add.push(i),
            Some(c) if c.done == q.done => p.questions_unchanged += 1,
            Some(c) => p.questions_update.push((i, c.id)),
        }
    }
    for key in crate::profile::KEYS {
        let Some(new) = file.profile.get(key.id) else {
            continue;
        };
        let old = current.profile.get(key.id);
        if old.as_ref() == Some(&new) {
            p.profile_unchanged += 1;
        } else {
            p.profile_set.push((key.id.to_string(), old, new));
        }
    }
    p
}

/// Refuses a plan with conflicts (a usage error naming the nights and the way out).
pub fn refuse_conflicts(file: &Diary, plan: &Plan) -> Result<()> {
    if !plan.conflicts.is_empty() {
        let dates: Vec<NaiveDate> = plan
            .conflicts
            .iter()
            .map(|&i| file.nights[i].night)
            .collect();
        return Err(UsageError::new(format!(
            "{} {} in the file {} already in the diary with {} ({}); nothing was imported: add --replace to overwrite {} with the file's, or --skip-existing to keep the diary's (try --dry-run first)",
            dates.len(),
            if dates.len() == 1 { "night" } else { "nights" },
            if dates.len() == 1 { "is" } else { "are" },
            if dates.len() == 1 { "a different entry" } else { "different entries" },
            date_ranges(&dates),
            if dates.len() == 1 { "it" } else { "them" }
        ))
        .into());
    }
    if let Some(&i) = plan.trials_conflicts.first() {
        let t = &file.trials[i];
        return Err(UsageError::new(format!(
            "trials[{i}] (a self-experiment of {} from {}) overlaps a different self-experiment in the diary; nothing was imported: only one runs at a time, so remove it from the file or import into another diary",
            crate::trial::measure(t.kind),
            t.start
        ))
        .into());
    }
    Ok(())
}

/// Dates as compact ranges: `2026-11-01..2026-11-03, 2026-11-07`.
pub fn date_ranges(dates: &[NaiveDate]) -> String {
    let mut sorted = dates.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts = Vec::new();
    let mut iter = sorted.into_iter().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek().is_some_and(|&d| Some(d) == end.succ_opt()) {
            end = iter.next().unwrap_or(end);
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}..{end}")
        });
    }
    parts.join(", ")
}

fn nights_word(n: usize) -> &'static str {
    if n == 1 { "night" } else { "nights" }
}

/// The `--dry-run` report: what would be added, replaced, skipped or set.
pub fn write_plan(out: &mut dyn Write, file: &Diary, plan: &Plan, source: &str) -> Result<()> {
    let dates = |idx: &[usize]| -> String {
        let d: Vec<NaiveDate> = idx.iter().map(|&i| file.nights[i].night).collect();
        date_ranges(&d)
    };
    writeln!(out, "Dry run of importing {source}: nothing was written.")?;
    writeln!(
        out,
        "  Nights in the file: {} ({} with cramps, {} cramp-free).",
        file.nights.len(),
        file.nights.iter().filter(|n| n.had_cramp()).count(),
        file.nights.iter().filter(|n| !n.had_cramp()).count()
    )?;
    let line = |out: &mut dyn Write, label: &str, idx: &[usize]| -> Result<()> {
        if !idx.is_empty() {
            writeln!(
                out,
                "  {label}: {} {} ({})",
                idx.len(),
                nights_word(idx.len()),
                dates(idx)
            )?;
        }
        Ok(())
    };
    line(out, "Would add", &plan.add)?;
    line(out, "Would replace (--replace)", &plan.replace)?;
    line(
        out,
        "Would skip, keeping the diary's entry (--skip-existing)",
        &plan.skip,
    )?;
    line(out, "Already in the diary, identical", &plan.unchanged)?;
    line(
        out,
        "CONFLICTS, already in the diary with different entries",
        &plan.conflicts,
    )?;
    if !plan.conflicts.is_empty() {
        writeln!(
            out,
            "  The import would be refused because of the conflicts: add --replace to overwrite them with the file's entries, or --skip-existing to keep the diary's."
        )?;
    }
    for &i in &plan.meds_add {
        let m = &file.medications[i];
        writeln!(
            out,
            "  Would add medication: {} ({}) from {}",
            m.name, m.class, m.start
        )?;
    }
    for &i in &plan.meds_update {
        let m = &file.medications[i];
        writeln!(
            out,
            "  Would update medication: {} from {} (the file's class, stop date and dose win)",
            m.name, m.start
        )?;
    }
    for &i in &plan.events_add {
        let e = &file.events[i];
        writeln!(
            out,
            "  Would add event: {} {}{}",
            e.date,
            e.kind,
            e.label
                .as_deref()
                .map(|l| format!(" \"{l}\""))
                .unwrap_or_default()
        )?;
    }
    for &(i, _) in &plan.events_update {
        let e = &file.events[i];
        writeln!(
            out,
            "  Would update the side or result of event: {} {}",
            e.date, e.kind
        )?;
    }
    for &i in &plan.trials_add {
        let t = &file.trials[i];
        writeln!(
            out,
            "  Would add self-experiment: {} from {}",
            crate::trial::measure(t.kind),
            t.start
        )?;
    }
    for &(i, _) in &plan.trials_update {
        let t = &file.trials[i];
        writeln!(
            out,
            "  Would update the stop night of the self-experiment from {}",
            t.start
        )?;
    }
    for &i in &plan.trials_conflicts {
        writeln!(
            out,
            "  Conflict: the self-experiment from {} overlaps a different one in the diary",
            file.trials[i].start
        )?;
    }
    for &i in &plan.questions_add {
        let q = &file.questions[i];
        writeln!(
            out,
            "  Would add question (asked {}): \"{}\"",
            q.asked,
            text::visible(&q.text)
        )?;
    }
    for &(i, _) in &plan.questions_update {
        let q = &file.questions[i];
        writeln!(
            out,
            "  Would update when this question was done (asked {}): \"{}\"",
            q.asked,
            text::visible(&q.text)
        )?;
    }
    for (k, old, new) in &plan.profile_set {
        match old {
            Some(old) => writeln!(
                out,
                "  Profile: {k} would be overwritten by the file: '{old}' -> '{new}'"
            )?,
            None => writeln!(out, "  Profile: {k} would be set to '{new}'")?,
        }
    }
    if plan.is_noop() && plan.conflicts.is_empty() {
        writeln!(
            out,
            "  Nothing to import: the diary already has everything in the file."
        )?;
    }
    Ok(())
}

/// The one-line summary after a successful import.
pub fn summary(plan: &Plan, source: &str) -> String {
    let mut parts = vec![format!(
        "{} {} added",
        plan.add.len(),
        nights_word(plan.add.len())
    )];
    if !plan.replace.is_empty() {
        parts.push(format!("{} replaced", plan.replace.len()));
    }
    if !plan.skip.is_empty() {
        parts.push(format!("{} skipped (kept the diary's)", plan.skip.len()));
    }
    if !plan.unchanged.is_empty() {
        parts.push(format!("{} already there", plan.unchanged.len()));
    }
    let meds = plan.meds_add.len() + plan.meds_update.len();
    if meds > 0 {
        parts.push(format!(
            "{meds} {} added or updated",
            if meds == 1 {
                "medication"
            } else {
                "medications"
            }
        ));
    }
    let events = plan.events_add.len() + plan.events_update.len();
    if events > 0 {
        parts.push(format!(
            "{events} {} added or updated",
            if events == 1 { "event" } else { "events" }
        ));
    }
    let trials = plan.trials_add.len() + plan.trials_update.len();
    if trials > 0 {
        parts.push(format!(
            "{trials} {} added or updated",
            if trials == 1 {
                "self-experiment"
            } else {
                "self-experiments"
            }
        ));
    }
    let questions = plan.questions_add.len() + plan.questions_update.len();
    if questions > 0 {
        parts.push(format!(
            "{questions} {} added or updated",
            if questions == 1 {
                "question"
            } else {
                "questions"
            }
        ));
    }
    if !plan.profile_set.is_empty() {
        parts.push(format!(
            "{} profile {} set",
            plan.profile_set.len(),
            if plan.profile_set.len() == 1 {
                "entry"
            } else {
                "entries"
            }
        ));
    }
    format!("Imported {source}: {}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn date_ranges_collapse_consecutive_nights() {
        let dates = [
            d("2026-11-03"),
            d("2026-11-01"),
            d("2026-11-02"),
            d("2026-11-07"),
        ];
        assert_eq!(date_ranges(&dates), "2026-11-01..2026-11-03, 2026-11-07");
    }

    #[test]
    fn identical_nights_are_not_conflicts() {
        let mut current = Diary::default();
        current.nights.push(Night::new(d("2026-11-01")));
        let mut changed = Night::new(d("2026-11-02"));
        current.nights.push(changed.clone());
        changed.soreness = Some(2);
        let file = Diary {
            nights: vec![
                Night::new(d("2026-11-01")),
                changed,
                Night::new(d("2026-11-03")),
            ],
            ..Diary::default()
        };
        let p = plan(&current, &file, Existing::Refuse);
        assert_eq!(
            (p.unchanged, p.conflicts, p.add),
            (vec![0], vec![1], vec![2])
        );
    }
}

#[cfg(test)]
mod fuzz {
    //! Import must never panic, whatever bytes it is given (docs/design.md section 8).

    use proptest::prelude::*;

    use super::Problems;

    const VALID: &str = r#"{"format":"cramplog","version":1,"profile":{"birth_year":1961},
      "medications":[{"name":"x","class":"statin","start":"2026-01-02"}],
      "events":[{"date":"2026-01-03","kind":"other","label":"l"}],
      "nights":[{"night":"2026-01-04","episodes":[{"leg":"left","site":"calf","duration_s":60,"pain":5}],
      "symptoms":[{"id":"heaviness","side":"left","severity":4}],"standing_h":7.5,"note":"n"}]}"#;

    const NIGHTS_CSV: &str =
        "night,episodes,soreness,symptoms,note\n2026-01-04,1,3,heaviness:left:4,hi\n";
    const EPISODES_CSV: &str = "night,seq,leg,site,duration_s,pain\n2026-01-04,0,left,calf,60,5\n";

    /// Replaces a slice of `base` with `insert`, at a position chosen by `at`.
    fn splice(base: &str, at: usize, cut: usize, insert: &str) -> String {
        let chars: Vec<char> = base.chars().collect();
        let at = at % (chars.len() + 1);
        let end = (at + cut).min(chars.len());
        chars[..at]
            .iter()
            .chain(insert.chars().collect::<Vec<_>>().iter())
            .chain(chars[end..].iter())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn json_import_never_panics_on_mutated_documents(
            at in 0usize..2000, cut in 0usize..12, insert in "\\PC{0,12}"
        ) {
            let doc = splice(VALID, at, cut, &insert);
            let _ = super::json::parse(doc.as_bytes(), "fuzz.json");
        }

        #[test]
        fn json_import_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = super::json::parse(&bytes, "fuzz.json");
        }

        #[test]
        fn csv_import_never_panics_on_mutated_files(
            at in 0usize..200, cut in 0usize..8, insert in "\\PC{0,10}", which in any::<bool>()
        ) {
            let (nights, episodes) = if which {
                (splice(NIGHTS_CSV, at, cut, &insert), EPISODES_CSV.to_string())
            } else {
                (NIGHTS_CSV.to_string(), splice(EPISODES_CSV, at, cut, &insert))
            };
            let mut problems = Problems::default();
            let _ = super::csv::parse(nights.as_bytes(), episodes.as_bytes(), &mut problems);
        }
    }

    #[test]
    fn the_unmutated_documents_are_valid() {
        let (diary, _, problems) = super::json::parse(VALID.as_bytes(), "ok.json").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(diary.nights.len(), 1);
        let mut problems = Problems::default();
        let (nights, _) = super::csv::parse(
            NIGHTS_CSV.as_bytes(),
            EPISODES_CSV.as_bytes(),
            &mut problems,
        )
        .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(nights[0].episodes.len(), 1);
    }
}

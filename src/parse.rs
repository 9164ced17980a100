//! Parsers for the words patients type: night phrases, durations, episode SPECs, symptom
//! specs and probe answers. Each has a `display`/`format` inverse so parse ∘ display is the
//! identity (tested by property tests), and each error names the value and the fix.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::error::UsageError;
use crate::model::{Episode, Symptom};
use crate::vocab::{Leg, Phase, Relief, Site, SymptomId, normalise, unknown};

type Result<T> = std::result::Result<T, UsageError>;

fn err<T>(msg: String) -> Result<T> {
    Err(UsageError::new(msg))
}

/// Reads a night phrase relative to `today` (the date of the morning). Never returns a
/// future night: the caller decides whether `today` itself is allowed.
///
/// Accepts `YYYY-MM-DD`, `last-night`/`last night`, `yesterday`, `N days ago`/`N nights
/// ago`, and weekday names (the most recent past one). `today` and `tonight` name a night
/// that has not ended, so they are refused with last night as the hint (docs/design.md
/// section 13).
pub fn night(phrase: &str, today: NaiveDate) -> Result<NaiveDate> {
    let p = normalise(phrase);
    let words: Vec<&str> = p.split('_').filter(|w| !w.is_empty()).collect();
    let date = match words.as_slice() {
        ["last", "night"] | ["lastnight"] | ["yesterday"] => today - Duration::days(1),
        ["today"] | ["tonight"] | ["this", "night"] => return Err(not_ended(today)),
        [n, "days" | "day" | "nights" | "night", "ago"] => {
            let n: i64 = n.parse().map_err(|_| {
                UsageError::new(format!(
                    "'{phrase}' is not a night I understand; write e.g. '3 days ago'"
                ))
            })?;
            if n == 0 {
                return Err(not_ended(today));
            }
            if !(0..=36_500).contains(&n) {
                return err(format!(
                    "'{phrase}' is too far back; give a date as YYYY-MM-DD"
                ));
            }
            today - Duration::days(n)
        }
        [one] => {
            if let Some(wd) = weekday(one) {
                let back =
                    (today.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
                today - Duration::days(if back == 0 { 7 } else { i64::from(back) })
            } else {
                iso_date(phrase)?
            }
        }
        _ => iso_date(phrase)?,
    };
    Ok(date)
}

/// The error for a night that has not ended yet, naming the night most likely meant.
pub fn not_ended(today: NaiveDate) -> UsageError {
    let last = today - Duration::days(1);
    UsageError::new(format!(
        "tonight ({today}) has not ended yet; a night is logged the morning after. Did you mean last night, {}? Write last-night or {last}",
        last.format("%a %-d %b %Y")
    ))
}

/// A strict `YYYY-MM-DD` date, with an error that says why (2026-02-30 does not exist).
pub fn iso_date(s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        && (1..=12).contains(&m)
    {
        return err(format!(
            "'{s}' is not a real date ({y}-{m:02} has no day {d}); check the day of the month"
        ));
    }
    err(format!(
        "'{s}' is not a night I understand; use YYYY-MM-DD, 'last-night', 'yesterday', 'N days ago' or a weekday"
    ))
}

fn weekday(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('s'); // "mondays" → "monday"
    [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ]
    .into_iter()
    .find(|(prefix, day)| {
        let full = day_name(*day);
        w.len() >= 3 && full.starts_with(w) && w.starts_with(prefix)
    })
    .map(|(_, d)| d)
}

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// A duration such as `45s`, `2m`, `1m30s`, `90 sec`, `1.5min`, `1h` in whole seconds.
pub fn duration(s: &str) -> Result<u32> {
    // Forgive "about 2 minutes", "~90s", "2 mins", "two minutes", "half a minute", "1,5 min".
    let lowered = s
        .trim()
        .to_lowercase()
        .replace("half a", "0.5")
        .replace("half an", "0.5");
    let words: Vec<String> = lowered
        .split_whitespace()
        .filter(|w| !FILLER.contains(w))
        .map(|w| match number_word(w) {
            Some(n) => n.to_string(),
            None => decimal_comma(w),
        })
        .collect();
    let text = words.concat().trim_start_matches('~').to_string();
    let fail = || {
        UsageError::new(format!(
            "'{s}' is not a duration; write it like 45s, 2m or 1m30s"
        ))
    };
    let mut total = 0.0_f64;
    let mut rest = text.as_str();
    let mut seen_unit = false;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            // "a minute", "an hour"
            let single = rest.strip_prefix("an").or_else(|| rest.strip_prefix('a'));
            if let Some(factor) = single.filter(|_| !seen_unit).and_then(duration_unit) {
                rest = "";
                total += factor;
                seen_unit = true;
                continue;
            }
            return Err(fail());
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| fail())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let Some(factor) = duration_unit(&rest[..unit_len]) else {
            if unit_len == 0 && !seen_unit {
                return err(format!(
                    "'{s}' needs a unit: {s}s for seconds or {s}m for minutes"
                ));
            }
            return Err(fail());
        };
        rest = &rest[unit_len..];
        total += value * factor;
        seen_unit = true;
    }
    if !seen_unit {
        return Err(fail());
    }
    let secs = total.round();
    if !(1.0..=7200.0).contains(&secs) {
        return err(format!(
            "duration '{s}' is out of range; a cramp lasts from 1s to 2h (7200s)"
        ));
    }
    Ok(secs as u32)
}

/// Seconds in one duration unit (`m`, `minutes`, `a minute`…).
fn duration_unit(word: &str) -> Option<f64> {
    match word {
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600.0),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(60.0),
        "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
        _ => None,
    }
}

/// Words people put around a number that change nothing.
const FILLER: &[&str] = &[
    "about",
    "around",
    "roughly",
    "approx",
    "approximately",
    "~",
    "and",
    "maybe",
    "nearly",
    "almost",
    "for",
];

/// Number words people type instead of digits, zero to twenty.
pub fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.trim().to_lowercase();
    WORDS.iter().position(|n| *n == w).map(|i| i as u32)
}

/// `1,5` → `1.5` where the comma can only be a decimal comma (one comma between digits).
pub fn decimal_comma(word: &str) -> String {
    let b = word.as_bytes();
    match word.find(',') {
        Some(i)
            if word.matches(',').count() == 1
                && i > 0
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && b[i - 1].is_ascii_digit() =>
        {
            word.replacen(',', ".", 1)
        }
        _ => word.to_string(),
    }
}

/// A decimal number, with a decimal comma or as a number word (`7.5`, `7,5`, `seven`).
pub fn number(s: &str) -> Option<f64> {
    let t = s.trim().to_lowercase();
    if let Some(n) = number_word(&t) {
        return Some(f64::from(n));
    }
    decimal_comma(&t)
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// A whole number as people type it: `3`, `three`, `7/10`, `7 out of 10`.
pub fn whole(s: &str) -> Option<i64> {
    let t = s.trim().to_lowercase();
    let t = t
        .strip_suffix("out of 10")
        .or_else(|| t.strip_suffix("out of ten"))
        .or_else(|| t.strip_suffix("/10"))
        .unwrap_or(&t)
        .trim();
    number_word(t).map_or_else(|| t.parse::<i64>().ok(), |n| Some(i64::from(n)))
}

/// A rating from 0 to 10: `7`, `7/10`, `7 out of 10`, `seven`.
pub fn rating(s: &str) -> Result<u8> {
    let t = s.trim().to_lowercase();
    let body = t
        .strip_suffix("out of 10")
        .or_else(|| t.strip_suffix("out of ten"))
        .or_else(|| t.strip_suffix("of 10"))
        .or_else(|| t.strip_suffix("/10"))
        .unwrap_or(&t)
        .trim();
    let n = number_word(body).or_else(|| body.parse::<u32>().ok());
    match n {
        Some(n) if n <= 10 => Ok(n as u8),
        Some(_) => err(format!(
            "pain '{s}' is out of range; rate it from 0 (none) to 10 (worst imaginable)"
        )),
        None => err(format!(
            "'{s}' is not a rating; type a number from 0 (none) to 10 (worst imaginable), e.g. 7 or 7 out of 10"
        )),
    }
}

/// The canonical spelling of a duration (`90` → `1m30s`), the inverse of [`duration`].
pub fn format_duration(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// A clock time: `HH:MM`, `H:MM`, `3am`, `3:10 am`, `11pm`.
pub fn clock(s: &str) -> Result<NaiveTime> {
    let fail = || {
        UsageError::new(format!(
            "'{s}' is not a clock time; write it as HH:MM, e.g. 03:10, or as 3am"
        ))
    };
    let t = s.trim().to_lowercase().replace([' ', '.'], "");
    let (body, pm) = if let Some(b) = t.strip_suffix("pm") {
        (b, Some(true))
    } else if let Some(b) = t.strip_suffix("am") {
        (b, Some(false))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok(), m.parse::<u32>().ok()),
        None if pm.is_some() => (body.parse::<u32>().ok(), Some(0)),
        _ => return Err(fail()),
    };
    let hour = match (h, pm) {
        (Some(h @ 1..=11), Some(true)) => Some(h + 12),
        (Some(12), Some(false)) => Some(0),
        (Some(h @ 1..=12), Some(_)) => Some(h),
        (Some(h @ 0..=23), None) => Some(h),
        _ => None,
    };
    hour.zip(m)
        .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
        .ok_or_else(fail)
}

/// A clock time where a bare hour is clear from the question ("about what time?": `3`).
pub fn clock_or_hour(s: &str) -> Result<NaiveTime> {
    match s.trim().parse::<u32>() {
        Ok(h) if h <= 23 => NaiveTime::from_hms_opt(h, 0, 0).ok_or_else(|| unreachable_time(s)),
        _ => clock(s),
    }
}

fn unreachable_time(s: &str) -> UsageError {
    UsageError::new(format!("'{s}' is not a clock time; write it as HH:MM"))
}

/// Every word an episode SPEC may contain, for "did you mean".
fn spec_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Leg::ids();
    words.extend(Site::ids());
    words.extend([
        "woke",
        "before-sleep",
        "on-waking",
        "hard",
        "relief=",
        "resleep=",
    ]);
    words
}

/// Parses an episode SPEC: words in any order (docs/design.md section 3).
///
/// `left calf 2m 7/10 03:10 relief=stretch` — a bare number is the pain, a number with a
/// unit is the duration, `HH:MM` the time.
pub fn episode(spec: &str) -> Result<Episode> {
    spec_fields(spec).map(|(e, _)| e)
}

/// Changes only the fields an episode SPEC gives (`edit --fix-episode 1="8"` changes the
/// pain and keeps the leg, duration, time and relief).
pub fn patch_episode(e: &mut Episode, spec: &str) -> Result<()> {
    let (p, phase_given) = spec_fields(spec)?;
    e.time = p.time.or(e.time);
    e.leg = p.leg.or(e.leg);
    e.site = p.site.or(e.site);
    e.duration_s = p.duration_s.or(e.duration_s);
    e.pain = p.pain.or(e.pain);
    e.hard = p.hard.or(e.hard);
    e.relief = p.relief.or(e.relief);
    e.resleep_min = p.resleep_min.or(e.resleep_min);
    if phase_given {
        e.phase = p.phase;
    }
    Ok(())
}

/// The episode a SPEC describes, and whether it named the time of night (the only field
/// with a default).
fn spec_fields(spec: &str) -> Result<(Episode, bool)> {
    let mut e = Episode::default();
    let mut phase_set = false;
    let tokens = spec_tokens(spec);
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    if words.is_empty() {
        return err("the episode is empty; describe it like \"left calf 2m 7/10\"".to_string());
    }
    let dup = |what: &str, word: &str| {
        UsageError::new(format!(
            "episode \"{spec}\" gives the {what} twice (at '{word}'); use a separate -e for each cramp"
        ))
    };
    for word in words {
        let w = word.to_lowercase();
        if let Some((key, value)) = w.split_once('=') {
            match key {
                "relief" | "helped" => {
                    if e.relief.is_some() {
                        return Err(dup("relief", word));
                    }
                    e.relief = Some(value.parse::<Relief>()?);
                }
                "resleep" => {
                    let v = value.trim_end_matches("min").trim_end_matches('m');
                    let m: u16 = v.parse().ok().filter(|m| *m <= 600).ok_or_else(|| {
                        UsageError::new(format!(
                            "resleep '{value}' is not a number of minutes from 0 to 600; write e.g. resleep=15"
                        ))
                    })?;
                    e.resleep_min = Some(m);
                }
                "pain" => set_pain(&mut e, value, spec, word)?,
                "time" => e.time = Some(clock(value)?),
                "phase" => {
                    e.phase =
                        phase_word(value).ok_or_else(|| unknown("phase", value, &Phase::ids()))?;
                    phase_set = true;
                }
                _ => {
                    return err(format!(
                        "unknown episode setting '{key}' in \"{spec}\"; use relief=…, resleep=…"
                    ));
                }
            }
            continue;
        }
        if let Some(leg) = Leg::find(&w) {
            if e.leg.is_some() {
                return Err(dup("leg", word));
            }
            e.leg = Some(leg);
        } else if let Some(site) = site_word(&w) {
            if e.site.is_some() {
                return Err(dup("site", word));
            }
            e.site = Some(site);
        } else if let Some(phase) = phase_word(&w) {
            if phase_set {
                return Err(dup("time of night", word));
            }
            e.phase = phase;
            phase_set = true;
        } else if w == "hard" || w == "knotted" {
            e.hard = Some(true);
        } else if w.contains(':') || is_am_pm(&w) {
            if e.time.is_some() {
                return Err(dup("time", word));
            }
            e.time = Some(clock(&w)?);
        } else if w.chars().all(|c| c.is_ascii_digit()) || w.ends_with("/10") {
            set_pain(&mut e, w.trim_end_matches("/10"), spec, word)?;
        } else if w.starts_with(|c: char| c.is_ascii_digit()) {
            if e.duration_s.is_some() {
                return Err(dup("duration", word));
            }
            e.duration_s = Some(duration(&w)?);
        } else {
            return Err(unknown("word in the episode", word, &spec_words()));
        }
    }
    Ok((e, phase_set))
}

/// The words of an episode SPEC, with the phrases people type joined into one word each:
/// `2 minutes` → `2minutes`, `two minutes` → `2minutes`, `7 out of 10` → `7/10`,
/// `3 am` → `3am`. Commas separate words, except a decimal comma (`1,5m`).
fn spec_tokens(spec: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    for part in spec.split_whitespace() {
        let fixed = decimal_comma(part);
        raw.extend(
            fixed
                .split(',')
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase()),
        );
    }
    let raw: Vec<String> = raw
        .into_iter()
        .filter(|w| !FILLER.contains(&w.as_str()) || w == "and")
        .map(|w| number_word(&w).map_or(w, |n| n.to_string()))
        .collect();
    let is_number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.');
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let w = &raw[i];
        let next = |k: usize| raw.get(i + k).map(String::as_str).unwrap_or("");
        if is_number(w) && duration_unit(next(1)).is_some() {
            // "1 min 30 sec", "1 min and 30 sec"
            let mut joined = format!("{w}{}", next(1));
            i += 2;
            loop {
                let skip = usize::from(raw.get(i).is_some_and(|a| a == "and"));
                match (raw.get(i + skip), raw.get(i + skip + 1)) {
                    (Some(n), Some(u)) if is_number(n) && duration_unit(u).is_some() => {
                        joined.push_str(n);
                        joined.push_str(u);
                        i += skip + 2;
                    }
                    _ => break,
                }
            }
            out.push(joined);
            continue;
        }
        if is_number(w) && next(1) == "out" && next(2) == "of" && next(3) == "10" {
            out.push(format!("{w}/10"));
            i += 4;
        } else if is_number(w) && next(1) == "of" && next(2) == "10" {
            out.push(format!("{w}/10"));
            i += 3;
        } else if (is_number(w) || w.contains(':')) && matches!(next(1), "am" | "pm") {
            out.push(format!("{w}{}", next(1)));
            i += 2;
        } else if w == "and" {
            i += 1;
        } else {
            out.push(w.clone());
            i += 1;
        }
    }
    out
}

/// `3am`, `11pm`, `3:10am`.
fn is_am_pm(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) && (w.ends_with("am") || w.ends_with("pm"))
}

fn set_pain(e: &mut Episode, value: &str, spec: &str, word: &str) -> Result<()> {
    if e.pain.is_some() {
        return err(format!(
            "episode \"{spec}\" gives the pain twice (at '{word}'); a bare number is the pain, add a unit for a duration (45s, 2m)"
        ));
    }
    match value.parse::<u8>() {
        Ok(p) if p <= 10 => {
            e.pain = Some(p);
            Ok(())
        }
        _ => err(format!(
            "pain '{value}' is out of range; rate it from 0 (none) to 10 (worst imaginable)"
        )),
    }
}

fn site_word(w: &str) -> Option<Site> {
    match w {
        "calves" => Some(Site::Calf),
        "feet" => Some(Site::Foot),
        "toe" => Some(Site::Toes),
        "thighs" => Some(Site::Thigh),
        "hamstrings" => Some(Site::Hamstring),
        _ => Site::find(w),
    }
}

fn phase_word(w: &str) -> Option<Phase> {
    match normalise(w).as_str() {
        "woke" | "woke_me" => Some(Phase::WokeMe),
        "before_sleep" => Some(Phase::BeforeSleep),
        "on_waking" | "waking" => Some(Phase::OnWaking),
        _ => None,
    }
}

/// The canonical SPEC of an episode; `episode(&format_episode(e)) == e`.
pub fn format_episode(e: &Episode) -> String {
    let mut words: Vec<String> = Vec::new();
    if let Some(l) = e.leg {
        words.push(l.id().into());
    }
    if let Some(s) = e.site {
        words.push(s.id().into());
    }
    if let Some(d) = e.duration_s {
        words.push(format_duration(d));
    }
    if let Some(p) = e.pain {
        words.push(format!("{p}/10"));
    }
    if let Some(t) = e.time {
        words.push(t.format("%H:%M").to_string());
    }
    words.push(
        match e.phase {
            Phase::WokeMe => "woke",
            Phase::BeforeSleep => "before-sleep",
            Phase::OnWaking => "on-waking",
        }
        .into(),
    );
    if e.hard == Some(true) {
        words.push("hard".into());
    }
    if let Some(r) = e.relief {
        words.push(format!("relief={r}"));
    }
    if let Some(m) = e.resleep_min {
        words.push(format!("resleep={m}"));
    }
    words.join(" ")
}

/// A symptom spec `ID[:side][:severity]` (`heaviness:left:6`, `ankle_swelling:left`,
/// `aching:5`).
pub fn symptom(spec: &str) -> Result<Symptom> {
    let mut parts = spec.split(':');
    let id_text = parts.next().unwrap_or_default();
    let id: SymptomId = id_text.parse()?;
    let mut s = Symptom {
        id,
        side: None,
        severity: None,
    };
    for part in parts {
        if let Some(side) = Leg::find(part) {
            s.side = Some(side);
        } else if let Ok(sev) = part.trim().parse::<u8>() {
            if !id.takes_severity() {
                return err(format!(
                    "'{id}' is a sign, recorded with a side only; drop ':{sev}' (severity is for sensations like heaviness)"
                ));
            }
            if sev > 10 {
                return err(format!(
                    "severity {sev} for '{id}' is out of range; rate it from 0 to 10"
                ));
            }
            s.severity = Some(sev);
        } else {
            return err(format!(
                "'{part}' in symptom '{spec}' is neither a side (left, right, both) nor a severity 0-10; write e.g. heaviness:left:6"
            ));
        }
    }
    Ok(s)
}

/// The canonical spelling of a symptom spec.
pub fn format_symptom(s: &Symptom) -> String {
    let mut out = s.id.id().to_string();
    if let Some(side) = s.side {
        out.push(':');
        out.push_str(side.id());
    }
    if let Some(sev) = s.severity {
        out.push_str(&format!(":{sev}"));
    }
    out
}

/// A yes/no answer (`yes`, `no`, `y`, `n`, `true`, `false`, `1`, `0`).
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "on" => Some(true),
        "no" | "n" | "false" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// Probe answers `key=yes,key=no` against the allowed keys; returns `(key, answer)` pairs.
pub fn probe<'k>(option: &str, text: &str, keys: &[&'k str]) -> Result<Vec<(&'k str, String)>> {
    let mut out = Vec::new();
    for item in text.split(',').filter(|i| !i.trim().is_empty()) {
        let Some((k, v)) = item.split_once('=') else {
            return err(format!(
                "{option} '{item}' needs key=value; write e.g. {option} {}=yes",
                keys[0]
            ));
        };
        let wanted = normalise(k).replace('_', "-");
        let key = keys
            .iter()
            .find(|candidate| **candidate == wanted)
            .ok_or_else(|| unknown(&format!("{option} key"), k.trim(), keys))?;
        out.push((*key, v.trim().to_string()));
    }
    Ok(out)
}

/// Joins a multi-word night argument (`3 days ago`) and resolves it; defaults to last night.
pub fn night_arg(words: &[String], today: NaiveDate) -> anyhow::Result<NaiveDate> {
    if words.is_empty() {
        return Ok(today - chrono::Duration::days(1));
    }
    Ok(night(&words.join(" "), today)?)
}

/// Refuses nights that have not ended: tonight's is logged tomorrow morning (docs/design.md
/// section 13), and the error names last night, the night most likely meant.
pub fn not_future(night: NaiveDate, today: NaiveDate) -> anyhow::Result<()> {
    if night == today {
        return Err(not_ended(today).into());
    }
    if night > today {
        return Err(crate::error::UsageError::new(format!(
            "the night of {night} is in the future; log a night once it has happened (today is {today})"
        ))
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn night_phrases_resolve_against_today() {
        let today = d("2026-11-27"); // a Friday
        assert_eq!(night("last-night", today).ok(), Some(d("2026-11-26")));
        assert_eq!(night("last night", today).ok(), Some(d("2026-11-26")));
        assert_eq!(night("yesterday", today).ok(), Some(d("2026-11-26")));
        let e = night("today", today).unwrap_err().to_string();
        assert!(
            e.contains("Did you mean last night, Thu 26 Nov 2026"),
            "{e}"
        );
        assert!(night("0 days ago", today).is_err());
        assert_eq!(night("3 days ago", today).ok(), Some(d("2026-11-24")));
        assert_eq!(night("monday", today).ok(), Some(d("2026-11-23")));
        assert_eq!(night("Thu", today).ok(), Some(d("2026-11-26")));
        assert_eq!(night("friday", today).ok(), Some(d("2026-11-20")));
        assert_eq!(night("2026-11-20", today).ok(), Some(d("2026-11-20")));
    }

    #[test]
    fn impossible_dates_say_why() {
        let e = night("2026-02-30", d("2026-11-27"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'2026-02-30' is not a real date"), "{e}");
        let e = night("someday", d("2026-11-27")).unwrap_err().to_string();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn durations_in_several_spellings() {
        assert_eq!(duration("45s").ok(), Some(45));
        assert_eq!(duration("2m").ok(), Some(120));
        assert_eq!(duration("1m30s").ok(), Some(90));
        assert_eq!(duration("90 sec").ok(), Some(90));
        assert_eq!(duration("1.5min").ok(), Some(90));
        assert_eq!(duration("1h").ok(), Some(3600));
        assert_eq!(duration("about 2 minutes").ok(), Some(120));
        assert_eq!(duration("~90s").ok(), Some(90));
        assert_eq!(duration("1 min and 30 sec").ok(), Some(90));
        assert!(duration("0s").is_err());
        assert!(duration("3h").is_err());
        assert!(duration("12").is_err());
        assert!(duration("m").is_err());
        assert_eq!(duration("two minutes").ok(), Some(120));
        assert_eq!(duration("a minute").ok(), Some(60));
        assert_eq!(duration("half a minute").ok(), Some(30));
        assert_eq!(duration("1,5 min").ok(), Some(90));
        assert!(duration("3am").is_err(), "a clock time is not a duration");
        assert!(
            duration("45")
                .unwrap_err()
                .to_string()
                .contains("needs a unit")
        );
    }

    #[test]
    fn ratings_and_clock_times_as_people_type_them() {
        assert_eq!(rating("7 out of 10").ok(), Some(7));
        assert_eq!(rating("seven").ok(), Some(7));
        assert_eq!(rating("4/10").ok(), Some(4));
        assert!(rating("11").is_err());
        assert_eq!(clock("3am").ok(), NaiveTime::from_hms_opt(3, 0, 0));
        assert_eq!(clock("11 pm").ok(), NaiveTime::from_hms_opt(23, 0, 0));
        assert_eq!(clock("12am").ok(), NaiveTime::from_hms_opt(0, 0, 0));
        assert_eq!(clock("3:10").ok(), NaiveTime::from_hms_opt(3, 10, 0));
        assert!(
            clock("7").is_err(),
            "a bare number is no clock time in an option"
        );
        assert_eq!(clock_or_hour("3").ok(), NaiveTime::from_hms_opt(3, 0, 0));
        assert!(clock("25:00").is_err());
        assert_eq!(number("7,5"), Some(7.5));
    }

    #[test]
    fn spec_phrases_read_like_the_guided_entry() {
        let a = episode("left calf 2 minutes 7 out of 10 3am relief=stretch").unwrap_or_default();
        let b = episode("left calf two minutes 7/10 03:00 relief=stretch").unwrap_or_default();
        assert_eq!(a, b);
        assert_eq!((a.duration_s, a.pain), (Some(120), Some(7)));
        assert_eq!(a.time, NaiveTime::from_hms_opt(3, 0, 0));
        let c = episode("right foot 1 min and 30 sec 4, 1,5m")
            .unwrap_err()
            .to_string();
        assert!(c.contains("duration twice"), "{c}");
        let d = episode("right foot 1 min 30 sec, 4").unwrap_or_default();
        assert_eq!((d.duration_s, d.pain), (Some(90), Some(4)));
    }

    #[test]
    fn spec_words_in_any_order() {
        let a = episode("left calf 2m 7/10 03:10 relief=stretch").unwrap_or_default();
        let b = episode("relief=stretch 03:10 7 2m calf LEFT").unwrap_or_default();
        assert_eq!(a, b);
        assert_eq!(a.leg, Some(Leg::Left));
        assert_eq!(a.site, Some(Site::Calf));
        assert_eq!(a.duration_s, Some(120));
        assert_eq!(a.pain, Some(7));
        assert_eq!(a.relief, Some(Relief::Stretch));
        assert_eq!(a.phase, Phase::WokeMe);
    }

    #[test]
    fn spec_errors_name_the_word() {
        let e = episode("left knee 2m 5").unwrap_err().to_string();
        assert!(e.contains("'knee'"), "{e}");
        let e = episode("left calf 2m 11").unwrap_err().to_string();
        assert!(e.contains("pain '11'"), "{e}");
        let e = episode("left right calf").unwrap_err().to_string();
        assert!(e.contains("leg twice"), "{e}");
        assert!(episode("left calf 0s").is_err());
        assert!(episode("").is_err());
    }

    #[test]
    fn a_patch_changes_only_the_fields_given() {
        let mut e = episode("left calf 2m 6/10 03:10 on-waking relief=stretch").unwrap_or_default();
        patch_episode(&mut e, "right 8").unwrap_or_default();
        let want = episode("right calf 2m 8/10 03:10 on-waking relief=stretch").unwrap_or_default();
        assert_eq!(e, want);
    }

    #[test]
    fn symptom_specs() {
        let s = symptom("heaviness:left:6").unwrap_or_else(|_| unreachable!());
        assert_eq!((s.side, s.severity), (Some(Leg::Left), Some(6)));
        assert!(symptom("ankle_swelling:left:4").is_err());
        let e = symptom("sweling").unwrap_err().to_string();
        assert!(e.contains("did you mean 'swelling_feeling'"), "{e}");
    }

    fn any_episode() -> impl Strategy<Value = Episode> {
        (
            proptest::option::of((0u32..24, 0u32..60)),
            0usize..3,
            proptest::option::of(0usize..3),
            proptest::option::of(0usize..7),
            proptest::option::of(1u32..=7200),
            proptest::option::of(0u8..=10),
            any::<bool>(),
            proptest::option::of(0usize..7),
            proptest::option::of(0u16..=600),
        )
            .prop_map(
                |(t, ph, leg, site, dur, pain, hard, relief, resleep)| Episode {
                    time: t.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
                    phase: Phase::ALL[ph],
                    leg: leg.map(|i| Leg::ALL[i]),
                    site: site.map(|i| Site::ALL[i]),
                    duration_s: dur,
                    pain,
                    hard: hard.then_some(true),
                    relief: relief.map(|i| Relief::ALL[i]),
                    resleep_min: resleep,
                },
            )
    }

    proptest! {
        #[test]
        fn episode_spec_round_trips(e in any_episode()) {
            let text = format_episode(&e);
            prop_assert_eq!(episode(&text).ok(), Some(e), "{}", text);
        }

        #[test]
        fn duration_round_trips(secs in 1u32..=7200) {
            prop_assert_eq!(duration(&format_duration(secs)).ok(), Some(secs));
        }

        #[test]
        fn iso_night_round_trips(days in 1i64..20_000) {
            let today = d("2026-11-27");
            let n = today - Duration::days(days);
            prop_assert_eq!(night(&n.to_string(), today).ok(), Some(n));
            prop_assert_eq!(night(&format!("{days} days ago"), today).ok(), Some(n));
        }

        #[test]
        fn symptom_spec_round_trips(i in 0usize..25, side in proptest::option::of(0usize..3), sev in 0u8..=10) {
            let id = SymptomId::ALL[i];
            let s = Symptom { id, side: side.map(|j| Leg::ALL[j]), severity: id.takes_severity().then_some(sev) };
            prop_assert_eq!(symptom(&format_symptom(&s)).ok(), Some(s));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let today = d("2026-11-27");
            let _ = night(&s, today);
            let _ = duration(&s);
            let _ = episode(&s);
            let _ = symptom(&s);
            let _ = clock(&s);
        }
    }
}

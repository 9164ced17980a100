//! Resolving the period options `--from`/`--to` (inclusive), `--last 8w` and `--all` into a
//! [`Period`] of the model.

use anyhow::Result;
use chrono::{Duration, Months, NaiveDate};

use crate::cli::PeriodArgs;
use crate::error::UsageError;
use crate::model::Period;
use crate::parse;

/// Resolves the period options. `default_days` applies when none is given, but never
/// before `first_logged`, which is also where `--all` starts. The period ends at last night unless `--to` says otherwise.
pub fn resolve(
    args: &PeriodArgs,
    today: NaiveDate,
    default_days: i64,
    first_logged: Option<NaiveDate>,
) -> Result<Period> {
    let last_night = today - Duration::days(1);
    let to = match &args.to {
        Some(s) => parse::night(s, today)?,
        None => last_night,
    };
    if to > today {
        return Err(UsageError::new(format!(
            "--to {to} is in the future; the last night you can report on is {today}"
        ))
        .into());
    }
    let from = if args.all {
        first_logged.unwrap_or(to).min(to)
    } else if let Some(s) = &args.from {
        parse::night(s, today)?
    } else if let Some(span) = &args.last {
        start_of_last(span, to)?
    } else {
        // The default never starts before the diary's first logged night: a two-week-old
        // diary gets a two-week report, not ten weeks of "missing" (docs/design.md).
        let from = to - Duration::days(default_days - 1);
        match first_logged {
            Some(first) if first > from && first <= to => first,
            _ => from,
        }
    };
    if from > to {
        return Err(UsageError::new(format!(
            "--from {from} is after --to {to}; give the earlier date first"
        ))
        .into());
    }
    Ok(Period { from, to })
}

/// The first night of "the last SPAN" ending at `to`: `30d`, `8w`, `3m`, `1y`.
fn start_of_last(span: &str, to: NaiveDate) -> Result<NaiveDate> {
    let s = span.trim().to_lowercase();
    let bad = || {
        UsageError::new(format!(
            "--last '{span}' is not a span I understand; write e.g. 30d, 8w, 3m or 1y"
        ))
    };
    let digits = s.trim_end_matches(|c: char| c.is_alphabetic());
    let unit = &s[digits.len()..];
    let n: u32 = digits.trim().parse().map_err(|_| bad())?;
    if n == 0 || n > 1200 {
        return Err(bad().into());
    }
    let from = match unit {
        "d" | "day" | "days" | "n" | "nights" => to - Duration::days(i64::from(n) - 1),
        "w" | "wk" | "week" | "weeks" => to - Duration::days(i64::from(n) * 7 - 1),
        "m" | "mo" | "month" | "months" => to
            .checked_sub_months(Months::new(n))
            .map(|d| d + Duration::days(1))
            .ok_or_else(bad)?,
        "y" | "year" | "years" => to
            .checked_sub_months(Months::new(n * 12))
            .map(|d| d + Duration::days(1))
            .ok_or_else(bad)?,
        _ => return Err(bad().into()),
    };
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn default_period_ends_last_night() {
        let p = resolve(&PeriodArgs::default(), d("2026-11-27"), 28, None).unwrap();
        assert_eq!((p.from, p.to), (d("2026-10-30"), d("2026-11-26")));
        assert_eq!(p.nights(), 28);
        assert_eq!(p.previous().nights(), 28);
        assert_eq!(p.previous().to, d("2026-10-29"));
    }

    #[test]
    fn the_default_period_starts_no_earlier_than_the_first_logged_night() {
        let today = d("2026-11-27");
        let p = resolve(&PeriodArgs::default(), today, 84, Some(d("2026-11-11"))).unwrap();
        assert_eq!((p.from, p.to), (d("2026-11-11"), d("2026-11-26")));
        assert_eq!(p.nights(), 16);
        // An older diary keeps the full default; explicit options are never shortened.
        let p = resolve(&PeriodArgs::default(), today, 84, Some(d("2020-01-01"))).unwrap();
        assert_eq!(p.nights(), 84);
        let args = PeriodArgs {
            last: Some("8w".into()),
            ..PeriodArgs::default()
        };
        assert_eq!(
            resolve(&args, today, 84, Some(d("2026-11-20")))
                .unwrap()
                .nights(),
            56
        );
    }

    #[test]
    fn last_spans() {
        let args = PeriodArgs {
            last: Some("8w".into()),
            ..PeriodArgs::default()
        };
        let p = resolve(&args, d("2026-11-27"), 28, None).unwrap();
        assert_eq!(p.nights(), 56);
        let bad = PeriodArgs {
            last: Some("8x".into()),
            ..PeriodArgs::default()
        };
        assert!(resolve(&bad, d("2026-11-27"), 28, None).is_err());
    }
}

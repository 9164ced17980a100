//! The one place that reads the system clock.
//!
//! `CRAMPLOG_TODAY=YYYY-MM-DD` pins "today" (tests, demos, reproducible reports); entries
//! made on a pinned day are stamped at 08:00 local, so pinned runs never look retrospective.

#![allow(clippy::disallowed_methods)]

use anyhow::Result;
use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone};

use crate::error::UsageError;

/// The local date of the morning on which the command runs.
pub fn today() -> Result<NaiveDate> {
    match std::env::var("CRAMPLOG_TODAY") {
        Ok(s) if !s.trim().is_empty() => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            // Nights are stored as four-digit years: a pinned day before 1900 or after 9998
            // would make "last night" or "N days ago" a date the diary cannot hold.
            .filter(|d| (1900..=9998).contains(&d.year()))
            .ok_or_else(|| {
                UsageError::new(format!(
                    "CRAMPLOG_TODAY '{s}' is not a date between 1900-01-01 and 9998-12-31; set it as YYYY-MM-DD or unset it"
                ))
                .into()
            }),
        _ => Ok(Local::now().date_naive()),
    }
}

/// The time to stamp on an entry (`entered_at`), with the local offset.
pub fn now(today: NaiveDate) -> DateTime<FixedOffset> {
    if std::env::var_os("CRAMPLOG_TODAY").is_some_and(|s| !s.is_empty()) {
        let eight = today.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default());
        if let Some(t) = Local.from_local_datetime(&eight).earliest() {
            return t.fixed_offset();
        }
    }
    Local::now().fixed_offset()
}

/// The "generated" time of reports: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// else `today` at 08:00 when today is pinned, else now.
pub fn generated(today: NaiveDate) -> DateTime<FixedOffset> {
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
    {
        return t.fixed_offset();
    }
    now(today)
}

/// A short name for the local time zone (`TZ`, else the UTC offset).
pub fn zone_name(today: NaiveDate) -> String {
    if let Ok(tz) = std::env::var("TZ")
        && !tz.trim().is_empty()
    {
        return tz.trim_start_matches(':').to_string();
    }
    if let Ok(tz) = std::fs::read_to_string("/etc/timezone")
        && !tz.trim().is_empty()
    {
        return tz.trim().to_string();
    }
    let offset = now(today).offset().to_string();
    format!("UTC{offset}")
}

//! Chart benchmark: every chart kind from its data to SVG text (plotters and the finishing
//! pass), and SVG to PNG at print size (resvg, 2×), for 12 weeks and for 10 years of nights.
//!
//! Run: `scripts/bench-charts.sh` or `cargo bench --bench charts` (median of 15 runs each).

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use cramplog::chart::{
    self, CalendarDay, CoSymptom, Count, DayState, EpisodePoint, Marker, MonthPoint, Size,
    WeekPoint,
};

const RUNS: usize = 15;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(f: &dyn Fn() -> String) -> (Duration, String) {
    let mut out = String::new();
    let runs = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            out = f();
            t.elapsed()
        })
        .collect();
    (median(runs), out)
}

/// `nights` nights ending 2026-11-26, deterministic: a third with cramps, 3 % missing.
struct Diary {
    days: Vec<CalendarDay>,
    points: Vec<EpisodePoint>,
}

fn diary(nights: i64) -> Diary {
    let last = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut seed: u64 = 42;
    let mut rnd = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut days = Vec::new();
    let mut points = Vec::new();
    for i in (0..nights).rev() {
        let night = last - chrono::Duration::days(i);
        let state = match rnd(100) {
            0..=2 => DayState::Missing,
            3..=35 => DayState::Cramp {
                episodes: 1 + rnd(2) as u32,
            },
            _ => DayState::CrampFree,
        };
        if let DayState::Cramp { episodes } = state {
            for _ in 0..episodes {
                points.push(EpisodePoint {
                    night,
                    duration_s: Some(30 + rnd(300) as u32),
                    pain: Some(3 + rnd(7) as u8),
                });
            }
        }
        days.push(CalendarDay {
            night,
            state,
            warning: rnd(200) == 0,
            treatment_start: rnd(400) == 0,
            trial: None,
        });
    }
    Diary { days, points }
}

fn weeks(d: &Diary) -> Vec<WeekPoint> {
    let mut out: Vec<WeekPoint> = Vec::new();
    for c in &d.days {
        let monday =
            c.night - chrono::Duration::days(i64::from(c.night.weekday().num_days_from_monday()));
        if out.last().is_none_or(|w| w.week_start != monday) {
            out.push(WeekPoint {
                week_start: monday,
                logged: 0,
                cramp_nights: 0,
            });
        }
        let w = out.last_mut().unwrap();
        match c.state {
            DayState::Cramp { .. } => {
                w.logged += 1;
                w.cramp_nights += 1;
            }
            DayState::CrampFree => w.logged += 1,
            _ => {}
        }
    }
    out
}

fn months(d: &Diary) -> Vec<MonthPoint> {
    let mut out: Vec<MonthPoint> = Vec::new();
    for c in &d.days {
        let first = c.night.with_day(1).unwrap();
        if out.last().is_none_or(|m| m.month_start != first) {
            out.push(MonthPoint {
                month_start: first,
                logged: 0,
                cramp_nights: 0,
            });
        }
        let m = out.last_mut().unwrap();
        match c.state {
            DayState::Cramp { .. } => {
                m.logged += 1;
                m.cramp_nights += 1;
            }
            DayState::CrampFree => m.logged += 1,
            _ => {}
        }
    }
    out
}

fn main() {
    let markers: Vec<Marker> = [
        (2017, 5, 3, "compression started"),
        (2020, 3, 1, "atorvastatin started"),
        (2026, 9, 18, "magnesium citrate started"),
        (
            2026,
            10,
            28,
            "GP visit: advised compression stockings, referred to the vein clinic",
        ),
    ]
    .iter()
    .map(|&(y, m, d, l)| Marker {
        date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        label: l.to_string(),
    })
    .collect();
    let counts = |v: &[(&str, u32)]| -> Vec<Count> {
        v.iter()
            .map(|(l, c)| Count {
                label: l.to_string(),
                count: *c,
            })
            .collect()
    };
    let cos: Vec<CoSymptom> = [
        "heavy legs",
        "aching legs",
        "ankle swelling",
        "sock marks",
        "visible veins",
    ]
    .iter()
    .enumerate()
    .map(|(i, l)| CoSymptom {
        label: l.to_string(),
        cramp_nights_pct: Some(10.0 + 8.0 * i as f64),
        cramp_free_pct: Some(5.0 + 6.0 * i as f64),
        cramp_n: 30,
        free_n: 40,
    })
    .collect();
    let mut hours = [0u32; 24];
    for (h, n) in [(23, 4), (0, 2), (1, 13), (2, 12), (3, 16), (4, 8), (6, 5)] {
        hours[h] = n;
    }
    println!("| chart | 12 weeks: SVG | 12 weeks: PNG 2× | 10 years: SVG | 10 years: PNG 2× |");
    println!("|---|---|---|---|---|");
    let short = diary(84);
    let long = diary(3650);
    type Draw<'a> = Box<dyn Fn(&Diary) -> String + 'a>;
    let size = Size::default();
    let kinds: Vec<(&str, Draw)> = vec![
        (
            "weekly (10 y: by month)",
            Box::new(|d: &Diary| {
                if d.days.len() > 728 {
                    chart::monthly_svg(&months(d), &markers, size).unwrap()
                } else {
                    chart::weekly_svg(&weeks(d), &markers, size).unwrap()
                }
            }),
        ),
        (
            "calendar",
            Box::new(|d: &Diary| chart::calendar_svg(&d.days, size).unwrap()),
        ),
        (
            "time of night",
            Box::new(|_: &Diary| chart::time_of_night_svg(&hours, 2, size).unwrap()),
        ),
        (
            "duration and pain",
            Box::new(|d: &Diary| chart::duration_pain_svg(&d.points, size).unwrap()),
        ),
        (
            "leg and site",
            Box::new(|_: &Diary| {
                chart::leg_site_svg(
                    &counts(&[("left", 40), ("right", 12)]),
                    &counts(&[("calf", 45), ("foot", 7)]),
                    size,
                )
                .unwrap()
            }),
        ),
        (
            "co-symptoms",
            Box::new(|_: &Diary| chart::cosymptom_svg(&cos, size).unwrap()),
        ),
        (
            "month of year",
            Box::new(|d: &Diary| chart::month_of_year_svg(&months(d), size).unwrap()),
        ),
    ];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    for (name, draw) in &kinds {
        let mut cells = Vec::new();
        for d in [&short, &long] {
            let (t_svg, svg) = time(&|| draw(d));
            let (t_png, _) = time(&|| {
                let png = chart::svg_to_png(&svg, 2.0).unwrap();
                format!("{}", png.len())
            });
            cells.push(ms(t_svg));
            cells.push(ms(t_png));
        }
        println!("| {name} | {} |", cells.join(" | "));
    }
}

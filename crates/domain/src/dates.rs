//! Calendar dates and date ranges.

use crate::error::InvalidValue;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// Parses `2026-03-01` (ISO 8601) or `03/01/2026` (US month/day/year).
/// Days covered by a set of half-open day intervals (Julian day numbers), overlaps counted once:
/// two jobs held at once are one stretch of experience.
pub fn covered_days(mut spans: Vec<(i32, i32)>) -> i64 {
    spans.sort_unstable();
    let mut total = 0i64;
    let mut current: Option<(i32, i32)> = None;
    for (s, e) in spans {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += i64::from(ce - cs);
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        total += i64::from(ce - cs);
    }
    total
}

pub fn parse_date(input: &str) -> Result<Date, InvalidValue> {
    let s = input.trim();
    let bad = || {
        InvalidValue::new(
            "date",
            format!("{input:?} is not a date; write it as 2026-03-01 (year-month-day)"),
        )
    };
    let nums: Vec<&str> = s.split(['-', '/']).collect();
    if nums.len() != 3
        || nums
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (y, m, d) = if s.contains('/') {
        (nums[2], nums[0], nums[1])
    } else {
        (nums[0], nums[1], nums[2])
    };
    if y.len() != 4 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u8 = m.parse().map_err(|_| bad())?;
    let day: u8 = d.parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&year) {
        return Err(InvalidValue::new(
            "date",
            format!("the year {year} is out of range (1900 to 2200)"),
        ));
    }
    let month = Month::try_from(month)
        .map_err(|_| InvalidValue::new("date", format!("{input:?} has month {month}; months run 1 to 12")))?;
    Date::from_calendar_date(year, month, day)
        .map_err(|_| InvalidValue::new("date", format!("{input:?} has no such day in {month} {year}")))
}

/// A span of days: `end` is `None` while it is still going on ("Present").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DateRange {
    pub start: Date,
    pub end: Option<Date>,
}

impl DateRange {
    /// Refuses an end before the start.
    pub fn new(start: Date, end: Option<Date>) -> Result<Self, InvalidValue> {
        if let Some(end) = end
            && end < start
        {
            return Err(InvalidValue::new(
                "date range",
                format!("the end ({end}) is before the start ({start})"),
            ));
        }
        Ok(Self { start, end })
    }

    /// Whole months covered, counting an open range up to `today`.
    pub fn months(&self, today: Date) -> u32 {
        let end = self.end.unwrap_or(today).max(self.start);
        let months = (end.year() - self.start.year()) * 12 + (end.month() as i32 - self.start.month() as i32);
        months.max(0) as u32
    }

    pub fn contains(&self, day: Date) -> bool {
        day >= self.start && self.end.is_none_or(|e| day <= e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn overlapping_spans_count_once() {
        assert_eq!(covered_days(vec![]), 0);
        assert_eq!(covered_days(vec![(10, 20), (15, 30), (40, 45)]), 25);
        assert_eq!(
            covered_days(vec![(40, 45), (10, 20), (20, 25)]),
            20,
            "touching spans join"
        );
        assert_eq!(
            covered_days(vec![(0, 100), (10, 20)]),
            100,
            "a span inside another adds nothing"
        );
    }

    #[test]
    fn parses_iso_and_us() {
        assert_eq!(parse_date("2026-03-01").unwrap(), date!(2026 - 03 - 01));
        assert_eq!(parse_date("03/01/2026").unwrap(), date!(2026 - 03 - 01));
        assert_eq!(parse_date("2024-2-29").unwrap(), date!(2024 - 02 - 29));
    }

    #[test]
    fn rejects_with_reasons() {
        assert!(
            parse_date("2025-02-29")
                .unwrap_err()
                .problem
                .contains("no such day")
        );
        assert!(
            parse_date("2025-13-01")
                .unwrap_err()
                .problem
                .contains("months run")
        );
        assert!(
            parse_date("next tuesday")
                .unwrap_err()
                .problem
                .contains("year-month-day")
        );
        assert!(parse_date("26-03-01").is_err());
        assert!(
            parse_date("1066-10-14")
                .unwrap_err()
                .problem
                .contains("out of range")
        );
    }

    #[test]
    fn ranges() {
        let r = DateRange::new(date!(2020 - 01 - 15), Some(date!(2022 - 07 - 01))).unwrap();
        assert_eq!(r.months(date!(2030 - 01 - 01)), 30);
        assert!(r.contains(date!(2021 - 01 - 01)));
        let open = DateRange::new(date!(2025 - 01 - 01), None).unwrap();
        assert_eq!(open.months(date!(2026 - 01 - 01)), 12);
        assert!(DateRange::new(date!(2022 - 01 - 01), Some(date!(2021 - 01 - 01))).is_err());
    }
}

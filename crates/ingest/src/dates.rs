//! Date ranges as resumes write them: "Jan 2019 – Present", "03/2015 - 06/2018", "2016-2019",
//! "2019-04 to 2021-11", "September 2012 — May 2014", "04.2017 – present".

use regex::{Captures, Regex};
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;
use time::{Date, Month};

/// A period of a role: `end` is `None` while it goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub start: Date,
    pub end: Option<Date>,
    /// Byte offsets within the searched text.
    pub span: Range<usize>,
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let date = |p: &str| {
        format!(
            r"(?:(?P<{p}mon>{MONTH})\s+(?P<{p}myear>(?:19|20)\d\d)|(?P<{p}num>0?[1-9]|1[0-2])[/.](?P<{p}nyear>(?:19|20)\d\d)|(?P<{p}iso>(?:19|20)\d\d)-(?P<{p}isom>0[1-9]|1[0-2])\b|(?P<{p}year>(?:19|20)\d\d))"
        )
    };
    let pattern = format!(
        r"(?i)\b{}\s*(?:-|–|—|to|until|through)\s*(?:(?P<now>present|current|now|today|date)\b|{})",
        date("s"),
        date("e")
    );
    Regex::new(&pattern).expect("date range pattern")
});

fn month(name: &str) -> Option<Month> {
    let m = match name.get(..3)?.to_lowercase().as_str() {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    };
    Some(m)
}

/// The date one side of the range names: the first of its month (January for a bare year at the
/// start, December for a bare year at the end, so "2016-2019" spans four years).
fn side(c: &Captures<'_>, p: &str, end: bool) -> Option<Date> {
    let get = |k: &str| c.name(&format!("{p}{k}")).map(|m| m.as_str());
    let (year, month) = if let (Some(m), Some(y)) = (get("mon"), get("myear")) {
        (y.parse().ok()?, month(m)?)
    } else if let (Some(m), Some(y)) = (get("num"), get("nyear")) {
        (y.parse().ok()?, Month::try_from(m.parse::<u8>().ok()?).ok()?)
    } else if let (Some(y), Some(m)) = (get("iso"), get("isom")) {
        (y.parse().ok()?, Month::try_from(m.parse::<u8>().ok()?).ok()?)
    } else {
        let y: i32 = get("year")?.parse().ok()?;
        (y, if end { Month::December } else { Month::January })
    };
    let date = Date::from_calendar_date(year, month, 1).ok()?;
    if end {
        // The end of the month: a role "to June 2018" includes June.
        return day_after_month(date);
    }
    Some(date)
}

/// A date's month as "2019-04", the way forms and JSON Resume write it.
pub fn year_month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// The first day after the month of `date`: where a role that ran to that month ends.
pub fn day_after_month(date: Date) -> Option<Date> {
    date.replace_day(date.month().length(date.year()))
        .ok()?
        .next_day()
}

/// Every date range in `text`, in order. A range that ends before it starts, or starts after
/// `today`, is not a role's period and is left out.
pub fn find_date_ranges(text: &str, today: Date) -> Vec<DateRange> {
    RANGE
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let start = side(&c, "s", false)?;
            let end = if c.name("now").is_some() {
                None
            } else {
                Some(side(&c, "e", true)?.min(today))
            };
            if start > today || end.is_some_and(|e| e <= start) {
                return None;
            }
            Some(DateRange {
                start,
                end,
                span: whole.range(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn one(text: &str) -> Option<(Date, Option<Date>, &str)> {
        find_date_ranges(text, TODAY)
            .into_iter()
            .next()
            .map(|r| (r.start, r.end, &text[r.span]))
    }

    #[test]
    fn the_usual_ways_of_writing_a_period() {
        assert_eq!(
            one("Epic Analyst, Jan 2019 – Present"),
            Some((date!(2019 - 01 - 01), None, "Jan 2019 – Present"))
        );
        assert_eq!(
            one("03/2015 - 06/2018"),
            Some((
                date!(2015 - 03 - 01),
                Some(date!(2018 - 07 - 01)),
                "03/2015 - 06/2018"
            ))
        );
        assert_eq!(
            one("2016-2019"),
            Some((date!(2016 - 01 - 01), Some(date!(2020 - 01 - 01)), "2016-2019"))
        );
        assert_eq!(
            one("2019-04 to 2021-11"),
            Some((
                date!(2019 - 04 - 01),
                Some(date!(2021 - 12 - 01)),
                "2019-04 to 2021-11"
            ))
        );
        assert_eq!(
            one("September 2012 — May 2014"),
            Some((
                date!(2012 - 09 - 01),
                Some(date!(2014 - 06 - 01)),
                "September 2012 — May 2014"
            ))
        );
        assert_eq!(one("Sept. 2020 to current").map(|r| r.1), Some(None));
    }

    #[test]
    fn what_is_not_a_period() {
        assert_eq!(one("Call 608-555-0143"), None);
        assert_eq!(one("2021 - 2019"), None, "ends before it starts");
        assert_eq!(one("2019 - 2018"), None, "ends as it starts");
        assert_eq!(one("Jan 2030 - Present"), None, "in the future");
        assert_eq!(one("Managed 120 - 150 users"), None);
    }
}

//! Partial calendar dates as the sources give them: a year, a month, or a day, possibly approximate.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to the year, the month or the day, written `"2007"`, `"2008-10"` or `"2007-05-21"`.
/// A leading `"c. "` marks it as approximate (`"c. 2007"`), as the seeds do for their own dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub circa: bool,
}

impl Date {
    pub const fn year(year: i32) -> Self {
        Self { year, month: None, day: None, circa: false }
    }

    pub const fn month(year: i32, month: u8) -> Self {
        Self { year, month: Some(month), day: None, circa: false }
    }

    pub const fn day(year: i32, month: u8, day: u8) -> Self {
        Self { year, month: Some(month), day: Some(day), circa: false }
    }

    /// The key that orders dates: unknown months and days sort first within their year or month.
    fn key(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }

    /// A readable form: "2007", "October 2008", "21 May 2007", "c. 2007".
    pub fn display_long(&self) -> String {
        let mut out = String::new();
        if self.circa {
            out.push_str("c. ");
        }
        if let Some(day) = self.day {
            out.push_str(&format!("{day} "));
        }
        if let Some(month) = self.month {
            out.push_str(MONTHS[usize::from(month.clamp(1, 12)) - 1]);
            out.push(' ');
        }
        out.push_str(&self.year.to_string());
        out
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key()).then(self.circa.cmp(&other.circa))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.circa {
            f.write_str("c. ")?;
        }
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {text:?}: {reason}; expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", optionally after \"c. \"")]
pub struct DateError {
    pub text: String,
    pub reason: &'static str,
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError { text: text.to_owned(), reason };
        let trimmed = text.trim();
        let (circa, rest) = match trimmed.strip_prefix("c.") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        let mut parts = rest.split('-');
        let year_text = parts.next().unwrap_or_default();
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the year must have four digits"));
        }
        let year: i32 = year_text.parse().map_err(|_| err("the year is not a number"))?;
        let mut number = |what: &'static str, max: u8| -> Result<Option<u8>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    let n: u8 = p.parse().map_err(|_| err(what))?;
                    if (1..=max).contains(&n) { Ok(Some(n)) } else { Err(err(what)) }
                }
                Some(_) => Err(err(what)),
            }
        };
        let month = number("the month must be two digits from 01 to 12", 12)?;
        let day = number("the day must be two digits from 01 to 31", 31)?;
        if parts.next().is_some() {
            return Err(err("too many parts"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && d > days_in_month(year, m)
        {
            return Err(err("that month has fewer days"));
        }
        Ok(Date { year, month, day, circa })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date string such as \"2007\", \"2008-10\" or \"2007-05-21\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// A span of time in whole years as the chart's "as of" control uses it; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Period {
    /// Whether the period includes any part of `year`.
    pub fn contains_year(&self, year: i32) -> bool {
        self.from.is_none_or(|d| d.year <= year) && self.to.is_none_or(|d| d.year >= year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_year_month_and_day_forms() {
        assert_eq!("2007".parse(), Ok(Date::year(2007)));
        assert_eq!("2008-10".parse(), Ok(Date::month(2008, 10)));
        assert_eq!("2007-05-21".parse(), Ok(Date::day(2007, 5, 21)));
        let circa: Date = "c. 2007".parse().unwrap();
        assert!(circa.circa);
        assert_eq!(circa.to_string(), "c. 2007");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["07", "2007-13", "2007-02-30", "2007-1", "2007-01-01-01", "soon", ""] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be refused");
        }
        assert!("2008-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn dates_order_by_precision_within_a_year() {
        assert!(Date::year(2008) < Date::month(2008, 10));
        assert!(Date::month(2008, 10) < Date::day(2008, 10, 2));
        assert!(Date::day(2007, 12, 31) < Date::year(2008));
    }

    #[test]
    fn long_form_reads_naturally() {
        assert_eq!(Date::month(2008, 10).display_long(), "October 2008");
        assert_eq!(Date::day(2007, 5, 21).display_long(), "21 May 2007");
    }
}

//! The clock a study session runs on: the system's, or a fixed one that tests set and move.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::model::scheduler::Timestamp;

/// Where the time comes from: the system clock, or a fixed time that tests set and move.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// A settable time (seconds since the epoch, UTC) with local time equal to UTC.
    Fixed(Arc<AtomicI64>),
}

impl Clock {
    pub fn fixed(t: Timestamp) -> Self {
        Clock::Fixed(Arc::new(AtomicI64::new(t)))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Clock::Fixed(t) => t.load(Ordering::Relaxed),
        }
    }

    /// Moves a fixed clock; the system clock cannot be moved.
    pub fn set(&self, t: Timestamp) {
        if let Clock::Fixed(a) = self {
            a.store(t, Ordering::Relaxed);
        }
    }

    pub fn advance(&self, seconds: i64) {
        if let Clock::Fixed(a) = self {
            a.fetch_add(seconds, Ordering::Relaxed);
        }
    }

    /// Seconds east of UTC of local time at `t`.
    pub fn utc_offset(&self, t: Timestamp) -> i64 {
        match self {
            Clock::System => local_utc_offset(t),
            Clock::Fixed(_) => 0,
        }
    }
}

/// The UTC offset of the system's time zone at `t` (UTC where it cannot be found out).
fn local_utc_offset(t: Timestamp) -> i64 {
    utc_offset_in(&jiff::tz::TimeZone::system(), t)
}

/// Seconds east of UTC in `zone` at `t`, from the time-zone database (summer time included).
pub fn utc_offset_in(zone: &jiff::tz::TimeZone, t: Timestamp) -> i64 {
    jiff::Timestamp::from_second(t).map_or(0, |ts| i64::from(zone.to_offset(ts).seconds()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    /// 2025-01-15 12:00 and 2025-07-15 12:00 UTC.
    const WINTER: Timestamp = 1_736_942_400;
    const SUMMER: Timestamp = 1_752_580_800;

    #[test]
    fn offsets_follow_the_zone_and_its_summer_time() {
        let berlin = TimeZone::get("Europe/Berlin").expect("the time-zone database knows Berlin");
        assert_eq!(utc_offset_in(&berlin, WINTER), 3600);
        assert_eq!(utc_offset_in(&berlin, SUMMER), 7200);
        // Kazakhstan has one zone, UTC+5, since 1 March 2024 (Almaty was UTC+6 before).
        let almaty = TimeZone::get("Asia/Almaty").expect("the time-zone database knows Almaty");
        assert_eq!(utc_offset_in(&almaty, SUMMER), 5 * 3600);
        assert_eq!(utc_offset_in(&almaty, 1_704_067_200), 6 * 3600, "2024-01-01");
    }

    #[test]
    fn the_system_clock_uses_the_system_zone_and_a_fixed_clock_utc() {
        let jiffs = TimeZone::system().to_offset(jiff::Timestamp::from_second(SUMMER).unwrap()).seconds();
        assert_eq!(Clock::System.utc_offset(SUMMER), i64::from(jiffs));
        assert_eq!(Clock::fixed(SUMMER).utc_offset(SUMMER), 0);
    }

    #[test]
    fn a_time_outside_the_calendar_counts_as_utc() {
        assert_eq!(utc_offset_in(&TimeZone::get("Asia/Almaty").unwrap(), i64::MAX), 0);
    }
}

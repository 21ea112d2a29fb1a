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

#[cfg(unix)]
// `time_t` and `c_long` are `i64` on most targets, narrower on a few.
#[allow(irrefutable_let_patterns, clippy::useless_conversion)]
fn local_utc_offset(t: Timestamp) -> i64 {
    let Ok(time) = libc::time_t::try_from(t) else { return 0 };
    // SAFETY: `tm` is plain data that localtime_r fills in; both pointers are valid for the call.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut tm).is_null() { 0 } else { i64::from(tm.tm_gmtoff) }
    }
}

#[cfg(not(unix))]
fn local_utc_offset(_t: Timestamp) -> i64 {
    0
}

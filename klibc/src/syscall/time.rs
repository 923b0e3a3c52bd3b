//! Clocks and sleeping: clock_gettime(2) and clock_nanosleep(2).

use super::sys;
use crate::errno::{Errno, Result};
use crate::uapi::general as g;
use core::mem::MaybeUninit;

/// A point in time or a duration, in the kernel's 64-bit layout.
pub type Timespec = g::__kernel_timespec;

/// clock_gettime(2) for `clock` (`CLOCK_MONOTONIC`, `CLOCK_BOOTTIME`, ...)
/// (clock_gettime64 on 32-bit arches: the 64-bit timespec).
pub fn clock_gettime(clock: u32) -> Result<Timespec> {
    let mut ts = MaybeUninit::<Timespec>::uninit();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel fills the struct on success.
    unsafe {
        sys!(__NR_clock_gettime, clock, ts.as_mut_ptr())?;
    }
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel fills the struct on success.
    unsafe {
        sys!(__NR_clock_gettime64, clock, ts.as_mut_ptr())?;
    }
    // SAFETY: filled above.
    Ok(unsafe { ts.assume_init() })
}

/// Sleeps for `ms` milliseconds on the monotonic clock, resuming after
/// signals until the time is up.
pub fn sleep_ms(ms: u64) -> Result<()> {
    let mut req = Timespec {
        tv_sec: (ms / 1000) as _,
        tv_nsec: ((ms % 1000) * 1_000_000) as _,
    };
    loop {
        let mut rem = MaybeUninit::<Timespec>::uninit();
        let (r, m) = (&req as *const Timespec, rem.as_mut_ptr());
        // SAFETY: req and rem are valid for the call.
        #[cfg(target_pointer_width = "64")]
        let slept = unsafe { sys!(__NR_clock_nanosleep, g::CLOCK_MONOTONIC, 0, r, m) };
        // 32-bit arches: clock_nanosleep_time64, for the 64-bit timespec.
        // SAFETY: as above.
        #[cfg(target_pointer_width = "32")]
        let slept = unsafe { sys!(__NR_clock_nanosleep_time64, g::CLOCK_MONOTONIC, 0, r, m) };
        match slept {
            Ok(_) => return Ok(()),
            // SAFETY: on EINTR the kernel wrote the remaining time.
            Err(Errno::INTR) => req = unsafe { rem.assume_init() },
            Err(e) => return Err(e),
        }
    }
}

/// Milliseconds on the monotonic clock, for timeouts.
pub fn monotonic_ms() -> u64 {
    match clock_gettime(g::CLOCK_MONOTONIC) {
        Ok(ts) => ts.tv_sec as u64 * 1000 + ts.tv_nsec as u64 / 1_000_000,
        Err(_) => 0,
    }
}

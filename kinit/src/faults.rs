//! Test-only pause points for the boot tests' fault scenarios. In a build
//! with `--cfg fault_injection` (tests/src/artifacts.rs makes one; no
//! feature turns it on), kinit stops before it mounts root when the
//! environment has `kinit_pause=<seconds>` (the kernel hands
//! `kinit_pause=<s>` on its command line to init that way), says so on
//! the console, and sleeps: the harness removes the disk or kills the NFS
//! server meanwhile. In every other build these are empty functions.

/// Before mounting root from `what` (a device node, or `server:/path`
/// after the MOUNT call of an NFS root).
#[cfg(fault_injection)]
pub fn before_mount(what: &[u8]) {
    let Some(secs) = klibc::rt::var("kinit_pause") else {
        return;
    };
    let secs = crate::cmdline::parse_int(secs.to_bytes()).unwrap_or(0);
    crate::say::msg(
        b"kinit: fault injection: pausing {}s before mounting {}",
        &[crate::say::Num::new().signed(secs), what],
    );
    let _ = klibc::time::sleep_ms(secs.unsigned_abs().saturating_mul(1000));
}

#[cfg(not(fault_injection))]
#[inline(always)]
pub fn before_mount(_what: &[u8]) {}

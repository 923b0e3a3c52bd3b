//! kinit's boot timeline (`kinit.debug` or `rd.debug`, as booster's
//! `booster.log=debug` and dracut's `rd.debug`): each step of the flow
//! printed as it ends, with its CLOCK_BOOTTIME time and length in
//! milliseconds, and one closing summary line a CI can parse:
//! `kinit: timeline: mounts 3 ms, modules 120 ms, root found 40 ms,
//! mounted 14 ms, run-init 2 ms`. Off by default: then kinit reads the
//! clock once, at its start, and every mark is one test of a flag. The
//! state is a few atomics, so that any part of the flow can mark a step
//! without a handle passed down to it (kinit is single-threaded).

use crate::say;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use klibc::uapi::general::CLOCK_BOOTTIME;

/// The steps, in the order the flow takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Console, /proc, /sys, /dev, the command line.
    Mounts,
    Modules,
    Resume,
    Network,
    /// md arrays, device-mapper roots.
    Devices,
    /// An old-style initrd.
    Initrd,
    /// The root device is there (waiting included).
    RootFound,
    /// The root is mounted (and the extra mounts).
    Mounted,
    /// run-init: the initramfs deleted, the switch, up to init's exec.
    RunInit,
}

const STEPS: [(Step, &[u8]); 9] = [
    (Step::Mounts, b"mounts"),
    (Step::Modules, b"modules"),
    (Step::Resume, b"resume"),
    (Step::Network, b"network"),
    (Step::Devices, b"devices"),
    (Step::Initrd, b"initrd"),
    (Step::RootFound, b"root found"),
    (Step::Mounted, b"mounted"),
    (Step::RunInit, b"run-init"),
];

/// Not recorded.
const NONE: u64 = u64::MAX;

static ON: AtomicBool = AtomicBool::new(false);
/// When the previous step ended, in CLOCK_BOOTTIME microseconds.
static LAST: AtomicU64 = AtomicU64::new(0);
/// Each step's length in microseconds.
static SPANS: [AtomicU64; 9] = [const { AtomicU64::new(NONE) }; 9];

/// CLOCK_BOOTTIME in microseconds.
fn now_us() -> u64 {
    klibc::time::clock_gettime(CLOCK_BOOTTIME)
        .map(|t| (t.tv_sec as u64).saturating_mul(1_000_000) + t.tv_nsec as u64 / 1000)
        .unwrap_or(0)
}

/// Notes kinit's start (the first step begins here).
pub fn start() {
    if cfg!(feature = "timeline") {
        LAST.store(now_us(), Relaxed);
    }
}

/// Whether the command line asks for the timeline: `kinit.debug` or
/// `rd.debug` (without a value, or with one other than `0`).
pub fn wanted(cmd: &crate::cmdline::Cmdline<'_>) -> bool {
    cmd.params
        .iter()
        .any(|p| matches!(p.name, b"kinit.debug" | b"rd.debug") && p.value != Some(b"0"))
}

/// Turns the timeline on.
pub fn enable() {
    if !cfg!(feature = "timeline") {
        say::msg(b"kinit: kinit.debug ignored: built without the boot timeline (INITRAMFS_KINIT_TIMELINE)", &[]);
        return;
    }
    ON.store(true, Relaxed);
}

fn index(step: Step) -> usize {
    STEPS.iter().position(|(s, _)| *s == step).unwrap_or(0)
}

/// Ends `step`: records and prints its length (when on).
pub fn mark(step: Step) {
    if !ON.load(Relaxed) {
        return;
    }
    mark_on(step);
}

#[inline(never)]
fn mark_on(step: Step) {
    let now = now_us();
    let span = now.saturating_sub(LAST.swap(now, Relaxed));
    let i = index(step);
    if let Some(slot) = SPANS.get(i) {
        // A step marked twice (a retry) adds up.
        let old = slot.load(Relaxed);
        slot.store(if old == NONE { span } else { old + span }, Relaxed);
    }
    let name = STEPS.get(i).map_or(&b""[..], |(_, n)| n);
    let (mut a, mut b) = (say::Num::new(), say::Num::new());
    say::msg(
        b"kinit: timeline: {} done at {} ms (+{} ms)",
        &[name, a.dec(now / 1000), b.dec(span / 1000)],
    );
}

/// The summary line of the recorded steps, e.g. `kinit: timeline: mounts
/// 3 ms, modules 120 ms, root found 40 ms, mounted 14 ms, run-init 2 ms`.
pub fn summary_line(spans_us: &[u64]) -> alloc::vec::Vec<u8> {
    let mut line = alloc::vec::Vec::from(&b"kinit: timeline: "[..]);
    let mut first = true;
    for ((_, name), &us) in STEPS.iter().zip(spans_us) {
        if us == NONE {
            continue;
        }
        if !first {
            line.extend_from_slice(b", ");
        }
        first = false;
        let mut n = say::Num::new();
        line.extend_from_slice(name);
        line.push(b' ');
        line.extend_from_slice(n.dec(us / 1000));
        line.extend_from_slice(b" ms");
    }
    line
}

/// Prints the summary (when on): kinit calls it just before init's exec.
pub fn summary() {
    if !ON.load(Relaxed) {
        return;
    }
    let spans: [u64; 9] = core::array::from_fn(|i| SPANS.get(i).map_or(NONE, |s| s.load(Relaxed)));
    say::msg(b"{}", &[&summary_line(&spans)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_the_recorded_steps() {
        let mut spans = [NONE; 9];
        spans[0] = 3_400;
        spans[1] = 120_000;
        spans[6] = 40_999;
        spans[7] = 14_000;
        spans[8] = 2_000;
        assert_eq!(
            summary_line(&spans),
            b"kinit: timeline: mounts 3 ms, modules 120 ms, root found 40 ms, mounted 14 ms, run-init 2 ms"
        );
        assert_eq!(summary_line(&[NONE; 9]), b"kinit: timeline: ");
    }
}

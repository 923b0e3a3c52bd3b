//! Lockstep: the release recorded at build time against the running
//! kernel's `uname -r` (the host's, here). The message's wording is a unit
//! test in src/lockstep.rs.

use kinit::lockstep::BUILT_FOR;

#[test]
fn recorded_release() {
    // build.rs: KINIT_KERNEL_RELEASE, else the tree's kernel.release, else
    // "unknown" (this checkout does not sit in a kernel tree).
    let want = option_env!("KINIT_KERNEL_RELEASE")
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(BUILT_FOR, want);
}

#[test]
fn compares_with_the_running_kernel() {
    let running = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    assert_eq!(kinit::lockstep::check(), BUILT_FOR != running.trim());
}

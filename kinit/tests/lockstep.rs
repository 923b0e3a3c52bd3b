//! Lockstep: the release recorded at build time against the running
//! kernel's `uname -r` (the host's, here), and the message's wording.

use kinit::lockstep::{skew_message, BUILT_FOR, SKEW};

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
fn says_so_only_when_the_releases_differ() {
    assert_eq!(skew_message(b"6.12.17", b"6.12.17"), None);
    let [built, running] = skew_message(b"6.12.17", b"6.1.0-28-amd64").unwrap();
    // say::msg's filling: each `{}` takes the next argument.
    let m = std::str::from_utf8(SKEW)
        .unwrap()
        .replacen("{}", std::str::from_utf8(built).unwrap(), 1)
        .replacen("{}", std::str::from_utf8(running).unwrap(), 1);
    assert_eq!(
        m,
        "kinit: built for Linux 6.12.17 but running 6.1.0-28-amd64"
    );
}

#[test]
fn compares_with_the_running_kernel() {
    let running = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    assert_eq!(kinit::lockstep::check(), BUILT_FOR != running.trim());
}

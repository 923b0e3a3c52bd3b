//! Lockstep: kinit is built with the kernel it boots. build.rs records the
//! release it was built for (Kbuild passes the tree's kernel.release as
//! `KINIT_KERNEL_RELEASE`; otherwise "unknown"); at boot kinit compares it
//! with `uname -r` and says so once when they differ, then goes on.

use crate::say;

/// The kernel release kinit was built for.
pub const BUILT_FOR: &str = env!("KINIT_BUILT_FOR_RELEASE");

/// What kinit prints when the releases differ: the release it was built
/// for and the running one fill the `{}`s (see [`say::msg`]).
const SKEW: &[u8] = b"kinit: built for Linux {} but running {}";

/// The arguments of [`SKEW`] when `built` and `running` differ; `None` when
/// they agree.
pub fn skew_message<'a>(built: &'a [u8], running: &'a [u8]) -> Option<[&'a [u8]; 2]> {
    (built != running).then_some([built, running])
}

/// Compares [`BUILT_FOR`] with the running kernel and prints the message.
/// Returns whether they differ.
pub fn check() -> bool {
    let u = klibc::process::uname();
    let running = klibc::ffi::field_bytes(&u.release);
    match skew_message(BUILT_FOR.as_bytes(), running) {
        Some(args) => {
            say::msg(SKEW, &args);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_so_only_when_the_releases_differ() {
        assert_eq!(skew_message(b"6.12.17", b"6.12.17"), None);
        let args = skew_message(b"6.12.17", b"6.1.0-28-amd64").unwrap();
        assert_eq!(
            say::render(SKEW, &args, None),
            b"kinit: built for Linux 6.12.17 but running 6.1.0-28-amd64\n"
        );
    }
}

//! A rescue shell on the console, as dracut's `rd.shell` and `rd.break`
//! give one: with `rd.shell`, when kinit cannot boot and the archive has a
//! shell (`/bin/sh`, e.g. dash on our libc), it says so, lists the block
//! devices and runs the shell; when the shell exits, kinit tries the root
//! once more, then follows `panic=`. `rd.break` (before run-init) and
//! `rd.break=<point>` stop at one of the points kinit has — `modules`
//! (before modules are loaded), `root` (before the root is looked for),
//! `init` (before run-init) — and go on when the shell exits; dracut's
//! names for the nearest points are taken too. Without these parameters
//! kinit behaves as it always did.

use crate::cmdline::Cmdline;
use crate::say;
use core::ffi::CStr;
use klibc::fd::CWD;

/// The shell.
pub const SHELL: &CStr = c"/bin/sh";

/// Where `rd.break=` may stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// Before modules are loaded.
    Modules,
    /// Before the root is looked for.
    Root,
    /// Before run-init.
    Init,
}

impl Point {
    pub fn name(self) -> &'static [u8] {
        match self {
            Point::Modules => b"modules",
            Point::Root => b"root",
            Point::Init => b"init",
        }
    }
}

/// The point an `rd.break` value names: kinit's own names, or dracut's
/// for the step nearest to one (`pre-udev`/`pre-trigger` before modules,
/// `initqueue`/`pre-mount`/`mount` before root, `pre-pivot`/`cleanup`
/// before run-init); no value is `init` (dracut's last break).
pub fn parse_point(v: Option<&[u8]>) -> Option<Point> {
    match v {
        None | Some(b"init" | b"pre-pivot" | b"cleanup") => Some(Point::Init),
        Some(b"modules" | b"pre-udev" | b"pre-trigger" | b"cmdline") => Some(Point::Modules),
        Some(b"root" | b"initqueue" | b"pre-mount" | b"mount") => Some(Point::Root),
        Some(_) => None,
    }
}

/// Whether the command line asks for a shell when kinit cannot boot.
pub fn wanted(cmd: &Cmdline<'_>) -> bool {
    cmd.params
        .iter()
        .any(|p| p.name == b"rd.shell" && p.value != Some(b"0"))
}

/// Stops at `point` if an `rd.break` names it: runs the shell, and goes
/// on when it exits. A value kinit does not know is said, once, at the
/// first point.
pub fn break_at(cmd: &Cmdline<'_>, point: Point) {
    if !cfg!(feature = "rescue") {
        if point == Point::Modules && cmd.params.iter().any(|p| p.name == b"rd.break") {
            say::msg(
                b"kinit: rd.break ignored: built without the rescue shell (INITRAMFS_KINIT_RESCUE)",
                &[],
            );
        }
        return;
    }
    for p in cmd.params.iter().filter(|p| p.name == b"rd.break") {
        match parse_point(p.value) {
            Some(q) if q == point => {
                say::msg(
                    b"kinit: rd.break={}: starting {} on the console; exit it to go on",
                    &[point.name(), SHELL.to_bytes()],
                );
                run_shell();
                return;
            }
            None if point == Point::Modules => say::msg(
                b"kinit: rd.break={}: no such point (modules, root, init)",
                &[p.value.unwrap_or_default()],
            ),
            _ => {}
        }
    }
}

/// After a failure (already said): when `rd.shell` asks and there is a
/// shell, lists the block devices and runs it; true when it ran (the
/// caller then tries the root once more).
pub fn after_failure(cmd: &Cmdline<'_>) -> bool {
    if !wanted(cmd) {
        return false;
    }
    if !cfg!(feature = "rescue") {
        say::msg(
            b"kinit: rd.shell ignored: built without the rescue shell (INITRAMFS_KINIT_RESCUE)",
            &[],
        );
        return false;
    }
    let st = klibc::fs::statat(CWD, SHELL, 0);
    let g = klibc::uapi::general::S_IXUSR
        | klibc::uapi::general::S_IXGRP
        | klibc::uapi::general::S_IXOTH;
    if !st.is_ok_and(|s| s.st_mode & g != 0) {
        say::msg(
            b"kinit: rd.shell: no {} in the initramfs; no rescue shell",
            &[SHELL.to_bytes()],
        );
        return false;
    }
    crate::blockdevs::print_list(&crate::blockdevs::scan(crate::rootdev::SYS_CLASS_BLOCK));
    say::msg(
        b"kinit: rd.shell: cannot boot; starting {} on the console; exit it to try the root again",
        &[SHELL.to_bytes()],
    );
    run_shell();
    say::msg(
        b"kinit: rd.shell: the shell exited; trying the root again",
        &[],
    );
    true
}

/// Runs the shell (interactive, its own session, the console its
/// controlling terminal) and waits for it.
#[inline(never)]
fn run_shell() {
    match klibc::process::fork() {
        Ok(klibc::process::Fork::Child) => {
            let _ = klibc::process::setsid();
            let _ = klibc::io::set_controlling_tty(klibc::io::stdin(), true);
            let e = klibc::process::execve_inherit_env(SHELL, &[c"sh", c"-i"]);
            say::msg_fail(b"kinit: running {}", &[SHELL.to_bytes()], e);
            klibc::process::exit(127);
        }
        Ok(klibc::process::Fork::Parent(pid)) => loop {
            match klibc::process::wait4(pid, 0) {
                Ok(Some((p, _))) if p == pid => break,
                Err(klibc::Errno::CHILD) => break,
                _ => {}
            }
        },
        Err(e) => say::msg_fail(b"kinit: starting {}", &[SHELL.to_bytes()], e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_points() {
        assert_eq!(parse_point(None), Some(Point::Init));
        assert_eq!(parse_point(Some(b"pre-pivot")), Some(Point::Init));
        assert_eq!(parse_point(Some(b"modules")), Some(Point::Modules));
        assert_eq!(parse_point(Some(b"pre-trigger")), Some(Point::Modules));
        assert_eq!(parse_point(Some(b"pre-mount")), Some(Point::Root));
        assert_eq!(parse_point(Some(b"root")), Some(Point::Root));
        assert_eq!(parse_point(Some(b"")), None);
        assert_eq!(parse_point(Some(b"later")), None);
    }
}

//! Switching from the initramfs to the real root, as klibc's run-init does,
//! for the run-init applet and for kinit as PID 1: check that / is a ramfs
//! or tmpfs and that the new root is another filesystem, delete the
//! initramfs's contents without crossing into other filesystems, move the
//! new root onto /, chroot into it, drop capabilities, reopen the console
//! on fds 0, 1 and 2 and exec init. Every step that fails is reported with
//! klibc's words for it (see [`Failure`]). One difference: as PID 1, a new
//! root without the console device keeps the console already open (as the
//! kernel lets init do) instead of failing.

use crate::caps::{self, CapSet, Helpers};
use crate::say;
use core::ffi::CStr;
use klibc::fd::{AsFd, CWD};
use klibc::fs::{self, Dir, FileType};
use klibc::uapi::general as g;
use klibc::Errno;

/// What to do; see klibc-utils' `run-init [-d caps] [-c consoledev] [-n] [-p]
/// newroot init [args]`.
pub struct RunInit<'a> {
    /// The new root, a mount point (`/root` in kinit).
    pub newroot: &'a CStr,
    /// Opened read-write on fds 0, 1 and 2 after the chroot (`-c`,
    /// default `/dev/console`), a path inside the new root.
    pub console: &'a CStr,
    /// Capabilities to drop after the chroot (`-d`, `drop_capabilities=`).
    pub drop_caps: CapSet,
    /// The usermode-helper files for [`caps::drop`]; open them with
    /// [`Helpers::open`] while /proc is still mounted if `drop_caps` is not
    /// empty (run_init tries again itself, before and after the chroot).
    pub helpers: Helpers,
    /// `-n`: check, chroot, drop capabilities and open the console, but
    /// neither delete, move nor exec; success means init is an executable
    /// regular file in the new root.
    pub dry_run: bool,
    /// `-p`: keep the initramfs's contents.
    pub persist: bool,
    /// The program to exec, a path inside the new root.
    pub init: &'a CStr,
    /// init's argv (argv[0] included); the environment is passed on.
    pub argv: &'a [&'a CStr],
    /// Called just before init's exec (kinit's boot timeline).
    pub before_exec: Option<fn()>,
}

/// Where [`run_init`] stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A step, in klibc's words ("chdir to new root", "rootfs not a ramfs or
    /// tmpfs", ...), and its error; `None` for a check that found the
    /// system unsuitable (klibc then prints whatever errno was left over).
    Step(&'static str, Option<Errno>),
    /// Dropping capabilities failed.
    Caps(caps::Error<'static>),
    /// Exec'ing init failed, or (dry run) init is not an executable file.
    Init(Errno),
}

impl Failure {
    /// Prints `<prog>: <what>: <why>` (a failed check: `<prog>: <what>`).
    pub fn print(&self, prog: &[u8], init: &CStr) {
        self.print_or_stale(prog, init, None);
    }

    /// The same, but a failed check (no error of its own) prints `stale`
    /// as its why, as klibc's run-init prints whatever errno was left over.
    pub fn print_or_stale(&self, prog: &[u8], init: &CStr, stale: Option<Errno>) {
        let (what, why) = match self {
            Failure::Step(what, e) => (what.as_bytes(), e.or(stale)),
            Failure::Caps(c) => return c.print(prog, b"dropping capabilities"),
            Failure::Init(e) => (init.to_bytes(), Some(*e)),
        };
        say::msg_opt(b"{}: {}", &[prog, what], why);
    }
}

fn step(what: &'static str) -> impl Fn(Errno) -> Failure {
    move |e| Failure::Step(what, Some(e))
}

/// Switches to the new root and execs init. Returns `Ok(())` only after a
/// successful dry run; otherwise only on failure.
pub fn run_init(r: &mut RunInit<'_>) -> Result<(), Failure> {
    fs::chdir(r.newroot).map_err(step("chdir to new root"))?;
    let root = fs::statat(CWD, c"/", 0).map_err(step("stat"))?;
    let new = fs::statat(CWD, c".", 0).map_err(step("stat"))?;
    if root.st_dev == new.st_dev {
        return Err(Failure::Step(
            "current directory on the same filesystem as the root",
            None,
        ));
    }
    let sfs = fs::statfs(c"/").map_err(step("statfs /"))?;
    let magic = sfs.f_type as u32;
    if magic != g::RAMFS_MAGIC && magic != g::TMPFS_MAGIC {
        return Err(Failure::Step("rootfs not a ramfs or tmpfs", None));
    }
    if r.drop_caps.0 != 0 {
        r.helpers.open();
    }
    if !r.dry_run {
        if !r.persist {
            delete_contents(c"/").map_err(step("nuking initramfs contents"))?;
        }
        klibc::mount::mount(Some(c"."), c"/", None, g::MS_MOVE as u64, None)
            .map_err(step("overmounting root"))?;
    }
    fs::chroot(c".")
        .and_then(|()| fs::chdir(c"/"))
        .map_err(step("chroot"))?;
    caps::drop(r.drop_caps, &mut r.helpers).map_err(Failure::Caps)?;
    caps::print_dropped(r.drop_caps);
    let console = match fs::openat(CWD, r.console, g::O_RDWR, 0) {
        Ok(fd) => Some(fd),
        // As PID 1, a new root without a console is what the kernel lets
        // init live with: keep the console we have (klibc's run-init would
        // exit and so panic the kernel).
        Err(e) if !r.dry_run && klibc::process::getpid() == 1 => {
            say::msg_fail(
                b"kinit: opening {} (keeping the current console)",
                &[r.console.to_bytes()],
                e,
            );
            None
        }
        Err(e) => return Err(Failure::Step("opening console", Some(e))),
    };
    if r.dry_run {
        drop(console);
        let st = fs::statat(CWD, r.init, 0).map_err(Failure::Init)?;
        let executable = st.st_mode & (g::S_IXUSR | g::S_IXGRP | g::S_IXOTH) != 0;
        if FileType::from_mode(st.st_mode) != FileType::Regular || !executable {
            return Err(Failure::Init(Errno::ACCES));
        }
        return Ok(());
    }
    if let Some(console) = console {
        for target in 0..3 {
            let _ = klibc::io::dup_to_stdio(&console, target);
        }
        if console.as_fd().as_raw_fd() <= 2 {
            // It is one of 0, 1, 2 now: keep it open.
            let _ = console.into_raw_fd();
        }
    }
    if let Some(f) = r.before_exec.take() {
        f();
    }
    Err(Failure::Init(klibc::process::execve_inherit_env(
        r.init, r.argv,
    )))
}

/// Deletes everything below the directory `path` that is on the same
/// filesystem as `path` itself: other filesystems mounted below it (the new
/// root, /dev, ...) and everything under them are left alone. Stops at the
/// first error, as klibc's run-init does; entries that vanish meanwhile are
/// not errors.
pub fn delete_contents(path: &CStr) -> Result<(), Errno> {
    let fd = fs::openat(
        CWD,
        path,
        g::O_RDONLY | g::O_DIRECTORY | g::O_NOFOLLOW | g::O_CLOEXEC,
        0,
    )?;
    let dev = fs::fstat(&fd)?.st_dev;
    delete_below(Dir::from_fd(fd), dev)
}

fn delete_below(mut dir: Dir, dev: u64) -> Result<(), Errno> {
    loop {
        // The listing lends its descriptor for the `*at` calls below.
        let (at, entry) = match dir.next_entry_at() {
            None => return Ok(()),
            Some(Err(Errno::ACCES)) => return Ok(()),
            Some(Err(e)) => return Err(e),
            Some(Ok((at, entry))) => (at, entry.name),
        };
        let bytes = entry.to_bytes();
        if bytes == b"." || bytes == b".." {
            continue;
        }
        let st = match fs::statat(at, entry, g::AT_SYMLINK_NOFOLLOW) {
            Ok(st) => st,
            Err(Errno::NOENT) => continue,
            Err(e) => return Err(e),
        };
        if st.st_dev != dev {
            // A mount point: not ours to delete.
            continue;
        }
        let is_dir = FileType::from_mode(st.st_mode) == FileType::Directory;
        if is_dir {
            match fs::openat(
                at,
                entry,
                g::O_RDONLY | g::O_DIRECTORY | g::O_NOFOLLOW | g::O_CLOEXEC,
                0,
            ) {
                Ok(sub) => delete_below(Dir::from_fd(sub), dev)?,
                // Unreadable: rmdir below says whether it was empty.
                Err(Errno::ACCES) => {}
                Err(Errno::NOENT) => continue,
                Err(e) => return Err(e),
            }
        }
        let flags = if is_dir { g::AT_REMOVEDIR } else { 0 };
        match fs::unlinkat(at, entry, flags) {
            Ok(()) | Err(Errno::NOENT) => {}
            Err(e) => return Err(e),
        }
    }
}

//! kinit as PID 1, the kernel's prepare_namespace moved to userspace:
//! console, /proc, /sys and devtmpfs; the command line; the lockstep
//! check; modules; resume; finding, waiting for and mounting root;
//! extra mounts and capabilities; then run-init into /root. Every failure
//! prints `kinit: <what>: <why>`; when kinit cannot go on it never exits
//! as PID 1 (that would panic the kernel with a less useful message) but
//! halts as `panic=` says (see [`give_up`]).

use crate::blockdevs;
use crate::cmdline::Cmdline;
use crate::cpath::CPath;
use crate::rootdev;
use crate::rootspec::{self, RootSpec};
use crate::{lockstep, mountroot, say};
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::fs;
use klibc::uapi::general as g;

/// Where root is mounted before run-init moves it onto /.
pub const NEW_ROOT: &CStr = c"/root";

/// Why kinit stopped; what it printed already says the rest.
pub struct Stop;

/// Runs the whole flow as PID 1 and does not return. Anywhere else it
/// refuses (it would remount the running system's root and unmount its
/// /proc, /sys and /dev) and returns 1; a test runs it as PID 1 of a new
/// PID namespace.
pub fn main(args: &[&CStr]) -> i32 {
    let pid = klibc::process::getpid();
    if pid != 1 {
        let mut n = say::Num::new();
        say::msg(
            b"kinit: not running as PID 1 (pid {}): kinit is the kernel's init and only runs as PID 1",
            &[n.dec(pid.unsigned_abs().into())],
        );
        return 1;
    }
    open_console();
    let mut panic_secs = 0i64;
    let _ = run(args, &mut panic_secs);
    give_up(panic_secs)
}

/// Makes /dev/console our standard input, output and error, as the kernel
/// and klibc's kinit do (the kernel may have had no console node to open).
fn open_console() {
    if let Ok(fd) = fs::openat(CWD, c"/dev/console", g::O_RDWR | g::O_NOCTTY, 0) {
        for target in 0..3 {
            let _ = klibc::io::dup_to_stdio(&fd, target);
        }
        // Keep it if it landed on 0, 1 or 2.
        if fd.as_raw_fd() <= 2 {
            let _ = fd.into_raw_fd();
        }
    }
}

fn mkdir(path: &CStr, mode: u32) {
    let _ = fs::mkdirat(CWD, path, mode);
}

/// Whether `path` is a mount point: on another device than `parent`
/// (`path` with `/..`).
fn is_mount_point(path: &CStr, parent: &CStr) -> bool {
    match (fs::statat(CWD, path, 0), fs::statat(CWD, parent, 0)) {
        (Ok(a), Ok(b)) => a.st_dev != b.st_dev,
        _ => false,
    }
}

/// Mounts `fstype` on `dir` with `flags` unless something is mounted there
/// already (`parent` is `dir` with `/..`).
fn mount_api(dir: &CStr, parent: &CStr, fstype: &CStr, mode: u32, flags: u32) -> Result<(), Stop> {
    mkdir(dir, mode);
    if is_mount_point(dir, parent) {
        return Ok(());
    }
    klibc::mount::mount(Some(fstype), dir, Some(fstype), flags.into(), None).map_err(|e| {
        say::msg_fail(
            b"kinit: mounting {} on {}",
            &[fstype.to_bytes(), dir.to_bytes()],
            e,
        );
        Stop
    })
}

// The flow's steps stay out of line (`#[inline(never)]`): inlined into
// one huge function they cost more, in spills and copies, than the calls.
fn run(args: &[&CStr], panic_secs: &mut i64) -> Result<(), Stop> {
    let api = g::MS_NOSUID | g::MS_NOEXEC;
    mount_api(c"/proc", c"/proc/..", c"proc", 0o555, api)?;
    mount_api(c"/sys", c"/sys/..", c"sysfs", 0o555, api)?;
    // Without devtmpfs kinit makes the root node itself; go on. devtmpfs
    // is only nosuid.
    let _ = mount_api(c"/dev", c"/dev/..", c"devtmpfs", 0o755, g::MS_NOSUID);

    let line = klibc::cmdline::read().map_err(|e| {
        say::msg_fail(b"kinit: reading /proc/cmdline", &[], e);
        Stop
    })?;
    let cmd = Cmdline::parse(&line);
    *panic_secs = cmd.panic;

    lockstep::check();

    hooks::load_modules(&cmd);
    if !cmd.noresume {
        hooks::resume(&cmd);
    }

    // ip=/nfsaddrs=: the network first (an NFS root needs it; with a
    // local root the interfaces and /run/net-<dev>.conf are made all the same)
    #[cfg(feature = "net")]
    hooks::configure_network(&cmd, cmd.root == Some(b"/dev/nfs"));
    #[cfg(not(feature = "net"))]
    if cmd.ip.is_some() {
        say::msg(
            b"kinit: ip= ignored: built without network boot (INITRAMFS_KINIT_NET)",
            &[],
        );
    }

    if cmd.root == Some(b"/dev/nfs") {
        nfs_root(&cmd)?;
    } else {
        block_root(&cmd)?;
    }

    hooks::extra_mounts(&cmd);
    hooks::switch_root(&cmd, args)
}

/// `root=` on a block device, or klibc's comma list of them (`Root_MULTI`)
/// tried in order: waits as asked until one of them is there, then mounts
/// the first that mounts. Only a list says which of its entries are
/// missing; the device list ends any failure.
fn block_root(cmd: &Cmdline<'_>) -> Result<(), Stop> {
    let Some(text) = cmd.root.filter(|r| !r.is_empty()) else {
        say::msg(b"kinit: no root= on the kernel command line", &[]);
        list_devices();
        return Err(Stop);
    };
    let entries: Vec<&[u8]> = rootspec::list(text).collect();
    let mut specs = Vec::with_capacity(entries.len());
    for &e in &entries {
        let spec = RootSpec::parse(e).map_err(|err| {
            say::msg(b"kinit: root={}: {}", &[e, err.message().as_bytes()]);
            Stop
        })?;
        specs.push(spec);
    }
    if cmd.rootdelay > 0 {
        let mut n = say::Num::new();
        say::msg(
            b"kinit: waiting {}s before mounting root device (rootdelay)",
            &[n.dec(cmd.rootdelay.into())],
        );
        let _ = klibc::time::sleep_ms(u64::from(cmd.rootdelay) * 1000);
    }
    let mut prober = crate::rootid::Prober;
    let found = rootdev::wait_for(text, &specs, cmd.rootwait, &mut prober).map_err(|nf| {
        say::msg(b"kinit: cannot find root device {}", &[text]);
        blockdevs::print_list(&nf.seen);
        Stop
    })?;
    let multi = entries.len() > 1;
    for ((entry, spec), dev) in entries.iter().zip(&specs).zip(found) {
        let Some(dev) = dev else {
            say::msg(b"kinit: cannot find root device {}", &[entry]);
            continue;
        };
        let name = dev.dev_name();
        if multi || !matches!(spec, RootSpec::Name(_)) {
            say::msg(b"kinit: root device {} is /dev/{}", &[entry, &name]);
        }
        let node = rootdev::node_for(&dev).map_err(|e| {
            say::msg_fail(b"kinit: creating /dev/root for {}", &[&name], e);
            Stop
        })?;
        if mount_root(cmd, &node) {
            return Ok(());
        }
    }
    list_devices();
    Err(Stop)
}

/// Mounts `node` on /root as `rootfstype=` (or the probe) says; says how
/// it went.
#[inline(never)]
fn mount_root(cmd: &Cmdline<'_>, node: &CPath) -> bool {
    let dev = node.as_cstr();
    mkdir(NEW_ROOT, 0o755);
    let proc_fs = fs::read_file(CWD, c"/proc/filesystems").unwrap_or_default();
    let list = mountroot::candidates(cmd.rootfstypes(), || crate::probe::fstype_of(dev), &proc_fs);
    match mountroot::mount_root(dev, NEW_ROOT, &list, cmd.read_only, cmd.rootflags) {
        Ok(m) => {
            let st = fs::statat(CWD, NEW_ROOT, 0).ok();
            let (mut a, mut b) = (say::Num::new(), say::Num::new());
            let (maj, min) = st.map_or((0, 0), |s| (fs::major(s.st_dev), fs::minor(s.st_dev)));
            let ro: &[u8] = if m.read_only { b" readonly" } else { b"" };
            say::msg(
                b"kinit: Mounted root ({} filesystem){} on device {}:{}.",
                &[&m.fstype, ro, a.dec(maj.into()), b.dec(min.into())],
            );
            true
        }
        Err(f) => {
            let name = dev.to_bytes();
            mountroot::report(name, NEW_ROOT.to_bytes(), &f);
            say::msg(b"kinit: Unable to mount root fs on {}", &[name]);
            false
        }
    }
}

/// `root=/dev/nfs`: the NFS root from `nfsroot=` (or DHCP's root path)
/// on the interfaces configured for `ip=`, mounted on /root read-only
/// unless `rw` (see [`crate::net::nfsroot`]).
#[cfg(feature = "net")]
#[inline(never)]
fn nfs_root(cmd: &Cmdline<'_>) -> Result<(), Stop> {
    mkdir(NEW_ROOT, 0o755);
    crate::net::nfsroot::mount_root(cmd.nfsroot, NEW_ROOT, cmd.read_only).map_err(|_| {
        say::msg(b"kinit: Unable to mount root fs via NFS", &[]);
        Stop
    })?;
    say::msg(b"kinit: Mounted root (nfs filesystem)", &[]);
    Ok(())
}

/// `root=/dev/nfs` in a kinit built without network boot: a clear
/// failure, as the kernel's own without CONFIG_ROOT_NFS.
#[cfg(not(feature = "net"))]
fn nfs_root(_cmd: &Cmdline<'_>) -> Result<(), Stop> {
    say::msg(
        b"kinit: root=/dev/nfs: built without network boot (INITRAMFS_KINIT_NET)",
        &[],
    );
    say::msg(b"kinit: Unable to mount root fs via NFS", &[]);
    Err(Stop)
}

/// Lists the block devices there are, as the kernel does when it cannot
/// mount root.
#[inline(never)]
fn list_devices() {
    blockdevs::print_list(&blockdevs::scan(rootdev::SYS_CLASS_BLOCK));
}

/// Hands devtmpfs to the new root (as the kernel's devtmpfs_mount does)
/// and unmounts /proc and /sys (as klibc's kinit does), so that nothing of
/// ours stays mounted under the initramfs that run-init deletes.
fn leave_api_mounts() {
    let new_dev = c"/root/dev";
    let moved = is_dir(new_dev)
        && !is_mount_point(new_dev, c"/root/dev/..")
        && klibc::mount::mount(Some(c"/dev"), new_dev, None, g::MS_MOVE as u64, None).is_ok();
    if !moved {
        let _ = klibc::mount::umount2(c"/dev", g::MNT_DETACH);
    }
    let _ = klibc::mount::umount2(c"/proc", g::MNT_DETACH);
    let _ = klibc::mount::umount2(c"/sys", g::MNT_DETACH);
}

fn is_dir(path: &CStr) -> bool {
    fs::statat(CWD, path, 0).is_ok_and(|s| s.st_mode & g::S_IFMT == g::S_IFDIR)
}

/// What PID 1 does when it cannot go on. The kernel would panic here
/// ("VFS: Unable to mount root fs"), and a panic honours `panic=`: so
/// kinit, which must not exit, does the same: `panic=0` (the default)
/// halts for good, `panic=N>0` reboots after N seconds, `panic=N<0` at
/// once. The console keeps what went wrong.
pub fn give_up(panic_secs: i64) -> ! {
    let mut n = say::Num::new();
    if panic_secs == 0 {
        say::msg(
            b"kinit: cannot boot; halted (the kernel would panic here; boot with panic=<seconds> to reboot instead)",
            &[],
        );
    } else {
        if panic_secs > 0 {
            say::msg(
                b"kinit: cannot boot; rebooting in {} seconds (panic=)",
                &[n.dec(panic_secs.unsigned_abs())],
            );
            let _ = klibc::time::sleep_ms(panic_secs.unsigned_abs().saturating_mul(1000));
        } else {
            say::msg(
                b"kinit: cannot boot; rebooting (panic={})",
                &[n.signed(panic_secs)],
            );
        }
        fs::sync();
        let _ = klibc::process::reboot(g::LINUX_REBOOT_CMD_RESTART);
    }
    // Halted, or the reboot failed: PID 1 stays.
    loop {
        let _ = klibc::time::sleep_ms(3_600_000);
    }
}

/// The other parts of the flow, provided by the modules, resume, run-init,
/// capability and kinit_mount= code.
mod hooks {
    use super::*;
    use crate::caps::{self, Helpers};
    use crate::runinit::{run_init, Failure, RunInit};

    #[inline(never)]
    pub fn load_modules(cmd: &Cmdline<'_>) {
        crate::modules::load(cmd);
    }

    #[cfg(feature = "net")]
    #[inline(never)]
    pub fn configure_network(cmd: &Cmdline<'_>, nfs_root: bool) {
        crate::net::boot::configure(cmd, nfs_root);
    }

    #[inline(never)]
    pub fn extra_mounts(cmd: &Cmdline<'_>) {
        crate::kinit_mount::mount_extra(cmd, NEW_ROOT.to_bytes());
    }

    /// `resume=`: when the device holds a hibernation image, hands it to
    /// the kernel (which then does not return here); otherwise says why
    /// not and goes on, as klibc's kinit does.
    #[inline(never)]
    pub fn resume(cmd: &Cmdline<'_>) {
        let Some(text) = cmd.resume.filter(|r| !r.is_empty()) else {
            return;
        };
        let spec = match RootSpec::parse(text) {
            Ok(s) => s,
            Err(e) => {
                say::msg(b"kinit: resume={}: {}", &[text, e.message().as_bytes()]);
                return;
            }
        };
        let devs = blockdevs::scan(rootdev::SYS_CLASS_BLOCK);
        let Some(dev) = rootdev::find(&spec, &devs, &mut crate::rootid::Prober) else {
            say::msg(
                b"kinit: resume: cannot find resume device {}; booting normally",
                &[text],
            );
            return;
        };
        let offset = cmd.resume_offset.map(crate::resume::parse_offset);
        let page = klibc::rt::auxv(klibc::uapi::auxvec::AT_PAGESZ).unwrap_or(4096) as u64;
        let node = blockdevs::dev_node(&dev.name);
        let name = node.to_bytes();
        // No node (mknod failed) is said like a node that does not open.
        let opened = rootdev::node_for(dev).and_then(|n| crate::probe::Device::open(n.as_cstr()));
        let Ok(mut d) = opened else {
            say::msg(b"kinit: resume: cannot open {}; booting normally", &[name]);
            return;
        };
        crate::resume::resume(&mut d, name, dev.major, dev.minor, offset, page, b"/sys");
    }

    /// Drops `drop_capabilities=`, leaves the initramfs for /root with
    /// run-init and execs init: `init=` (with kinit's own arguments, which
    /// the kernel built from the command line and the words after `--`),
    /// then the kernel's fallbacks, each tried in turn.
    #[inline(never)]
    pub fn switch_root(cmd: &Cmdline<'_>, args: &[&CStr]) -> Result<(), Stop> {
        // No drop_capabilities= is an empty list.
        let list = cmd.drop_capabilities.unwrap_or_default();
        let drop_caps = caps::parse(list).map_err(|e| {
            e.print(b"kinit", b"drop_capabilities=");
            Stop
        })?;
        let mut helpers = Helpers::default();
        if drop_caps.0 != 0 {
            helpers.open();
        }
        leave_api_mounts();

        let init_path = CPath::new(&[cmd.init.unwrap_or_default()]);
        let requested = cmd.init.map(|_| init_path.as_cstr());
        let inits = [
            requested,
            Some(c"/sbin/init"),
            Some(c"/etc/init"),
            Some(c"/bin/init"),
            Some(c"/bin/sh"),
        ];
        // One argument list; its argv[0] is each init in turn.
        let mut argv: Vec<&CStr> = Vec::from(args);
        if argv.is_empty() {
            argv.push(c"");
        }

        let mut switched = false;
        for init in inits.into_iter().flatten() {
            if let Some(arg0) = argv.first_mut() {
                *arg0 = init;
            }
            let err = if switched {
                klibc::process::execve_inherit_env(init, &argv)
            } else {
                let mut r = RunInit {
                    newroot: NEW_ROOT,
                    console: c"/dev/console",
                    drop_caps,
                    helpers: core::mem::take(&mut helpers),
                    dry_run: false,
                    persist: false,
                    init,
                    argv: &argv,
                };
                match run_init(&mut r) {
                    Err(Failure::Init(e)) => {
                        switched = true;
                        e
                    }
                    Err(f) => {
                        f.print(b"kinit", init);
                        return Err(Stop);
                    }
                    Ok(()) => return Err(Stop),
                }
            };
            say::msg_fail(b"kinit: running {}", &[init.to_bytes()], err);
        }
        say::msg(b"kinit: no working init found (tried init=, /sbin/init, /etc/init, /bin/init, /bin/sh)", &[]);
        Err(Stop)
    }
}

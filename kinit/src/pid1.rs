//! kinit as PID 1, the kernel's prepare_namespace moved to userspace:
//! console, /proc, /sys and devtmpfs; the command line; the lockstep
//! check; modules; resume; finding, waiting for and mounting root;
//! extra mounts and capabilities; then run-init into /root. Every failure
//! prints `kinit: <what>: <why>`; when kinit cannot go on it never exits
//! as PID 1 (that would panic the kernel with a less useful message) but
//! halts as `panic=` says (see [`crate::fatal`]).

use crate::blockdevs::{self, BlockDev};
use crate::cmdline::Cmdline;
use crate::cpath::CPath;
use crate::initrd::Outcome;
use crate::rescue::{self, Point};
use crate::rootdev;
use crate::rootspec::{self, RootSpec};
use crate::timeline::{self, Step};
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
    timeline::start();
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
    crate::fatal::give_up(panic_secs)
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
    mount_all_api()?;

    let line = klibc::cmdline::read().map_err(|e| {
        say::msg_fail(b"kinit: reading /proc/cmdline", &[], e);
        Stop
    })?;
    let cmd = Cmdline::parse(&line);
    *panic_secs = cmd.panic;
    crate::fatal::set_panic_secs(cmd.panic);
    if timeline::wanted(&cmd) {
        timeline::enable();
    }
    timeline::mark(Step::Mounts);

    lockstep::check();

    rescue::break_at(&cmd, Point::Modules);
    hooks::load_modules(&cmd);
    timeline::mark(Step::Modules);
    if !cmd.noresume {
        hooks::resume(&cmd);
        timeline::mark(Step::Resume);
    }

    // ip=/nfsaddrs=: the network first (an NFS root needs it; with a
    // local root the interfaces and /run/net-<dev>.conf are made all the same)
    #[cfg(feature = "net")]
    {
        hooks::configure_network(&cmd, matches!(cmd.root, Some(b"/dev/nfs" | b"/dev/cifs")));
        if cmd.ip.is_some() {
            timeline::mark(Step::Network);
        }
    }
    #[cfg(not(feature = "net"))]
    if cmd.ip.is_some() {
        say::msg(
            b"kinit: ip= ignored: built without network boot (INITRAMFS_KINIT_NET)",
            &[],
        );
    }

    // md arrays (md=, raid=, autodetection), as the kernel's
    // prepare_namespace assembles them before it looks for root.
    crate::md::run(&cmd);
    // dm-verity roots (roothash=, usrhash=)
    let (_, usr) = crate::verity::setup(&cmd);
    timeline::mark(Step::Devices);

    rescue::break_at(&cmd, Point::Root);
    let first = root_and_init(&cmd, args, usr);
    // rd.shell: a shell, then the root once more.
    if first.is_err() && rescue::after_failure(&cmd) {
        let _ = mount_all_api();
        while klibc::mount::umount2(NEW_ROOT, g::MNT_DETACH).is_ok() {}
        return root_and_init(&cmd, args, usr);
    }
    first
}

/// Mounts proc on /proc, sysfs on /sys, devtmpfs on /dev (each unless
/// something is there already); only the first two are needed.
fn mount_all_api() -> Result<(), Stop> {
    let api = g::MS_NOSUID | g::MS_NOEXEC;
    mount_api(c"/proc", c"/proc/..", c"proc", 0o555, api)?;
    mount_api(c"/sys", c"/sys/..", c"sysfs", 0o555, api)?;
    // Without devtmpfs kinit makes the root node itself; go on. devtmpfs
    // is only nosuid.
    let _ = mount_api(c"/dev", c"/dev/..", c"devtmpfs", 0o755, g::MS_NOSUID);
    Ok(())
}

/// Finds and mounts the root (NFS, SMB, or local, after an old-style
/// initrd), the extra mounts, then run-init into it and init.
fn root_and_init(cmd: &Cmdline<'_>, args: &[&CStr], verity_usr: bool) -> Result<(), Stop> {
    if cmd.root == Some(b"/dev/nfs") {
        nfs_root(cmd)?;
    } else if cmd.root == Some(b"/dev/cifs") {
        cifs_root(cmd)?;
    } else {
        // The root's text: root=, else the verity root, else real-root-dev
        // (klibc's fallback), else the Discoverable Partitions' root.
        let mut read_only = cmd.read_only;
        let mut usr_dev = None;
        let given = match cmd.root {
            Some(b"gpt-auto") => None,
            Some(r) => Some(r.to_vec()),
            None if crate::verity::wanted(cmd) => Some(b"/dev/mapper/root".to_vec()),
            None => real_root_text(),
        };
        let text = given.as_deref();
        let multi = text.is_some_and(|t| rootspec::list(t).nth(1).is_some());
        let initrd = crate::initrd::load(cmd, || root_dev_now(text), multi);
        if initrd != Outcome::None {
            timeline::mark(Step::Initrd);
        }
        match initrd {
            Outcome::InitrdIsRoot => {}
            Outcome::RealRoot(major, minor) if (major, minor) != (0, 0) => {
                let (mut a, mut b) = (say::Num::new(), say::Num::new());
                let real = [a.dec(major.into()), b":", b.dec(minor.into())].concat();
                local_root(cmd, Some(&real), read_only)?;
                crate::initrd::settle();
            }
            // /linuxrc left no real root: root= or discovery, as without it.
            Outcome::None | Outcome::Loaded | Outcome::RealRoot(..) => {
                let found = match text {
                    Some(_) => None,
                    None => Some(gpt_auto(&mut read_only, &mut usr_dev)?),
                };
                local_root(cmd, found.as_deref().or(text), read_only).inspect_err(|_| {
                    if crate::verity::wanted(cmd) {
                        crate::verity::report_root_failure();
                    }
                })?;
                if matches!(initrd, Outcome::RealRoot(..)) {
                    crate::initrd::settle();
                }
            }
        }
        if let Some(usr) = usr_dev {
            mount_usr(usr.as_cstr());
        }
        if verity_usr {
            mount_usr(c"/dev/mapper/usr");
        }
    }

    hooks::extra_mounts(cmd);
    timeline::mark(Step::Mounted);
    rescue::break_at(cmd, Point::Init);
    hooks::switch_root(cmd, args)
}

/// One entry of `root=` and how it is mounted.
enum Entry<'a> {
    /// A block device, looked up (and waited for) in sysfs.
    Block(RootSpec<'a>),
    /// `mtd<N>`, `mtd:<name>`, `ubi<N>:<volume>`, ...: mounted by name,
    /// as the kernel's Root_Generic, with `rootfstype=` or this type.
    Named(&'a [u8], &'static [u8]),
    /// A source that is no block device for the `nodev` types of
    /// `rootfstype=` (virtiofs or 9p tags): the kernel's mount_nodev_root,
    /// then as a block device if it names one.
    NoDev(&'a [u8], Option<RootSpec<'a>>),
}

/// `root=` on a local device, or klibc's comma list of them (`Root_MULTI`)
/// tried in order: block devices are waited for as asked until one of
/// them is there; the first entry that mounts is root. Only a list says
/// which of its entries are missing; the device list ends any failure.
fn local_root(cmd: &Cmdline<'_>, text: Option<&[u8]>, read_only: bool) -> Result<(), Stop> {
    let Some(text) = text.filter(|r| !r.is_empty()) else {
        say::msg(b"kinit: no root= on the kernel command line", &[]);
        list_devices();
        return Err(Stop);
    };
    let proc_fs = fs::read_file(CWD, c"/proc/filesystems").unwrap_or_default();
    let nodev: Vec<&[u8]> = mountroot::nodev_filesystems(&proc_fs)
        .filter(|t| cmd.rootfstypes().any(|r| r == *t))
        .collect();
    let mut entries = Vec::new();
    let mut specs = Vec::new();
    for e in rootspec::list(text) {
        let entry = if let Some(fstype) = rootspec::named_default_type(e) {
            Entry::Named(e, fstype)
        } else if !nodev.is_empty() && !names_a_device_now(e) {
            Entry::NoDev(e, RootSpec::parse(e).ok())
        } else {
            let spec = RootSpec::parse(e).map_err(|err| {
                say::msg(b"kinit: root={}: {}", &[e, err.message().as_bytes()]);
                Stop
            })?;
            Entry::Block(spec)
        };
        if let Entry::Block(spec) | Entry::NoDev(_, Some(spec)) = entry {
            specs.push(spec);
        }
        entries.push((e, entry));
    }
    if cmd.rootdelay > 0 {
        let mut n = say::Num::new();
        say::msg(
            b"kinit: waiting {}s before mounting root device (rootdelay)",
            &[n.dec(cmd.rootdelay.into())],
        );
        let _ = klibc::time::sleep_ms(u64::from(cmd.rootdelay) * 1000);
    }
    let multi = entries.len() > 1;
    // The block devices: looked for (and waited for) once, when the first
    // entry that needs them comes.
    let mut found: Option<Vec<Option<BlockDev>>> = None;
    let mut next_spec = 0;
    for (entry, kind) in &entries {
        let spec = match kind {
            Entry::Named(name, fstype) => {
                let types: Vec<&[u8]> = match cmd.rootfstypes().next() {
                    Some(_) => cmd.rootfstypes().collect(),
                    None => alloc::vec![*fstype],
                };
                if mount_root(cmd, &CPath::new(&[name]), &types, read_only) {
                    return Ok(());
                }
                continue;
            }
            Entry::NoDev(tag, spec) => {
                if mount_root(cmd, &CPath::new(&[tag]), &nodev, read_only) {
                    return Ok(());
                }
                match spec {
                    Some(spec) => spec,
                    None => continue,
                }
            }
            Entry::Block(spec) => spec,
        };
        let devs = found.get_or_insert_with(|| {
            let mut prober = crate::rootid::Prober;
            rootdev::wait_for(text, &specs, cmd.rootwait, &mut prober)
                .unwrap_or_else(|_| specs.iter().map(|_| None).collect())
        });
        let dev = devs.get_mut(next_spec).and_then(Option::take);
        next_spec += 1;
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
        timeline::mark(Step::RootFound);
        let probed = || crate::probe::fstype_of(node.as_cstr());
        let types = mountroot::candidates(cmd.rootfstypes(), probed, &proc_fs);
        if mount_root(cmd, &node, &types, read_only) {
            return Ok(());
        }
    }
    list_devices();
    Err(Stop)
}

/// No `root=` (or `root=gpt-auto`): the Discoverable Partitions' root,
/// as `/dev/<name>`; its read-only flag and its disk's /usr partition.
#[inline(never)]
fn gpt_auto(read_only: &mut bool, usr: &mut Option<CPath>) -> Result<Vec<u8>, Stop> {
    let devs = blockdevs::scan(rootdev::SYS_CLASS_BLOCK);
    if !cfg!(feature = "gpt-auto") {
        say::msg(b"kinit: no root= on the kernel command line", &[]);
        blockdevs::print_list(&devs);
        return Err(Stop);
    }
    match crate::gpt_auto::discover(&devs) {
        Ok(d) => {
            let name = d.root.dev.dev_name();
            let ro: &[u8] = if d.root.read_only {
                b", read-only"
            } else {
                b""
            };
            say::msg(
                b"kinit: no root=: root is /dev/{} (Discoverable Partitions{})",
                &[&name, ro],
            );
            *read_only |= d.root.read_only;
            *usr = d.usr.map(|u| blockdevs::dev_node(&u.dev.name));
            Ok([&b"/dev/"[..], &name].concat())
        }
        Err(e) => {
            if e == crate::gpt_auto::DpsError::None {
                say::msg(b"kinit: no root= on the kernel command line", &[]);
            }
            crate::gpt_auto::report(&e);
            blockdevs::print_list(&devs);
            Err(Stop)
        }
    }
}

/// Mounts the /usr device on /root/usr, read-only, as its probed type.
fn mount_usr(dev: &CStr) {
    let target = c"/root/usr";
    let _ = fs::mkdirat(CWD, target, 0o755);
    let proc_fs = fs::read_file(CWD, c"/proc/filesystems").unwrap_or_default();
    let types = mountroot::candidates(
        core::iter::empty(),
        || crate::probe::fstype_of(dev),
        &proc_fs,
    );
    match mountroot::mount_root(dev, target, &types, true, None) {
        Ok(m) => say::msg(
            b"kinit: mounted {} on /usr ({})",
            &[dev.to_bytes(), &m.fstype],
        ),
        Err(f) => mountroot::report(dev.to_bytes(), target.to_bytes(), &f),
    }
}

/// real-root-dev as `MAJ:MIN`, when it names a device (klibc's kinit takes
/// it when there is no `root=`; an old-style initrd's /linuxrc sets it).
fn real_root_text() -> Option<Vec<u8>> {
    let (major, minor) = crate::initrd::real_root_dev().filter(|&d| d != (0, 0))?;
    let (mut a, mut b) = (say::Num::new(), say::Num::new());
    Some([a.dec(major.into()), b":", b.dec(minor.into())].concat())
}

/// The number of the device `root=` names, if it is there now (the
/// kernel's ROOT_DEV when an initrd is loaded; `/dev/ram` is /dev/ram0).
fn root_dev_now(text: Option<&[u8]>) -> Option<(u32, u32)> {
    let text = text?;
    if text == b"/dev/ram" {
        return Some(crate::initrd::RAM0_DEV);
    }
    let spec = RootSpec::parse(text).ok()?;
    let devs = blockdevs::scan(rootdev::SYS_CLASS_BLOCK);
    let d = rootdev::find(&spec, &devs, &mut crate::rootid::Prober)?;
    Some((d.major, d.minor))
}

/// Whether `entry` names a block device that is there now (the kernel's
/// parse_root_device, which decides between a block and a nodev root).
fn names_a_device_now(entry: &[u8]) -> bool {
    RootSpec::parse(entry).is_ok_and(|spec| {
        let devs = blockdevs::scan(rootdev::SYS_CLASS_BLOCK);
        rootdev::find(&spec, &devs, &mut crate::rootid::Prober).is_some()
    })
}

/// Mounts `source` on /root as each of `types` in turn; says how it went.
#[inline(never)]
fn mount_root(cmd: &Cmdline<'_>, source: &CPath, types: &[&[u8]], read_only: bool) -> bool {
    let dev = source.as_cstr();
    mkdir(NEW_ROOT, 0o755);
    crate::faults::before_mount(dev.to_bytes());
    match mountroot::mount_root(dev, NEW_ROOT, types, read_only, cmd.rootflags) {
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

/// `root=/dev/cifs`: the SMB root of `cifsroot=` on the interfaces
/// configured for `ip=` (see [`crate::net::cifsroot`]).
#[cfg(feature = "net")]
#[inline(never)]
fn cifs_root(cmd: &Cmdline<'_>) -> Result<(), Stop> {
    mkdir(NEW_ROOT, 0o755);
    if !crate::net::cifsroot::mount_root(cmd.get(b"cifsroot"), NEW_ROOT, cmd.read_only) {
        say::msg(b"kinit: Unable to mount root fs via SMB", &[]);
        return Err(Stop);
    }
    say::msg(b"kinit: Mounted root (cifs filesystem)", &[]);
    Ok(())
}

/// `root=/dev/cifs` in a kinit built without network boot.
#[cfg(not(feature = "net"))]
fn cifs_root(_cmd: &Cmdline<'_>) -> Result<(), Stop> {
    say::msg(
        b"kinit: root=/dev/cifs: built without network boot (INITRAMFS_KINIT_NET)",
        &[],
    );
    say::msg(b"kinit: Unable to mount root fs via SMB", &[]);
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
                    before_exec: Some(|| {
                        timeline::mark(Step::RunInit);
                        timeline::summary();
                    }),
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

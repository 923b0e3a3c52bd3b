//! kinit's whole PID-1 flow on the host, without a VM: as PID 1 of a new
//! PID and mount namespace (`unshare --pid --mount --fork`), chrooted into
//! a tmpfs standing in for the initramfs, with a command line of our own
//! bind-mounted over /proc/cmdline and /dev/console a file we read back.
//! kinit finds the root (an ext4 image made by mke2fs on a loop device),
//! mounts it, switches root with run-init and execs boot-marker (klibc's
//! boot-test init) with the arguments the kernel would pass; on failure it
//! prints its messages and, with `panic=-1`, reboots, which ends the
//! namespace. Needs root. For `KLIBC_TEST_ARCH`, kinit is that arch's under
//! qemu-user (a static copy of the emulator goes into the fake initramfs
//! with it; see target_support); boot-marker, the init it hands over to, is
//! the host's.

#[path = "../../klibc/tests/target_support/mod.rs"]
mod target_support;
use target_support::target;

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn work() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pid1_ns")
}

/// kinit (for the target arch) and boot-marker (the host's), static
/// release builds, once per run.
fn binaries() -> &'static (PathBuf, PathBuf) {
    static BINS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BINS.get_or_init(|| {
        let host_dir = work().join("target");
        let t = target();
        let mut cargo = t.cargo();
        cargo
            .args(["build", "--release", "--offline", "-p", "kinit"])
            .env_remove("KLIBC_UAPI_INCLUDE")
            .env_remove("KINIT_KERNEL_RELEASE");
        let mut host = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        host.current_dir(repo())
            .args(["build", "--release", "--offline"])
            .args(["-p", "klibc-programs", "--bin", "boot-marker"])
            .env_remove("KLIBC_UAPI_INCLUDE");
        let target_dir = t.target_dir(&host_dir);
        for (what, cmd, dir) in [
            ("kinit", &mut cargo, &target_dir),
            ("boot-marker", &mut host, &host_dir),
        ] {
            let st = cmd.arg("--target-dir").arg(dir).status().expect("cargo");
            assert!(st.success(), "building {what}");
        }
        (
            t.bin_dir(&target_dir, "release").join("kinit"),
            host_dir.join("release/boot-marker"),
        )
    })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A loop device on an ext4 image holding boot-marker as /sbin/init;
/// detached on drop.
struct RootDisk {
    dev: String,
}

impl RootDisk {
    fn new(name: &str) -> RootDisk {
        let dir = work().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        let tree = dir.join("tree");
        for d in ["sbin", "proc", "dev", "sys"] {
            std::fs::create_dir_all(tree.join(d)).unwrap();
        }
        std::fs::copy(&binaries().1, tree.join("sbin/init")).unwrap();
        let img = dir.join("root.img");
        run(Command::new("mke2fs")
            .args(["-q", "-F", "-t", "ext4", "-d"])
            .arg(&tree)
            .arg(&img)
            .arg("8M"));
        let dev = run(Command::new("losetup").args(["-f", "--show"]).arg(&img))
            .trim()
            .to_owned();
        RootDisk { dev }
    }
}

impl Drop for RootDisk {
    fn drop(&mut self) {
        let _ = Command::new("losetup").args(["-d", &self.dev]).status();
    }
}

/// Boots kinit as PID 1 with `cmdline` and kernel-given `args`; returns
/// what reached the console.
fn boot(name: &str, disk: &RootDisk, cmdline: &str, args: &[&str]) -> String {
    let dir = work().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    // The console is a FIFO: every open of it (kinit's, then run-init's in
    // the new root) appends, as on a real console. It is read once the
    // namespace has ended; a pipe holds far more than these messages.
    let console = dir.join("console");
    let _ = std::fs::remove_file(&console);
    run(Command::new("mkfifo").arg(&console));
    let reader = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(klibc::uapi::general::O_NONBLOCK as i32)
        .open(&console)
        .unwrap();
    std::fs::write(dir.join("cmdline"), format!("{cmdline}\n")).unwrap();
    let rdev = std::fs::metadata(&disk.dev).unwrap().rdev();
    let script = r#"
        set -e
        T=$DIR/initramfs
        mkdir -p "$T"
        mount -t tmpfs -o size=16m initramfs "$T"
        mkdir -p "$T/proc" "$T/sys" "$T/dev" "$T/root"
        cp "$KINIT" "$T/init"
        [ -z "$EMU" ] || cp "$EMU" "$T/.emu"
        mount -t proc proc "$T/proc"
        mount --bind "$DIR/cmdline" "$T/proc/cmdline"
        mount -t sysfs sysfs "$T/sys"
        mount -t tmpfs dev "$T/dev"
        mknod "$T/dev/$LOOP" b "$MAJ" "$MIN"
        mknod "$T/dev/console" p
        mount --bind "$DIR/console" "$T/dev/console"
        exec chroot "$T" ${EMU:+/.emu -0 /init} /init "$@"
    "#;
    let out = Command::new("timeout")
        .args([
            "60",
            "unshare",
            "--pid",
            "--mount",
            "--fork",
            "--propagation",
            "private",
        ])
        .args(["bash", "-c", script, "bash"])
        .args(args)
        .env("DIR", &dir)
        .env("KINIT", &binaries().0)
        .env("EMU", target().emulator().unwrap_or_default())
        .env("LOOP", disk.dev.trim_start_matches("/dev/"))
        .env("MAJ", klibc::fs::major(rdev).to_string())
        .env("MIN", klibc::fs::minor(rdev).to_string())
        .output()
        .expect("unshare");
    let mut text = Vec::new();
    let mut buf = [0u8; 4096];
    let mut reader = reader;
    while let Ok(n @ 1..) = reader.read(&mut buf) {
        text.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&text).into_owned();
    // The namespace ends by the reboot of its PID 1 (SIGHUP to it), never by
    // a timeout.
    assert_ne!(
        out.status.code(),
        Some(124),
        "timed out; console:\n{text}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn boots_into_the_root_with_init_arguments() {
    let disk = RootDisk::new("boot-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let rdev = std::fs::metadata(&disk.dev).unwrap().rdev();
    let (maj, min) = (klibc::fs::major(rdev), klibc::fs::minor(rdev));
    let c = boot(
        "boot",
        &disk,
        &format!("console=ttyS0 root={maj}:{min} rootfstype=xfs,ext4 panic=-1 -- one two"),
        &["one", "two"],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has(&format!("kinit: root device {maj}:{min} is /dev/{name}\n"));
    has(&format!(
        "kinit: Mounted root (ext4 filesystem) readonly on device {maj}:{min}.\n"
    ));
    has("boot-marker: argv[0]=/sbin/init\nboot-marker: argv[1]=one\nboot-marker: argv[2]=two\n");
    has(&format!(
        "boot-marker: root dev=/dev/{name} fstype=ext4 mode=ro opts="
    ));
    has(&format!("boot-marker: root st_dev={maj}:{min}\n"));
    assert!(!c.contains("kinit: mounting"), "xfs is tried quietly:\n{c}");
}

#[test]
fn rw_and_init_fallback() {
    let disk = RootDisk::new("rw-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let c = boot(
        "rw",
        &disk,
        &format!("root=/dev/{name} rw init=/nonexistent panic=-1"),
        &[],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has("kinit: Mounted root (ext4 filesystem) on device");
    has("kinit: running /nonexistent: No such file or directory\n");
    has("boot-marker: argv[0]=/sbin/init\n");
    has(&format!(
        "boot-marker: root dev=/dev/{name} fstype=ext4 mode=rw opts="
    ));
}

#[test]
fn missing_root_lists_devices_and_reboots_as_panic_says() {
    let disk = RootDisk::new("missing-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let c = boot("missing", &disk, "root=/dev/nosuchdisk9 panic=-1", &[]);
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has("kinit: cannot find root device /dev/nosuchdisk9\n");
    has("kinit: available block devices (major:minor, 1K blocks, name):\n");
    has(&format!(" 8192 {name}\n"));
    has("kinit: cannot boot; rebooting (panic=-1)\n");
    assert!(!c.contains("boot-marker"), "{c}");
}

#[test]
fn wrong_rootfstype_fails_like_the_kernel() {
    let disk = RootDisk::new("fstype-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let c = boot(
        "fstype",
        &disk,
        &format!("root=/dev/{name} rootfstype=xfs panic=-1"),
        &[],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has(&format!(
        "kinit: mounting /dev/{name} on /root as xfs: Invalid argument\n"
    ));
    has(&format!("kinit: Unable to mount root fs on /dev/{name}\n"));
    has("kinit: cannot boot; rebooting (panic=-1)\n");
}

#[test]
fn rootwait_seconds_gives_up_with_messages() {
    let disk = RootDisk::new("wait-disk");
    let c = boot(
        "wait",
        &disk,
        "root=PARTLABEL=nowhere rootwait=6 panic=-1",
        &[],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has("kinit: waiting for root device PARTLABEL=nowhere\n");
    has("kinit: waiting for root device PARTLABEL=nowhere (5s)\n");
    has("kinit: gave up waiting for root device PARTLABEL=nowhere after 6s\n");
    has("kinit: cannot find root device PARTLABEL=nowhere\n");
}

/// klibc's `Root_MULTI`: a comma list tried in order; a missing entry
/// and one that does not mount are said, the next one boots.
#[test]
fn root_list_tries_each_in_order() {
    let disk = RootDisk::new("list-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let c = boot(
        "list",
        &disk,
        &format!("root=/dev/nosuchdisk9,LABEL=nolabel,/dev/{name} panic=-1"),
        &[],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has("kinit: cannot find root device /dev/nosuchdisk9\n");
    has("kinit: cannot find root device LABEL=nolabel\n");
    has(&format!("kinit: root device /dev/{name} is /dev/{name}\n"));
    has("kinit: Mounted root (ext4 filesystem) readonly on device");
    has("boot-marker: argv[0]=/sbin/init\n");
}

#[test]
fn root_list_goes_on_after_a_failed_mount_and_fails_when_none_mounts() {
    let disk = RootDisk::new("list-fail-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    // xfs does not mount the ext4 disk; nothing else is listed: all fail.
    let c = boot(
        "list-fail",
        &disk,
        &format!("root=/dev/{name},/dev/nosuchdisk9 rootfstype=xfs panic=-1"),
        &[],
    );
    let has = |s: &str| assert!(c.contains(s), "missing {s:?} in console:\n{c}");
    has(&format!(
        "kinit: mounting /dev/{name} on /root as xfs: Invalid argument\n"
    ));
    has(&format!("kinit: Unable to mount root fs on /dev/{name}\n"));
    has("kinit: cannot find root device /dev/nosuchdisk9\n");
    has("kinit: available block devices (major:minor, 1K blocks, name):\n");
    has("kinit: cannot boot; rebooting (panic=-1)\n");
    assert!(!c.contains("boot-marker"), "{c}");
}

/// kinit.debug: each step as it ends, then one summary line before init.
#[test]
fn timeline_with_kinit_debug() {
    let disk = RootDisk::new("timeline-disk");
    let name = disk.dev.trim_start_matches("/dev/").to_owned();
    let c = boot(
        "timeline",
        &disk,
        &format!("root=/dev/{name} kinit.debug panic=-1"),
        &[],
    );
    for step in [
        "mounts",
        "modules",
        "resume",
        "devices",
        "root found",
        "mounted",
        "run-init",
    ] {
        assert!(
            c.contains(&format!("kinit: timeline: {step} done at ")),
            "no {step} step:\n{c}"
        );
    }
    let summary = c
        .lines()
        .find(|l| l.starts_with("kinit: timeline: mounts ") && !l.contains(" done at "))
        .unwrap_or_else(|| panic!("no summary:\n{c}"));
    // mounts N ms, modules N ms, ...: every step a name and a number.
    let steps: Vec<&str> = summary["kinit: timeline: ".len()..].split(", ").collect();
    let names: Vec<String> = steps
        .iter()
        .map(|s| {
            let (name, ms) = s
                .strip_suffix(" ms")
                .and_then(|s| s.rsplit_once(' '))
                .unwrap_or_else(|| panic!("{s:?} in {summary:?}"));
            assert!(ms.parse::<u64>().is_ok(), "{s:?} in {summary:?}");
            name.to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "mounts",
            "modules",
            "resume",
            "devices",
            "root found",
            "mounted",
            "run-init"
        ],
        "{summary}"
    );
    // The summary comes before init runs.
    assert!(
        c.find(summary).unwrap() < c.find("boot-marker: argv[0]").unwrap(),
        "{c}"
    );
    // Off by default: not a word of it.
    let quiet = boot(
        "timeline-off",
        &disk,
        &format!("root=/dev/{name} panic=-1"),
        &[],
    );
    assert!(!quiet.contains("timeline"), "{quiet}");
}

/// As PID 1 the name still picks the applet: initramfs-tools' /init runs
/// `exec run-init ...` as PID 1 and must get run-init, not kinit's flow.
#[test]
fn applets_keep_their_names_as_pid1() {
    let (kinit, _) = binaries();
    let dir = work().join("pid1-names");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("run-init");
    let kinit = target().exec_path(kinit, &dir, "kinit");
    std::os::unix::fs::symlink(kinit, &link).unwrap();
    let out = Command::new("unshare")
        .args(["--pid", "--fork", "--"])
        .arg(&link)
        .output()
        .expect("unshare");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.starts_with("Usage: exec ") && err.contains("run-init [-d caps]"),
        "stderr: {err}"
    );
}

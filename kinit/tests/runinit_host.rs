//! run-init on the host, against klibc-utils' own run-init
//! (/usr/lib/klibc/bin/run-init): the refusals (usage, a new root that is
//! not a mount point, a / that is not a ramfs) with the same message and
//! exit code; and, as root in a private mount namespace (`unshare -m`), a
//! real switch: a tmpfs standing in for the initramfs, with another tmpfs
//! and the new root mounted below it, is emptied without crossing into
//! either, the new root is moved onto /, and init runs there with its
//! arguments and the console on fds 0-2. Both run-inits go through the same
//! switch and must leave the same result. For `KLIBC_TEST_ARCH`, ours is
//! that arch's kinit under qemu-user (a static copy of the emulator goes into
//! the fake initramfs's /dev, out of the listings; see target_support).

#[path = "../../klibc/tests/target_support/mod.rs"]
mod target_support;
use target_support::target;

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const KLIBC_RUN_INIT: &str = "/usr/lib/klibc/bin/run-init";

/// Builds the static kinit binary (release) once per test run.
fn kinit() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let t = target();
        let target_dir =
            t.target_dir(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("kinit-runinit"));
        let status = t
            .cargo()
            .args(["build", "--release", "--offline", "-p", "kinit"])
            .arg("--target-dir")
            .arg(&target_dir)
            .env_remove("KLIBC_UAPI_INCLUDE")
            .status()
            .expect("run cargo");
        assert!(status.success(), "building kinit for {} failed", t.arch);
        t.bin_dir(&target_dir, "release").join("kinit")
    })
}

/// Runs `prog` as `run-init` (argv[0]) with `args`; stdin from /dev/null,
/// stdout and stderr captured (so neither is a terminal, for both).
fn run_as_run_init(prog: &Path, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = if prog == kinit() {
        target().command_arg0(prog, "run-init")
    } else {
        let mut c = Command::new(prog);
        c.arg0("run-init");
        c
    };
    cmd.args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run run-init")
}

fn same_as_klibc(args: &[&str], expect_in_stderr: &str) {
    let ours = run_as_run_init(kinit(), args);
    let theirs = run_as_run_init(Path::new(KLIBC_RUN_INIT), args);
    let (o, t) = (
        String::from_utf8_lossy(&ours.stderr),
        String::from_utf8_lossy(&theirs.stderr),
    );
    assert_eq!(o, t, "stderr for run-init {args:?}");
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "exit code for run-init {args:?}"
    );
    assert_eq!(ours.stdout, theirs.stdout, "stdout for run-init {args:?}");
    assert!(t.contains(expect_in_stderr), "klibc said {t:?}");
    assert_eq!(ours.status.code(), Some(1));
}

#[test]
fn usage_like_klibc() {
    same_as_klibc(&[], "Usage: exec run-init [-d caps]");
    same_as_klibc(&["/root"], "Usage: exec run-init");
    same_as_klibc(&["-x", "/root", "/sbin/init"], "Usage: exec run-init");
    same_as_klibc(&["-c"], "Usage: exec run-init");
    same_as_klibc(&["-n", "-c"], "Usage: exec run-init");
}

#[test]
fn refusals_like_klibc() {
    same_as_klibc(
        &["/nonexistent-new-root", "/sbin/init"],
        "chdir to new root: No such file or directory",
    );
    // The new root is / itself: not a mount point of its own.
    same_as_klibc(
        &["/", "/sbin/init"],
        "current directory on the same filesystem as the root",
    );
    same_as_klibc(
        &["-n", "-c", "/dev/null", "/", "/sbin/init", "a"],
        "current directory on the same filesystem as the root",
    );
    // /proc is another filesystem, but / here is no ramfs: refuse, even
    // for a dry run and with -p.
    same_as_klibc(&["/proc", "/sbin/init"], "rootfs not a ramfs or tmpfs");
    same_as_klibc(
        &["-n", "-p", "/proc", "/sbin/init"],
        "rootfs not a ramfs or tmpfs",
    );
}

#[test]
fn a_bad_capability_name_is_refused_before_anything_happens() {
    let out = run_as_run_init(
        kinit(),
        &["-d", "cap_chown,cap_bogus", "/proc", "/sbin/init"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "run-init: dropping capabilities: unknown capability \"cap_bogus\"\n"
    );
}

/// A new root holding klibc's sh and ls (and its shared library), and the
/// script init runs: its arguments, then what is left of the old
/// initramfs (seen through a bind mount of it made before the switch).
fn make_new_root(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    for d in ["bin", "lib", "old", "olddev", "proc"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    std::fs::copy("/usr/lib/klibc/bin/sh", dir.join("bin/sh")).unwrap();
    for lib in klibc_libs() {
        std::fs::copy(&lib, dir.join("lib").join(lib.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("init"),
        "#!/bin/sh\necho \"init: $0 $*\"\necho \"pwd: $(pwd)\"\necho old: /old/.* /old/*\necho olddev: /olddev/*\necho bad >&2\n",
    )
    .unwrap();
    std::fs::set_permissions(dir.join("init"), std::fs::Permissions::from_mode(0o755)).unwrap();
    // run-init opens the console (-c /console) read-write, without creating it.
    std::fs::write(dir.join("console"), "").unwrap();
}

fn klibc_libs() -> Vec<PathBuf> {
    std::fs::read_dir("/usr/lib")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("klibc-") && n.ends_with(".so")
        })
        .collect()
}

/// Builds the fake initramfs in a private mount namespace and runs
/// `run_init` there as `/bin/run-init -c /console <args>`; returns the
/// console's contents.
fn switch(scratch: &Path, run_init: &Path, args: &[&str]) -> (Output, String) {
    switch_with(scratch, run_init, args, "")
}

/// [`switch`], with `extra` shell commands run just before it.
fn switch_with(scratch: &Path, run_init: &Path, args: &[&str], extra: &str) -> (Output, String) {
    let initramfs = scratch.join("initramfs");
    let newroot = scratch.join("newroot");
    let _ = std::fs::remove_dir_all(&initramfs);
    std::fs::create_dir_all(&initramfs).unwrap();
    make_new_root(&newroot);
    let libs: Vec<_> = klibc_libs()
        .into_iter()
        .map(|p| p.into_os_string())
        .collect();
    let mut argv: Vec<&OsStr> = vec![
        initramfs.as_os_str(),
        newroot.as_os_str(),
        run_init.as_os_str(),
    ];
    argv.extend(args.iter().map(OsStr::new));
    // Ours for another arch runs under the emulator, copied in beside it.
    let emu = if run_init == kinit() {
        target().emulator()
    } else {
        None
    };
    let script = format!(
        r#"
        T=$1 N=$2 R=$3; shift 3
        mount -t tmpfs initramfs "$T"
        mkdir -p "$T/root" "$T/dev" "$T/bin" "$T/lib" "$T/etc/deep/er" "$T/empty"
        echo data > "$T/etc/deep/er/file"
        ln -s /etc/deep "$T/link"
        mkfifo "$T/fifo"
        chmod 000 "$T/etc/deep"
        cp "$R" "$T/bin/run-init"
        cp {libs} "$T/lib/"
        mount -t tmpfs devfs "$T/dev"
        echo keep > "$T/dev/keep"
        [ -z "$EMU" ] || cp "$EMU" "$T/dev/.emu"
        mount --bind "$N" "$T/root"
        mount --bind "$T" "$T/root/old"
        mount --bind "$T/dev" "$T/root/olddev"
        {extra}
        exec chroot "$T" ${{EMU:+/dev/.emu -0 /bin/run-init}} /bin/run-init -c /console "$@"
        "#,
        libs = libs
            .iter()
            .map(|l| format!("'{}'", l.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let out = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-ec", &script, "sh"])
        .args(&argv)
        .env("EMU", emu.as_deref().unwrap_or(Path::new("")))
        .output()
        .expect("run unshare");
    let console = std::fs::read_to_string(newroot.join("console")).unwrap_or_default();
    (out, console)
}

/// Runs both run-inits through the same switch with `args`; checks that
/// they agree and that the console shows `expected`.
fn compare_switch(name: &str, args: &[&str], expected: &str, code: i32) {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("runinit-switch")
        .join(name);
    let mut results = Vec::new();
    for prog in [kinit(), Path::new(KLIBC_RUN_INIT)] {
        let dir = scratch.join(prog.file_name().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        results.push(switch(&dir, prog, args));
    }
    let (ours, theirs) = (&results[0], &results[1]);
    let err = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(
        theirs.0.status.code(),
        Some(code),
        "klibc: {}",
        err(&theirs.0)
    );
    assert_eq!(ours.0.status.code(), Some(code), "ours: {}", err(&ours.0));
    assert_eq!(theirs.1, expected, "klibc's run-init's console");
    assert_eq!(ours.1, expected, "our run-init's console");
    assert_eq!(err(&ours.0), err(&theirs.0));
    assert_eq!(ours.0.stdout, theirs.0.stdout);
}

#[test]
fn switches_root_like_klibc() {
    compare_switch(
        "switch",
        &["/root", "/init", "first", "second arg"],
        "init: /init first second arg\npwd: /\nold: /old/. /old/.. /old/dev /old/root\nolddev: /olddev/keep\nbad\n",
        0,
    );
}

#[test]
fn keeps_the_initramfs_with_p() {
    compare_switch(
        "persist",
        &["-p", "/root", "/init"],
        "init: /init \npwd: /\nold: /old/. /old/.. /old/bin /old/dev /old/empty /old/etc /old/fifo /old/lib /old/link /old/root\nolddev: /olddev/keep\nbad\n",
        0,
    );
}

#[test]
fn dry_run_checks_init_and_changes_nothing() {
    // Success: exit 0, init not run.
    compare_switch("dry", &["-n", "/root", "/init", "x"], "", 0);
    // init missing, or not executable: the message names init.
    compare_switch("dry-missing", &["-n", "/root", "/sbin/init"], "", 1);
    compare_switch("dry-noexec", &["-n", "/root", "/console"], "", 1);
}

#[test]
fn a_missing_init_is_reported() {
    // After the switch: the message goes to the console.
    compare_switch(
        "missing",
        &["/root", "/nonexistent"],
        "/bin/run-init: /nonexistent: No such file or directory\n",
        1,
    );
}

/// `-d`: the capabilities leave the bounding set, init's sets and the
/// usermode-helper sets. The host's real helper files are global, so the
/// namespace bind-mounts scratch files over them; the bounding and process
/// sets change only for run-init and what it execs.
#[test]
fn drops_capabilities() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("runinit-switch/caps");
    std::fs::create_dir_all(&dir).unwrap();
    let all = "4294967295\t511\n";
    for f in ["bset", "inheritable"] {
        std::fs::write(dir.join(f), all).unwrap();
    }
    let extra = format!(
        r#"
        mkdir "$T/proc"
        mount -t proc proc "$T/proc"
        mount --bind '{d}/bset' "$T/proc/sys/kernel/usermodehelper/bset"
        mount --bind '{d}/inheritable' "$T/proc/sys/kernel/usermodehelper/inheritable"
        mount -t proc proc "$T/root/proc"
        printf '#!/bin/sh\nwhile read k v; do case $k in Cap*) echo $k $v;; esac; done < /proc/self/status\n' > "$T/root/init"
        "#,
        d = dir.display()
    );
    let (out, console) = switch_with(
        &dir,
        kinit(),
        &["-d", "cap_sys_rawio,CAP_NET_RAW,39", "/root", "/init"],
        &extra,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Dropped capability: CAP_NET_RAW\nDropped capability: CAP_SYS_RAWIO\nDropped capability: CAP_BPF\n"
    );
    let dropped: u64 = (1 << 13) | (1 << 17) | (1 << 39);
    let caps = |name: &str| {
        let line = console
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {console:?}"));
        u64::from_str_radix(line.split(' ').nth(1).unwrap(), 16).unwrap()
    };
    let host_bounding = {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("CapBnd:")).unwrap();
        u64::from_str_radix(line.split_whitespace().nth(1).unwrap(), 16).unwrap()
    };
    assert_eq!(caps("CapBnd:"), host_bounding & !dropped, "{console}");
    assert_eq!(caps("CapPrm:"), host_bounding & !dropped, "{console}");
    assert_eq!(caps("CapEff:"), host_bounding & !dropped, "{console}");
    assert_eq!(caps("CapInh:"), 0);
    // The helper sets: bits 13 and 17 of the low word, bit 7 of the high.
    let want = format!("{} {}\n", !((1u32 << 13) | (1 << 17)), 511 & !(1 << 7));
    for f in ["bset", "inheritable"] {
        assert_eq!(std::fs::read_to_string(dir.join(f)).unwrap(), want, "{f}");
    }
}

/// A console the new root does not have: klibc's failure, after the switch.
/// (As PID 1, kinit keeps its console instead; the boot test covers that.)
#[test]
fn a_missing_console_is_reported() {
    compare_switch(
        "no-console",
        &["-c", "/dev/missing", "/root", "/init"],
        "",
        1,
    );
}

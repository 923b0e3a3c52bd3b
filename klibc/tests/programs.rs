//! klibc's integration tests: build the small programs in klibc/programs
//! twice — on bindings that bindgen generates from a real kernel's exported
//! headers (Debian's linux-source-6.12, via scripts/uapi-headers) and on
//! linux-raw-sys — run each as a child process, and check what it did
//! against std's view of the same files, processes and environment. With
//! `KLIBC_TEST_ARCH` the programs are built for that arch (from its own
//! exported headers) and run under qemu-user (see target_support).

mod target_support;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use target_support::target;

#[derive(Clone, Copy, Debug)]
enum Bindings {
    /// bindgen over 6.12's exported UAPI headers
    Kernel,
    /// linux-raw-sys, no kernel tree
    LinuxRawSys,
}

/// Builds klibc-programs (release: static, panic=abort, size-optimised) for
/// one bindings source, once per test run; returns the binaries' directory.
fn programs(b: Bindings) -> &'static Path {
    static KERNEL: OnceLock<PathBuf> = OnceLock::new();
    static LRS: OnceLock<PathBuf> = OnceLock::new();
    let cell = match b {
        Bindings::Kernel => &KERNEL,
        Bindings::LinuxRawSys => &LRS,
    };
    cell.get_or_init(|| build_programs(b))
}

fn build_programs(b: Bindings) -> PathBuf {
    let t = target();
    let target_dir =
        t.target_dir(&Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("klibc-programs-{b:?}")));
    let mut cmd = t.cargo();
    cmd.args([
        "build",
        "--release",
        "--offline",
        "--locked",
        "-p",
        "klibc-programs",
    ])
    .arg("--target-dir")
    .arg(&target_dir)
    .env_remove("KLIBC_UAPI_INCLUDE");
    if let Bindings::Kernel = b {
        cmd.args(["--features", "bindgen"])
            .env("KLIBC_UAPI_INCLUDE", t.uapi_headers("6.12"));
    }
    let status = cmd.status().expect("run cargo");
    assert!(
        status.success(),
        "building klibc-programs with {b:?} bindings for {} failed",
        t.arch
    );
    t.bin_dir(&target_dir, "release")
}

fn run(b: Bindings, prog: &str, args: &[&OsStr]) -> Output {
    let out = target()
        .command(programs(b).join(prog))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {prog}: {e}"));
    out
}

fn stdout_of(b: Bindings, prog: &str, args: &[&OsStr]) -> String {
    let out = run(b, prog, args);
    assert!(
        out.status.success(),
        "{prog} {args:?} failed with {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("scratch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod kernel_headers {
            $( #[test] fn $name() { super::$name(super::Bindings::Kernel) } )*
        }
        mod linux_raw_sys {
            $( #[test] fn $name() { super::$name(super::Bindings::LinuxRawSys) } )*
        }
    };
}

both!(
    file_round_trip,
    directory_listing,
    fork_exec_wait,
    errno_values,
    argv_and_envp,
    allocator_stress,
    panic_exits_nonzero,
    binaries_are_static
);

fn file_round_trip(b: Bindings) {
    let dir = Scratch::new(&format!("fileio-{b:?}"));
    let input: Vec<u8> = (0..300_001u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(dir.0.join("input"), &input).unwrap();

    let out = stdout_of(b, "kt-fileio", &[dir.0.as_os_str()]);
    assert_eq!(
        out,
        "copied 300001 bytes, fstat size 300001\n\
         seek 1000 end 65536 pread KLIBC\n\
         readlink renamed\n\
         fifo is fifo: true\n\
         lstat symlink is link: true\n"
    );
    let d = &dir.0;
    assert_eq!(
        std::fs::read(d.join("renamed")).unwrap(),
        input,
        "copy differs from input"
    );
    assert!(!d.join("copy").exists(), "rename left the old name");
    assert!(!d.join("hardlink").exists(), "unlink left the link");
    assert_eq!(std::fs::metadata(d.join("renamed")).unwrap().nlink(), 1);
    assert_eq!(
        std::fs::metadata(d.join("renamed"))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777,
        0o640 & !umask()
    );

    let mut want: Vec<u8> = (0..65536u32).map(|i| (i * 7 % 251) as u8).collect();
    want[1000..1005].copy_from_slice(b"KLIBC");
    assert_eq!(std::fs::read(d.join("made")).unwrap(), want);
    assert_eq!(
        std::fs::read_link(d.join("symlink")).unwrap(),
        Path::new("renamed")
    );
    assert!(std::fs::metadata(d.join("subdir")).unwrap().is_dir());
    assert!(std::fs::metadata(d.join("fifo"))
        .unwrap()
        .file_type()
        .is_fifo());
}

fn umask() -> u32 {
    // /proc/self/status has "Umask:\t0022".
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = s.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line[6..].trim(), 8).unwrap()
}

fn directory_listing(b: Bindings) {
    let dir = Scratch::new(&format!("dirlist-{b:?}"));
    let d = &dir.0;
    // Enough entries for several getdents64 calls, and a 255-byte name.
    for i in 0..600 {
        std::fs::write(d.join(format!("file-{i:04}")), b"x").unwrap();
    }
    std::fs::write(d.join("n".repeat(255)), b"").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink("file-0001", d.join("link")).unwrap();
    let status = Command::new("mkfifo").arg(d.join("pipe")).status().unwrap();
    assert!(status.success());

    let out = stdout_of(b, "kt-dirlist", &[d.as_os_str()]);
    let got: BTreeSet<(String, String)> = out
        .lines()
        .map(|l| {
            let (n, t) = l.split_once('\t').expect("name<TAB>type");
            (n.to_owned(), t.to_owned())
        })
        .collect();
    assert_eq!(got.len(), out.lines().count(), "an entry was listed twice");

    let mut want: BTreeSet<(String, String)> =
        [(".".into(), "dir".into()), ("..".into(), "dir".into())].into();
    for e in std::fs::read_dir(d).unwrap() {
        let e = e.unwrap();
        let ft = e.file_type().unwrap();
        let kind = if ft.is_dir() {
            "dir"
        } else if ft.is_symlink() {
            "symlink"
        } else if ft.is_fifo() {
            "fifo"
        } else {
            "file"
        };
        want.insert((e.file_name().into_string().unwrap(), kind.into()));
    }
    assert_eq!(got, want);
}

fn fork_exec_wait(b: Bindings) {
    // kt-proc execs this path; for another arch, a script running kt-args
    // under qemu-user.
    let dir = Scratch::new(&format!("proc-{b:?}"));
    let args = target().exec_path(&programs(b).join("kt-args"), &dir.0, "kt-args");
    let out = stdout_of(b, "kt-proc", &[args.as_os_str()]);
    assert_eq!(
        out,
        "exit child: Some(3)\n\
         exec child: Some(42)\n\
         killed child: exit None signal Some(9)\n\
         pipe child: pid matches true exit Some(0)\n\
         exec missing: ENOENT\n\
         wait without children: Some(ECHILD)\n"
    );
}

fn errno_values(b: Bindings) {
    let dir = Scratch::new(&format!("errno-{b:?}"));
    let out = stdout_of(b, "kt-errno", &[dir.0.as_os_str()]);
    assert_eq!(
        out,
        "open missing: ENOENT (No such file or directory)\n\
         mkdir existing: EEXIST (File exists)\n\
         read write-only fd: EBADF (Bad file descriptor)\n\
         open under a file: ENOTDIR (Not a directory)\n\
         rmdir not empty: ENOTEMPTY (Directory not empty)\n\
         unlink missing: ENOENT (No such file or directory)\n"
    );
    // A missing directory argument is an error on stderr with exit 1.
    let out = run(b, "kt-errno", &[OsStr::new("/nonexistent-dir")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "kt-errno: No such file or directory\n"
    );
}

fn argv_and_envp(b: Bindings) {
    let out = target()
        .command(programs(b).join("kt-args"))
        .args(["", "two words", "ünïcødé", "--flag=x"])
        .env_clear()
        .env("KT_SHOW", "HOME,EMPTY,MISSING")
        .env("HOME", "/root")
        .env("EMPTY", "")
        .output()
        .unwrap();
    assert!(out.status.success());
    let exe = programs(b).join("kt-args");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "argc=5\nargv[0]={}\nargv[1]=\nargv[2]=two words\nargv[3]=ünïcødé\nargv[4]=--flag=x\n\
             env HOME=/root\nenv EMPTY=\nenv MISSING unset\nenvc=3\npagesz=4096\n",
            exe.display()
        )
    );
    // Exit codes pass through start-up untouched.
    for code in [0, 1, 42, 255] {
        let out = run(
            b,
            "kt-args",
            &[OsStr::new("exit"), OsStr::new(&code.to_string())],
        );
        assert_eq!(out.status.code(), Some(code));
    }
}

fn allocator_stress(b: Bindings) {
    let out = stdout_of(b, "kt-alloc", &[]);
    assert!(
        out.starts_with("alloc ok: 20000 ops, "),
        "unexpected output: {out}"
    );
}

fn panic_exits_nonzero(b: Bindings) {
    let out = run(b, "kt-panic", &[OsStr::new("a")]);
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    let rest = err.strip_prefix("kt-panic: panicked at klibc/programs/src/bin/kt-panic.rs:");
    assert!(
        rest.is_some_and(|r| r.ends_with(":\ndeliberate panic\n")),
        "stderr: {err}"
    );
    assert!(out.stdout.is_empty());

    // A formatted message is shown as its location only (no core::fmt).
    let out = run(b, "kt-panic", &[OsStr::new("a"), OsStr::new("b")]);
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with(":\n(message with arguments not shown)\n"),
        "stderr: {err}"
    );
}

/// Whether the target's pointers are 64-bit.
fn wide_pointers() -> bool {
    !matches!(target().arch.as_str(), "arm" | "x86")
}

/// Every program is a static ELF executable of the target's machine and
/// class: ET_EXEC, no PT_INTERP, no PT_DYNAMIC (so nothing NEEDED), as
/// `file` would say "statically linked".
fn binaries_are_static(b: Bindings) {
    for prog in [
        "hello",
        "kt-fileio",
        "kt-dirlist",
        "kt-proc",
        "kt-errno",
        "kt-args",
        "kt-alloc",
        "kt-panic",
    ] {
        let elf = std::fs::read(programs(b).join(prog)).unwrap();
        assert_eq!(&elf[..4], b"\x7fELF", "{prog}: not ELF");
        let wide = elf[4] == 2;
        assert_eq!(
            wide,
            wide_pointers(),
            "{prog}: ELF class {} for {}",
            elf[4],
            target().arch
        );
        // Every arch here is little-endian but s390x.
        let big = elf[5] == 2;
        let int = |o: usize, n: usize| {
            let bytes = &elf[o..o + n];
            let fold = |v: u64, &x: &u8| (v << 8) | x as u64;
            (if big {
                bytes.iter().fold(0, fold)
            } else {
                bytes.iter().rev().fold(0, fold)
            }) as usize
        };
        assert_eq!(int(16, 2), 2, "{prog}: not ET_EXEC");
        assert_eq!(
            int(18, 2) as u16,
            target().elf_machine(),
            "{prog}: e_machine"
        );
        let (phoff, phentsize, phnum) = if wide {
            (int(32, 8), int(54, 2), int(56, 2))
        } else {
            (int(28, 4), int(42, 2), int(44, 2))
        };
        for i in 0..phnum {
            let p_type = int(phoff + i * phentsize, 4);
            assert_ne!(p_type, 3, "{prog}: has PT_INTERP");
            assert_ne!(p_type, 2, "{prog}: has PT_DYNAMIC");
        }
    }
    let out = Command::new("file")
        .arg(programs(b).join("hello"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("statically linked"), "file says: {said}");
}

//! klibc's own utilities (klibc 2.0.12's `usr/utils/`, from Debian's source
//! that scripts/setup unpacks) built unmodified with scripts/klcc must
//! behave as Debian's klibc-utils builds of them do (`/usr/lib/klibc/bin`):
//! the same stdout, stderr, exit status and effect on the files, over a
//! table of command lines per program, bad ones included (missing files,
//! bad options, a read-only target).
//!
//! Each command line runs twice, once per build, in a fresh private mount
//! namespace with a new tmpfs on the same scratch path (so paths, inode
//! numbers and directory order are the same for both), after the same
//! setup; the programs that must not touch the host (halt, minips) run in
//! their own PID namespace as its init, where reboot(2) only ends the
//! namespace. Afterwards every file under the scratch directory is listed
//! (type, mode, links, owner, size, device numbers, set times, contents).
//!
//! On another arch (`KLIBC_TEST_ARCH`, scripts/test-arch) both builds are
//! that arch's, run under qemu-user-static: ours with scripts/klcc for it,
//! the reference klibc-utils' static programs from klibc 2.0.12 built for
//! it by scripts/klibc-ref (Debian ships klibc-utils for the host's arch
//! only), the glibc cases with the arch's gcc and glibc (static). What the
//! emulator changes is the same for both builds and named where a case
//! depends on it: chroot's new root holds true and false built for the
//! host (see `chroot_programs`); minips sees itself through the emulator's
//! /proc/self files (its name from argv[0], `[minips]` for a command line).
//!
//! Where ours differs on purpose the case says how, and the comparison
//! checks exactly that difference:
//! - strerror's texts are glibc's ("Input/output error", not the kernel
//!   comments klibc prints, "I/O error"): dash's tests compare with
//!   glibc's dash. The map between the two comes from strerror itself.
//! - getopt prints POSIX's diagnostic for an unknown option
//!   (`prog: invalid option -- 'x'`), as glibc's does; klibc's prints
//!   nothing, so ours has that one line more before the program's own.
//! - `mount` lists mount points with the kernel's `\040` escapes decoded,
//!   as glibc's getmntent does (klibc prints them raw).

mod cabi_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Debian's klibc-utils, the reference.
const KLIBC_BIN: &str = "/usr/lib/klibc/bin";

/// The utilities and their sources (besides `<name>.c`).
const PROGRAMS: &[(&str, &[&str])] = &[
    ("cat", &["cat.c"]),
    ("chroot", &["chroot.c"]),
    ("cpio", &["cpio.c"]),
    ("dd", &["dd.c"]),
    ("dmesg", &["dmesg.c"]),
    ("false", &["false.c"]),
    ("halt", &["halt.c"]),
    ("insmod", &["insmod.c"]),
    ("kill", &["kill.c"]),
    ("ln", &["ln.c"]),
    ("losetup", &["losetup.c"]),
    ("ls", &["ls.c"]),
    ("minips", &["minips.c"]),
    ("mkdir", &["mkdir.c", "file_mode.c"]),
    ("mkfifo", &["mkfifo.c", "file_mode.c"]),
    ("mknod", &["mknod.c", "file_mode.c"]),
    ("mount", &["mount_main.c", "mount_opts.c"]),
    ("mv", &["mv.c"]),
    ("nuke", &["nuke.c"]),
    ("pivot_root", &["pivot_root.c"]),
    ("readlink", &["readlink.c"]),
    ("sleep", &["sleep.c"]),
    ("sync", &["sync.c"]),
    ("true", &["true.c"]),
    ("umount", &["umount.c"]),
    ("uname", &["uname.c"]),
];

fn work() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("klibc-utils")
        .join(&cabi_support::target().arch);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The utilities built with scripts/klcc from klibc's unmodified sources
/// (once per test binary); returns their directory.
fn ours() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let src = cabi_support::debian_source("klibc").join("usr/utils");
        let out = work().join("ours");
        std::fs::create_dir_all(&out).unwrap();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let failures = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, files)) = PROGRAMS.get(i) else {
                        break;
                    };
                    let o = cabi_support::klcc()
                        .args(["-O2", "-w", "-o"])
                        .arg(out.join(name))
                        .args(files.iter().map(|f| src.join(f)))
                        .output()
                        .expect("run klcc");
                    if !o.status.success() {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{name}:\n{}", text(&o.stderr)));
                    }
                });
            }
        });
        let f = failures.into_inner().unwrap();
        assert!(
            f.is_empty(),
            "klibc's utilities do not build on ours:\n{}",
            f.join("\n")
        );
        // halt is also reboot and poweroff, by its name (as klibc installs it).
        for alias in ["poweroff", "reboot"] {
            let _ = std::fs::remove_file(out.join(alias));
            std::os::unix::fs::symlink("halt", out.join(alias)).unwrap();
        }
        out
    })
}

/// The reference build of `prog`: Debian's klibc-utils on the host's
/// arch, else klibc's static build for the arch (scripts/klibc-ref).
fn klibc_bin(prog: &str) -> PathBuf {
    let p = match cabi_support::klibc_ref() {
        Some(r) => r.join("obj/usr/utils/static").join(prog),
        None => Path::new(KLIBC_BIN).join(prog),
    };
    assert!(
        p.is_file(),
        "{} is missing: install klibc-utils (scripts/setup does)",
        p.display()
    );
    p
}

/// The directory chroot's cases copy true and false from into the new
/// root: ours on the host's arch. On another arch, where qemu-user hands
/// execve to the host kernel (no binfmt_misc on a fresh machine) and the
/// new root has no emulator, klibc's true.c and false.c built for the host
/// by gcc, static: what chroot does is the same, only what it execs runs
/// natively.
fn chroot_programs() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if cabi_support::target().is_host() {
            return ours().to_owned();
        }
        let src = cabi_support::debian_source("klibc").join("usr/utils");
        let dir = work().join("host-exec");
        std::fs::create_dir_all(&dir).unwrap();
        for p in ["true", "false"] {
            let o = Command::new("gcc")
                .args(["-static", "-O2", "-o"])
                .arg(dir.join(p))
                .arg(src.join(format!("{p}.c")))
                .output()
                .expect("run gcc");
            assert!(o.status.success(), "gcc -static {p}.c: {}", text(&o.stderr));
        }
        dir
    })
}

/// The scratch path every run mounts its own tmpfs on.
fn scratch() -> &'static Path {
    static S: OnceLock<PathBuf> = OnceLock::new();
    S.get_or_init(|| {
        let s = work().join("root");
        std::fs::create_dir_all(&s).unwrap();
        s
    })
}

/// How a case runs.
#[derive(Clone, Copy, PartialEq)]
enum Ns {
    /// A private mount namespace; the files are listed afterwards.
    Mount,
    /// Also a PID namespace with its own /proc, the program exec'd as its
    /// init (halt, minips); no listing.
    Pid,
    /// The program in a mount namespace of its own inside the case's
    /// (pivot_root), then what `/` holds there is printed.
    Nested,
}

/// What may differ between the two builds (see the file's comment).
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// Everything the same (strerror texts mapped).
    Same,
    /// Ours prints getopt's diagnostic for this unknown option first.
    Getopt(char),
    /// Ours decodes the kernel's `\040` escapes in mount points (getmntent).
    MountEscapes,
    /// Only stdout's lines naming the scratch path are compared (mount
    /// tables: the host's own mounts may change between the two runs).
    ScratchLines,
    /// Both read the kernel log successfully; the last lines klibc's saw
    /// are also in ours, in order (ours runs later: the log may grow).
    KernelLog,
    /// stdout's whitespace-separated columns at these indexes are masked:
    /// a process's memory size is its binary's, not the C library's
    /// behaviour.
    Columns(&'static [usize]),
    /// klibc's behaviour is one glibc does not share, and ours follows
    /// glibc (the reason says which): the reference is the same source
    /// built with gcc on glibc.
    Glibc(&'static str),
}

struct Case {
    prog: &'static str,
    args: &'static [&'static str],
    /// bash, run in the scratch directory first.
    setup: &'static str,
    /// What stdin holds (empty when None).
    stdin: Option<fn() -> Vec<u8>>,
    /// bash, run after the program (its output is compared too).
    post: &'static str,
    ns: Ns,
    expect: Expect,
    /// What is expected instead on one arch under qemu-user (its name),
    /// and why the emulator changes it.
    arch: Option<(&'static str, Expect, &'static str)>,
}

const fn case(prog: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        prog,
        args,
        setup: "",
        stdin: None,
        post: "",
        ns: Ns::Mount,
        expect: Expect::Same,
        arch: None,
    }
}

impl Case {
    const fn setup(mut self, s: &'static str) -> Self {
        self.setup = s;
        self
    }
    const fn stdin(mut self, f: fn() -> Vec<u8>) -> Self {
        self.stdin = Some(f);
        self
    }
    const fn post(mut self, s: &'static str) -> Self {
        self.post = s;
        self
    }
    const fn pid_ns(mut self) -> Self {
        self.ns = Ns::Pid;
        self
    }
    const fn getopt(mut self, c: char) -> Self {
        self.expect = Expect::Getopt(c);
        self
    }
    const fn nested(mut self) -> Self {
        self.ns = Ns::Nested;
        self
    }
    const fn on_arch(mut self, arch: &'static str, e: Expect, why: &'static str) -> Self {
        self.arch = Some((arch, e, why));
        self
    }
    const fn expect(mut self, e: Expect) -> Self {
        self.expect = e;
        self
    }
}

/// What one run did.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: String,
    post: String,
    files: String,
}

/// Sets a fixed time on everything the setup made (the listing shows it).
const STAMP: &str = "find . -mindepth 1 -exec touch -h -d @1000000000 {} +";

/// Lists the scratch tree: path, type, mode, links, owner, size, device
/// numbers, mtime and link target of everything (one stat(1) for all),
/// then the md5 sums of the regular files (one md5sum(1) for all).
const LIST: &str = r#"
list() {
	find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		xargs -0r stat -c '%n|%F|%a %h %u:%g %s %t:%T|%Y|%N' --
	find . -mindepth 1 -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum --
}
"#;

/// The listing with modification times the setup did not set (anything
/// after 2017) shown as `new`: files the program made get the time it ran.
fn new_times(listing: &str) -> String {
    listing
        .lines()
        .map(|l| {
            let mut f: Vec<String> = l.split('|').map(str::to_owned).collect();
            if f.len() == 5 && f[3].parse::<u64>().is_ok_and(|t| t >= 1_500_000_000) {
                f[3] = "new".into();
            }
            f.join("|") + "\n"
        })
        .collect()
}

/// Quotes a word for bash; words starting with `$` stay variables.
fn word(a: &str) -> String {
    if let Some(v) = a.strip_prefix('$') {
        format!("\"${v}\"")
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}

fn run(c: &Case, bin: &Path, tag: &str) -> Outcome {
    let id = format!(
        "{}-{}-{tag}",
        c.prog,
        c.args.join("_").replace(['/', ' ', '$', '*'], "+")
    );
    let r = cabi_support::fresh_run_dir(&work(), &id);
    std::fs::write(r.join("stdin"), c.stdin.map(|f| f()).unwrap_or_default()).unwrap();
    let args: Vec<String> = c.args.iter().map(|a| word(a)).collect();
    // Under qemu-user the emulator runs the program (static: no sysroot).
    let mut invoke = match cabi_support::target().emulator() {
        None => format!(
            "exec -a {} {} {}",
            word(c.prog),
            word(&bin.to_string_lossy()),
            args.join(" ")
        ),
        Some(emu) => format!(
            "exec {} -0 {} {} {}",
            word(&emu.to_string_lossy()),
            word(c.prog),
            word(&bin.to_string_lossy()),
            args.join(" ")
        ),
    };
    if c.ns == Ns::Nested {
        invoke = format!(
            "exec unshare --mount --propagation private bash -c {}",
            word(&format!(
                "({invoke}); s=$?; echo \"/: $(echo /*)\"; exit $s"
            ))
        );
    }
    let mut script = format!(
        "S={}\nR={}\nOURS={}\nEXEC={}\nset -e\nmount -t tmpfs -o mode=0755 tmpfs \"$S\"\ncd \"$S\"\numask 022\n{LIST}\n{}\n{STAMP} 2>/dev/null || true\nset +e\n",
        word(&scratch().to_string_lossy()),
        word(&r.to_string_lossy()),
        word(&ours().to_string_lossy()),
        word(&chroot_programs().to_string_lossy()),
        c.setup
    );
    match c.ns {
        Ns::Mount | Ns::Nested => script.push_str(&format!(
            "({invoke}) <\"$R/stdin\" >\"$R/out\" 2>\"$R/err\"\necho $? >\"$R/status\"\ncd \"$S\"\n{{ {}\n}} >\"$R/post\" 2>&1\nlist >\"$R/files\" 2>&1\n",
            if c.post.is_empty() { ":" } else { c.post }
        )),
        // The guard: never run these outside a PID namespace of their own.
        Ns::Pid => script.push_str(&format!(
            "[ $$ -eq 1 ] || {{ echo 'not PID 1 of a new PID namespace' >&2; exit 99; }}\n{invoke} <\"$R/stdin\"\n"
        )),
    }
    std::fs::write(r.join("run.sh"), &script).unwrap();
    let mut cmd = Command::new("unshare");
    cmd.args(["--mount", "--propagation", "private"]);
    if c.ns == Ns::Pid {
        cmd.args(["--pid", "--fork", "--mount-proc"]);
    }
    let o = cmd
        .arg("bash")
        .arg(r.join("run.sh"))
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("run unshare");
    let read = |n: &str| {
        std::fs::read(r.join(n))
            .map(|b| text(&b))
            .unwrap_or_default()
    };
    match c.ns {
        Ns::Mount | Ns::Nested => {
            assert!(
                o.status.success() && r.join("status").is_file(),
                "{id}: the harness failed ({:?}):\n{}{}",
                o.status,
                text(&o.stdout),
                text(&o.stderr)
            );
            Outcome {
                stdout: read("out"),
                stderr: read("err"),
                status: read("status").trim().to_owned(),
                post: read("post"),
                files: new_times(&read("files")),
            }
        }
        Ns::Pid => {
            use std::os::unix::process::ExitStatusExt;
            let status = match (o.status.code(), o.status.signal()) {
                (Some(99), _) => panic!("{id}: {}", text(&o.stderr)),
                (Some(c), _) => c.to_string(),
                (None, Some(s)) => format!("signal {s}"),
                _ => unreachable!(),
            };
            Outcome {
                stdout: text(&o.stdout),
                stderr: text(&o.stderr),
                status,
                post: String::new(),
                files: String::new(),
            }
        }
    }
}

/// strerror's texts by errno in a build made with `klcc` (ours or
/// Debian's): the difference between the two is the texts' map.
fn strerror_texts(klcc: Command, tag: &str) -> Vec<String> {
    let dir = work().join("strerror");
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("strerror.c");
    std::fs::write(
        &src,
        "#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n\tfor (int i = 0; i < 134; i++)\n\t\tprintf(\"%s\\n\", strerror(i));\n\treturn 0;\n}\n",
    )
    .unwrap();
    let bin = dir.join(tag);
    let mut klcc = klcc;
    let o = klcc
        .arg("-o")
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("run klcc");
    assert!(o.status.success(), "{tag}: {}", text(&o.stderr));
    let o = cabi_support::run_static(&bin, None).output().unwrap();
    text(&o.stdout).lines().map(str::to_owned).collect()
}

/// klibc's strerror texts that ours words differently, and ours.
fn strerror_map() -> &'static Vec<(String, String)> {
    static M: OnceLock<Vec<(String, String)>> = OnceLock::new();
    M.get_or_init(|| {
        let k = strerror_texts(cabi_support::klibc_klcc(), "klibc");
        let o = strerror_texts(cabi_support::klcc(), "ours");
        assert_eq!(k.len(), o.len());
        let mut m: Vec<(String, String)> = k.into_iter().zip(o).filter(|(a, b)| a != b).collect();
        // Longest first, so that no text replaces a part of a longer one.
        m.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
        m
    })
}

/// klibc's output with its strerror texts (at the end of a line, after a
/// space) in ours' words.
fn glibc_words(s: &str) -> String {
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let mut body = body.to_owned();
        for (k, o) in strerror_map() {
            if body.ends_with(&format!(" {k}")) {
                body.truncate(body.len() - k.len());
                body.push_str(o);
                break;
            }
        }
        out.push_str(&body);
        out.push_str(nl);
    }
    out
}

/// A utility built with gcc on glibc, the third opinion (klibc's
/// __noreturn spelled out, as glibc has no <klibc/compiler.h>, and
/// <sys/sysmacros.h> included, which klibc's <sys/types.h> includes and
/// glibc's does not).
fn glibc_build(prog: &str) -> PathBuf {
    let (_, files) = PROGRAMS
        .iter()
        .find(|(n, _)| *n == prog)
        .unwrap_or_else(|| panic!("no sources known for {prog}"));
    let src = cabi_support::debian_source("klibc").join("usr/utils");
    let dir = work().join("glibc");
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join(prog);
    let o = cabi_support::glibc_cc_static()
        .args([
            "-O2",
            "-w",
            "-D__noreturn=void __attribute__((noreturn))",
            "-include",
            "sys/sysmacros.h",
            "-o",
        ])
        .arg(&bin)
        .args(files.iter().map(|f| src.join(f)))
        .output()
        .expect("run gcc");
    assert!(
        o.status.success(),
        "gcc build of {prog}: {}",
        text(&o.stderr)
    );
    bin
}

fn check(c: &Case) {
    let name = format!("{} {}", c.prog, c.args.join(" "));
    let t = cabi_support::target();
    let (expect, arch_why) = match c.arch {
        Some((a, e, why)) if a == t.arch && !t.is_host() => (e, why),
        _ => (c.expect, ""),
    };
    let theirs = match expect {
        Expect::Glibc(why) => {
            let k = run(c, &klibc_bin(c.prog), "klibc");
            let g = run(c, &glibc_build(c.prog), "glibc");
            assert_ne!(
                k, g,
                "`{name}`: klibc and glibc agree here; the case says: {why} {arch_why}"
            );
            g
        }
        _ => run(c, &klibc_bin(c.prog), "klibc"),
    };
    let mine = run(c, &ours().join(c.prog), "ours");
    let theirs_raw = Outcome {
        stdout: theirs.stdout.clone(),
        stderr: theirs.stderr.clone(),
        status: theirs.status.clone(),
        post: theirs.post.clone(),
        files: theirs.files.clone(),
    };
    let mut want = Outcome {
        stdout: glibc_words(&theirs.stdout),
        stderr: glibc_words(&theirs.stderr),
        post: glibc_words(&theirs.post),
        ..theirs
    };
    let mut mine = mine;
    match expect {
        Expect::Same => {}
        Expect::Getopt(opt) => {
            want.stderr = format!("{}: invalid option -- '{opt}'\n{}", c.prog, want.stderr);
        }
        Expect::MountEscapes => {
            assert!(
                want.stdout.contains("\\040"),
                "`{name}`: klibc's listing shows no \\040 escape, the case tests nothing"
            );
            want.stdout = want.stdout.replace("\\040", " ");
        }
        Expect::ScratchLines => {
            let s = scratch().to_string_lossy().into_owned();
            let keep = |t: &str| -> String {
                t.lines()
                    .filter(|l| l.contains(&s))
                    .map(|l| format!("{l}\n"))
                    .collect()
            };
            want.stdout = keep(&want.stdout);
            mine.stdout = keep(&mine.stdout);
        }
        Expect::Glibc(_) => {
            // glibc's own texts: nothing to map.
            want.stdout = theirs_raw.stdout.clone();
            want.stderr = theirs_raw.stderr.clone();
            want.post = theirs_raw.post.clone();
        }
        Expect::Columns(cols) => {
            let mask = |t: &str| -> String {
                t.lines()
                    .map(|l| {
                        let w: Vec<&str> = l
                            .split_whitespace()
                            .enumerate()
                            .map(|(i, x)| if cols.contains(&i) { "*" } else { x })
                            .collect();
                        format!("{}\n", w.join(" "))
                    })
                    .collect()
            };
            want.stdout = mask(&want.stdout);
            mine.stdout = mask(&mine.stdout);
        }
        Expect::KernelLog => {
            let tail: Vec<&str> = want.stdout.lines().rev().take(20).collect();
            assert!(tail.len() > 5, "`{name}`: klibc's dmesg printed too little");
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            let ours: Vec<&str> = mine.stdout.lines().collect();
            assert!(
                ours.windows(tail.len()).any(|w| w == tail.as_slice()),
                "`{name}`: the last lines of klibc's kernel log are not in ours:\n{}",
                tail.join("\n")
            );
            want.stdout = mine.stdout.clone();
        }
    }
    let fields: [(&str, &String, &String); 5] = [
        ("exit status", &want.status, &mine.status),
        ("stdout", &want.stdout, &mine.stdout),
        ("stderr", &want.stderr, &mine.stderr),
        ("after-run check", &want.post, &mine.post),
        ("files", &want.files, &mine.files),
    ];
    for (what, w, m) in fields {
        assert_eq!(
            w, m,
            "`{name}`: {what} differs (left: klibc-utils', right: ours)"
        );
    }
}

fn check_all(cases: &[Case]) {
    for c in cases {
        check(c);
    }
}

/// A read-only tmpfs at ro/ (with a file in it made before it went read-only).
const RO: &str = "mkdir ro && mount -t tmpfs tmpfs ro && echo x >ro/f && mount -o remount,ro ro";

/// Files of every kind: a, b (text), e (empty), d/ with d/f, s -> a, dangling
/// symlink, fifo p, char device c (1,3), block device k (7,0), setuid x.
const TREE: &str = "printf 'one\\ntwo\\n\\n\\n\\tthree\\x01\\x7f\\xe9\\n' >a
printf 'b1\\nb2' >b
: >e
mkdir d && echo inner >d/f
ln -s a s && ln -s nowhere dangling
mkfifo p && mknod c c 1 3 && mknod k b 7 0
echo '#!/bin/sh' >x && chmod 4755 x";

fn cpio_archive(entries: &[(&str, u32, &[u8], u32)]) -> Vec<u8> {
    // (name, mode, data, nlink); newc with inode = index + 1.
    let mut out = Vec::new();
    let pad = |v: &mut Vec<u8>| {
        while v.len() & 3 != 0 {
            v.push(0);
        }
    };
    let mut all: Vec<(&str, u32, &[u8], u32)> = entries.to_vec();
    all.push(("TRAILER!!!", 0, b"", 1));
    for (i, (name, mode, data, nlink)) in all.iter().enumerate() {
        let ino = if *name == "TRAILER!!!" {
            0
        } else {
            i as u32 + 1
        };
        let fields = [
            ino,
            *mode,
            0,
            0,
            *nlink,
            1_000_000_000,
            data.len() as u32,
            0,
            0,
            if mode & 0o170000 == 0o020000 { 1 } else { 0 },
            if mode & 0o170000 == 0o020000 { 3 } else { 0 },
            name.len() as u32 + 1,
            0,
        ];
        out.extend_from_slice(b"070701");
        for f in fields {
            out.extend_from_slice(format!("{f:08X}").as_bytes());
        }
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        pad(&mut out);
        out.extend_from_slice(data);
        pad(&mut out);
    }
    out
}

fn archive() -> Vec<u8> {
    cpio_archive(&[
        ("d", 0o040755, b"", 2),
        ("d/f", 0o100644, b"inside\n", 1),
        ("top", 0o100600, b"top file\n", 1),
        ("link", 0o120777, b"top", 1),
        ("fifo", 0o010644, b"", 1),
        ("null", 0o020666, b"", 1),
        ("exec", 0o104755, b"#!/bin/sh\n", 1),
    ])
}

fn archive_truncated() -> Vec<u8> {
    let mut a = archive();
    a.truncate(200);
    a
}

fn not_an_archive() -> Vec<u8> {
    b"this is not a cpio archive\n".repeat(20)
}

fn lines() -> Vec<u8> {
    b"from stdin\n\n\n\nlast\n".to_vec()
}

#[test]
fn cat() {
    check_all(&[
        case("cat", &["a"]).setup(TREE),
        case("cat", &["a", "b", "e"]).setup(TREE),
        case("cat", &["-n", "a", "b"]).setup(TREE),
        case("cat", &["-b", "a"]).setup(TREE),
        case("cat", &["-s", "a"]).setup(TREE),
        case("cat", &["-v", "a"]).setup(TREE),
        case("cat", &["-e", "a"]).setup(TREE),
        case("cat", &["-t", "a"]).setup(TREE),
        case("cat", &["-u", "a"]).setup(TREE),
        case("cat", &["-l", "a"]).setup(TREE),
        case("cat", &["-f", "a", "d"]).setup(TREE),
        case("cat", &[]).stdin(lines),
        case("cat", &["-", "a"]).setup(TREE).stdin(lines),
        case("cat", &["-n", "-"]).stdin(lines),
        case("cat", &["missing"]),
        case("cat", &["a", "missing", "b"]).setup(TREE),
        case("cat", &["d"]).setup(TREE),
        case("cat", &["-z", "a"]).setup(TREE).getopt('z'),
    ]);
}

#[test]
fn true_false_sync() {
    check_all(&[
        case("true", &[]),
        case("true", &["--help", "x"]),
        case("false", &[]),
        case("false", &["x"]),
        case("sync", &[]),
        case("sync", &["x"]),
    ]);
}

#[test]
fn uname() {
    check_all(&[
        case("uname", &[]),
        case("uname", &["-a"]),
        case("uname", &["-s"]),
        case("uname", &["-n"]),
        case("uname", &["-r"]),
        case("uname", &["-v"]),
        case("uname", &["-m"]),
        case("uname", &["-p"]),
        case("uname", &["-i"]),
        case("uname", &["-o"]),
        case("uname", &["-snrvm"]),
        case("uname", &["-h"]),
        case("uname", &["-x"]).getopt('x'),
        case("uname", &["extra"]),
    ]);
}

#[test]
fn ls() {
    check_all(&[
        case("ls", &[]).setup(TREE),
        case("ls", &["a", "s", "p", "c", "k", "x", "dangling"]).setup(TREE),
        case("ls", &["d"]).setup(TREE),
        case("ls", &["d", "a"]).setup(TREE),
        case("ls", &["-h"]),
        case("ls", &["missing"]),
        case("ls", &["a", "missing"]).setup(TREE),
    ]);
}

#[test]
fn readlink() {
    check_all(&[
        case("readlink", &["s"]).setup(TREE),
        case("readlink", &["s", "dangling"]).setup(TREE),
        case("readlink", &["-f", "s"]).setup(TREE),
        case("readlink", &["-f", "d/../d/./f"]).setup(TREE),
        case("readlink", &["-f", "dangling"]).setup(TREE),
        case("readlink", &["-f", "missing/x"]).setup(TREE),
        case("readlink", &["-f", "a/x"]).setup(TREE),
        case("readlink", &["a"]).setup(TREE),
        case("readlink", &["missing"]),
        case("readlink", &[]),
        case("readlink", &["-x", "s"]).setup(TREE).getopt('x'),
    ]);
}

#[test]
fn sleep() {
    check_all(&[
        case("sleep", &["0.01"]),
        case("sleep", &[".01"]),
        case("sleep", &["0"]),
        case("sleep", &[]),
        case("sleep", &["x"]),
        case("sleep", &["0.01x"]),
        case("sleep", &["1", "2"]),
    ]);
}

#[test]
fn cpio() {
    check_all(&[
        case("cpio", &["-i"]).stdin(archive),
        case("cpio", &["-iV"]).stdin(archive),
        case("cpio", &["-i"]).setup("echo old >top").stdin(archive),
        case("cpio", &["-i"]).stdin(archive_truncated),
        case("cpio", &["-i"]).stdin(not_an_archive),
        case("cpio", &["-i"]),
        case("cpio", &[]),
        case("cpio", &["-o"]).getopt('o'),
        case("cpio", &["-i"])
            .setup("mkdir ro && mount -t tmpfs -o ro tmpfs ro && cd ro")
            .stdin(archive),
    ]);
}

#[test]
fn dd() {
    const IN: &str = "printf '0123456789abcdefghij' >in";
    check_all(&[
        case("dd", &["if=in", "of=out"]).setup(IN),
        case("dd", &["if=in", "of=out", "bs=3"]).setup(IN),
        case("dd", &["if=in", "of=out", "bs=2", "count=3", "skip=2", "seek=1"]).setup(IN),
        case("dd", &["if=in", "of=out", "ibs=1", "obs=7"]).setup(IN),
        case("dd", &["if=in", "of=out", "bs=1k", "count=1"]).setup(IN),
        case("dd", &["if=in", "of=out", "bs=4", "conv=sync"]).setup(IN),
        case("dd", &["if=in", "of=out", "conv=notrunc"]).setup("printf '0123456789abcdefghij' >in; printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' >out"),
        case("dd", &["if=in", "of=out"]).setup("printf '0123456789abcdefghij' >in; printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' >out"),
        case("dd", &["if=in", "of=out", "conv=ucase"]).setup(IN),
        case("dd", &["if=in", "bs=5"]).setup(IN),
        case("dd", &["of=out"]).stdin(lines),
        case("dd", &[]).stdin(lines),
        case("dd", &["if=missing", "of=out"]),
        case("dd", &["if=in", "of=ro/out"]).setup("printf '0123456789abcdefghij' >in; mkdir ro && mount -t tmpfs -o ro tmpfs ro"),
        case("dd", &["if=in", "of=out", "skip=100"]).setup(IN),
        case("dd", &["if=d", "of=out"]).setup("mkdir d"),
        case("dd", &["bogus=1"]),
        case("dd", &["bs=abc"]),
        case("dd", &["conv=nosuch"]),
        case("dd", &["count"]),
    ]);
}

#[test]
fn chroot() {
    const ROOT: &str =
        "mkdir -p root/bin && cp \"$EXEC/true\" \"$EXEC/false\" root/bin/ && : >file";
    check_all(&[
        case("chroot", &["root", "/bin/true"]).setup(ROOT),
        case("chroot", &["root", "/bin/false", "x"]).setup(ROOT),
        case("chroot", &["root", "true"]).setup(ROOT),
        case("chroot", &["root", "/nope"]).setup(ROOT),
        case("chroot", &["root", "nope"]).setup(ROOT),
        case("chroot", &["missing", "true"]),
        case("chroot", &["file", "true"]).setup(ROOT),
        case("chroot", &["root"]).setup(ROOT),
        case("chroot", &[]),
    ]);
}

#[test]
fn ln() {
    check_all(&[
        case("ln", &["a", "h"]).setup(TREE),
        case("ln", &["-s", "a", "t"]).setup(TREE),
        case("ln", &["-s", "nowhere", "t"]),
        case("ln", &["-f", "a", "b"]).setup(TREE),
        case("ln", &["-sf", "a", "b"]).setup(TREE),
        case("ln", &["a", "b"]).setup(TREE),
        case("ln", &["./a", "./b", "d"]).setup(TREE),
        case("ln", &["-s", "./a", "d"]).setup(TREE),
        case("ln", &["./a", "./b", "e"]).setup(TREE),
        case("ln", &["./a", "./b", "nodir"]).setup(TREE),
        case("ln", &["missing", "t"]),
        case("ln", &["d", "t"]).setup(TREE),
        case("ln", &["ro/f", "ro/g"]).setup(RO),
        case("ln", &["a"]).setup(TREE),
        case("ln", &[]),
        case("ln", &["-x", "a", "t"]).setup(TREE).getopt('x'),
    ]);
}

#[test]
fn mv() {
    check_all(&[
        case("mv", &["a", "z"]).setup(TREE),
        case("mv", &["a", "b"]).setup(TREE),
        case("mv", &["-f", "a", "b"]).setup(TREE),
        case("mv", &["d", "d2"]).setup(TREE),
        case("mv", &["./a", "./b", "d"]).setup(TREE),
        case("mv", &["./a", "./b", "nodir"]).setup(TREE),
        case("mv", &["missing", "z"]),
        case("mv", &["a", "ro/a"]).setup("echo a >a; mkdir ro && mount -t tmpfs -o ro tmpfs ro"),
        case("mv", &["ro/f", "ro/g"]).setup(RO),
        case("mv", &["d", "d/sub"]).setup(TREE),
        case("mv", &["a"]).setup(TREE),
        case("mv", &[]),
        case("mv", &["-x", "a", "z"]).setup(TREE).getopt('x'),
    ]);
}

#[test]
fn mkdir() {
    check_all(&[
        case("mkdir", &["x"]),
        case("mkdir", &["x", "y", "z"]),
        case("mkdir", &["-p", "x/y/z"]),
        case("mkdir", &["-p", "d/f/g"]).setup(TREE),
        case("mkdir", &["-p", "d"]).setup(TREE),
        case("mkdir", &["-m", "700", "x"]),
        case("mkdir", &["-m", "u=rwx,g=rx,o=", "x"]),
        case("mkdir", &["-m", "a+t", "x"]),
        case("mkdir", &["-m", "g+s,o-rx", "-p", "x/y"]),
        case("mkdir", &["-m", "bogus", "x"]),
        case("mkdir", &["d"]).setup(TREE),
        case("mkdir", &["missing/x"]),
        case("mkdir", &["ro/x"]).setup(RO),
        case("mkdir", &["a/x"]).setup(TREE),
        case("mkdir", &[]),
        case("mkdir", &["-q", "x"]).getopt('q'),
    ]);
}

#[test]
fn mkfifo() {
    check_all(&[
        case("mkfifo", &["f"]),
        case("mkfifo", &["f", "g"]),
        case("mkfifo", &["-m", "600", "f"]),
        case("mkfifo", &["-m", "go-r", "f"]),
        case("mkfifo", &["-m", "nonsense", "f"]),
        case("mkfifo", &["a"]).setup(TREE),
        case("mkfifo", &["missing/f"]),
        case("mkfifo", &["ro/f"]).setup(RO),
        case("mkfifo", &[]),
        case("mkfifo", &["-q", "f"]).getopt('q'),
    ]);
}

#[test]
fn mknod() {
    check_all(&[
        case("mknod", &["n", "c", "1", "3"]),
        case("mknod", &["n", "b", "7", "1"]),
        case("mknod", &["n", "u", "1", "5"]),
        case("mknod", &["n", "p"]),
        case("mknod", &["-m", "600", "n", "c", "1", "3"]),
        case("mknod", &["-m", "a=rw", "n", "p"]),
        case("mknod", &["n", "c", "4095", "1048575"]).on_arch(
            "riscv64",
            Expect::Glibc("glibc's build makes the device as ours does"),
            "klibc's dev_t is 32 bits, 0xffffffff here, which the RISC-V ABI \
             sign-extends in its register: the kernel's mknodat takes an unsigned \
             int and ignores the upper half, but qemu-user hands the whole register \
             to the host's glibc mknodat, which refuses a dev_t wider than 32 bits \
             (EINVAL). The emulator's, not klibc's: glibc's build is the reference",
        ),
        case("mknod", &["n", "c", "x", "3"]),
        case("mknod", &["n", "c", "1"]),
        case("mknod", &["n", "p", "1", "3"]),
        case("mknod", &["n", "z", "1", "3"]),
        case("mknod", &["a", "c", "1", "3"]).setup(TREE),
        case("mknod", &["ro/n", "p"]).setup(RO),
        case("mknod", &["-m", "bad", "n", "p"]),
        case("mknod", &[]),
    ]);
}

#[test]
fn nuke() {
    check_all(&[
        case("nuke", &["d"]).setup(TREE),
        case("nuke", &["a", "s", "p", "c"]).setup(TREE),
        case("nuke", &["deep"])
            .setup("mkdir -p deep/a/b/c && touch deep/a/b/c/f deep/a/x && ln -s .. deep/a/up"),
        case("nuke", &["missing"]),
        case("nuke", &["ro/f"]).setup(RO),
        case("nuke", &[]),
    ]);
}

/// The mounts under the scratch directory, from the kernel's table.
const MOUNTS: &str =
    "awk -v s=\"$S\" 'index($2, s) == 1 { print $1, $2, $3, $4 }' /proc/self/mounts";

#[test]
fn mount() {
    const M: &str = "mkdir m n && : >file && mkdir -p d && echo in-d >d/f";
    const MOUNTED: &str = "mkdir m n && mount -t tmpfs -o size=64k tmpfs m && echo x >m/f";
    check_all(&[
        case("mount", &["-t", "tmpfs", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                "size=1m,mode=700,nosuid,nodev",
                "none",
                "m",
            ],
        )
        .setup(M)
        .post(MOUNTS),
        case("mount", &["-r", "-t", "tmpfs", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case(
            "mount",
            &["-w", "-o", "ro,noexec", "-t", "tmpfs", "none", "m"],
        )
        .setup(M)
        .post(MOUNTS),
        case("mount", &["-o", "bind", "d", "m"])
            .setup(M)
            .post(MOUNTS),
        case("mount", &["-o", "remount,ro", "none", "m"])
            .setup(MOUNTED)
            .post(MOUNTS),
        case("mount", &["-o", "move", "m", "n"])
            .setup(MOUNTED)
            .post(MOUNTS),
        case("mount", &["-t", "nosuchfs", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case("mount", &["-t", "nosuchfs,tmpfs", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case("mount", &["-t", "tmpfs", "-o", "nosuchoption", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case("mount", &["-t", "tmpfs", "none", "missing"]),
        case("mount", &["-t", "tmpfs", "none", "file"]).setup(M),
        case("mount", &["-o", "remount,ro", "none", "d"]).setup(M),
        case("mount", &["-t", "tmpfs", "none", "ro/x"]).setup(RO),
        case("mount", &["none", "m"]).setup(M),
        case("mount", &["-t", "tmpfs", "m"]).setup(M),
        case("mount", &["-f", "-t", "tmpfs", "none", "m"])
            .setup(M)
            .post(MOUNTS),
        case("mount", &["-h"]),
        case("mount", &["-x"]).getopt('x'),
        case("mount", &[])
            .setup(MOUNTED)
            .expect(Expect::ScratchLines),
        case("mount", &["-t", "tmpfs"])
            .setup(MOUNTED)
            .expect(Expect::ScratchLines),
        case("mount", &["-t", "tmpfs"])
            .setup("mkdir 'with space' && mount -t tmpfs -o size=64k spacey 'with space'")
            .expect(Expect::MountEscapes),
    ]);
}

#[test]
fn umount() {
    const MOUNTED: &str = "mkdir m d && mount -t tmpfs -o size=64k tmpfs m && echo x >m/f";
    check_all(&[
        case("umount", &["m"]).setup(MOUNTED).post(MOUNTS),
        case("umount", &["-l", "m"]).setup(MOUNTED).post(MOUNTS),
        case("umount", &["-f", "m"]).setup(MOUNTED).post(MOUNTS),
        case("umount", &["-i", "m"]).setup(MOUNTED).post(MOUNTS),
        case("umount", &["m"])
            .setup(
                "mkdir m && mount -t tmpfs tmpfs m
                (cd m && exec sleep 30 >/dev/null 2>&1) &
                BUSY=$!
                until [ \"$(readlink /proc/$BUSY/cwd)\" = \"$S/m\" ]; do sleep 0.01; done",
            )
            .post(
                "kill %1; wait; awk -v s=\"$S\" 'index($2, s) == 1 { print $2 }' /proc/self/mounts",
            ),
        case("umount", &["d"]).setup(MOUNTED),
        case("umount", &["missing"]),
        case("umount", &["m", "d"]).setup(MOUNTED),
        case("umount", &[]),
        case("umount", &["-x", "m"]).setup(MOUNTED).getopt('x'),
    ]);
}

#[test]
fn pivot_root() {
    check_all(&[
        case("pivot_root", &["new", "new/old"])
            .setup("mkdir new && mount -t tmpfs tmpfs new && mkdir new/old new/bin")
            .nested(),
        case("pivot_root", &["new", "new/missing"])
            .setup("mkdir new && mount -t tmpfs tmpfs new")
            .nested(),
        case("pivot_root", &["d", "d/old"])
            .setup("mkdir -p d/old")
            .nested(),
        case("pivot_root", &["missing", "x"]).nested(),
        case("pivot_root", &["a"]),
        case("pivot_root", &[]),
    ]);
}

/// kill's perror("pid") after strtol (which sets no errno for junk)
/// prints whatever errno held: klibc's start-up leaves ENOTTY from its
/// isatty check of stdout; glibc's and ours leave 0 ("Success").
const STALE_ERRNO: &str = "errno at main() is 0 (klibc leaves ENOTTY from its stdout check)";

#[test]
fn kill() {
    check_all(&[
        case("kill", &["$KID"])
            .setup("sleep 30 >/dev/null 2>&1 & KID=$!")
            .post("wait $KID; echo \"child: $?\""),
        case("kill", &["999999999"]),
        case("kill", &["-9"]),
        case("kill", &["12x"]).expect(Expect::Glibc(STALE_ERRNO)),
        case("kill", &["abc"]).expect(Expect::Glibc(STALE_ERRNO)),
        case("kill", &[]),
        case("kill", &["1", "2"]),
    ]);
}

#[test]
fn insmod() {
    // The kernel refuses these before loading anything: nothing is loaded.
    check_all(&[
        case("insmod", &["m.ko"]).setup("echo 'not a module' >m.ko"),
        case("insmod", &["-p", "-s", "-f", "m.ko", "a=1", "b=two words"])
            .setup("echo 'not a module' >m.ko"),
        case("insmod", &["bin.ko"]).setup("cp \"$OURS/true\" bin.ko"),
        case("insmod", &["missing.ko"]),
        case("insmod", &["d"]).setup("mkdir d"),
        case("insmod", &["-V"]),
        case("insmod", &["--version"]),
        case("insmod", &[]),
    ]);
}

#[test]
fn losetup() {
    // Queries only: attaching a loop device would change the host for
    // everyone else's tests.
    check_all(&[
        case("losetup", &["a"]).setup("echo data >a"),
        case("losetup", &["/dev/null"]),
        case("losetup", &["missing"]),
        case("losetup", &["-d", "a"]).setup("echo data >a"),
        case("losetup", &["-h"]),
        case("losetup", &[]),
        case("losetup", &["-x"]).getopt('x'),
        case("losetup", &["-f", "-o", "x", "a"]).setup("echo data >a"),
    ]);
}

#[test]
fn dmesg() {
    check_all(&[
        case("dmesg", &[]).expect(Expect::KernelLog),
        case("dmesg", &["extra", "args"]).expect(Expect::KernelLog),
        case("dmesg", &["-x"]).getopt('x'),
    ]);
}

#[test]
fn halt_reboot_poweroff() {
    // Each runs as init of a PID namespace of its own (the script refuses
    // to run them otherwise), where reboot(2) ends that namespace: its init
    // dies by SIGINT for halt and power-off, SIGHUP for restart.
    check_all(&[
        case("halt", &["-n"]).pid_ns(),
        case("halt", &["-n", "-f"]).pid_ns(),
        case("poweroff", &["-n"]).pid_ns(),
        case("reboot", &["-n"]).pid_ns(),
        case("reboot", &["-n", "now"]).pid_ns(),
        case("halt", &["now"]).pid_ns(),
        case("halt", &["-x"]).pid_ns(),
        case("poweroff", &["-n", "x"]).pid_ns(),
    ]);
}

#[test]
fn minips() {
    check_all(&[
        case("minips", &[]).pid_ns(),
        case("minips", &["-e"]).pid_ns(),
        case("minips", &["-ef"]).pid_ns(),
        case("minips", &["ax"]).pid_ns(),
        case("minips", &["aux"])
            .pid_ns()
            .expect(Expect::Columns(&[4, 5])),
        case("minips", &["-p", "1"]).pid_ns(),
        case("minips", &["-C", "minips"]).pid_ns(),
        case("minips", &["-h"]).pid_ns(),
        case("minips", &["-q"]).pid_ns(),
    ]);
}

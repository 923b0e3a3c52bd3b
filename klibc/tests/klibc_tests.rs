//! klibc's own test programs (klibc 2.0.12's `usr/klibc/tests/`, from
//! Debian's source that scripts/setup unpacks) built unmodified with
//! scripts/klcc give the same results as when built against Debian's
//! klibc (libklibc-dev's klcc, static): stdout, stderr and exit status,
//! run by run, each in a scratch directory of its own with the same
//! argv[0], arguments and environment.
//!
//! Machine-specific output is masked the same way on both sides, and each
//! program says which: pointers (`%p` is 0x-padded in klibc, `(nil)` for
//! NULL in glibc and ours), process IDs. Where ours differs on purpose the
//! program says why, and the comparison checks exactly that:
//! - `Glibc`: ours follows glibc where klibc does not; the reference is the
//!   same source built with gcc on glibc (the third opinion) for every run,
//!   and klibc's output must differ from it in one at least (else the case
//!   tests nothing).
//! - `Replace`: a line of klibc's that ours prints differently, both given.
//!
//! On another arch (`KLIBC_TEST_ARCH`, scripts/test-arch) every program is
//! built for it and run under qemu-user: ours with scripts/klcc for the
//! arch, the reference with klibc's own klcc from klibc 2.0.12 built for it
//! by scripts/klibc-ref, the third opinion with the arch's gcc and glibc
//! (static). Where the emulator or the arch changes an outcome the case says
//! so and why (`under_qemu`, `on_arch`), and the comparison checks that.
//!
//! idtest sleeps 10 s after printing: it runs on a pseudo-terminal (where
//! both C libraries flush stdout per line) and is stopped once its six
//! lines are out. malloctest takes 10-20 s on a loaded machine and runs
//! all the same (no test here is left out).

mod cabi_support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

#[derive(Clone, Copy, PartialEq)]
enum Mask {
    /// `0x<hex>` and `(nil)` become `<ptr>`.
    Pointers,
    /// Every decimal number becomes `N` (process IDs).
    Numbers,
}

#[derive(Clone, Copy)]
enum Expect {
    Same,
    /// Ours is glibc's behaviour (the reason), checked against a gcc build.
    Glibc(&'static str),
    /// klibc prints the first text, ours the second, on stdout or stderr
    /// (the reason).
    Replace(&'static str, &'static str, &'static str),
}

struct Prog {
    name: &'static str,
    /// Argument lists, one run each.
    runs: &'static [&'static [&'static str]],
    /// Extra environment (besides PATH, HOME and LANG).
    env: &'static [(&'static str, &'static str)],
    cflags: &'static [&'static str],
    masks: &'static [Mask],
    expect: Expect,
    /// argv[0] is the binary's real path (the program opens itself).
    real_arg0: bool,
    /// What is expected instead under qemu-user (another arch), and why
    /// the emulator changes it.
    qemu: Option<(Expect, &'static str)>,
    /// The same for one arch (its name), taking precedence.
    arch: Option<(&'static str, Expect, &'static str)>,
}

const fn prog(name: &'static str) -> Prog {
    Prog {
        name,
        runs: &[&[]],
        env: &[],
        cflags: &[],
        masks: &[],
        expect: Expect::Same,
        real_arg0: false,
        qemu: None,
        arch: None,
    }
}

impl Prog {
    const fn runs(mut self, r: &'static [&'static [&'static str]]) -> Self {
        self.runs = r;
        self
    }
    const fn env(mut self, e: &'static [(&'static str, &'static str)]) -> Self {
        self.env = e;
        self
    }
    const fn cflags(mut self, f: &'static [&'static str]) -> Self {
        self.cflags = f;
        self
    }
    const fn masks(mut self, m: &'static [Mask]) -> Self {
        self.masks = m;
        self
    }
    const fn expect(mut self, e: Expect) -> Self {
        self.expect = e;
        self
    }
    const fn under_qemu(mut self, e: Expect, why: &'static str) -> Self {
        self.qemu = Some((e, why));
        self
    }
    const fn on_arch(mut self, arch: &'static str, e: Expect, why: &'static str) -> Self {
        self.arch = Some((arch, e, why));
        self
    }
    const fn real_arg0(mut self) -> Self {
        self.real_arg0 = true;
        self
    }
}

fn work() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("klibc-tests")
        .join(&cabi_support::target().arch);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The three builds of a test program.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Build {
    Ours,
    Klibc,
    Glibc,
}

/// Builds `p` with one C library (once per test binary and build; two
/// tests of one program wait for the same build).
fn build(p: &Prog, b: Build) -> PathBuf {
    type Builds = Mutex<std::collections::HashMap<PathBuf, std::sync::Arc<OnceLock<()>>>>;
    static BUILDS: OnceLock<Builds> = OnceLock::new();
    let src = cabi_support::debian_source("klibc")
        .join("usr/klibc/tests")
        .join(format!("{}.c", p.name));
    let out = work().join(format!("{b:?}").to_lowercase()).join(p.name);
    let once = BUILDS
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(out.clone())
        .or_default()
        .clone();
    once.get_or_init(|| {
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let mut cc = match b {
            Build::Ours => cabi_support::klcc(),
            Build::Klibc => cabi_support::klibc_klcc(),
            Build::Glibc => cabi_support::glibc_cc_static(),
        };
        let o = cc
            .args(["-O2", "-w"])
            .args(p.cflags)
            .arg("-o")
            .arg(&out)
            .arg(&src)
            .output()
            .expect("run the compiler");
        assert!(
            o.status.success(),
            "{} does not build ({b:?}):\n{}",
            p.name,
            text(&o.stderr)
        );
    });
    out
}

/// What one run printed.
#[derive(Debug, PartialEq, Clone)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: String,
}

fn status_text(s: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (s.code(), s.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (None, Some(sig)) => format!("signal {sig}"),
        _ => "?".into(),
    }
}

fn run(p: &Prog, b: Build, bin: &Path, args: &[&str], i: usize) -> Outcome {
    // Two tests may run one program (getopttest, getopttest_silent) at once.
    let dir = cabi_support::fresh_run_dir(&work(), &format!("{}-{i}-{b:?}", p.name).to_lowercase());
    let mut cmd = cabi_support::run_static(bin, (!p.real_arg0).then_some(p.name));
    cmd.args(args)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/root")
        .env("LANG", "C")
        .envs(p.env.iter().copied())
        .stdin(Stdio::null());
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", bin.display()));
    Outcome {
        stdout: text(&o.stdout),
        stderr: text(&o.stderr),
        status: status_text(o.status),
    }
}

fn mask(s: &str, masks: &[Mask]) -> String {
    let mut out = s.to_owned();
    for m in masks {
        out = match m {
            Mask::Pointers => {
                let mut r = String::new();
                let b = out.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"(nil)") {
                        r.push_str("<ptr>");
                        i += 5;
                    } else if b[i..].starts_with(b"0x")
                        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                    {
                        i += 2;
                        while b.get(i).is_some_and(u8::is_ascii_hexdigit) {
                            i += 1;
                        }
                        r.push_str("<ptr>");
                    } else {
                        r.push(b[i] as char);
                        i += 1;
                    }
                }
                r
            }
            Mask::Numbers => {
                let mut r = String::new();
                let mut in_num = false;
                for c in out.chars() {
                    if c.is_ascii_digit() {
                        if !in_num {
                            r.push('N');
                        }
                        in_num = true;
                    } else {
                        in_num = false;
                        r.push(c);
                    }
                }
                r
            }
        };
    }
    out
}

fn masked(o: &Outcome, masks: &[Mask]) -> Outcome {
    Outcome {
        stdout: mask(&o.stdout, masks),
        stderr: mask(&o.stderr, masks),
        status: o.status.clone(),
    }
}

fn check(p: &Prog) {
    let ours = build(p, Build::Ours);
    let klibc = build(p, Build::Klibc);
    // Under qemu-user a case may expect otherwise, and says why.
    let t = cabi_support::target();
    let (expect, qemu_why) = match (p.arch, p.qemu) {
        (Some((a, e, why)), _) if a == t.arch && !t.is_host() => (e, why),
        (_, Some((e, why))) if !t.is_host() => (e, why),
        _ => (p.expect, ""),
    };
    let glibc = matches!(expect, Expect::Glibc(_)).then(|| build(p, Build::Glibc));
    let mut klibc_differs = false;
    let mut replaced = false;
    for (i, args) in p.runs.iter().enumerate() {
        let name = format!("{} {}", p.name, args.join(" "));
        let k = masked(&run(p, Build::Klibc, &klibc, args, i), p.masks);
        let mine = masked(&run(p, Build::Ours, &ours, args, i), p.masks);
        let want = match expect {
            Expect::Same => k,
            Expect::Glibc(_) => {
                let g = masked(
                    &run(p, Build::Glibc, glibc.as_ref().unwrap(), args, i),
                    p.masks,
                );
                klibc_differs |= k != g;
                g
            }
            Expect::Replace(from, to, _) => {
                replaced |= k.stdout.contains(from) || k.stderr.contains(from);
                Outcome {
                    stdout: k.stdout.replace(from, to),
                    stderr: k.stderr.replace(from, to),
                    ..k
                }
            }
        };
        assert_eq!(
            want.status, mine.status,
            "`{name}`: exit status differs (left: reference, right: ours)"
        );
        assert_eq!(
            want.stdout, mine.stdout,
            "`{name}`: stdout differs (left: reference, right: ours)"
        );
        assert_eq!(
            want.stderr, mine.stderr,
            "`{name}`: stderr differs (left: reference, right: ours)"
        );
    }
    match expect {
        Expect::Glibc(why) => assert!(
            klibc_differs,
            "{}: klibc and glibc agree in every run; the case says: {why} {qemu_why}",
            p.name
        ),
        Expect::Replace(from, _, why) => assert!(
            replaced,
            "{}: klibc no longer prints {from:?} in any run ({why}) {qemu_why}",
            p.name
        ),
        Expect::Same => {}
    }
}

macro_rules! tests {
    ($($name:ident => $prog:expr;)*) => {$(
        #[test]
        fn $name() {
            check(&$prog);
        }
    )*};
}

const ENV: &[(&str, &str)] = &[("TESTVAR", "a value with spaces"), ("EMPTY", "")];

const GETOPT_RUNS: &[&[&str]] = &[
    &["-a", "-b", "file"],
    &["-ab", "-f", "name", "-oout", "rest"],
    &["-f"],
    &["-x", "-a"],
    &["-a", "--", "-b"],
    &["-", "-a"],
    &[],
];

/// glibc's getopt permutes arguments unless told not to; ours and klibc's
/// do not (the variable changes nothing for them).
const POSIXLY: &[(&str, &str)] = &[("POSIXLY_CORRECT", "1")];

const GETOPT_WHY: &str =
    "getopt resets optarg at each call and reports unknown options (POSIX), as glibc's does";

const FNMATCH_RUNS: &[&[&str]] = &[
    &["*.c", "file.c", "0"],
    &["*.c", "dir/file.c", "0"],
    &["*.c", "dir/file.c", "1"],
    &["*/*.c", "dir/file.c", "1"],
    &["?", "/", "1"],
    &["[a-c]x", "bx", "0"],
    &["[!a-c]x", "bx", "0"],
    &["[^a-c]x", "dx", "0"],
    &["[]]", "]", "0"],
    &["\\*", "*", "0"],
    &["\\*", "\\*", "2"],
    &["*", ".hidden", "4"],
    &[".*", ".hidden", "4"],
    &["dir/*", "dir/.hidden", "5"],
    &["a*b*c*d", "aXbYcZd", "0"],
    &["[", "[", "0"],
    &["", "", "0"],
    &["abc", "abd", "0"],
];

tests! {
    environ => prog("environ")
        .runs(&[&[], &["one", "two words", ""]])
        .env(ENV)
        .masks(&[Mask::Pointers]);
    fcntl => prog("fcntl").real_arg0().under_qemu(
        Expect::Replace(
            "flags = 0x0\n",
            "flags = 0\n",
            "%#lx of 0 is 0 (C: # prefixes non-zero values only), as glibc prints it",
        ),
        "qemu-user's F_GETFL drops O_LARGEFILE (the host's glibc defines it as 0), \
         so the program prints the flags it finds (0) where the arch's kernel \
         would give O_LARGEFILE and print nothing",
    );
    fnmatch => prog("fnmatch").runs(FNMATCH_RUNS).expect(Expect::Glibc(
        "under FNM_PATHNAME a '*' matches within a component, so */*.c matches dir/file.c \
         (POSIX, glibc); klibc's does not",
    ));
    getoptlong => prog("getoptlong")
        .runs(&[
            &["--first", "one", "--second", "--third=3", "--fourth", "--set-foo", "x"],
            &["--first=1", "-a", "--third", "-b"],
            &["--nosuch", "-a"],
            &["--first"],
            &["--second=no"],
            &["-zf", "arg", "--", "--first"],
        ])
        .env(POSIXLY)
        .expect(Expect::Glibc(GETOPT_WHY));
    getopttest => prog("getopttest")
        .runs(GETOPT_RUNS)
        .env(POSIXLY)
        .expect(Expect::Glibc(GETOPT_WHY));
    getopttest_silent => prog("getopttest")
        .runs(&[&["-x", "-f"], &["-a", "-o"]])
        .env(&[("GETOPTTEST", ":abf:o:"), ("POSIXLY_CORRECT", "1")])
        .expect(Expect::Glibc(GETOPT_WHY));
    getpagesize => prog("getpagesize");
    hello => prog("hello");
    minihello => prog("minihello");
    microhello => prog("microhello");
    lseek => prog("lseek");
    malloctest2 => prog("malloctest2").masks(&[Mask::Pointers]).expect(Expect::Glibc(MALLOC0));
    malloctest3 => prog("malloctest3")
        .cflags(&["-Wno-alloc-size-larger-than"])
        .expect(Expect::Glibc(MALLOC0));
    memstrtest => prog("memstrtest");
    mmaptest => prog("mmaptest").runs(&[&["mmaptest.tmp"]]).masks(&[Mask::Pointers]).expect(
        Expect::Replace(
            "mmap() returned <ptr>, errno = 25\n",
            "mmap() returned <ptr>, errno = 0\n",
            "errno after calls that succeed is what was left in it: klibc's fdopen leaves \
             ENOTTY from an isatty check, ours (as glibc's) leaves 0",
        ),
    );
    opentest => prog("opentest");
    pipetest => prog("pipetest");
    rtsig => prog("rtsig").expect(Expect::Replace(
        "sigrtmax = 63",
        "sigrtmax = 64",
        "SIGRTMAX is the kernel's _NSIG, 64 (signal 64 exists); klibc says 63",
    ));
    select => prog("select");
    setenvtest => prog("setenvtest");
    setjmptest => prog("setjmptest");
    sig_nodefer => prog("sig-nodefer").on_arch(
        "riscv64",
        Expect::Glibc(
            "pause() waits for the signal; klibc's, on an arch without __NR_pause, is \
             select(0, NULL, NULL, NULL, NULL), whose pselect6 fallback passes an \
             uninitialised timespec instead of NULL (klibc 2.0.12's select.c), so it \
             returns at once here and the handler never runs",
        ),
        "and qemu-riscv64 (7.2) ignores sigaction's sa_mask altogether (a glibc \
         program sees the same, with or without SA_NODEFER), so the handler finds \
         SIGUSR2 and SIGTERM unblocked in glibc's build as in ours: glibc's output \
         is the reference",
    );
    sigint => prog("sigint");
    socket => prog("socket");
    sscanf => prog("sscanf");
    stat => prog("stat").runs(&[&["/", "/sys", "/dev/null"], &["/nonexistent"]]).expect(
        Expect::Replace(
            "st_rdev      = 0x0 (0,0)",
            "st_rdev      = 0 (0,0)",
            "%#jx of 0 is 0 (C: # prefixes non-zero values only), as glibc prints it",
        ),
    );
    statfs => prog("statfs").runs(&[&["/proc", "/sys"], &["/nonexistent"]]);
    stdio => prog("stdio");
    strlcpycat => prog("strlcpycat");
    strsearch => prog("strsearch").cflags(&[
        "-fno-builtin-strchr",
        "-fno-builtin-strrchr",
        "-fno-builtin-strspn",
        "-fno-builtin-strcspn",
        "-fno-builtin-strpbrk",
        "-fno-builtin-strstr",
    ]);
    strtoimax => prog("strtoimax").expect(Expect::Glibc(
        "strtoimax saturates at INTMAX_MIN/MAX with ERANGE (C); klibc's wraps around",
    )).runs(&[&[
        "0", "123", "-123", "+7", "  42", "0x1F", "-0x10", "0777", "08",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "12abc", "abc", "",
    ]]);
    strtotime => prog("strtotime").runs(&[&[
        "1", "1.5", ".25", "0.000000001", "1.1234567891", "2.", "3x", "x", "",
        "1.9999999999",
    ]]);
    sysconf => prog("sysconf");
    testrand48 => prog("testrand48").expect(Expect::Glibc(
        "%#06x of 0 has no 0x (C: # prefixes non-zero values only), as glibc prints it",
    ));
    testvsnp => prog("testvsnp").masks(&[Mask::Pointers]).expect(Expect::Glibc(
        "the ' flag groups digits with the locale's separator, which the C locale \
         does not have (glibc prints none); klibc inserts '_'",
    ));
    vfork => prog("vfork").masks(&[Mask::Numbers]).expect(Expect::Replace(
        "Child (N)...\n",
        "",
        "vfork is fork here (its child may run more than exec, as dash's does), so \
         the child's unflushed stdout dies with it instead of landing in the \
         parent's buffer it would share under a real vfork",
    )).under_qemu(
        Expect::Same,
        "qemu-user runs klibc's vfork, clone(CLONE_VM | CLONE_VFORK), as a fork \
         (a second process cannot share the emulator's memory), so klibc's child's \
         line dies with it as ours does",
    );
}

/// malloc(0) is glibc's in ours; klibc's tests lean on klibc's NULL.
const MALLOC0: &str = "malloc(0) returns a unique pointer, not NULL, as glibc's (programs take \
                       NULL for out of memory); klibc's tests count on its NULL";

#[test]
fn malloctest() {
    check(&prog("malloctest").masks(&[Mask::Pointers]));
}

/// idtest prints its IDs and sleeps 10 s: on a pseudo-terminal (script(1))
/// both C libraries flush each line, so the six lines are read and the
/// program stopped. The process IDs differ from run to run; the user and
/// group IDs must not.
#[test]
fn idtest() {
    let p = prog("idtest");
    let mut seen = Vec::new();
    for b in [Build::Klibc, Build::Ours] {
        let bin = build(&p, b);
        // script(1) runs its command with sh -c: the emulator's path
        // before the program's on another arch (neither has spaces).
        let mut line = bin.display().to_string();
        if let Some(emu) = cabi_support::target().emulator() {
            line = format!("{} {line}", emu.display());
        }
        let mut child = {
            use std::os::unix::process::CommandExt;
            Command::new("script")
                .args(["-qfec"])
                .arg(&line)
                .arg("/dev/null")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("run script(1) (util-linux)")
        };
        let mut lines = Vec::new();
        let mut r = BufReader::new(child.stdout.take().unwrap());
        while lines.len() < 6 {
            let mut l = String::new();
            if r.read_line(&mut l).unwrap() == 0 {
                break;
            }
            lines.push(l.trim_end().to_owned());
        }
        let pgid = child.id();
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{pgid}"))
            .status();
        let _ = child.wait();
        assert_eq!(lines.len(), 6, "{b:?} idtest printed {lines:?}");
        seen.push(mask(&lines.join("\n"), &[Mask::Numbers]) + "\n" + &lines[2..].join("\n"));
    }
    assert_eq!(
        seen[0], seen[1],
        "idtest differs (left: klibc's, right: ours)"
    );
}

//! klibc 2.0.12's public C interface, header by header and function by
//! function, derived from Debian's libklibc-dev (its `/usr/lib/klibc/include`
//! and `libc.a`), must exist in ours:
//!
//! - every header (all of klibc's but the kernel's `linux/`, `asm*/` and
//!   klibc's `bits*/` and per-arch `klibc/arch*.h` internals) exists in
//!   klibc/include, and each of ours compiles on its own;
//! - every function and variable klibc's headers declare that klibc defines
//!   (a symbol of its libc.a, or an inline body in the header) is declared
//!   by our headers and linked from our libc.a, as a function or a macro;
//! - every macro klibc's headers define is defined by ours (as a macro, a
//!   function or a constant), but for the few listed with a reason.
//!
//! The lists come from clang's AST of klibc's own headers (preprocessed by
//! Debian's klcc), so a new klibc release brings its new names along; each
//! failure names what is missing.
//!
//! On another arch (`KLIBC_TEST_ARCH`, scripts/test-arch) the reference is
//! klibc 2.0.12 built and installed for it by scripts/klibc-ref (its
//! include directory, libc.a and klcc), ours is built for it, and the probe
//! program runs under qemu-user. That installation also carries every
//! directory of the kernel's exported headers (drm/, scsi/, ...), where
//! Debian's links linux/, asm/ and asm-generic/ only: the kernel's are left
//! out by name either way.

mod cabi_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Debian's libklibc-dev, the reference on the host's arch.
const DEBIAN_INCLUDE: &str = "/usr/lib/klibc/include";
const DEBIAN_LIBC: &str = "/usr/lib/klibc/lib/libc.a";

/// klibc's installed include directory for the target.
fn klibc_include() -> &'static str {
    static D: OnceLock<String> = OnceLock::new();
    D.get_or_init(|| match cabi_support::klibc_ref() {
        Some(r) => r.join("lib/klibc/include").to_string_lossy().into_owned(),
        None => DEBIAN_INCLUDE.to_owned(),
    })
}

/// klibc's libc.a for the target.
fn klibc_libc() -> PathBuf {
    match cabi_support::klibc_ref() {
        Some(r) => r.join("lib/klibc/lib/libc.a"),
        None => PathBuf::from(DEBIAN_LIBC),
    }
}

/// The kernel's exported header directories (linux/, asm/, drm/, ...): not
/// klibc's interface.
fn kernel_dir(top: &str) -> bool {
    static K: OnceLock<BTreeSet<String>> = OnceLock::new();
    let k = K.get_or_init(|| {
        let mut k: BTreeSet<String> = ["linux", "asm", "asm-generic"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        if !cabi_support::target().is_host() {
            let uapi = cabi_support::target().uapi_headers("6.1");
            for e in std::fs::read_dir(&uapi).unwrap().flatten() {
                if e.path().is_dir() {
                    k.insert(e.file_name().to_string_lossy().into_owned());
                }
            }
        }
        k
    });
    k.contains(top)
}

/// Macros klibc's headers define that ours leave out on purpose.
const MACROS_NOT_CARRIED: &[(&str, &str)] = &[
    (
        "unsigned",
        "klibc's <sys/types.h> defines and undefines it around its own typedefs",
    ),
    ("_SIZE_T", "klibc's guard around its size_t typedef"),
    ("_PTRDIFF_T", "klibc's guard around its ptrdiff_t typedef"),
    ("_SSIZE_T", "klibc's guard around its ssize_t typedef"),
    ("_TIME_T", "klibc's guard around its time_t typedef"),
    ("_CLOCK_T", "klibc's guard around its clock_t typedef"),
    ("_CADDR_T", "klibc's guard around its caddr_t typedef"),
    (
        "MS_ONE_SECOND",
        "obsolete: its bit (1 << 17) is MS_UNBINDABLE in the kernel's <linux/mount.h> now",
    ),
    (
        "_AUXVAL_MAX",
        "the size of klibc's __auxval array; getauxval here reads the vector itself",
    ),
];

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("klibc-api")
        .join(&cabi_support::target().arch);
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// The kernel's arch name, as klibc's include/arch/ spells it.
fn klibc_arch() -> &'static str {
    match cabi_support::target().arch.as_str() {
        "x86_64" => "x86_64",
        "aarch64" => "arm64",
        "riscv64" => "riscv64",
        other => panic!("klibc_api: no klibc arch directory known for {other}"),
    }
}

fn require_libklibc_dev() {
    for p in [PathBuf::from(klibc_include()), klibc_libc()] {
        assert!(
            p.exists(),
            "{} is missing: install libklibc-dev (scripts/setup does)",
            p.display()
        );
    }
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "h") {
            out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
        }
    }
}

/// klibc's public headers, as include names: the common ones and this
/// arch's (arch/<arch>/sys/io.h on x86), without the kernel's headers and
/// klibc's internal per-arch and per-word-size ones.
fn klibc_headers() -> &'static [String] {
    static H: OnceLock<Vec<String>> = OnceLock::new();
    H.get_or_init(|| {
        require_libklibc_dev();
        let base = Path::new(klibc_include());
        let mut all = Vec::new();
        walk(base, base, &mut all);
        let mut out: Vec<String> = all
            .into_iter()
            .filter(|h| {
                let top = h.split('/').next().unwrap();
                !kernel_dir(top) && !matches!(top, "arch" | "bits32" | "bits64")
            })
            .collect();
        let archdir = base.join("arch").join(klibc_arch());
        let mut arch = Vec::new();
        walk(&archdir, &archdir, &mut arch);
        out.extend(
            arch.into_iter()
                .filter(|h| !h.starts_with("klibc/arch") && !h.starts_with("machine/")),
        );
        out.sort();
        out.dedup();
        assert!(
            out.len() > 80,
            "only {} headers under {}",
            out.len(),
            klibc_include()
        );
        out
    })
}

fn ours() -> PathBuf {
    cabi_support::repo().join("klibc/include")
}

/// A C file including the given headers, stdio.h first (klibc's mntent.h
/// uses FILE without including it).
fn include_all(headers: &[String], only_existing: bool) -> String {
    let mut s = String::from("#include <stdio.h>\n");
    for h in headers {
        if only_existing {
            s.push_str(&format!(
                "#if __has_include(<{h}>)\n#include <{h}>\n#endif\n"
            ));
        } else {
            s.push_str(&format!("#include <{h}>\n"));
        }
    }
    s
}

/// Debian's klcc -E over all of klibc's headers (with `-dD` when `defines`).
fn klibc_preprocessed(defines: bool) -> String {
    let src = tmp(if defines {
        "klibc-all-d.c"
    } else {
        "klibc-all.c"
    });
    std::fs::write(&src, include_all(klibc_headers(), false)).unwrap();
    let mut c = cabi_support::klibc_klcc();
    c.arg("-E");
    if defines {
        c.arg("-dD");
    }
    let o = run(c.arg(&src));
    assert!(
        o.status.success(),
        "klcc -E over klibc's headers failed:\n{}",
        text(&o.stderr)
    );
    text(&o.stdout)
}

/// A name and what its declarations say about it.
#[derive(Default, Debug)]
struct Decl {
    header: String,
    function: bool,
    /// static or (extern) inline somewhere: the header carries a body
    inline_body: bool,
}

fn klibc_header_of(path: &str) -> Option<String> {
    header_under(path, klibc_include())
}

/// `path` relative to the include directory `root`, unless it is one of
/// the kernel's headers (linux/, asm*/) or klibc's bits*/.
fn header_under(path: &str, root: &str) -> Option<String> {
    let rel = path.strip_prefix(root)?.trim_start_matches('/');
    let top = rel.split('/').next().unwrap();
    if kernel_dir(top) || matches!(top, "bits32" | "bits64") {
        return None;
    }
    Some(rel.to_owned())
}

/// The top-level functions and variables klibc's public headers declare.
fn klibc_declarations() -> &'static BTreeMap<String, Decl> {
    static D: OnceLock<BTreeMap<String, Decl>> = OnceLock::new();
    D.get_or_init(|| {
        let d = declarations(&klibc_preprocessed(false), "klibc-all.i", klibc_include());
        assert!(d.len() > 300, "only {} declarations parsed", d.len());
        d
    })
}

/// The top-level functions and variables that headers under `root`
/// declare in preprocessed C, read from clang's AST dump (each node's file
/// is the last one named).
fn declarations(preprocessed: &str, name: &str, root: &str) -> BTreeMap<String, Decl> {
    {
        let pre = tmp(name);
        std::fs::write(&pre, preprocessed).unwrap();
        // clang parses the arch's C (its type sizes) on another arch.
        let mut clang = Command::new("clang");
        if !cabi_support::target().is_host() {
            clang.arg(format!("--target={}", cabi_support::target().gnu_triple()));
        }
        let o = run(clang
            .args([
                "-fsyntax-only",
                "-w",
                "-Xclang",
                "-ast-dump",
                "-fno-color-diagnostics",
            ])
            .arg(&pre));
        assert!(
            o.status.success(),
            "clang -ast-dump of klibc's headers failed:\n{}",
            text(&o.stderr)
        );
        let mut out: BTreeMap<String, Decl> = BTreeMap::new();
        let mut file = String::new();
        for line in text(&o.stdout).lines() {
            // Locations name their file when it changes: "<path:line:col".
            let mut rest = line;
            while let Some(i) = rest.find('<') {
                rest = &rest[i + 1..];
                if let Some(colon) = rest.find(".h:") {
                    let cand = &rest[..colon + 2];
                    if cand.starts_with('/') && !cand.contains(['<', '>', ' ']) {
                        file = cand.to_owned();
                    }
                }
            }
            let (kind, tail) = if let Some(t) = line
                .strip_prefix("|-FunctionDecl ")
                .or_else(|| line.strip_prefix("`-FunctionDecl "))
            {
                (true, t)
            } else if let Some(t) = line
                .strip_prefix("|-VarDecl ")
                .or_else(|| line.strip_prefix("`-VarDecl "))
            {
                (false, t)
            } else {
                continue;
            };
            let Some(header) = header_under(&file, root) else {
                continue;
            };
            // "... col:20 [used|implicit|referenced ]name 'type'[ static|inline|extern]"
            let Some(q) = tail.find(" '") else { continue };
            let name = tail[..q].rsplit(' ').next().unwrap().to_owned();
            let after = &tail[q + 2..];
            let attrs = after.rsplit('\'').next().unwrap_or("");
            let d = out.entry(name).or_default();
            if d.header.is_empty() {
                d.header = header;
            }
            d.function |= kind;
            d.inline_body |= attrs.contains("static") || attrs.contains("inline");
        }
        out
    }
}

fn klibc_symbols() -> BTreeSet<String> {
    let libc = klibc_libc();
    let o = run(Command::new("nm").args(["-g", "--defined-only"]).arg(&libc));
    assert!(
        o.status.success(),
        "nm {}: {}",
        libc.display(),
        text(&o.stderr)
    );
    text(&o.stdout)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() == 3).then(|| f[2].to_owned())
        })
        .collect()
}

/// Names a program may use: not the implementation's `_`-prefixed ones
/// (klibc's inline helpers `_major`, `_fread` ... and `__` internals),
/// except `_exit`.
fn public(name: &str) -> bool {
    !name.starts_with('_') || name == "_exit"
}

/// The public functions and variables of klibc's headers that klibc defines.
fn required_names() -> Vec<(String, String)> {
    let syms = klibc_symbols();
    klibc_declarations()
        .iter()
        .filter(|(n, d)| public(n) && (d.inline_body || syms.contains(*n)))
        .map(|(n, d)| (n.clone(), d.header.clone()))
        .collect()
}

/// Compiles `src` with our klcc (`-c` unless `link`), returning the output.
fn klcc(src: &Path, out: &Path, link: bool) -> Output {
    let mut c = cabi_support::klcc();
    c.args(["-O0", "-w", "-fmax-errors=0", "-o"]).arg(out);
    if !link {
        c.arg("-c");
    }
    run(c.arg(src))
}

/// Identifiers a gcc/ld error output says are missing.
fn missing_in(stderr: &str) -> BTreeSet<String> {
    let mut m = BTreeSet::new();
    for l in stderr.lines() {
        for (pre, post) in [
            ("‘", "’ undeclared"),
            ("'", "' undeclared"),
            ("undefined reference to `", "'"),
        ] {
            if let Some(i) = l.find(pre) {
                let rest = &l[i + pre.len()..];
                if let Some(j) = rest.find(post) {
                    if post != "'" || pre.starts_with("undefined") {
                        m.insert(rest[..j].to_owned());
                    }
                }
            }
        }
    }
    m
}

#[test]
fn every_klibc_header_exists() {
    let missing: Vec<&String> = klibc_headers()
        .iter()
        .filter(|h| !ours().join(h).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "klibc/include lacks {} of klibc's {} public headers: {missing:?}",
        missing.len(),
        klibc_headers().len()
    );
}

#[test]
fn every_header_of_ours_compiles_alone() {
    let base = ours();
    let mut all = Vec::new();
    walk(&base, &base, &mut all);
    all.sort();
    let mine: Vec<String> = all
        .into_iter()
        .filter(|h| {
            // Port I/O exists on x86 only; the header says so with #error.
            h != "sys/io.h" || matches!(cabi_support::target().arch.as_str(), "x86_64" | "x86")
        })
        .collect();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(h) = mine.get(i) else { break };
                let src = tmp(&format!("alone-{}.c", h.replace('/', "_")));
                std::fs::write(
                    &src,
                    format!("#include <{h}>\nint main(void) {{ return 0; }}\n"),
                )
                .unwrap();
                let o = run(cabi_support::klcc()
                    .args(["-fsyntax-only", "-Wall", "-Werror"])
                    .arg(&src));
                if !o.status.success() {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{h}:\n{}", text(&o.stderr)));
                }
            });
        }
    });
    let f = failures.into_inner().unwrap();
    assert!(
        f.is_empty(),
        "headers that do not compile alone:\n{}",
        f.join("\n")
    );
}

#[test]
fn every_klibc_function_and_variable_is_declared_and_linked() {
    let req = required_names();
    assert!(req.len() > 350, "only {} names derived", req.len());
    let mut src = include_all(klibc_headers(), true);
    src.push_str("void *const __api_probes[] = {\n");
    for (n, _) in &req {
        src.push_str(&format!("#ifndef {n}\n\t(void *)&{n},\n#endif\n"));
    }
    src.push_str("};\nint main(int argc, char **argv)\n{\n\t(void)argv;\n\treturn __api_probes[argc] == 0;\n}\n");
    let c = tmp("api-probe.c");
    std::fs::write(&c, src).unwrap();
    let by_name: BTreeMap<&str, &str> = req.iter().map(|(n, h)| (n.as_str(), h.as_str())).collect();
    let report = |what: &str, names: BTreeSet<String>| -> String {
        let mut by_header: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for n in names {
            let h = by_name.get(n.as_str()).copied().unwrap_or("?");
            by_header.entry(h).or_default().push(n);
        }
        let mut s = format!("{what}:\n");
        for (h, ns) in by_header {
            s.push_str(&format!("  <{h}>: {}\n", ns.join(" ")));
        }
        s
    };
    let o = klcc(&c, &tmp("api-probe.o"), false);
    if !o.status.success() {
        let m = missing_in(&text(&o.stderr));
        panic!(
            "{}\n(compiler output:)\n{}",
            report("klibc functions/variables our headers do not declare", m),
            text(&o.stderr)
                .lines()
                .take(40)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let o = klcc(&c, &tmp("api-probe"), true);
    if !o.status.success() {
        let m = missing_in(&text(&o.stderr));
        panic!(
            "{}\n(linker output:)\n{}",
            report("klibc functions/variables our libc.a does not define", m),
            text(&o.stderr)
                .lines()
                .take(40)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // And the probe program runs.
    let r = run(&mut cabi_support::run_static(&tmp("api-probe"), None));
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
}

/// Macros defined by klibc's public headers (klibc/*.h's `__` helpers
/// included, since programs written for klibc use __noreturn and friends),
/// without include guards and klibc's `_KLIBC_*` configuration.
fn klibc_macros() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut file = String::new();
    for line in klibc_preprocessed(true).lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            if let Some(q) = rest.find('"') {
                let r = &rest[q + 1..];
                file = r[..r.find('"').unwrap_or(r.len())].to_owned();
            }
            continue;
        }
        let Some(def) = line.strip_prefix("#define ") else {
            continue;
        };
        let name: String = def
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let Some(header) = klibc_header_of(&file) else {
            continue;
        };
        let helper_header = header.starts_with("klibc/");
        if name.ends_with("_H") || name.ends_with("_H_") || name.starts_with("_KLIBC") {
            continue;
        }
        if name.starts_with("__") && !helper_header {
            continue;
        }
        out.entry(name).or_insert(header);
    }
    out
}

#[test]
fn every_klibc_macro_is_defined() {
    let macros = klibc_macros();
    assert!(macros.len() > 800, "only {} macros derived", macros.len());
    let skip: BTreeSet<&str> = MACROS_NOT_CARRIED.iter().map(|(n, _)| *n).collect();
    for (n, why) in MACROS_NOT_CARRIED {
        assert!(!why.is_empty());
        assert!(
            macros.contains_key(*n),
            "{n} is listed as not carried but klibc no longer defines it"
        );
    }
    let mut src = include_all(klibc_headers(), true);
    for n in macros.keys().filter(|n| !skip.contains(n.as_str())) {
        // A macro here, or a function, variable, constant or type.
        src.push_str(&format!(
            "#ifndef {n}\n__typeof__({n}) *__macro_probe_{n};\n#endif\n"
        ));
    }
    let c = tmp("macro-probe.c");
    std::fs::write(&c, src).unwrap();
    let o = klcc(&c, &tmp("macro-probe.o"), false);
    if !o.status.success() {
        let m = missing_in(&text(&o.stderr));
        let mut by_header: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for n in &m {
            let h = macros.get(n).map(String::as_str).unwrap_or("?");
            by_header.entry(h).or_default().push(n);
        }
        panic!(
            "klibc macros our headers do not define: {by_header:#?}\n(compiler output:)\n{}",
            text(&o.stderr)
                .lines()
                .take(40)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn havesyscall_names_functions_we_have() {
    // The names as this arch's preprocessor sees them.
    let src = tmp("havesyscall-names.c");
    std::fs::write(&src, "#include <klibc/havesyscall.h>\n").unwrap();
    let o = run(cabi_support::klcc().args(["-E", "-dM"]).arg(&src));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let macros = havesyscall_macros(&text(&o.stdout));
    let names: Vec<&str> = macros.keys().map(String::as_str).collect();
    assert!(names.len() > 100);
    // Symbols only: some (init_module ...) no header declares, in klibc
    // as in glibc; programs declare them themselves.
    let mut src = String::new();
    for n in &names {
        src.push_str(&format!("extern char {n};\n"));
    }
    src.push_str("void *const __probes[] = {\n");
    for n in &names {
        src.push_str(&format!("\t&{n},\n"));
    }
    src.push_str(
        "};\nint main(int argc, char **argv) { (void)argv; return __probes[argc] == 0; }\n",
    );
    let c = tmp("havesyscall-probe.c");
    std::fs::write(&c, src).unwrap();
    let o = klcc(&c, &tmp("havesyscall-probe"), true);
    assert!(
        o.status.success(),
        "klibc/havesyscall.h names functions we lack: {:?}\n{}",
        missing_in(&text(&o.stderr)),
        text(&o.stderr)
            .lines()
            .take(30)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `_KLIBC_HAVE_SYSCALL_<function>` macros and their values (the system
/// call) in preprocessor output with `-dM`, for the public functions.
fn havesyscall_macros(dm: &str) -> BTreeMap<String, String> {
    dm.lines()
        .filter_map(|l| l.strip_prefix("#define _KLIBC_HAVE_SYSCALL_"))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_owned(), w.next()?.to_owned()))
        })
        .filter(|(f, _)| public(f))
        .collect()
}

#[test]
fn havesyscall_is_klibcs_for_the_arch() {
    // Which functions are one system call differs by arch (no open or
    // fork on the asm-generic ones, iopl on x86 only): the same set as
    // klibc's header for this arch, function and system call.
    let src = tmp("havesyscall-dm.c");
    std::fs::write(&src, "#include <klibc/havesyscall.h>\n").unwrap();
    let theirs = run(cabi_support::klibc_klcc().args(["-E", "-dM"]).arg(&src));
    assert!(theirs.status.success(), "{}", text(&theirs.stderr));
    let mine = run(cabi_support::klcc().args(["-E", "-dM"]).arg(&src));
    assert!(mine.status.success(), "{}", text(&mine.stderr));
    let theirs = havesyscall_macros(&text(&theirs.stdout));
    let mine = havesyscall_macros(&text(&mine.stdout));
    assert!(theirs.len() > 100, "only {} in klibc's", theirs.len());
    let only = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| -> Vec<String> {
        a.iter()
            .filter(|(k, v)| b.get(*k) != Some(v))
            .map(|(k, v)| format!("{k} ({v})"))
            .collect()
    };
    assert_eq!(
        (only(&theirs, &mine), only(&mine, &theirs)),
        (vec![], vec![]),
        "_KLIBC_HAVE_SYSCALL_* for {}: (klibc's only, ours only)",
        cabi_support::target().arch
    );
}

#[test]
fn every_function_we_declare_is_defined() {
    // All of our headers, preprocessed by our klcc, through clang's AST.
    let base = ours();
    let mut all = Vec::new();
    walk(&base, &base, &mut all);
    all.sort();
    all.retain(|h| {
        h != "sys/io.h" || matches!(cabi_support::target().arch.as_str(), "x86_64" | "x86")
    });
    let src = tmp("ours-all.c");
    std::fs::write(&src, include_all(&all, false)).unwrap();
    let o = run(cabi_support::klcc().arg("-E").arg(&src));
    assert!(
        o.status.success(),
        "klcc -E over our headers failed:\n{}",
        text(&o.stderr)
    );
    let root = base.to_string_lossy().into_owned();
    let decls = declarations(&text(&o.stdout), "ours-all.i", &root);
    assert!(
        decls.len() > 400,
        "only {} declarations parsed",
        decls.len()
    );
    let names: Vec<&String> = decls
        .iter()
        .filter(|(n, d)| !d.inline_body && !n.starts_with("__builtin"))
        .map(|(n, _)| n)
        .collect();
    let mut probe = String::new();
    for n in &names {
        probe.push_str(&format!("extern char {n};\n"));
    }
    probe.push_str("void *const __probes[] = {\n");
    for n in &names {
        probe.push_str(&format!("\t&{n},\n"));
    }
    probe.push_str(
        "};\nint main(int argc, char **argv) { (void)argv; return __probes[argc] == 0; }\n",
    );
    let c = tmp("declared-probe.c");
    std::fs::write(&c, probe).unwrap();
    let o = klcc(&c, &tmp("declared-probe"), true);
    assert!(
        o.status.success(),
        "functions/variables our headers declare that libc.a lacks: {:?}",
        missing_in(&text(&o.stderr))
    );
}

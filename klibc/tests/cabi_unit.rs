//! The C library function by function: each C program in tests/cabi/unit is
//! compiled twice, with the system's gcc on glibc and with scripts/klcc on
//! klibc, run in its own empty scratch directory, and the two outputs
//! (stdout, stderr, exit status) must be identical. The programs print the
//! results of printf/scanf formats, string and stdlib functions, ctype,
//! stdio on real files, processes, signals, setjmp, files and directories,
//! time, users and getopt.

mod cabi_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn build(src: &Path, mut cc: Command, tag: &str, libs: &[&str]) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cabi-unit")
        .join(format!(
            "{}-{tag}",
            src.file_stem().unwrap().to_string_lossy()
        ));
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = cc
        .args(["-O1", "-w", "-o"])
        .arg(&out)
        .arg(src)
        .args(libs)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{tag} build of {} failed:\n{}",
        src.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn run(bin: &Path) -> Output {
    let dir = bin.with_extension("scratch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Command::new(bin)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/root")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn same_as_glibc(name: &str) {
    same_as_glibc_with(name, &[]);
}

/// As `same_as_glibc`, with extra link arguments for the glibc build (its
/// libraries are separate: `-lz`).
fn same_as_glibc_with(name: &str, glibc_libs: &[&str]) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cabi/unit")
        .join(name);
    let glibc = build(&src, Command::new("gcc"), "glibc", glibc_libs);
    let klibc = build(&src, cabi_support::klcc(), "klibc", &[]);
    let (a, b) = (run(&glibc), run(&klibc));
    let text = |o: &[u8]| String::from_utf8_lossy(o).into_owned();
    assert!(
        a.stdout.len() > 100,
        "{name}: glibc run printed too little:\n{}",
        text(&a.stderr)
    );
    let (ga, gb) = (text(&a.stdout), text(&b.stdout));
    for (i, (x, y)) in ga.lines().zip(gb.lines()).enumerate() {
        assert_eq!(
            x,
            y,
            "{name}: stdout line {} differs (left glibc, right klibc)",
            i + 1
        );
    }
    assert_eq!(
        ga.lines().count(),
        gb.lines().count(),
        "{name}: stdout lengths differ"
    );
    assert_eq!(text(&a.stderr), text(&b.stderr), "{name}: stderr differs");
    assert_eq!(a.status.code(), b.status.code(), "{name}: status differs");
}

#[test]
fn formats_strings_conversions_ctype() {
    same_as_glibc("formats.c");
}

#[test]
fn printf_random_formats() {
    same_as_glibc("printf_random.c");
}

#[test]
fn strto_random_numbers() {
    same_as_glibc("strto_random.c");
}

#[test]
fn stdio_random_operations() {
    same_as_glibc("stdio_random.c");
}

#[test]
fn stdio_on_files() {
    same_as_glibc("stdio.c");
}

#[test]
fn processes_signals_files_time_users() {
    same_as_glibc("system.c");
}

#[test]
fn klibc_breadth_addresses_matching_paths_options_mounts_io_maps() {
    same_as_glibc("breadth.c");
}

#[test]
fn zlib_round_trips_streams_checksums_gzip_files() {
    // glibc's side links the system's zlib (zlib1g-dev).
    same_as_glibc_with("zlib.c", &["-lz"]);
}

#[test]
fn klcc_links_static_and_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cabi/unit/formats.c");
    let bin = build(&src, cabi_support::klcc(), "klibc-static", &[]);
    let file = Command::new("file").arg(&bin).output().unwrap();
    let desc = String::from_utf8_lossy(&file.stdout);
    assert!(desc.contains("statically linked"), "{desc}");
    let ldd = Command::new("readelf")
        .args(["-d"])
        .arg(&bin)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&ldd.stdout).contains("NEEDED"));
}

#[test]
fn klcc_compile_only_and_preprocess() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cabi-klcc");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("t.c"),
        "#include <errno.h>\n#include <signal.h>\nint v = ENOENT + SIGTERM;\n",
    )
    .unwrap();
    let o = cabi_support::klcc()
        .current_dir(&dir)
        .args(["-c", "t.c"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("t.o").is_file());
    // Constants come from the kernel's headers: ENOENT 2 + SIGTERM 15.
    let e = cabi_support::klcc()
        .current_dir(&dir)
        .args(["-E", "-P", "t.c"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&e.stdout);
    assert!(text.contains("int v = 2 + 15;"), "{text}");
}

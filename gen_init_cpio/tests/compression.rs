//! Compression: our in-process xz must be readable by `xz -d` and by the
//! kernel's own XZ decoder (lib/xz of Debian's 6.1 and 6.12 sources, set up
//! as lib/decompress_unxz.c sets it up), with CRC32 and a 1 MiB dictionary;
//! the external methods must run the kernel's commands and round-trip.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn kernel_unxz(series: &str) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kernel-unxz.sh");
    let out = ok(Command::new("bash").arg(script).arg(series));
    PathBuf::from(String::from_utf8_lossy(&out).trim())
}

fn pipe(cmd: &mut Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// A list with some compressible and some random data, and the plain archive.
fn sample(d: &Path) -> (PathBuf, Vec<u8>) {
    fs::write(d.join("text"), b"initramfs ".repeat(50_000)).unwrap();
    fs::write(d.join("data"), bytes(9, 700_000)).unwrap();
    let list = d.join("list");
    fs::write(
        &list,
        format!(
            "dir /x 0755 0 0\nfile /x/text {0}/text 0644 0 0\nfile /x/data {0}/data 0755 0 0\n",
            d.display()
        ),
    )
    .unwrap();
    let plain = ok(ours_cmd(&ours(), "6.12").args(["-t", "1"]).arg(&list));
    (list, plain)
}

#[test]
fn xz_is_read_by_xz_and_by_the_kernel_decoder() {
    let d = scratch("xz");
    let (list, plain) = sample(&d);
    for bcj in ["none", "x86"] {
        let out = d.join(format!("a-{bcj}.cpio.xz"));
        ok(ours_cmd(&ours(), "6.12")
            .args(["-t", "1", "--compress=xz", "--xz-bcj", bcj, "-o"])
            .arg(&out)
            .arg(&list));
        let xz = fs::read(&out).unwrap();
        let r = pipe(Command::new("xz").args(["-d", "-c"]), &xz);
        assert!(r.status.success() && r.stdout == plain, "xz -d ({bcj})");
        let info = ok(Command::new("xz").args(["--robot", "-lvv"]).arg(&out));
        let info = String::from_utf8_lossy(&info);
        assert!(info.contains("\tCRC32\t"), "check is not CRC32:\n{info}");
        assert!(
            info.contains("--lzma2=dict=1MiB"),
            "dictionary is not 1 MiB:\n{info}"
        );
        assert_eq!(info.contains("--x86"), bcj == "x86", "{info}");
        for series in SERIES {
            let r = pipe(&mut Command::new(kernel_unxz(series)), &xz);
            assert!(
                r.status.success() && r.stdout == plain,
                "kernel {series} decoder ({bcj}): {}",
                String::from_utf8_lossy(&r.stderr)
            );
        }
    }
    // The decoder really is the kernel's: xz's default CRC64 is refused.
    let crc64 = pipe(Command::new("xz").args(["-c"]), &plain).stdout;
    let r = pipe(&mut Command::new(kernel_unxz("6.12")), &crc64);
    assert!(!r.status.success(), "kernel decoder accepted CRC64");
}

/// The xz command line that a build without the `xz` feature runs (usr/Kbuild's
/// std-only gen_initramfs) is the kernel's xzmisc, BCJ filter in front: the
/// kernel's decoder reads what it makes.
#[test]
fn the_external_xz_command_is_the_kernels() {
    use gen_init_cpio::compress::{Bcj, Compression};
    let d = scratch("xz-external");
    let (_, plain) = sample(&d);
    for bcj in [None, Some(Bcj::X86)] {
        let (var, prog, flags) = Compression::Xz(bcj).external().unwrap();
        assert_eq!((var, prog), ("XZ", "xz"));
        let r = pipe(Command::new(prog).args(flags), &plain);
        assert!(r.status.success(), "{prog} {flags:?}");
        let out = d.join("external.cpio.xz");
        fs::write(&out, &r.stdout).unwrap();
        let info = ok(Command::new("xz").args(["--robot", "-lvv"]).arg(&out));
        let info = String::from_utf8_lossy(&info);
        assert!(info.contains("\tCRC32\t"), "check is not CRC32:\n{info}");
        assert!(info.contains("--lzma2=dict=1MiB"), "{info}");
        assert_eq!(info.contains("--x86"), bcj.is_some(), "{info}");
        for series in SERIES {
            let k = pipe(&mut Command::new(kernel_unxz(series)), &r.stdout);
            assert!(
                k.status.success() && k.stdout == plain,
                "kernel {series} decoder ({bcj:?})"
            );
        }
    }
    assert_eq!(Compression::None.external(), None);
}

#[test]
fn xz_is_no_larger_than_the_kernels_xz_command() {
    let d = scratch("xz-size");
    let (list, plain) = sample(&d);
    let ours_xz = ok(ours_cmd(&ours(), "6.12")
        .args(["-t", "1", "--compress=xz"])
        .arg(&list));
    let theirs = pipe(
        Command::new("xz").args(["--check=crc32", "--lzma2=dict=1MiB"]),
        &plain,
    );
    assert!(theirs.status.success());
    assert!(
        ours_xz.len() <= theirs.stdout.len(),
        "ours {} > xz {}",
        ours_xz.len(),
        theirs.stdout.len()
    );
}

#[test]
fn external_compressors_round_trip() {
    let d = scratch("external");
    let (list, plain) = sample(&d);
    let methods: &[(&str, &[&str])] = &[
        ("gzip", &["gzip", "-d", "-c"]),
        ("bzip2", &["bzip2", "-d", "-c"]),
        ("lzma", &["lzma", "-d", "-c"]),
        ("lzo", &["lzop", "-d", "-c"]),
        ("lz4", &["lz4", "-d", "-c"]),
        ("zstd", &["zstd", "-d", "-c"]),
        ("none", &["cat"]),
    ];
    for (method, decompress) in methods {
        // gen_initramfs takes the same option; the file goes through a
        // temporary name and a rename.
        let out = d.join(format!("a.{method}"));
        ok(ours_cmd(&ours(), "6.12")
            .arg(format!("--compress={method}"))
            .args(["-t", "1", "-o"])
            .arg(&out)
            .arg(&list));
        let packed = fs::read(&out).unwrap();
        if *method != "none" {
            assert_ne!(packed, plain, "{method} did not compress");
        }
        let r = pipe(Command::new(decompress[0]).args(&decompress[1..]), &packed);
        assert!(
            r.status.success() && r.stdout == plain,
            "{method} round trip"
        );
    }
    // Same bytes as the kernel's command line for gzip (deterministic with -n).
    let want = pipe(Command::new("gzip").args(["-n", "-f", "-9"]), &plain).stdout;
    let got = ok(ours_cmd(&ours(), "6.12")
        .args(["--compress=gzip", "-t", "1"])
        .arg(&list));
    assert_eq!(got, want);
    let via_initramfs = ok(ours_cmd(&ours_initramfs(), "6.12")
        .args(["--compress=gzip", "-d", "@1"])
        .arg(&list));
    assert_eq!(via_initramfs, want);
}

//! Debian's real gzip (1.12 from `apt-get source`), built unmodified and
//! statically on klibc's C library with scripts/klcc: it compresses and
//! decompresses empty, small, and 50 MiB random and text files, and the
//! system's gzip reads what it writes and writes what it reads; at the same
//! level its output is byte-identical to the system's.

mod cabi_support;

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn work(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cabi-gzip")
        .join(format!("{name}-{}", cabi_support::target().arch));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Deterministic pseudo-random bytes (xorshift64*).
fn random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(n + 8);
    while v.len() < n {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        v.extend_from_slice(&seed.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    v.truncate(n);
    v
}

/// Text-like data: numbered lines of words from a small vocabulary.
fn text_bytes(n: usize) -> Vec<u8> {
    let words = [
        "kernel",
        "initramfs",
        "klibc",
        "dash",
        "gzip",
        "root",
        "mount",
        "the",
        "of",
        "and",
    ];
    let r = random_bytes(n / 4 + 64, 7);
    let mut v = Vec::with_capacity(n + 100);
    let mut i = 0;
    let mut line = 0;
    while v.len() < n {
        line += 1;
        write!(v, "{line}:").unwrap();
        for _ in 0..(r[i % r.len()] % 9 + 3) {
            v.push(b' ');
            v.extend_from_slice(words[r[(i + 1) % r.len()] as usize % words.len()].as_bytes());
            i += 2;
        }
        v.push(b'\n');
    }
    v.truncate(n);
    v
}

/// Our gzip (under qemu-user for another arch).
fn ours() -> Command {
    cabi_support::target().command(cabi_support::gzip())
}

/// Debian's gzip.
fn sys() -> Command {
    Command::new("/bin/gzip")
}

/// Runs `cmd args` with `input` on stdin; returns stdout, asserting success.
fn pipe(mut cmd: Command, args: &[&str], input: &[u8]) -> Vec<u8> {
    let prog = format!("{cmd:?}");
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{prog} {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn both_ways(name: &str, data: &[u8]) {
    let z = pipe(ours(), &["-c", "-6", "-n"], data);
    assert_eq!(
        pipe(sys(), &["-dc"], &z),
        data,
        "{name}: system gzip -d of ours"
    );
    let zs = pipe(sys(), &["-c", "-6", "-n"], data);
    assert_eq!(
        pipe(ours(), &["-dc"], &zs),
        data,
        "{name}: our gzip -d of the system's"
    );
    assert!(
        z == zs,
        "{name}: gzip -6 output differs from the system gzip's"
    );
    let z1 = pipe(ours(), &["-c", "-1", "-n"], data);
    assert_eq!(pipe(sys(), &["-dc"], &z1), data, "{name}: -1");
    let z9 = pipe(ours(), &["-c", "-9", "-n"], data);
    assert_eq!(pipe(sys(), &["-dc"], &z9), data, "{name}: -9");
}

#[test]
fn empty_and_small_files() {
    both_ways("empty", b"");
    both_ways("one byte", b"x");
    both_ways("small text", b"hello, early userspace\nhello again\n");
    both_ways("small random", &random_bytes(10_000, 3));
}

#[test]
fn fifty_mib_random() {
    both_ways("50 MiB random", &random_bytes(50 << 20, 11));
}

#[test]
fn fifty_mib_text() {
    both_ways("50 MiB text", &text_bytes(50 << 20));
}

#[test]
fn files_in_place_keep_mode_and_mtime_and_list_and_test() {
    let dir = work("in-place");
    let f = dir.join("data.txt");
    let data = text_bytes(200_000);
    std::fs::write(&f, &data).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let st = Command::new("touch")
        .args(["-d", "2001-02-03 04:05:06 UTC"])
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    let run = |args: &[&str]| {
        let out = ours().args(args).current_dir(&dir).output().unwrap();
        assert!(
            out.status.success(),
            "gzip {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&["data.txt"]);
    assert!(!f.exists(), "gzip leaves the original");
    let gz = dir.join("data.txt.gz");
    let meta = std::fs::metadata(&gz).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_eq!(meta.mtime(), 981173106);
    // -l and -t agree with the system's gzip.
    let ours_l = run(&["-l", "data.txt.gz"]);
    let sys_l = Command::new("gzip")
        .args(["-l", "data.txt.gz"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ours_l),
        String::from_utf8_lossy(&sys_l.stdout)
    );
    run(&["-t", "data.txt.gz"]);
    run(&["-d", "data.txt.gz"]);
    assert_eq!(std::fs::read(&f).unwrap(), data);
    let meta = std::fs::metadata(&f).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_eq!(meta.mtime(), 981173106);
}

#[test]
fn corrupt_input_fails_with_a_message() {
    let dir = work("corrupt");
    let mut z = pipe(ours(), &["-c", "-n"], &text_bytes(100_000));
    let mid = z.len() / 2;
    z[mid] ^= 0x55;
    z.truncate(z.len() - 3);
    std::fs::write(dir.join("bad.gz"), &z).unwrap();
    let out = ours()
        .args(["-t", "bad.gz"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.gz"), "{err}");
    let missing = ours()
        .args(["-d", "nosuch.gz"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "gzip: nosuch.gz: No such file or directory\n"
    );
}

//! Helpers shared by the integration tests: the real C tools from Debian's
//! kernel sources, scratch directories and a fixture tree with every kind of
//! file the archive format knows.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The kernel series the differential tests cover.
pub const SERIES: &[&str] = &["6.1", "6.12"];

/// Directory holding `usr/gen_init_cpio` (built from the real C source of
/// that Debian kernel) and `usr/gen_initramfs.sh`.
pub fn c_dir(series: &str) -> PathBuf {
    static DIRS: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let dirs = DIRS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut dirs = dirs.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = dirs.get(series) {
        return d.clone();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c-tool.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(series)
        .output()
        .expect("run tests/c-tool.sh");
    assert!(
        out.status.success(),
        "c-tool.sh {series} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(dir.join("usr/gen_init_cpio").is_file());
    dirs.insert(series.to_string(), dir.clone());
    dir
}

/// The C gen_init_cpio of `series`.
pub fn c_tool(series: &str) -> PathBuf {
    c_dir(series).join("usr/gen_init_cpio")
}

/// Our gen_init_cpio.
pub fn ours() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gen_init_cpio"))
}

/// Our gen_initramfs.
pub fn ours_initramfs() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gen_initramfs"))
}

/// Our tool with a clean environment for timestamps, set to `series`.
pub fn ours_cmd(bin: &Path, series: &str) -> Command {
    let mut c = Command::new(bin);
    c.env("GEN_INIT_CPIO_KERNEL", series)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("KBUILD_BUILD_TIMESTAMP");
    c
}

/// A fresh empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let d = base.join(format!("gic-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("create scratch dir");
    d
}

/// Runs a command and returns its output, failing the test if it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Runs and insists on success; returns stdout.
pub fn ok(cmd: &mut Command) -> Vec<u8> {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Deterministic pseudo-random bytes (xorshift), half of them text-like so
/// compressors have something to do.
pub fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v = Vec::with_capacity(len);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (x >> 60) & 1 == 0 {
            v.extend_from_slice(b"the quick brown fox ");
        } else {
            v.extend_from_slice(&x.to_le_bytes());
        }
    }
    v.truncate(len);
    v
}

fn write_with_mtime(p: &Path, data: &[u8], mtime: u64, mode: u32) {
    fs::write(p, data).expect("write fixture");
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
    let f = fs::File::options().write(true).open(p).expect("open");
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(mtime))
        .expect("set mtime");
}

/// Builds a tree with files of awkward sizes, links, special files (device
/// nodes too: root only, else it fails saying so), odd modes and owners.
pub fn make_tree(root: &Path) {
    fs::create_dir_all(root.join("sub/deeper")).unwrap();
    fs::create_dir_all(root.join("empty-dir")).unwrap();
    write_with_mtime(&root.join("empty"), b"", 1_000_000_000, 0o644);
    write_with_mtime(&root.join("one"), b"1", 1_100_000_000, 0o600);
    write_with_mtime(&root.join("three"), b"abc", 1_200_000_000, 0o755);
    write_with_mtime(&root.join("setuid"), b"#!/bin/sh\n", 1_300_000_000, 0o4755);
    write_with_mtime(
        &root.join("sub/mid"),
        &bytes(1, 262_145),
        1_400_000_000,
        0o644,
    );
    write_with_mtime(
        &root.join("sub/big"),
        &bytes(2, 1_572_867),
        1_500_000_000,
        0o644,
    );
    write_with_mtime(
        &root.join("sub/deeper/x.y"),
        b"dotted",
        1_600_000_000,
        0o444,
    );
    write_with_mtime(&root.join("sub/deeper/x"), b"plain", 1_600_000_001, 0o444);
    write_with_mtime(&root.join("sub/a:colon"), b"colon", 1_600_000_002, 0o644);
    let long = "n".repeat(200);
    write_with_mtime(&root.join(&long), b"long name", 1_700_000_000, 0o644);
    symlink("../three", root.join("sub/link")).unwrap();
    symlink("dangling/target", root.join("dangling")).unwrap();
    fs::hard_link(root.join("three"), root.join("hard")).unwrap();
    std::os::unix::fs::chown(root.join("sub/mid"), Some(1234), Some(4321)).unwrap();
    std::os::unix::fs::chown(root.join("one"), Some(4321), Some(1234)).unwrap();
    let _sock = std::os::unix::net::UnixListener::bind(root.join("sock")).unwrap();
    let fifo = Command::new("mkfifo").arg(root.join("fifo")).status();
    assert!(fifo.map(|s| s.success()).unwrap_or(false), "mkfifo failed");
    let c = Command::new("mknod")
        .arg(root.join("null"))
        .args(["c", "1", "3"])
        .status();
    let b = Command::new("mknod")
        .arg(root.join("loop7"))
        .args(["b", "7", "300"])
        .status();
    // The device nodes are part of what is compared: without them the
    // trees would lose their coverage, so this fails rather than go on.
    assert!(
        c.is_ok_and(|s| s.success()) && b.is_ok_and(|s| s.success()),
        "mknod failed: the device nodes of the test tree need root (CAP_MKNOD), as CI runs"
    );
}

//! kinit's module ordering against modprobe's on a real module tree:
//! Debian's prebuilt kernel package (scripts/debian-kernel unpacks it and
//! runs depmod), where ext4, virtio_blk and most filesystems are modules.
//! For each name, kinit's plan over modules.dep, modules.softdep,
//! modules.alias and modules.builtin must list the same files in the same
//! order as `modprobe --show-depends` (kmod, reading the binary indexes,
//! without the host's modprobe.d configuration).

use kinit::modules::{plan, Db};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// (modules directory, release) of Debian's kernel.
fn debian_modules() -> (PathBuf, String) {
    let out = Command::new(repo().join("scripts/debian-kernel"))
        .output()
        .expect("run scripts/debian-kernel");
    assert!(
        out.status.success(),
        "scripts/debian-kernel failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let release = std::fs::read_to_string(dir.join("release"))
        .unwrap()
        .trim()
        .to_owned();
    (dir, release)
}

fn modprobe_order(base: &Path, release: &str, module: &str) -> Vec<String> {
    let out = Command::new("modprobe")
        .args(["-C", "/nonexistent", "-d"])
        .arg(base)
        .args(["-S", release, "--show-depends", module])
        .output()
        .expect("run modprobe (kmod)");
    assert!(out.status.success(), "modprobe --show-depends {module}");
    let prefix = format!("{}/lib/modules/{release}/", base.display());
    let mut order: Vec<String> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        // modprobe may list a module again (a softdep met twice); the
        // second insmod is a no-op, so the order is that of first mentions.
        if let Some(p) = line.strip_prefix("insmod ") {
            let p = p.trim().trim_start_matches(&prefix).to_owned();
            if !order.contains(&p) {
                order.push(p);
            }
        }
    }
    order
}

#[test]
fn same_order_as_modprobe_on_debians_kernel() {
    let (base, release) = debian_modules();
    let dir = base.join("lib/modules").join(&release);
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap_or_default();
    let (dep, softdep, alias, builtin) = (
        read("modules.dep"),
        read("modules.softdep"),
        read("modules.alias"),
        read("modules.builtin"),
    );
    assert!(!dep.is_empty());
    let db = Db {
        dep: &dep,
        softdep: &softdep,
        alias: &alias,
        builtin: &builtin,
    };
    let names = [
        "ext4",
        "virtio_blk",
        "virtio-blk",
        "btrfs",
        "xfs",
        "vfat",
        "squashfs",
        "nfsv4",
        "dm_crypt",
        "crc32c",
        "isofs",
        "erofs",
        "f2fs",
        "nvme",
        "e1000",
    ];
    for name in names {
        let expected = modprobe_order(&base, &release, name);
        assert!(!expected.is_empty(), "{name}: modprobe found nothing");
        let (loads, problems) = plan(&db, &[(name.as_bytes(), b"")]);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let ours: Vec<String> = loads
            .iter()
            .map(|l| String::from_utf8_lossy(l.path).into_owned())
            .collect();
        assert_eq!(ours, expected, "order for {name}");
    }
    // Built-in modules need nothing; unknown ones are reported.
    let builtin_name = String::from_utf8_lossy(&builtin)
        .lines()
        .next()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|f| f.strip_suffix(".ko"))
        .unwrap()
        .to_owned();
    let (loads, problems) = plan(
        &db,
        &[(builtin_name.as_bytes(), b""), (b"no_such_module", b"")],
    );
    assert!(loads.is_empty(), "{builtin_name}");
    assert_eq!(problems.len(), 1);
}

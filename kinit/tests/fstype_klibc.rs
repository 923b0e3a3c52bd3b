//! The fstype applet against klibc-utils' /usr/lib/klibc/bin/fstype on
//! images made by the real mkfs tools: standard output and exit status must
//! be byte-for-byte the same (for the types klibc lacks, the type blkid
//! names and the image's size), on a file argument, on stdin and on `-`,
//! and in the error cases.

mod probe_support;

use probe_support::*;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const KLIBC_FSTYPE: &str = "/usr/lib/klibc/bin/fstype";

fn klibc() -> Command {
    assert!(
        Path::new(KLIBC_FSTYPE).exists(),
        "{KLIBC_FSTYPE} missing: install the Debian package klibc-utils"
    );
    Command::new(KLIBC_FSTYPE)
}

/// Ours, called as `kinit fstype ...` (argv[0] selection is kinit core's).
fn ours() -> Command {
    let mut c = Command::new(kinit());
    c.arg("fstype");
    c
}

fn run_with(mut c: Command, args: &[&str], stdin: Option<&Path>) -> Output {
    c.args(args);
    c.stdin(match stdin {
        Some(p) => Stdio::from(File::open(p).unwrap()),
        None => Stdio::null(),
    });
    c.output().unwrap()
}

fn same(args: &[&str], stdin: Option<&Path>) -> Output {
    let theirs = run_with(klibc(), args, stdin);
    let mine = run_with(ours(), args, stdin);
    assert_eq!(
        String::from_utf8_lossy(&mine.stdout),
        String::from_utf8_lossy(&theirs.stdout),
        "stdout for {args:?} (stdin {stdin:?})"
    );
    assert_eq!(
        mine.status.code(),
        theirs.status.code(),
        "exit status for {args:?} (stdin {stdin:?}); our stderr: {}",
        String::from_utf8_lossy(&mine.stderr)
    );
    mine
}

#[test]
fn same_output_as_klibc_on_real_images() {
    let dir = scratch("fstype");
    let mut images = make_images(&dir);
    // gfs2, whose current on-disk format klibc does not accept: both must
    // say unknown.
    let gfs2 = dir.join("gfs2.img");
    blank(&gfs2, 64 << 20);
    run(
        "mkfs.gfs2",
        "gfs2-utils",
        &[
            "-O",
            "-p",
            "lock_nolock",
            "-t",
            "c:v",
            gfs2.to_str().unwrap(),
        ],
        &dir,
    );
    images.push(Image {
        fstype: "unknown",
        klibc_knows: true,
        path: gfs2,
    });

    for img in &images {
        let p = img.path.to_str().unwrap();
        if img.klibc_knows {
            let out = same(&[p], None);
            let want = format!("FSTYPE={}\n", img.fstype);
            assert!(
                String::from_utf8_lossy(&out.stdout).starts_with(&want),
                "{p}: {}",
                String::from_utf8_lossy(&out.stdout)
            );
            same(&[], Some(&img.path));
            same(&["-"], Some(&img.path));
        } else {
            let out = run_with(ours(), &[p], None);
            let size = std::fs::metadata(&img.path).unwrap().len();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                format!("FSTYPE={}\nFSSIZE={size}\n", img.fstype),
                "{p}"
            );
            assert_eq!(
                blkid(&img.path).get("TYPE").map(String::as_str),
                Some(img.fstype)
            );
            assert_eq!(out.status.code(), Some(0));
        }
    }
}

#[test]
fn same_output_as_klibc_on_lvm2_physical_volume() {
    let dir = scratch("fstype-lvm");
    let img = dir.join("pv.img");
    blank(&img, 16 << 20);
    let out = run(
        "losetup",
        "mount",
        &["--find", "--show", img.to_str().unwrap()],
        &dir,
    );
    let lo = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let made = Command::new(tool("pvcreate", "lvm2"))
        .args(["-q", "-f", &lo])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = Command::new("losetup").args(["-d", &lo]).status();
    assert!(
        made.status.success(),
        "pvcreate: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = same(&[img.to_str().unwrap()], None);
    assert_eq!(out.stdout, b"FSTYPE=lvm2\nFSSIZE=0\n");
    let info = kinit::probe::identify(
        &mut &std::fs::read(&img).unwrap()[..],
        kinit::probe::DEFAULT_PAGE_SIZE,
    )
    .unwrap()
    .unwrap();
    assert_eq!(info.uuid, blkid(&img).get("UUID").cloned());
}

#[test]
fn same_errors_as_klibc() {
    let dir = scratch("fstype-errors");
    let zeros = dir.join("zeros");
    std::fs::write(&zeros, vec![0u8; 200_000]).unwrap();
    let small = dir.join("small");
    std::fs::write(&small, vec![0u8; 100]).unwrap();
    let mid = dir.join("mid");
    std::fs::write(&mid, vec![0u8; 40_000]).unwrap();
    let missing = dir.join("missing");
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    // Unknown: exit 1 with FSTYPE=unknown.
    assert_eq!(same(&[&s(&zeros)], None).status.code(), Some(1));
    same(&[], Some(&zeros));
    // Too short to read a block a probe needs: exit 2, nothing on stdout.
    let out = same(&[&s(&small)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("fstype: "));
    same(&[&s(&mid)], None);
    // Cannot open, or a directory: exit 2.
    let out = same(&[&s(&missing)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("No such file or directory"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    same(&[&s(&dir)], None);
    // A pipe on stdin cannot be read at an offset: exit 2 for both.
    let piped = |c: &mut Command| {
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(&[0u8; 4096]);
        child.wait_with_output().unwrap()
    };
    let (theirs, mine) = (piped(&mut klibc()), piped(&mut ours()));
    assert_eq!(mine.stdout, theirs.stdout);
    assert_eq!(mine.status.code(), Some(2));
    assert_eq!(theirs.status.code(), Some(2));
    // Usage: exit 1.
    let out = same(&["a", "b"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("Usage: "));
}

#[test]
fn called_as_fstype_through_a_link() {
    // initramfs-tools runs it as `fstype`: argv[0] picks the applet.
    let dir = scratch("fstype-link");
    let link = dir.join("fstype");
    std::os::unix::fs::symlink(kinit(), &link).unwrap();
    let img = dir.join("ext2.img");
    blank(&img, 4 << 20);
    run(
        "mke2fs",
        "e2fsprogs",
        &["-q", "-t", "ext2", img.to_str().unwrap()],
        &dir,
    );
    let out = Command::new(&link).arg(&img).output().unwrap();
    assert_eq!(out.stdout, b"FSTYPE=ext2\nFSSIZE=4194304\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn same_output_as_klibc_on_a_block_device() {
    // Through a loop device: pread on a block device, and a 4096-byte
    // logical sector size changes nothing for superblocks.
    let dir = scratch("fstype-blockdev");
    let img = dir.join("ext4.img");
    blank(&img, 16 << 20);
    run(
        "mke2fs",
        "e2fsprogs",
        &["-q", "-t", "ext4", "-L", "blk", img.to_str().unwrap()],
        &dir,
    );
    for sector in [512, 4096] {
        let lo = Loop::attach(&img, sector);
        let out = same(&[&lo.0], None);
        assert_eq!(out.stdout, b"FSTYPE=ext4\nFSSIZE=16777216\n");
        let mut dev =
            kinit::probe::Device::open(&std::ffi::CString::new(lo.0.as_str()).unwrap()).unwrap();
        assert_eq!(dev.sector_size(), sector);
        let info = kinit::probe::identify(&mut dev, 4096).unwrap().unwrap();
        assert_eq!(info.label.as_deref(), Some("blk"));
        assert_eq!(kinit::probe::BlockRead::size(&mut dev), Some(16 << 20));
    }
}

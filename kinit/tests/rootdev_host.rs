//! Root-device lookup and root mounting on the host's real kernel: an ext4
//! image made by mke2fs (with a known UUID and label) on a loop device is
//! found in /sys/class/block by name, MAJ:MIN, hex dev_t, UUID= and LABEL=
//! exactly where std's stat of /dev/loopN says it is; PARTUUID comes from a
//! GPT that sgdisk wrote, compared with what sgdisk reports; and
//! mountroot tries types as the kernel does (a wrong rootfstype fails
//! with EINVAL, a read-write mount of a read-only device falls back to
//! read-only). Needs root (losetup, mount).

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use kinit::blockdevs;
use kinit::rootdev::{self, SYS_CLASS_BLOCK};
use kinit::rootid::Prober;
use kinit::rootspec::RootSpec;

const UUID: &str = "0b7c5a4e-3f1d-4d2a-9c6b-7e8f9a0b1c2d";
const LABEL: &str = "kinit-test";
/// The mount test's image: tests run in parallel, and lookups by UUID and
/// label must not find the other test's device.
const UUID2: &str = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const LABEL2: &str = "kinit-mount";

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rootdev_host");
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A loop device, detached on drop.
struct Loop(String);

impl Loop {
    fn attach(image: &Path, read_only: bool) -> Loop {
        let mut cmd = Command::new("losetup");
        cmd.args(["-f", "--show"]);
        if read_only {
            cmd.arg("-r");
        }
        Loop(run(cmd.arg(image)).trim().to_owned())
    }

    fn name(&self) -> &str {
        self.0.trim_start_matches("/dev/")
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        let _ = Command::new("losetup").args(["-d", &self.0]).status();
    }
}

fn ext4_image(name: &str, uuid: &str, label: &str) -> PathBuf {
    let img = tmp(name);
    let _ = std::fs::remove_file(&img);
    run(Command::new("truncate").args(["-s", "16M"]).arg(&img));
    run(Command::new("mke2fs")
        .args(["-q", "-F", "-t", "ext4", "-L", label, "-U", uuid])
        .arg(&img));
    img
}

#[test]
fn finds_a_loop_device_every_way() {
    let img = ext4_image("find.img", UUID, LABEL);
    let lo = Loop::attach(&img, false);
    let meta = std::fs::metadata(&lo.0).unwrap();
    assert!(meta.file_type().is_block_device());
    let (major, minor) = (libc_major(meta.rdev()), libc_minor(meta.rdev()));
    let devs = blockdevs::scan(SYS_CLASS_BLOCK);
    assert!(
        devs.windows(2).all(|w| w[0].name < w[1].name),
        "scan lists by name"
    );
    let dev = devs
        .iter()
        .find(|d| d.name == lo.name().as_bytes())
        .expect("the loop device in /sys/class/block");
    assert_eq!((dev.major, dev.minor), (major, minor));
    assert_eq!(dev.partition, 0);
    assert_eq!(dev.disk, dev.name);
    assert_eq!(dev.sectors, 16 * 1024 * 2);

    let mut prober = Prober;
    let by = |text: String| {
        let spec = RootSpec::parse(text.as_bytes()).unwrap();
        rootdev::find(&spec, &devs, &mut Prober).map(|d| d.name.clone())
    };
    let want = Some(lo.name().as_bytes().to_vec());
    assert_eq!(by(format!("/dev/{}", lo.name())), want);
    assert_eq!(by(format!("{major}:{minor}")), want);
    let hex = format!(
        "{:x}",
        (major << 8) | (minor & 0xff) | ((minor & !0xff) << 12)
    );
    assert_eq!(by(hex), want);
    assert_eq!(by(format!("UUID={}", UUID.to_uppercase())), want);
    assert_eq!(by(format!("LABEL={LABEL}")), want);
    assert_eq!(by("LABEL=no-such-label".into()), None);
    assert_eq!(
        by("UUID=0b7c5a4e".into()),
        None,
        "UUID= is not a prefix match"
    );
    assert_eq!(by("/dev/loop4242".into()), None);
    use kinit::rootdev::{Identify, Key};
    assert_eq!(
        prober.get(dev, Key::FsUuid).as_deref(),
        Some(UUID.as_bytes())
    );
    assert_eq!(
        prober.get(dev, Key::FsLabel).as_deref(),
        Some(LABEL.as_bytes())
    );
    assert_eq!(
        prober.get(dev, Key::PartUuid),
        None,
        "a whole disk has no PARTUUID"
    );

    // The devtmpfs node is the right device, so it is used as is.
    assert_eq!(rootdev::node_for(dev).unwrap().to_bytes(), lo.0.as_bytes());
}

fn libc_major(dev: u64) -> u32 {
    klibc::fs::major(dev)
}

fn libc_minor(dev: u64) -> u32 {
    klibc::fs::minor(dev)
}

#[test]
fn partuuid_from_a_gpt_written_by_sgdisk() {
    let img = tmp("gpt.img");
    let _ = std::fs::remove_file(&img);
    run(Command::new("truncate").args(["-s", "8M"]).arg(&img));
    run(Command::new("sgdisk")
        .args(["-n1:2048:+2M", "-c1:first", "-n2:0:0", "-c2:second"])
        .arg(&img));
    for n in [1u32, 2] {
        let info = run(Command::new("sgdisk").arg(format!("-i{n}")).arg(&img));
        let want = info
            .lines()
            .find_map(|l| l.strip_prefix("Partition unique GUID: "))
            .expect("sgdisk -i prints the unique GUID")
            .to_ascii_lowercase();
        let path = std::ffi::CString::new(img.to_str().unwrap()).unwrap();
        let mut d = kinit::probe::Device::open(&path).unwrap();
        let got = kinit::rootid::part_uuid_of(&mut d, 512, n).expect("a PARTUUID");
        assert_eq!(String::from_utf8(got).unwrap().to_ascii_lowercase(), want);
    }
    let path = std::ffi::CString::new(img.to_str().unwrap()).unwrap();
    let mut d = kinit::probe::Device::open(&path).unwrap();
    assert_eq!(kinit::rootid::part_uuid_of(&mut d, 512, 3), None);
}

/// Mounts with mountroot and unmounts again; returns what was mounted.
fn try_mount(
    dev: &str,
    types: &[&[u8]],
    read_only: bool,
) -> Result<(String, bool), Vec<(String, i32)>> {
    let target = tmp(&format!("mnt-{}", dev.trim_start_matches("/dev/")));
    std::fs::create_dir_all(&target).unwrap();
    let dev_c = std::ffi::CString::new(dev).unwrap();
    let target_c = std::ffi::CString::new(target.to_str().unwrap()).unwrap();
    match kinit::mountroot::mount_root(&dev_c, &target_c, types, read_only, None) {
        Ok(m) => {
            let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
            let line = mounts
                .lines()
                .find(|l| l.split(' ').nth(1) == target.to_str())
                .expect("the mount in /proc/self/mounts")
                .to_owned();
            run(Command::new("umount").arg(&target));
            let opts = line.split(' ').nth(3).unwrap();
            assert_eq!(opts.split(',').next() == Some("ro"), m.read_only, "{line}");
            Ok((String::from_utf8(m.fstype).unwrap(), m.read_only))
        }
        Err(f) => Err(f
            .tried
            .into_iter()
            .map(|(t, e)| (String::from_utf8(t).unwrap(), e.raw()))
            .collect()),
    }
}

#[test]
fn mounts_like_the_kernel() {
    let img = ext4_image("mount.img", UUID2, LABEL2);
    let lo = Loop::attach(&img, false);
    assert_eq!(
        try_mount(&lo.0, &[b"ext4"], true),
        Ok(("ext4".to_owned(), true))
    );
    assert_eq!(
        try_mount(&lo.0, &[b"vfat", b"ext4"], false),
        Ok(("ext4".to_owned(), false))
    );
    // A wrong rootfstype (one this kernel has): EINVAL; a type it lacks:
    // ENODEV. Read-write first, then the kernel's read-only retry.
    let filesystems = std::fs::read("/proc/filesystems").unwrap();
    let wrong = kinit::mountroot::block_filesystems(&filesystems)
        .into_iter()
        .map(|t| String::from_utf8(t.to_vec()).unwrap())
        .find(|t| t == "xfs" || t == "btrfs" || t == "vfat")
        .expect("xfs, btrfs or vfat in /proc/filesystems");
    let einval = klibc::Errno::INVAL.raw();
    assert_eq!(
        try_mount(&lo.0, &[wrong.as_bytes()], false),
        Err(vec![(wrong.clone(), einval)])
    );
    assert_eq!(
        try_mount(&lo.0, &[b"nosuchfs", wrong.as_bytes()], true),
        Err(vec![
            ("nosuchfs".to_owned(), klibc::Errno::NODEV.raw()),
            (wrong.clone(), einval)
        ])
    );
    drop(lo);

    // A read-only device: the read-write mount is refused (EACCES), the
    // kernel's retry mounts it read-only.
    let ro = Loop::attach(&img, true);
    assert_eq!(
        try_mount(&ro.0, &[b"ext4"], false),
        Ok(("ext4".to_owned(), true))
    );
}

#[test]
fn filesystems_list_of_this_kernel() {
    let text = std::fs::read("/proc/filesystems").unwrap();
    let ours = kinit::mountroot::block_filesystems(&text);
    let want: Vec<&str> = std::str::from_utf8(&text)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("nodev"))
        .map(|l| l.trim())
        .collect();
    let ours: Vec<&str> = ours
        .iter()
        .map(|t| std::str::from_utf8(t).unwrap())
        .collect();
    assert_eq!(ours, want);
    assert!(ours.contains(&"ext4"));
}

/// An identifier source for lists made by hand: no device has any.
struct NoIds;

impl kinit::rootdev::Identify for NoIds {
    fn get(&mut self, _: &blockdevs::BlockDev, _: kinit::rootdev::Key) -> Option<Vec<u8>> {
        None
    }
}

fn dev(name: &str, disk: &str, partition: u32, minor: u32) -> blockdevs::BlockDev {
    blockdevs::BlockDev {
        name: name.as_bytes().to_vec(),
        major: 8,
        minor,
        partition,
        disk: disk.as_bytes().to_vec(),
        sectors: 2048,
        partname: None,
    }
}

/// The kernel's name lookup on a made-up sysfs listing: the name itself
/// (`/` spelt `!`), else partition n of `<disk>` or `<disk>p`.
#[test]
fn finds_names_the_way_the_kernel_does() {
    let devs = [
        dev("sda", "sda", 0, 0),
        dev("weird1", "sda", 1, 1),
        dev("cciss!c0d0", "cciss!c0d0", 0, 16),
        dev("part2", "cciss!c0d0", 2, 18),
        dev("mmcblk0", "mmcblk0", 0, 32),
        dev("mmc-first", "mmcblk0", 1, 33),
        dev("odd!name", "odd!name", 0, 48),
    ];
    let by = |text: &str| {
        let spec = RootSpec::parse(text.as_bytes()).unwrap();
        rootdev::find(&spec, &devs, &mut NoIds).map(|d| d.minor)
    };
    assert_eq!(by("/dev/sda"), Some(0));
    assert_eq!(by("/dev/sda1"), Some(1), "<disk><n>");
    assert_eq!(by("/dev/sda01"), None, "no leading zero");
    assert_eq!(by("/dev/sda2"), None);
    assert_eq!(by("/dev/cciss/c0d0"), Some(16), "a / is a ! in sysfs");
    assert_eq!(by("/dev/cciss!c0d0"), Some(16));
    assert_eq!(by("/dev/cciss/c0d0p2"), Some(18), "<disk>p<n>");
    assert_eq!(by("/dev/mmcblk0p1"), Some(33));
    assert_eq!(by("/dev/mmcblkp1"), None);
    assert_eq!(by("/dev/odd/name"), Some(48));
    assert_eq!(by("/dev/odd!name"), Some(48));
    assert_eq!(by("/dev/1"), None);
    assert_eq!(by("8:33"), Some(33));
    assert_eq!(by("LABEL=x"), None);
}

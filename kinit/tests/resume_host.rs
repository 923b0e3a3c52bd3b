//! kinit's resume step on the host: the hibernation signature found (or
//! not) on mkswap'd images, at offset 0 and at a resume_offset; the sysfs
//! writes made into a temporary directory standing in for /sys; and the
//! `resume` applet's command-line errors against klibc-utils' resume (only
//! cases that never write to the real /sys/power).

mod probe_support;

use kinit::probe::{self, Device};
use kinit::resume::{self, Outcome, SysfsError};
use probe_support::*;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAGE: u64 = 4096;

/// An 8 MiB swap area made by mkswap, starting `lead` bytes into the file;
/// with `sig`, the hibernation signature is written where swsusp writes it.
fn swap_image(dir: &Path, name: &str, lead: u64, sig: Option<&[u8; 10]>) -> PathBuf {
    let swap = dir.join(format!("{name}.swap"));
    blank(&swap, 8 << 20);
    run("mkswap", "util-linux", &["-q", swap.to_str().unwrap()], dir);
    let mut data = vec![0u8; lead as usize];
    data.extend(std::fs::read(&swap).unwrap());
    if let Some(sig) = sig {
        let at = lead as usize + PAGE as usize - 10;
        assert_eq!(&data[at..at + 10], b"SWAPSPACE2");
        data[at..at + 10].copy_from_slice(sig);
    }
    let img = dir.join(format!("{name}.img"));
    std::fs::write(&img, data).unwrap();
    img
}

fn open(p: &Path) -> Device {
    Device::open(&CString::new(p.as_os_str().as_bytes()).unwrap()).unwrap()
}

/// A stand-in for /sys with power/resume and power/resume_offset.
fn sysfs(dir: &Path) -> PathBuf {
    let root = dir.join("sys");
    std::fs::create_dir_all(root.join("power")).unwrap();
    std::fs::write(root.join("power/resume"), b"").unwrap();
    std::fs::write(root.join("power/resume_offset"), b"").unwrap();
    root
}

fn read(p: PathBuf) -> String {
    String::from_utf8(std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn signature_detection() {
    let dir = scratch("resume-sig");
    let plain = swap_image(&dir, "plain", 0, None);
    let image = swap_image(&dir, "image", 0, Some(b"S1SUSPEND\0"));
    let old = swap_image(&dir, "old", 0, Some(b"ULSUSPEND\0"));
    // A swap area 1 MiB into the device: resume_offset=256 (pages).
    let inner = swap_image(&dir, "inner", 1 << 20, Some(b"S1SUSPEND\0"));
    assert_eq!(resume::has_image(&mut open(&plain), 0, PAGE), Ok(false));
    assert_eq!(resume::has_image(&mut open(&image), 0, PAGE), Ok(true));
    assert_eq!(resume::has_image(&mut open(&old), 0, PAGE), Ok(true));
    assert_eq!(resume::has_image(&mut open(&inner), 0, PAGE), Ok(false));
    assert_eq!(resume::has_image(&mut open(&inner), 256, PAGE), Ok(true));
    assert_eq!(resume::has_image(&mut open(&inner), 255, PAGE), Ok(false));
    // Past the end of the device: no image, not an error.
    assert_eq!(
        resume::has_image(&mut open(&plain), 1 << 40, PAGE),
        Ok(false)
    );
    // The probe agrees with blkid on the made signature.
    let info = probe::identify(&mut open(&image), PAGE).unwrap().unwrap();
    assert_eq!(info.fstype, "suspend");
    assert_eq!(
        blkid(&image).get("TYPE").map(String::as_str),
        Some("swsuspend")
    );
}

#[test]
fn image_is_handed_to_the_kernel_through_sysfs() {
    let dir = scratch("resume-sysfs");
    let sys = sysfs(&dir);
    let root = sys.as_os_str().as_bytes();
    let inner = swap_image(&dir, "inner", 1 << 20, Some(b"S1SUSPEND\0"));
    let out = resume::resume(&mut open(&inner), b"vdb", 254, 17, Some(256), PAGE, root);
    assert_eq!(out, Outcome::Returned);
    assert_eq!(read(sys.join("power/resume_offset")), "256");
    assert_eq!(read(sys.join("power/resume")), "254:17");

    // Without resume_offset= only the device is written.
    let sys = sysfs(&dir.join("again"));
    let image = swap_image(&dir, "image", 0, Some(b"S1SUSPEND\0"));
    let out = resume::resume(
        &mut open(&image),
        b"vda2",
        8,
        2,
        None,
        PAGE,
        sys.as_os_str().as_bytes(),
    );
    assert_eq!(out, Outcome::Returned);
    assert_eq!(read(sys.join("power/resume_offset")), "");
    assert_eq!(read(sys.join("power/resume")), "8:2");
}

#[test]
fn no_image_writes_nothing() {
    let dir = scratch("resume-none");
    let sys = sysfs(&dir);
    let plain = swap_image(&dir, "plain", 0, None);
    let out = resume::resume(
        &mut open(&plain),
        b"vdb",
        254,
        16,
        Some(0),
        PAGE,
        sys.as_os_str().as_bytes(),
    );
    assert_eq!(out, Outcome::NoImage);
    assert_eq!(read(sys.join("power/resume")), "");
    assert_eq!(read(sys.join("power/resume_offset")), "");
    // An ext4 filesystem is no image either.
    let ext4 = dir.join("ext4.img");
    blank(&ext4, 8 << 20);
    run(
        "mke2fs",
        "e2fsprogs",
        &["-q", "-t", "ext4", ext4.to_str().unwrap()],
        &dir,
    );
    let out = resume::resume(
        &mut open(&ext4),
        b"vdc",
        254,
        32,
        None,
        PAGE,
        sys.as_os_str().as_bytes(),
    );
    assert_eq!(out, Outcome::NoImage);
}

#[test]
fn kernel_without_hibernation_support() {
    let dir = scratch("resume-nosupport");
    let empty = dir.join("sys");
    std::fs::create_dir_all(&empty).unwrap();
    let root = empty.as_os_str().as_bytes();
    assert!(matches!(
        resume::hand_to_kernel(root, 8, 2, Some(5)),
        Err(SysfsError::Offset(_))
    ));
    assert!(matches!(
        resume::hand_to_kernel(root, 8, 2, None),
        Err(SysfsError::Resume(_))
    ));
    let image = swap_image(&dir, "image", 0, Some(b"S1SUSPEND\0"));
    let out = resume::resume(&mut open(&image), b"vda2", 8, 2, None, PAGE, root);
    assert_eq!(out, Outcome::Failed);
}

const KLIBC_RESUME: &str = "/usr/lib/klibc/bin/resume";

/// Runs klibc's resume and ours (as `kinit resume`) with `args`; both must
/// exit alike with the same standard error.
fn same(args: &[&str]) -> std::process::Output {
    assert!(
        Path::new(KLIBC_RESUME).exists(),
        "{KLIBC_RESUME} missing: install the Debian package klibc-utils"
    );
    let theirs = Command::new(KLIBC_RESUME).args(args).output().unwrap();
    let mine = Command::new(kinit())
        .arg("resume")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        mine.status.code(),
        theirs.status.code(),
        "exit status for {args:?}"
    );
    let strip = |s: &[u8]| {
        let s = String::from_utf8_lossy(s).into_owned();
        // Usage names the program as called; compare the rest.
        s.replace(KLIBC_RESUME, "resume")
    };
    assert_eq!(
        strip(&mine.stderr),
        strip(&theirs.stderr),
        "stderr for {args:?}"
    );
    assert!(mine.stdout.is_empty());
    mine
}

#[test]
fn applet_command_line_errors_like_klibc() {
    assert_eq!(same(&[]).status.code(), Some(1));
    assert_eq!(same(&["a", "b", "c"]).status.code(), Some(1));
    let out = same(&["/dev/no-such-disk-here"]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Invalid resume device: /dev/no-such-disk-here\n"
    );
    same(&["0:5", "12"]);
    // Forms that parse to major 0 (none may reach the host's /sys/power).
    same(&["0ff"]);
    same(&["0:x"]);
    same(&["00:7"]);
}

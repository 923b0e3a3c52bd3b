//! kinit_mount='s mounts made for real, as root in a private mount
//! namespace (the test re-runs itself under `unshare -m`): a tmpfs with
//! flags and data options, an ext4 image made by mke2fs on a loop device
//! with type `auto` (probed), the same image on a read-only loop device
//! mounted without `ro` (klibc's EACCES retry makes it read-only), and a
//! missing mount point (an error, nothing mounted). What got mounted is read
//! back from /proc/self/mountinfo.

use kinit::kinit_mount::{mount, parse_spec};
use std::path::Path;
use std::process::Command;

const IN_NS: &str = "KINIT_MOUNT_TEST_IN_NAMESPACE";

/// The mountinfo line of the mount at `dir`: (mount options, fstype,
/// super options).
fn mountinfo(dir: &Path) -> Option<(String, String, String)> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let want = dir.to_str().unwrap();
    text.lines().rev().find_map(|l| {
        let f: Vec<&str> = l.split(' ').collect();
        let sep = f.iter().position(|x| *x == "-")?;
        (f.get(4) == Some(&want)).then(|| {
            (
                f[5].to_owned(),
                f[sep + 1].to_owned(),
                f[sep + 3].to_owned(),
            )
        })
    })
}

fn sh(script: &str) -> String {
    let out = Command::new("sh").args(["-ec", script]).output().unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn mounts_for_real() {
    if std::env::var_os(IN_NS).is_none() {
        let exe = std::env::current_exe().unwrap();
        let out = Command::new("unshare")
            .args(["-m", "--propagation", "private"])
            .arg(exe)
            .args([
                "--exact",
                "mounts_for_real",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(IN_NS, "1")
            .output()
            .expect("run unshare -m");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("1 passed"),
            "in the namespace:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kinit-mount");
    let _ = std::fs::remove_dir_all(&scratch);
    let root = scratch.join("root");
    for d in ["tmp", "data", "ro"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    let root_b = root.to_str().unwrap().as_bytes();

    // tmpfs: flags and data.
    let spec = parse_spec(b"none;/tmp;tmpfs;nosuid,nodev,size=1m,mode=0700,defaults").unwrap();
    mount(&spec, root_b).unwrap();
    let (opts, fstype, sopts) = mountinfo(&root.join("tmp")).expect("tmpfs mounted");
    assert_eq!(fstype, "tmpfs");
    assert!(
        opts.contains("nosuid") && opts.contains("nodev") && opts.starts_with("rw"),
        "{opts}"
    );
    assert!(
        sopts.contains("size=1024k") && sopts.contains("mode=700"),
        "{sopts}"
    );

    // ext4 from mke2fs on a loop device, type probed.
    let img = scratch.join("ext4.img");
    sh(&format!(
        "mke2fs -q -t ext4 -L kmtest -d /usr/lib/klibc {} 8M",
        img.display()
    ));
    let loopdev = sh(&format!("losetup -f --show {}", img.display()));
    let value = format!("{loopdev};/data;auto;noatime");
    let spec = parse_spec(value.as_bytes()).unwrap();
    let r = mount(&spec, root_b);
    let info = mountinfo(&root.join("data"));
    let listed = std::fs::read_dir(root.join("data/bin")).map(|d| d.count());
    let _ = Command::new("umount").arg(root.join("data")).status();
    sh(&format!("losetup -d {loopdev}"));
    r.unwrap();
    let (opts, fstype, _) = info.expect("ext4 mounted");
    assert_eq!(fstype, "ext4");
    assert!(
        opts.starts_with("rw,") && opts.contains("noatime"),
        "{opts}"
    );
    assert!(listed.unwrap() > 10);

    // A read-only device: rw is refused with EACCES, retried read-only.
    let loopdev = sh(&format!("losetup -r -f --show {}", img.display()));
    let value = format!("{loopdev};/ro;ext4");
    let spec = parse_spec(value.as_bytes()).unwrap();
    let r = mount(&spec, root_b);
    let info = mountinfo(&root.join("ro"));
    let _ = Command::new("umount").arg(root.join("ro")).status();
    sh(&format!("losetup -d {loopdev}"));
    r.unwrap();
    let (opts, _, _) = info.expect("read-only ext4 mounted");
    assert!(opts.starts_with("ro"), "{opts}");

    // A relative directory is inside the new root too.
    let spec = parse_spec(b"none;tmp;tmpfs;size=2m").unwrap();
    mount(&spec, root_b).unwrap();
    let (_, _, sopts) = mountinfo(&root.join("tmp")).expect("second tmpfs mounted");
    assert!(sopts.contains("size=2048k"), "{sopts}");
    // No mount point: ENOENT, nothing mounted.
    let spec = parse_spec(b"none;/missing;tmpfs").unwrap();
    assert_eq!(mount(&spec, root_b), Err(klibc::Errno::NOENT));
    // An unknown type.
    let spec = parse_spec(b"none;/tmp;nosuchfs").unwrap();
    assert_eq!(mount(&spec, root_b), Err(klibc::Errno::NODEV));
}

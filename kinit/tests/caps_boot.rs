//! kinit as PID 1 on a real kernel under QEMU (TCG): the boot tests'
//! tinyconfig 6.12 (scripts/boot-kernel), an initramfs made by our
//! gen_init_cpio with kinit as /init and an /etc/fstab, and an ext4 root
//! made by mke2fs -d holding klibc-utils' sh as init. One boot checks what
//! run-init, drop_capabilities=, kinit_mount= and the fstab mounts did, as
//! the new init sees it: its arguments, its capability sets (bounding,
//! permitted, effective, inheritable) and the usermode-helper sets in
//! /proc, and /proc/mounts. The root has no /dev: as PID 1, run-init keeps
//! the console kinit opened in the initramfs, as the kernel lets init do.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Builds kinit and gen_init_cpio (release); returns their directory.
fn build(target: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .current_dir(repo())
        .args([
            "build",
            "--release",
            "--offline",
            "-p",
            "kinit",
            "-p",
            "gen_init_cpio",
        ])
        .arg("--target-dir")
        .arg(target)
        .env_remove("KLIBC_UAPI_INCLUDE"));
    target.join("release")
}

const INIT: &str = "#!/bin/sh
echo \"INIT: $0 $*\"
mount -t proc proc /proc
while read k v; do case $k in Cap*) echo \"$k $v\";; esac; done < /proc/self/status
echo \"UMH $(cat /proc/sys/kernel/usermodehelper/bset)\"
while read dev dir t opts rest; do echo \"MOUNT $dev $dir $t $opts\"; done < /proc/mounts
echo DONE
reboot
";

#[test]
fn boots_with_caps_and_extra_mounts() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("caps-boot");
    let _ = std::fs::remove_dir_all(&work);
    let root = work.join("rootdir");
    for d in ["bin", "lib", "sbin", "proc", "mnt", "srv"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    for p in ["sh", "cat", "mount", "reboot"] {
        std::fs::copy(format!("/usr/lib/klibc/bin/{p}"), root.join("bin").join(p)).unwrap();
    }
    for e in std::fs::read_dir("/usr/lib").unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        if n.starts_with("klibc-") && n.ends_with(".so") {
            std::fs::copy(&p, root.join("lib").join(&n)).unwrap();
        }
    }
    std::fs::write(root.join("sbin/init"), INIT).unwrap();
    let image = work.join("root.img");
    run(Command::new("mke2fs")
        .args(["-q", "-t", "ext4", "-d"])
        .arg(&root)
        .arg(&image)
        .arg("16M"));

    let bin = build(&work.join("target"));
    let fstab = work.join("fstab");
    std::fs::write(
        &fstab,
        "# kinit's extra mounts\nnone /mnt tmpfs size=2m,noexec 0 0\nnone /nowhere tmpfs defaults 0 0\n/dev/sdz none swap sw 0 0\n",
    )
    .unwrap();
    let list = work.join("list");
    std::fs::write(
        &list,
        format!(
            "dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\ndir /root 0700 0 0\n\
             file /init {} 0755 0 0\ndir /etc 0755 0 0\nfile /etc/fstab {} 0644 0 0\n",
            bin.join("kinit").display(),
            fstab.display()
        ),
    )
    .unwrap();
    let cpio = Command::new(bin.join("gen_init_cpio"))
        .arg(&list)
        .output()
        .unwrap();
    assert!(cpio.status.success());
    let initramfs = work.join("initramfs.cpio");
    std::fs::write(&initramfs, cpio.stdout).unwrap();

    let kernel = run(Command::new(repo().join("scripts/boot-kernel")).arg("6.12"));
    let console = work.join("console.txt");
    let mut qemu = Command::new("qemu-system-x86_64")
        .args([
            "-nographic",
            "-no-reboot",
            "-m",
            "256",
            "-kernel",
            kernel.trim(),
        ])
        .arg("-initrd")
        .arg(&initramfs)
        .arg("-drive")
        .arg(format!("file={},format=raw,if=virtio", image.display()))
        .args([
            "-append",
            "console=ttyS0 root=/dev/vda rw panic=-1 \
             drop_capabilities=cap_sys_rawio,cap_net_raw,38 \
             kinit_mount=none;/srv;tmpfs;size=1m,nosuid \
             init=/bin/sh -- /sbin/init marker",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&console).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run qemu-system-x86_64");
    // A hard timeout: TCG boots this in well under a minute.
    let mut waited = Duration::ZERO;
    while qemu.try_wait().unwrap().is_none() {
        if waited > Duration::from_secs(180) {
            let _ = qemu.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        waited += Duration::from_millis(200);
    }
    let text = String::from_utf8_lossy(&std::fs::read(&console).unwrap()).replace('\r', "");
    let has = |l: &str| text.lines().any(|x| x.trim_end() == l);
    assert!(has("DONE"), "init did not finish; console:\n{text}");
    assert!(has("INIT: /sbin/init marker"), "{text}");
    assert!(
        has("kinit: opening /dev/console (keeping the current console): No such file or directory"),
        "{text}"
    );
    for cap in ["CAP_NET_RAW", "CAP_SYS_RAWIO", "CAP_PERFMON"] {
        assert!(has(&format!("Dropped capability: {cap}")), "{text}");
    }
    // All of 6.12's capabilities (0..=40) but 13, 17 and 38.
    let left = format!(
        "{:016x}",
        0x1ff_ffff_ffffu64 & !((1 << 13) | (1 << 17) | (1 << 38))
    );
    for set in ["CapBnd:", "CapPrm:", "CapEff:"] {
        assert!(has(&format!("{set} {left}")), "{set} {left}:\n{text}");
    }
    assert!(has("CapInh: 0000000000000000"), "{text}");
    assert!(
        has(&format!(
            "UMH {}\t{}",
            !((1u32 << 13) | (1 << 17)),
            511 & !(1 << 6)
        )),
        "{text}"
    );
    assert!(
        has("MOUNT none /srv tmpfs rw,nosuid,relatime,size=1024k"),
        "{text}"
    );
    assert!(
        has("MOUNT none /mnt tmpfs rw,noexec,relatime,size=2048k"),
        "{text}"
    );
    assert!(
        has("kinit: mounting none on /root/nowhere as tmpfs: No such file or directory"),
        "{text}"
    );
    // The swap entry is skipped, not mounted.
    assert!(!text.contains("/dev/sdz"), "{text}");
}

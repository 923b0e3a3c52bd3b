//! The boot benchmark's floor: the least any kinit must do to boot
//! `root=/dev/vda` (ext4), with nothing else — no command line, no /proc,
//! no probing, no messages, no deletion of the initramfs: mount sysfs to
//! learn vda's device number, make the node, mount the root read-only,
//! unmount sysfs, move the root onto / and exec /sbin/init. Booted in the
//! same way as the real kinits (boot-stamp execs it as /kinit), it measures
//! the kernel's share of the span, which no kinit can go below.
#![no_std]
#![no_main]

use klibc::fd::CWD;
use klibc::uapi::general as g;

fn main() -> i32 {
    match boot() {
        Ok(never) => match never {},
        Err((what, e)) => {
            klibc::eprintln!("boot-floor: {what}: {e}");
            1
        }
    }
}

enum Never {}

fn boot() -> Result<Never, (&'static str, klibc::Errno)> {
    let _ = klibc::fs::mkdirat(CWD, c"/sys", 0o555);
    klibc::mount::mount(Some(c"sysfs"), c"/sys", Some(c"sysfs"), 0, None)
        .map_err(|e| ("mount /sys", e))?;
    let dev = klibc::fs::read_file(CWD, c"/sys/block/vda/dev").map_err(|e| ("vda's dev", e))?;
    let text = core::str::from_utf8(&dev).unwrap_or("").trim();
    let (maj, min) = text.split_once(':').unwrap_or(("", ""));
    let (Ok(maj), Ok(min)) = (maj.parse::<u32>(), min.parse::<u32>()) else {
        return Err(("vda's dev", klibc::Errno::INVAL));
    };
    let node = c"/dev/root";
    klibc::fs::mknodat(CWD, node, g::S_IFBLK | 0o600, klibc::fs::makedev(maj, min))
        .map_err(|e| ("mknod /dev/root", e))?;
    let ro = g::MS_RDONLY as u64;
    klibc::mount::mount(Some(node), c"/root", Some(c"ext4"), ro, None)
        .map_err(|e| ("mount /root", e))?;
    let _ = klibc::mount::umount2(c"/sys", 0);
    klibc::fs::chdir(c"/root").map_err(|e| ("chdir /root", e))?;
    klibc::mount::mount(Some(c"."), c"/", None, g::MS_MOVE as u64, None)
        .map_err(|e| ("move to /", e))?;
    klibc::fs::chroot(c".").map_err(|e| ("chroot", e))?;
    let _ = klibc::fs::chdir(c"/");
    let init = c"/sbin/init";
    Err((
        "exec /sbin/init",
        klibc::process::execve_inherit_env(init, &[init]),
    ))
}

klibc::main!(main);

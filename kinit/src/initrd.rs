//! Old-style initrd images, as klibc's kinit (usr/kinit/initrd.c) and the
//! kernel's initrd_load (init/do_mounts_initrd.c) handle them. The image is
//! `/initrd.image` in the initramfs: put there by the initramfs's maker, or
//! by the kernel when the bootloader's initrd is no cpio archive (it writes
//! it there for us when CONFIG_BLK_DEV_RAM is on). Unless `noinitrd`, it is
//! copied into /dev/ram0 (from its end, giving the memory back as it goes)
//! and removed; when root is not /dev/ram0 itself, the RAM disk is mounted
//! and its `/linuxrc` run chrooted into it, with the root device's number
//! in /proc/sys/kernel/real-root-dev, which /linuxrc may change; afterwards
//! the root is that device (or the RAM disk, when it says 1:0), and the
//! RAM disk is moved to the root's `/initrd` when there is one, else
//! unmounted and freed. `load_ramdisk=` gets the kernel's 6.x answer.
//! Images may be gzip-compressed (as klibc's kinit takes them; other
//! compressions are refused with a message).

use crate::cmdline::Cmdline;
use crate::{mountroot, say};
use core::ffi::CStr;
use klibc::fd::{AsFd, CWD};
use klibc::fs;
use klibc::uapi::general as g;
use klibc::Errno;

/// Where the image is.
pub const IMAGE: &CStr = c"/initrd.image";
/// The RAM disk it goes to, and its number.
pub const RAM0: &CStr = c"/dev/ram0";
pub const RAM0_DEV: (u32, u32) = (1, 0);
/// The sysctl with the real root device (new_encode_dev format).
pub const REAL_ROOT_DEV: &CStr = c"/proc/sys/kernel/real-root-dev";

/// What became of an initrd image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// None there, `noinitrd`, or it could not be loaded.
    None,
    /// Loaded into /dev/ram0, no /linuxrc run: root is looked for as usual
    /// (it is /dev/ram0, or a `root=` list).
    Loaded,
    /// /linuxrc ran; the root is this device. The RAM disk waits on /old
    /// for [`settle`].
    RealRoot(u32, u32),
    /// /linuxrc ran and left the RAM disk as root: it is on /root now.
    InitrdIsRoot,
}

/// The kernel's new_encode_dev: the number real-root-dev holds.
pub fn encode_dev(major: u32, minor: u32) -> u32 {
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}

/// The kernel's new_decode_dev.
pub fn decode_dev(dev: u32) -> (u32, u32) {
    ((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00))
}

/// The compression an image starts with, by its magic (the kernel's
/// decompressors'), if any.
pub fn compression(head: &[u8]) -> Option<&'static [u8]> {
    let table: [(&[u8], &[u8]); 7] = [
        (b"\x1f\x8b", b"gzip"),
        (b"\x1f\x9e", b"gzip"),
        (b"\xfd7zXZ\0", b"xz"),
        (b"\x28\xb5\x2f\xfd", b"zstd"),
        (b"BZh", b"bzip2"),
        (b"\x02\x21\x4c\x18", b"lz4"),
        (b"\x89LZO", b"lzo"),
    ];
    table
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|&(_, name)| name)
        .or_else(|| (head.get(..3) == Some(b"\x5d\0\0")).then_some(b"lzma"))
}

/// The real-root-dev value (`None` when unreadable).
pub fn real_root_dev() -> Option<(u32, u32)> {
    let text = fs::read_file(CWD, REAL_ROOT_DEV).ok()?;
    let v = crate::cmdline::parse_int(text.trim_ascii())?;
    Some(decode_dev(u32::try_from(v).ok()?))
}

/// Handles `/initrd.image` (and `load_ramdisk=`) before root is mounted.
/// `root_dev` gives the root device's number when `root=` names one that
/// is there (the kernel's ROOT_DEV); `multi` says whether `root=` is a list.
#[inline(never)]
pub fn load(
    cmd: &Cmdline<'_>,
    root_dev: impl FnOnce() -> Option<(u32, u32)>,
    multi: bool,
) -> Outcome {
    if cmd.get(b"load_ramdisk").is_some() {
        say::msg(b"kinit: ignoring the deprecated load_ramdisk= option", &[]);
    }
    if fs::statat(CWD, IMAGE, 0).is_err() {
        return Outcome::None;
    }
    if !cfg!(feature = "initrd") {
        say::msg(
            b"kinit: /initrd.image not loaded: built without initrd support (INITRAMFS_KINIT_INITRD)",
            &[],
        );
        return Outcome::None;
    }
    let noinitrd = cmd
        .params
        .iter()
        .any(|p| p.name == b"noinitrd" && p.value.is_none());
    let loaded = !noinitrd && copy_image();
    let _ = fs::unlinkat(CWD, IMAGE, 0);
    if !loaded {
        return Outcome::None;
    }
    let root_dev = if multi { None } else { root_dev() };
    if multi || root_dev == Some(RAM0_DEV) {
        return Outcome::Loaded;
    }
    match run_linuxrc(cmd, root_dev.unwrap_or((0, 0))) {
        Ok(o) => o,
        Err(e) => {
            say::msg_fail(b"kinit: initrd: running /linuxrc", &[], e);
            Outcome::None
        }
    }
}

/// Copies the image into /dev/ram0; says why not when it cannot.
fn copy_image() -> bool {
    let mut head = [0u8; 6];
    let opened = fs::openat(CWD, IMAGE, g::O_RDWR | g::O_CLOEXEC, 0);
    let src = match opened {
        Ok(f) => f,
        Err(e) => {
            say::msg_fail(b"kinit: initrd: opening {}", &[IMAGE.to_bytes()], e);
            return false;
        }
    };
    let n = klibc::io::pread(&src, &mut head, 0).unwrap_or(0);
    let format = compression(head.get(..n).unwrap_or_default());
    if let Some(f) = format.filter(|&f| f != b"gzip") {
        say::msg(
            b"kinit: initrd: {} is compressed with {}; kinit loads gzip and uncompressed images: not loaded",
            &[IMAGE.to_bytes(), f],
        );
        return false;
    }
    let _ = fs::mknodat(
        CWD,
        RAM0,
        g::S_IFBLK | 0o600,
        fs::makedev(RAM0_DEV.0, RAM0_DEV.1),
    );
    let dst = fs::openat(CWD, RAM0, g::O_WRONLY | g::O_CLOEXEC, 0);
    if format == Some(b"gzip") {
        return match dst.map_err(Gz::Io).and_then(|d| gunzip_into(&src, &d)) {
            Ok(()) => true,
            Err(Gz::Io(e)) => {
                say::msg_fail(b"kinit: initrd installation failed (too big?)", &[], e);
                false
            }
            Err(Gz::Data(e)) => {
                say::msg(
                    b"kinit: initrd: {}: {}",
                    &[IMAGE.to_bytes(), e.message().as_bytes()],
                );
                false
            }
        };
    }
    let copied = dst.and_then(|dst| copy_from_end(&src, &dst));
    if let Err(e) = copied {
        say::msg_fail(b"kinit: initrd installation failed (too big?)", &[], e);
        return false;
    }
    true
}

/// Why a gzip image did not go into the RAM disk.
enum Gz {
    Io(Errno),
    Data(crate::inflate::GzError),
}

/// Decompresses the gzip image `src` into the RAM disk `dst` (at most its
/// size), as klibc's kinit does through zlib.
fn gunzip_into(src: &impl AsFd, dst: &impl AsFd) -> Result<(), Gz> {
    let size = usize::try_from(fs::fstat(src).map_err(Gz::Io)?.st_size).unwrap_or(0);
    let mut packed = alloc::vec![0u8; size];
    crate::probe::read_exact(&mut src.as_fd(), 0, &mut packed).map_err(|_| Gz::Io(Errno::IO))?;
    let room = klibc::io::block_size_bytes(dst).map_err(Gz::Io)?;
    let out = crate::inflate::gunzip(&packed, usize::try_from(room).unwrap_or(usize::MAX))
        .map_err(Gz::Data)?;
    drop(packed);
    let mut done = 0;
    while let Some(rest) = out.get(done..).filter(|r| !r.is_empty()) {
        match klibc::io::pwrite(dst, rest, done as u64).map_err(Gz::Io)? {
            0 => return Err(Gz::Io(Errno::NOSPC)),
            n => done += n,
        }
    }
    Ok(())
}

/// Copies `src` to `dst` from the end, 64 KiB at a time, truncating `src`
/// behind each piece: the image's memory goes back as the RAM disk fills.
fn copy_from_end(src: &impl AsFd, dst: &impl AsFd) -> Result<(), Errno> {
    const BUF: u64 = 65536;
    let mut bytes = u64::try_from(fs::fstat(src)?.st_size).unwrap_or(0);
    let mut buf = alloc::vec![0u8; BUF as usize];
    while bytes > 0 {
        let block = ((bytes - 1) & (BUF - 1)) + 1;
        let offset = bytes - block;
        let piece = buf.get_mut(..block as usize).ok_or(Errno::INVAL)?;
        crate::probe::read_exact(&mut src.as_fd(), offset, piece).map_err(|_| Errno::IO)?;
        let mut done = 0;
        while let Some(rest) = piece.get(done..).filter(|r| !r.is_empty()) {
            match klibc::io::pwrite(dst, rest, offset + done as u64)? {
                0 => return Err(Errno::NOSPC),
                n => done += n,
            }
        }
        fs::ftruncate(src, offset)?;
        bytes = offset;
    }
    Ok(())
}

/// Mounts the RAM disk on /root, runs its /linuxrc chrooted into it (as
/// klibc's kinit does) and finds out what the real root is.
fn run_linuxrc(cmd: &Cmdline<'_>, root_dev: (u32, u32)) -> Result<Outcome, Errno> {
    let root = crate::pid1::NEW_ROOT;
    let _ = fs::mkdirat(CWD, root, 0o700);
    let proc_fs = fs::read_file(CWD, c"/proc/filesystems").unwrap_or_default();
    let types = mountroot::candidates(
        cmd.rootfstypes(),
        || crate::probe::fstype_of(RAM0),
        &proc_fs,
    );
    if let Err(f) = mountroot::mount_root(RAM0, root, &types, false, None) {
        mountroot::report(RAM0.to_bytes(), root.to_bytes(), &f);
        return Err(f.fatal.unwrap_or(Errno::INVAL));
    }
    let mut n = say::Num::new();
    let _ = crate::attr::write(
        REAL_ROOT_DEV,
        n.dec(encode_dev(root_dev.0, root_dev.1).into()),
    );
    say::msg(b"kinit: initrd: running /linuxrc", &[]);
    let _ = fs::mkdirat(CWD, c"/old", 0o700);
    let dir = g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC;
    let top = fs::openat(CWD, c"/", dir, 0)?;
    let old = fs::openat(CWD, c"/old", dir, 0)?;
    fs::chdir(root)?;
    klibc::mount::mount(Some(c"."), c"/", None, g::MS_MOVE as u64, None)?;
    fs::chroot(c".")?;
    match klibc::process::fork()? {
        klibc::process::Fork::Child => {
            let _ = klibc::process::setsid();
            // As the kernel and klibc: no arguments, the inherited environment.
            let e = klibc::process::execve_inherit_env(c"/linuxrc", &[c"linuxrc"]);
            say::msg_fail(b"kinit: initrd: running /linuxrc", &[], e);
            klibc::process::exit(255);
        }
        klibc::process::Fork::Parent(pid) => loop {
            match klibc::process::wait4(pid, 0) {
                Ok(Some((p, _))) if p == pid => break,
                Err(Errno::CHILD) => break,
                _ => {}
            }
        },
    }
    // The RAM disk back to the initramfs's /old, and back to its root.
    fs::fchdir(&old)?;
    klibc::mount::mount(Some(c"/"), c".", None, g::MS_MOVE as u64, None)?;
    fs::fchdir(&top)?;
    fs::chroot(c".")?;
    let real = real_root_dev().unwrap_or((0, 0));
    if real == RAM0_DEV {
        klibc::mount::mount(Some(c"/old"), root, None, g::MS_MOVE as u64, None)?;
        let _ = fs::unlinkat(CWD, c"/old", g::AT_REMOVEDIR);
        say::msg(b"kinit: initrd: /linuxrc done; the initrd is root", &[]);
        return Ok(Outcome::InitrdIsRoot);
    }
    let (mut a, mut b) = (say::Num::new(), say::Num::new());
    say::msg(
        b"kinit: initrd: /linuxrc done; real root device {}:{}",
        &[a.dec(real.0.into()), b.dec(real.1.into())],
    );
    Ok(Outcome::RealRoot(real.0, real.1))
}

/// After the real root is mounted on /root: moves the RAM disk (on /old)
/// to /root/initrd when the root has that directory, else unmounts it and
/// frees the RAM disk's memory.
#[inline(never)]
pub fn settle() {
    let moved = klibc::mount::mount(
        Some(c"/old"),
        c"/root/initrd",
        None,
        g::MS_MOVE as u64,
        None,
    );
    match moved {
        Ok(()) => say::msg(b"kinit: initrd: moved to /initrd", &[]),
        Err(_) => {
            let _ = klibc::mount::umount2(c"/old", g::MNT_DETACH);
            let flushed = fs::openat(CWD, RAM0, g::O_RDWR | g::O_CLOEXEC, 0)
                .and_then(klibc::io::block_flush_buffers);
            match flushed {
                Ok(()) => say::msg(
                    b"kinit: initrd: unmounted and freed (the root has no /initrd)",
                    &[],
                ),
                Err(e) => say::msg_fail(b"kinit: initrd: cannot flush initrd contents", &[], e),
            }
        }
    }
    let _ = fs::unlinkat(CWD, c"/old", g::AT_REMOVEDIR);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_numbers_as_the_kernel_encodes_them() {
        assert_eq!(encode_dev(254, 0), 65024);
        assert_eq!(encode_dev(8, 1), 0x801);
        assert_eq!(encode_dev(259, 0x12345), 0x1231_0345);
        for (maj, min) in [(0, 0), (1, 0), (254, 16), (4095, 0xfffff), (259, 300)] {
            assert_eq!(decode_dev(encode_dev(maj, min)), (maj, min));
        }
    }

    #[test]
    fn compressed_images_by_magic() {
        assert_eq!(compression(b"\x1f\x8b\x08\0"), Some(&b"gzip"[..]));
        assert_eq!(compression(b"\xfd7zXZ\0"), Some(&b"xz"[..]));
        assert_eq!(compression(b"\x28\xb5\x2f\xfd"), Some(&b"zstd"[..]));
        assert_eq!(compression(b"BZh9"), Some(&b"bzip2"[..]));
        assert_eq!(compression(b"\x5d\0\0\x80"), Some(&b"lzma"[..]));
        assert_eq!(compression(b"\0\0\0\0\0\0"), None);
        assert_eq!(compression(b""), None);
    }
}

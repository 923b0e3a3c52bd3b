//! Files, directories and links: the `*at` family (the only one every
//! architecture has), stat, getdents64, chdir/chroot and friends.

use super::{cstr, sys, AsFd, OwnedFd};
use crate::errno::Result;
use crate::uapi::general as g;
use core::ffi::CStr;
use core::mem::MaybeUninit;

/// The kernel's `struct stat` (`struct stat64` on 32-bit arches, whose
/// `stat` has 32-bit sizes and inode numbers).
#[cfg(target_pointer_width = "64")]
pub type Stat = g::stat;
#[cfg(target_pointer_width = "32")]
pub type Stat = g::stat64;
/// The kernel's `struct statfs` (`struct statfs64` on 32-bit arches).
#[cfg(target_pointer_width = "64")]
pub type StatFs = g::statfs;
#[cfg(target_pointer_width = "32")]
pub type StatFs = g::statfs64;
/// The kernel's `struct statx`.
pub type Statx = g::statx;

/// openat(2). `flags` are `O_*`; `O_CLOEXEC` is not added for you.
pub fn openat(dir: impl AsFd, path: &CStr, flags: u32, mode: u32) -> Result<OwnedFd> {
    // SAFETY: path is NUL-terminated; a successful open returns a new fd we own.
    unsafe {
        let fd = sys!(
            __NR_openat,
            dir.as_fd().as_raw_fd(),
            cstr(path),
            flags,
            mode
        )?;
        Ok(OwnedFd::from_raw_fd(fd as i32))
    }
}

/// mkdirat(2).
pub fn mkdirat(dir: impl AsFd, path: &CStr, mode: u32) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_mkdirat, dir.as_fd().as_raw_fd(), cstr(path), mode).map(drop) }
}

/// mknodat(2); `dev` as from [`makedev`].
pub fn mknodat(dir: impl AsFd, path: &CStr, mode: u32, dev: u64) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_mknodat, dir.as_fd().as_raw_fd(), cstr(path), mode, dev).map(drop) }
}

/// symlinkat(2): create `link` pointing at `target`.
pub fn symlinkat(target: &CStr, dir: impl AsFd, link: &CStr) -> Result<()> {
    // SAFETY: both strings are NUL-terminated.
    unsafe {
        sys!(
            __NR_symlinkat,
            cstr(target),
            dir.as_fd().as_raw_fd(),
            cstr(link)
        )
        .map(drop)
    }
}

/// linkat(2).
pub fn linkat(
    old_dir: impl AsFd,
    old: &CStr,
    new_dir: impl AsFd,
    new: &CStr,
    flags: u32,
) -> Result<()> {
    // SAFETY: both strings are NUL-terminated.
    unsafe {
        sys!(
            __NR_linkat,
            old_dir.as_fd().as_raw_fd(),
            cstr(old),
            new_dir.as_fd().as_raw_fd(),
            cstr(new),
            flags
        )
        .map(drop)
    }
}

/// unlinkat(2); `AT_REMOVEDIR` in `flags` removes a directory.
pub fn unlinkat(dir: impl AsFd, path: &CStr, flags: u32) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_unlinkat, dir.as_fd().as_raw_fd(), cstr(path), flags).map(drop) }
}

/// renameat2(2) (plain renameat is missing on some architectures); `flags`
/// are `RENAME_*`, 0 for a plain rename.
pub fn renameat(
    old_dir: impl AsFd,
    old: &CStr,
    new_dir: impl AsFd,
    new: &CStr,
    flags: u32,
) -> Result<()> {
    // SAFETY: both strings are NUL-terminated.
    unsafe {
        sys!(
            __NR_renameat2,
            old_dir.as_fd().as_raw_fd(),
            cstr(old),
            new_dir.as_fd().as_raw_fd(),
            cstr(new),
            flags
        )
        .map(drop)
    }
}

/// readlinkat(2) into `buf`; returns the target's length (not NUL-terminated).
pub fn readlinkat(dir: impl AsFd, path: &CStr, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    unsafe {
        sys!(
            __NR_readlinkat,
            dir.as_fd().as_raw_fd(),
            cstr(path),
            buf.as_mut_ptr(),
            buf.len()
        )
    }
}

/// fstat(2) (fstat64 on 32-bit arches).
pub fn fstat(fd: impl AsFd) -> Result<Stat> {
    let mut st = MaybeUninit::<Stat>::uninit();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_fstat, fd.as_fd().as_raw_fd(), st.as_mut_ptr())?;
    }
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_fstat64, fd.as_fd().as_raw_fd(), st.as_mut_ptr())?;
    }
    // SAFETY: filled above.
    Ok(unsafe { st.assume_init() })
}

/// newfstatat(2) (fstatat64 on 32-bit arches): stat relative to `dir`;
/// `AT_SYMLINK_NOFOLLOW` for lstat.
pub fn statat(dir: impl AsFd, path: &CStr, flags: u32) -> Result<Stat> {
    let mut st = MaybeUninit::<Stat>::uninit();
    let dir = dir.as_fd().as_raw_fd();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_newfstatat, dir, cstr(path), st.as_mut_ptr(), flags)?;
    }
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_fstatat64, dir, cstr(path), st.as_mut_ptr(), flags)?;
    }
    // SAFETY: filled above.
    Ok(unsafe { st.assume_init() })
}

/// statx(2).
pub fn statx(dir: impl AsFd, path: &CStr, flags: u32, mask: u32) -> Result<Statx> {
    let mut st = MaybeUninit::<Statx>::zeroed();
    // SAFETY: the kernel writes at most the struct; zeroed fields stay valid.
    unsafe {
        sys!(
            __NR_statx,
            dir.as_fd().as_raw_fd(),
            cstr(path),
            flags,
            mask,
            st.as_mut_ptr()
        )?;
        Ok(st.assume_init())
    }
}

/// statfs(2) (statfs64 on 32-bit arches).
pub fn statfs(path: &CStr) -> Result<StatFs> {
    let mut st = MaybeUninit::<StatFs>::uninit();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_statfs, cstr(path), st.as_mut_ptr())?;
    }
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel fills at most the size given.
    unsafe {
        sys!(
            __NR_statfs64,
            cstr(path),
            core::mem::size_of::<StatFs>(),
            st.as_mut_ptr()
        )?;
    }
    // SAFETY: filled above.
    Ok(unsafe { st.assume_init() })
}

/// fstatfs(2) (fstatfs64 on 32-bit arches).
pub fn fstatfs(fd: impl AsFd) -> Result<StatFs> {
    let mut st = MaybeUninit::<StatFs>::uninit();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel fills the whole struct on success.
    unsafe {
        sys!(__NR_fstatfs, fd.as_fd().as_raw_fd(), st.as_mut_ptr())?;
    }
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel fills at most the size given.
    unsafe {
        sys!(
            __NR_fstatfs64,
            fd.as_fd().as_raw_fd(),
            core::mem::size_of::<StatFs>(),
            st.as_mut_ptr()
        )?;
    }
    // SAFETY: filled above.
    Ok(unsafe { st.assume_init() })
}

/// faccessat(2); `mode` is `F_OK` or a mix of `R_OK`, `W_OK`, `X_OK` (4, 2, 1).
pub fn accessat(dir: impl AsFd, path: &CStr, mode: u32) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_faccessat, dir.as_fd().as_raw_fd(), cstr(path), mode).map(drop) }
}

/// getdents64(2): fills `buf` with `linux_dirent64` records; 0 at the end.
/// [`crate::fs::Dir`] iterates over them.
pub fn getdents64(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the kernel writes at most buf.len() bytes.
    unsafe {
        sys!(
            __NR_getdents64,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len()
        )
    }
}

/// chdir(2).
pub fn chdir(path: &CStr) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_chdir, cstr(path)).map(drop) }
}

/// fchdir(2).
pub fn fchdir(fd: impl AsFd) -> Result<()> {
    // SAFETY: plain integer argument.
    unsafe { sys!(__NR_fchdir, fd.as_fd().as_raw_fd()).map(drop) }
}

/// chroot(2).
pub fn chroot(path: &CStr) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_chroot, cstr(path)).map(drop) }
}

/// fchmodat(2).
pub fn fchmodat(dir: impl AsFd, path: &CStr, mode: u32) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe { sys!(__NR_fchmodat, dir.as_fd().as_raw_fd(), cstr(path), mode).map(drop) }
}

/// fchownat(2).
pub fn fchownat(dir: impl AsFd, path: &CStr, uid: u32, gid: u32, flags: u32) -> Result<()> {
    // SAFETY: path is NUL-terminated.
    unsafe {
        sys!(
            __NR_fchownat,
            dir.as_fd().as_raw_fd(),
            cstr(path),
            uid,
            gid,
            flags
        )
        .map(drop)
    }
}

/// ftruncate(2) (ftruncate64 on 32-bit arches).
pub fn ftruncate(fd: impl AsFd, len: u64) -> Result<()> {
    let fd = fd.as_fd().as_raw_fd();
    #[cfg(target_pointer_width = "64")]
    // SAFETY: plain integer arguments.
    unsafe {
        sys!(__NR_ftruncate, fd, len).map(drop)
    }
    // arm's EABI puts a 64-bit argument in an even register pair.
    #[cfg(all(target_pointer_width = "32", target_arch = "arm"))]
    // SAFETY: plain integer arguments.
    unsafe {
        let (lo, hi) = super::split64(len);
        sys!(__NR_ftruncate64, fd, 0usize, lo, hi).map(drop)
    }
    #[cfg(all(target_pointer_width = "32", not(target_arch = "arm")))]
    // SAFETY: plain integer arguments.
    unsafe {
        let (lo, hi) = super::split64(len);
        sys!(__NR_ftruncate64, fd, lo, hi).map(drop)
    }
}

/// fsync(2).
pub fn fsync(fd: impl AsFd) -> Result<()> {
    // SAFETY: plain integer argument.
    unsafe { sys!(__NR_fsync, fd.as_fd().as_raw_fd()).map(drop) }
}

/// sync(2).
pub fn sync() {
    // SAFETY: no arguments; sync cannot fail.
    let _ = unsafe { sys!(__NR_sync) };
}

/// umask(2); returns the previous mask.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask cannot fail.
    unsafe { sys!(__NR_umask, mask).unwrap_or(0) as u32 }
}

/// getcwd(2) into `buf`; returns the path without its NUL.
pub fn getcwd(buf: &mut [u8]) -> Result<&CStr> {
    // SAFETY: the kernel writes a NUL-terminated path of at most buf.len() bytes.
    unsafe {
        sys!(__NR_getcwd, buf.as_mut_ptr(), buf.len())?;
    }
    CStr::from_bytes_until_nul(buf).map_err(|_| crate::Errno::RANGE)
}

/// The kernel's device number encoding (as glibc's `makedev`).
pub const fn makedev(major: u32, minor: u32) -> u64 {
    let (ma, mi) = (major as u64, minor as u64);
    ((ma & 0xffff_f000) << 32) | ((ma & 0xfff) << 8) | ((mi & 0xffff_ff00) << 12) | (mi & 0xff)
}

/// The major number of a device number.
pub const fn major(dev: u64) -> u32 {
    (((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0xfff)) as u32
}

/// The minor number of a device number.
pub const fn minor(dev: u64) -> u32 {
    (((dev >> 12) & 0xffff_ff00) | (dev & 0xff)) as u32
}

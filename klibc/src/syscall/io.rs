//! Reading, writing and plumbing descriptors: read/write/lseek, pipes,
//! duplication, poll, fcntl, and the typed ioctls early userspace needs.

use super::{sys, AsFd, BorrowedFd, OwnedFd, RawFd};
use crate::errno::{Errno, Result};
use crate::uapi::{general as g, ioctl};
use core::mem::MaybeUninit;

/// read(2).
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the kernel writes at most buf.len() bytes.
    unsafe {
        sys!(
            __NR_read,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len()
        )
    }
}

/// pread64(2): read at `offset` without moving the file position.
pub fn pread(fd: impl AsFd, buf: &mut [u8], offset: u64) -> Result<usize> {
    let (fd, p, n) = (fd.as_fd().as_raw_fd(), buf.as_mut_ptr(), buf.len());
    #[cfg(target_pointer_width = "64")]
    // SAFETY: the kernel writes at most buf.len() bytes.
    unsafe {
        sys!(__NR_pread64, fd, p, n, offset)
    }
    // arm's EABI puts a 64-bit argument in an even register pair.
    #[cfg(all(target_pointer_width = "32", target_arch = "arm"))]
    // SAFETY: as above.
    unsafe {
        let (lo, hi) = super::split64(offset);
        sys!(__NR_pread64, fd, p, n, 0usize, lo, hi)
    }
    #[cfg(all(target_pointer_width = "32", not(target_arch = "arm")))]
    // SAFETY: as above.
    unsafe {
        let (lo, hi) = super::split64(offset);
        sys!(__NR_pread64, fd, p, n, lo, hi)
    }
}

/// pwrite64(2): write at `offset` without moving the file position.
pub fn pwrite(fd: impl AsFd, buf: &[u8], offset: u64) -> Result<usize> {
    // SAFETY: the kernel reads at most buf.len() bytes.
    unsafe {
        sys!(
            __NR_pwrite64,
            fd.as_fd().as_raw_fd(),
            buf.as_ptr(),
            buf.len(),
            offset
        )
    }
}

/// write(2).
pub fn write(fd: impl AsFd, buf: &[u8]) -> Result<usize> {
    // SAFETY: the kernel reads at most buf.len() bytes.
    unsafe { sys!(__NR_write, fd.as_fd().as_raw_fd(), buf.as_ptr(), buf.len()) }
}

/// Where [`lseek`] counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekFrom {
    Start(u64),
    Current(i64),
    End(i64),
}

/// lseek(2); returns the new position.
pub fn lseek(fd: impl AsFd, pos: SeekFrom) -> Result<u64> {
    let (off, whence) = match pos {
        SeekFrom::Start(o) => (o as i64, g::SEEK_SET),
        SeekFrom::Current(o) => (o, g::SEEK_CUR),
        SeekFrom::End(o) => (o, g::SEEK_END),
    };
    #[cfg(target_pointer_width = "64")]
    // SAFETY: plain integer arguments.
    unsafe {
        sys!(__NR_lseek, fd.as_fd().as_raw_fd(), off, whence).map(|p| p as u64)
    }
    // 32-bit arches: _llseek(fd, high, low, &result, whence).
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the kernel writes one 64-bit result.
    unsafe {
        let (lo, hi) = super::split64(off as u64);
        let mut result = 0u64;
        sys!(
            __NR__llseek,
            fd.as_fd().as_raw_fd(),
            hi,
            lo,
            &mut result as *mut u64,
            whence
        )?;
        Ok(result)
    }
}

/// pipe2(2): (read end, write end). `flags` are `O_CLOEXEC`/`O_NONBLOCK`.
pub fn pipe2(flags: u32) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: the kernel writes two fds, which we then own.
    unsafe {
        sys!(__NR_pipe2, fds.as_mut_ptr(), flags)?;
        Ok((OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])))
    }
}

/// dup(2) (as fcntl F_DUPFD_CLOEXEC when `cloexec`).
pub fn dup(fd: impl AsFd, cloexec: bool) -> Result<OwnedFd> {
    let cmd = if cloexec {
        g::F_DUPFD_CLOEXEC
    } else {
        g::F_DUPFD
    };
    // SAFETY: a successful dup returns a new fd we own.
    unsafe {
        let new = sys!(__NR_fcntl, fd.as_fd().as_raw_fd(), cmd, 0)?;
        Ok(OwnedFd::from_raw_fd(new as RawFd))
    }
}

/// dup3(2) onto standard input, output or error (`target` 0, 1 or 2),
/// which nobody owns as an [`OwnedFd`] in klibc programs.
pub fn dup_to_stdio(fd: impl AsFd, target: RawFd) -> Result<()> {
    if !(0..=2).contains(&target) {
        return Err(Errno::BADF);
    }
    let fd = fd.as_fd().as_raw_fd();
    if fd == target {
        return Ok(());
    }
    // SAFETY: replaces a standard descriptor, which klibc never hands out as owned.
    unsafe { sys!(__NR_dup3, fd, target, 0).map(drop) }
}

/// fcntl(2) F_GETFL.
pub fn get_status_flags(fd: impl AsFd) -> Result<u32> {
    // SAFETY: plain integer arguments.
    unsafe { sys!(__NR_fcntl, fd.as_fd().as_raw_fd(), g::F_GETFL).map(|v| v as u32) }
}

/// fcntl(2) F_SETFL.
pub fn set_status_flags(fd: impl AsFd, flags: u32) -> Result<()> {
    // SAFETY: plain integer arguments.
    unsafe { sys!(__NR_fcntl, fd.as_fd().as_raw_fd(), g::F_SETFL, flags).map(drop) }
}

/// fcntl(2) F_SETFD with or without FD_CLOEXEC.
pub fn set_cloexec(fd: impl AsFd, on: bool) -> Result<()> {
    let v = if on { g::FD_CLOEXEC } else { 0 };
    // SAFETY: plain integer arguments.
    unsafe { sys!(__NR_fcntl, fd.as_fd().as_raw_fd(), g::F_SETFD, v).map(drop) }
}

/// One entry of [`poll`]: the kernel's `struct pollfd`.
pub type PollFd = g::pollfd;

/// A [`PollFd`] watching `fd` for `events` (`POLLIN`, ...).
pub fn pollfd(fd: BorrowedFd<'_>, events: u32) -> PollFd {
    PollFd {
        fd: fd.as_raw_fd(),
        events: events as i16,
        revents: 0,
    }
}

/// poll(2), as ppoll (the only form every architecture has). `timeout_ms`
/// below 0 waits forever. Returns how many entries have events.
pub fn poll(fds: &mut [PollFd], timeout_ms: i32) -> Result<usize> {
    let ts = g::__kernel_timespec {
        tv_sec: (timeout_ms / 1000) as _,
        tv_nsec: ((timeout_ms % 1000) * 1_000_000) as _,
    };
    let tsp = if timeout_ms < 0 {
        core::ptr::null()
    } else {
        &ts as *const _
    };
    let (p, n) = (fds.as_mut_ptr(), fds.len());
    #[cfg(target_pointer_width = "64")]
    // SAFETY: fds is a valid array of pollfd the kernel may update; ts outlives the call.
    unsafe {
        sys!(__NR_ppoll, p, n, tsp, 0usize, 0usize)
    }
    // 32-bit arches take the 64-bit timespec in ppoll_time64.
    #[cfg(target_pointer_width = "32")]
    // SAFETY: as above.
    unsafe {
        sys!(__NR_ppoll_time64, p, n, tsp, 0usize, 0usize)
    }
}

/// BLKGETSIZE64: a block device's size in bytes.
pub fn block_size_bytes(fd: impl AsFd) -> Result<u64> {
    let mut size = 0u64;
    // SAFETY: BLKGETSIZE64 writes one u64.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            ioctl::BLKGETSIZE64,
            &mut size as *mut u64
        )?;
    }
    Ok(size)
}

/// BLKSSZGET: a block device's logical sector size.
pub fn block_sector_size(fd: impl AsFd) -> Result<u32> {
    let mut size: core::ffi::c_int = 0;
    // SAFETY: BLKSSZGET writes one int.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            ioctl::BLKSSZGET,
            &mut size as *mut _
        )?;
    }
    Ok(size as u32)
}

/// BLKFLSBUF: write back and drop a block device's buffers (for a RAM
/// disk: free its memory).
pub fn block_flush_buffers(fd: impl AsFd) -> Result<()> {
    // SAFETY: no argument.
    unsafe { sys!(__NR_ioctl, fd.as_fd().as_raw_fd(), ioctl::BLKFLSBUF, 0).map(drop) }
}

/// BLKRRPART: ask the kernel to re-read a disk's partition table.
pub fn block_reread_partitions(fd: impl AsFd) -> Result<()> {
    // SAFETY: no argument.
    unsafe { sys!(__NR_ioctl, fd.as_fd().as_raw_fd(), ioctl::BLKRRPART, 0).map(drop) }
}

/// TIOCSCTTY: make the terminal the controlling terminal (`steal` as root).
pub fn set_controlling_tty(fd: impl AsFd, steal: bool) -> Result<()> {
    // SAFETY: integer argument.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            ioctl::TIOCSCTTY,
            steal as usize
        )
        .map(drop)
    }
}

/// isatty: whether TCGETS succeeds on `fd`.
pub fn isatty(fd: impl AsFd) -> bool {
    // Large enough for any architecture's struct termios.
    let mut buf = MaybeUninit::<[u64; 16]>::uninit();
    // SAFETY: TCGETS writes a struct termios, smaller than the buffer.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            ioctl::TCGETS,
            buf.as_mut_ptr()
        )
        .is_ok()
    }
}

//! File descriptors with ownership, as in std and rustix: an [`OwnedFd`] is
//! closed when dropped, a [`BorrowedFd`] is a copyable view that cannot
//! outlive its owner. Raw numbers only cross in and out through the unsafe
//! constructors here.

use core::ffi::c_int;
use core::marker::PhantomData;

/// A raw file descriptor number.
pub type RawFd = c_int;

/// An open file descriptor, closed on drop.
#[derive(Debug, PartialEq, Eq)]
pub struct OwnedFd {
    fd: RawFd,
}

/// A borrowed file descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BorrowedFd<'fd> {
    fd: RawFd,
    _owner: PhantomData<&'fd OwnedFd>,
}

/// Anything that can lend a [`BorrowedFd`].
pub trait AsFd {
    fn as_fd(&self) -> BorrowedFd<'_>;
}

impl OwnedFd {
    /// Takes ownership of `fd`.
    ///
    /// # Safety
    /// `fd` must be open and owned by nobody else.
    pub const unsafe fn from_raw_fd(fd: RawFd) -> OwnedFd {
        OwnedFd { fd }
    }

    /// The number, keeping ownership.
    pub fn as_raw_fd(&self) -> RawFd {
        self.fd
    }

    /// Gives up ownership without closing.
    pub fn into_raw_fd(self) -> RawFd {
        let fd = self.fd;
        core::mem::forget(self);
        fd
    }
}

impl Drop for OwnedFd {
    fn drop(&mut self) {
        // SAFETY: we own the descriptor, and nobody uses it after this.
        // Errors from close are not actionable here (the fd is gone anyway).
        unsafe {
            crate::arch::syscall1(crate::uapi::general::__NR_close as usize, self.fd as usize);
        }
    }
}

impl<'fd> BorrowedFd<'fd> {
    /// Borrows a raw descriptor.
    ///
    /// # Safety
    /// `fd` must stay open for `'fd`.
    pub const unsafe fn borrow_raw(fd: RawFd) -> BorrowedFd<'fd> {
        BorrowedFd {
            fd,
            _owner: PhantomData,
        }
    }

    pub fn as_raw_fd(&self) -> RawFd {
        self.fd
    }
}

impl AsFd for OwnedFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        BorrowedFd {
            fd: self.fd,
            _owner: PhantomData,
        }
    }
}

impl AsFd for BorrowedFd<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        *self
    }
}

impl<T: AsFd> AsFd for &T {
    fn as_fd(&self) -> BorrowedFd<'_> {
        (**self).as_fd()
    }
}

/// The current directory, for the `*at` calls (`AT_FDCWD`).
pub const CWD: BorrowedFd<'static> = BorrowedFd {
    fd: crate::uapi::general::AT_FDCWD,
    _owner: PhantomData,
};

/// Standard input. The process may have closed it; calls then fail with EBADF.
pub const fn stdin() -> BorrowedFd<'static> {
    BorrowedFd {
        fd: 0,
        _owner: PhantomData,
    }
}

/// Standard output; see [`stdin`].
pub const fn stdout() -> BorrowedFd<'static> {
    BorrowedFd {
        fd: 1,
        _owner: PhantomData,
    }
}

/// Standard error; see [`stdin`].
pub const fn stderr() -> BorrowedFd<'static> {
    BorrowedFd {
        fd: 2,
        _owner: PhantomData,
    }
}

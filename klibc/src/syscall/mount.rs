//! Mounting: mount(2), umount2(2) and pivot_root(2).

use super::{cstr, opt_cstr, sys};
use crate::errno::Result;
use core::ffi::CStr;

/// mount(2). `flags` are `MS_*`; `data` is the filesystem's option string.
pub fn mount(
    source: Option<&CStr>,
    target: &CStr,
    fstype: Option<&CStr>,
    flags: u64,
    data: Option<&CStr>,
) -> Result<()> {
    // SAFETY: all strings are NUL-terminated or NULL.
    unsafe {
        sys!(
            __NR_mount,
            opt_cstr(source),
            cstr(target),
            opt_cstr(fstype),
            flags,
            opt_cstr(data)
        )
        .map(drop)
    }
}

/// umount2(2); `flags` are `MNT_*`.
pub fn umount2(target: &CStr, flags: u32) -> Result<()> {
    // SAFETY: target is NUL-terminated.
    unsafe { sys!(__NR_umount2, cstr(target), flags).map(drop) }
}

/// pivot_root(2).
pub fn pivot_root(new_root: &CStr, put_old: &CStr) -> Result<()> {
    // SAFETY: both strings are NUL-terminated.
    unsafe { sys!(__NR_pivot_root, cstr(new_root), cstr(put_old)).map(drop) }
}

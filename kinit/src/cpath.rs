//! Paths (and other strings) handed to syscalls as C strings. kinit builds
//! them from byte slices that may hold anything; [`CPath`] drops any NUL in
//! them once, when it is made, so its `&CStr` view cannot fail and its users
//! carry no error path for a case that cannot happen.

use alloc::vec::Vec;
use core::ffi::CStr;

/// Owned bytes ending in their only NUL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CPath(Vec<u8>);

impl CPath {
    /// `parts` joined, with any NUL in them left out, NUL-terminated.
    pub fn new(parts: &[&[u8]]) -> CPath {
        let mut v = Vec::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 1);
        for p in parts {
            v.extend(p.iter().copied().filter(|&b| b != 0));
        }
        v.push(0);
        CPath(v)
    }

    /// The C string. The one NUL is the last byte, so the fallback is never
    /// taken; it is there so that this cannot panic.
    pub fn as_cstr(&self) -> &CStr {
        CStr::from_bytes_with_nul(&self.0).unwrap_or(c"")
    }

    /// The bytes without the NUL.
    pub fn to_bytes(&self) -> &[u8] {
        self.as_cstr().to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_without_nuls() {
        let p = CPath::new(&[b"/dev/", b"vda1"]);
        assert_eq!(p.as_cstr(), c"/dev/vda1");
        assert_eq!(p.to_bytes(), b"/dev/vda1");
        assert_eq!(CPath::new(&[b"a\0b", b"\0", b"c\0"]).as_cstr(), c"abc");
        assert_eq!(CPath::new(&[]).as_cstr(), c"");
        assert_eq!(CPath::new(&[b"", b"\0\0"]).as_cstr(), c"");
    }
}

//! Opening many files that live in few directories, cheaply.
//!
//! Lists and directory walks name files by full path, usually many in a row
//! from one directory. Resolving every path from the root again is a good
//! part of the cost of a large archive; instead the last parent directory is
//! kept open and files in it are opened relative to it (`openat`). The file
//! that is opened is the same one `open(path)` would give.

use crate::sys;
use std::ffi::{CString, OsStr};
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The most recently used parent directory, held open.
#[derive(Default)]
pub struct DirCache {
    parent: Vec<u8>,
    dir: Option<OwnedFd>,
}

impl DirCache {
    /// Opens `path` read-only, as `File::open` would.
    pub fn open(&mut self, path: &Path) -> io::Result<File> {
        let bytes = path.as_os_str().as_bytes();
        let split = bytes.iter().rposition(|&b| b == b'/');
        let (parent, base) = match split {
            // Only plain "dir/name" paths; anything else goes the usual way.
            Some(i) if i > 0 && i + 1 < bytes.len() => (&bytes[..i], &bytes[i + 1..]),
            _ => return File::open(path),
        };
        if base == b"." || base == b".." {
            return File::open(path);
        }
        if self.dir.is_none() || self.parent != parent {
            self.dir = None;
            let dir = sys::open_dir_path(Path::new(OsStr::from_bytes(parent)))?;
            self.parent = parent.to_vec();
            self.dir = Some(dir);
        }
        let name = CString::new(base).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        match &self.dir {
            Some(dir) => sys::open_at(dir, &name).map(File::from),
            None => File::open(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_like_open() {
        let mut c = DirCache::default();
        assert!(c.open(Path::new("/etc/passwd")).is_ok());
        assert!(c.open(Path::new("/etc/hostname-does-not-exist")).is_err());
        assert!(c.open(Path::new("/nonexistent-dir/x")).is_err());
        assert!(c.open(Path::new("/etc/passwd")).is_ok());
        assert!(c.open(Path::new("Cargo.toml")).is_ok());
    }
}

//! Files and directories. The syscalls are re-exported from
//! [`crate::syscall::fs`]; on top, [`Dir`] walks a directory through
//! getdents64(2) records, and [`read_file`] reads a whole (small) file.

pub use crate::syscall::fs::*;

use crate::errno::{Errno, Result};
use crate::fd::{AsFd, BorrowedFd, OwnedFd};
use crate::uapi::general::{self as g, linux_dirent64};
use alloc_crate::vec::Vec;
use core::ffi::CStr;
use core::mem::offset_of;

/// The type of a directory entry, from `d_type` (`DT_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    BlockDevice,
    CharDevice,
    Fifo,
    Socket,
    Unknown,
}

impl FileType {
    fn from_dtype(t: u8) -> FileType {
        match t as u32 {
            g::DT_REG => FileType::Regular,
            g::DT_DIR => FileType::Directory,
            g::DT_LNK => FileType::Symlink,
            g::DT_BLK => FileType::BlockDevice,
            g::DT_CHR => FileType::CharDevice,
            g::DT_FIFO => FileType::Fifo,
            g::DT_SOCK => FileType::Socket,
            _ => FileType::Unknown,
        }
    }

    /// The type of a `st_mode`.
    pub fn from_mode(mode: u32) -> FileType {
        match mode & g::S_IFMT {
            g::S_IFREG => FileType::Regular,
            g::S_IFDIR => FileType::Directory,
            g::S_IFLNK => FileType::Symlink,
            g::S_IFBLK => FileType::BlockDevice,
            g::S_IFCHR => FileType::CharDevice,
            g::S_IFIFO => FileType::Fifo,
            g::S_IFSOCK => FileType::Socket,
            _ => FileType::Unknown,
        }
    }
}

/// One entry of a [`Dir`], borrowed from its buffer.
#[derive(Debug, Clone, Copy)]
pub struct DirEntry<'a> {
    pub ino: u64,
    pub file_type: FileType,
    pub name: &'a CStr,
}

/// An open directory and a buffer of getdents64 records.
pub struct Dir {
    fd: OwnedFd,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
}

const NAME: usize = offset_of!(linux_dirent64, d_name);
const RECLEN: usize = offset_of!(linux_dirent64, d_reclen);
const TYPE: usize = offset_of!(linux_dirent64, d_type);
const INO: usize = offset_of!(linux_dirent64, d_ino);

impl Dir {
    /// Opens `path` (relative to `dir`) for listing.
    pub fn open(dir: impl AsFd, path: &CStr) -> Result<Dir> {
        let fd = openat(dir, path, g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC, 0)?;
        Ok(Dir::from_fd(fd))
    }

    /// Lists an already open directory.
    pub fn from_fd(fd: OwnedFd) -> Dir {
        Dir {
            fd,
            buf: alloc_crate::vec![0; 4096],
            pos: 0,
            end: 0,
        }
    }

    /// The directory's descriptor, for `*at` calls on its entries.
    pub fn fd(&self) -> &OwnedFd {
        &self.fd
    }

    /// The next entry (including `.` and `..`), `None` at the end.
    pub fn next_entry(&mut self) -> Option<Result<DirEntry<'_>>> {
        self.next_entry_at().map(|r| r.map(|(_, e)| e))
    }

    /// The next entry as [`Dir::next_entry`] gives it, with the directory's
    /// descriptor for `*at` calls on it: the entry borrows the listing, so
    /// [`Dir::fd`] cannot be called while it is in use.
    pub fn next_entry_at(&mut self) -> Option<Result<(BorrowedFd<'_>, DirEntry<'_>)>> {
        // Split borrows: the descriptor shared, the buffer and positions
        // for the entry.
        let Dir { fd, buf, pos, end } = self;
        if *pos >= *end {
            match getdents64(&*fd, buf) {
                Ok(0) => return None,
                Ok(n) => {
                    *pos = 0;
                    *end = n;
                }
                Err(e) => return Some(Err(e)),
            }
        }
        // A record from the kernel is well formed; one that is not (or a
        // buffer position past it) ends the listing with EIO, never a panic.
        let bad = || Some(Err(Errno::IO));
        let Some(rec) = buf.get(*pos..*end) else {
            return bad();
        };
        let field = |at: usize| rec.get(at..).unwrap_or_default();
        let (Some(reclen), Some(ino), Some(&dtype)) = (
            field(RECLEN).first_chunk::<2>(),
            field(INO).first_chunk::<8>(),
            rec.get(TYPE),
        ) else {
            return bad();
        };
        let reclen = usize::from(u16::from_ne_bytes(*reclen));
        let Some(name) = rec.get(NAME..reclen) else {
            return bad();
        };
        let ino = u64::from_ne_bytes(*ino);
        *pos += reclen;
        match CStr::from_bytes_until_nul(name) {
            Ok(name) => Some(Ok((
                fd.as_fd(),
                DirEntry {
                    ino,
                    file_type: FileType::from_dtype(dtype),
                    name,
                },
            ))),
            Err(_) => bad(),
        }
    }
}

/// Reads a whole file into memory.
pub fn read_file(dir: impl AsFd, path: &CStr) -> Result<Vec<u8>> {
    let fd = openat(dir, path, g::O_RDONLY | g::O_CLOEXEC, 0)?;
    let mut out = Vec::new();
    crate::io::read_to_end(&fd, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::fd::CWD;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn device_numbers_round_trip() {
        for (ma, mi) in [
            (0, 0),
            (8, 1),
            (259, 3),
            (4095, 255),
            (0xfffff, 0xfffff),
            (1, 0x12345),
        ] {
            let dev = makedev(ma, mi);
            assert_eq!((major(dev), minor(dev)), (ma, mi));
        }
        // The kernel's classic encoding for small numbers: (major << 8) | minor.
        assert_eq!(makedev(8, 1), 0x801);
    }

    #[test]
    fn dir_lists_what_std_sees() {
        let dir = std::env::temp_dir().join(std::format!("klibc-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..300 {
            std::fs::write(dir.join(std::format!("entry-{i}")), b"").unwrap();
        }
        let path = CString::new(dir.as_os_str().as_bytes()).unwrap();
        let mut d = Dir::open(CWD, &path).unwrap();
        let mut names = std::collections::BTreeSet::new();
        while let Some(e) = d.next_entry() {
            let e = e.unwrap();
            names.insert(e.name.to_str().unwrap().to_owned());
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names.len(), 302);
        assert!(names.contains(".") && names.contains("..") && names.contains("entry-299"));
    }

    #[test]
    fn entries_with_the_descriptor() {
        let dir = std::env::temp_dir().join(std::format!("klibc-dirat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..200 {
            std::fs::write(dir.join(std::format!("f{i}")), std::format!("{i}")).unwrap();
        }
        let path = CString::new(dir.as_os_str().as_bytes()).unwrap();
        let mut d = Dir::open(CWD, &path).unwrap();
        let mut seen = 0;
        while let Some(e) = d.next_entry_at() {
            let (fd, e) = e.unwrap();
            let name = e.name.to_str().unwrap();
            if let Some(i) = name.strip_prefix('f') {
                // Opened through the listing's own descriptor.
                assert_eq!(read_file(fd, e.name).unwrap(), i.as_bytes());
                seen += 1;
            } else {
                assert!(name == "." || name == "..", "{name}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(seen, 200);
    }

    #[test]
    fn read_file_and_errors() {
        let data = read_file(CWD, c"/proc/self/stat").unwrap();
        assert!(data.starts_with(std::format!("{} ", std::process::id()).as_bytes()));
        assert_eq!(
            read_file(CWD, c"/nonexistent/file").err(),
            Some(Errno::NOENT)
        );
    }
}

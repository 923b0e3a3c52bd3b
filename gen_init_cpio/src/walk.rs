//! A directory source, read the way gen_initramfs.sh reads it.
//!
//! The script lists the tree with `find DIR -printf "%p %m %U %G"`, sorts
//! those lines bytewise (`LC_ALL=C sort`) and turns each into a list line.
//! We build the same lines in memory, sort them the same way (so the order,
//! and with it inode numbering, matches), and make entries directly. Names
//! with blanks, which the script's word splitting mangles, come out right.

use crate::entry::{Entry, Kind, Origin};
use crate::error::{Error, Result};
use std::ffi::OsString;
use std::fs::Metadata;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// `-u`/`-g`: which id becomes 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdMap {
    /// Every id becomes 0.
    Squash,
    /// This id becomes 0; others stay.
    Root(i64),
}

impl IdMap {
    /// `squash`, `-1` (the caller's own id, given as `own`), or a number.
    pub fn parse(s: &str, own: u32) -> Result<Self> {
        match s {
            "squash" => Ok(IdMap::Squash),
            "-1" => Ok(IdMap::Root(i64::from(own))),
            _ => s
                .parse::<i64>()
                .map(IdMap::Root)
                .map_err(|_| Error::new(format!("invalid id '{s}' (want a number, -1 or squash)"))),
        }
    }

    fn apply(self, id: u32) -> u32 {
        match self {
            IdMap::Squash => 0,
            IdMap::Root(r) if i64::from(id) == r => 0,
            IdMap::Root(_) => id,
        }
    }
}

/// Collapses runs of `/` (the script's `sed -e 's://*:/:g'`).
pub fn squeeze_slashes(p: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.len());
    for &b in p {
        if b == b'/' && out.last() == Some(&b'/') {
            continue;
        }
        out.push(b);
    }
    out
}

struct Found {
    line: Vec<u8>,
    path: Vec<u8>,
    meta: Metadata,
}

/// The entries of directory `dir` and the paths for the dependency list.
pub fn walk(dir: &[u8], uid_map: IdMap, gid_map: IdMap) -> Result<(Vec<Entry>, Vec<Vec<u8>>)> {
    let srcdir = squeeze_slashes(dir);
    let root_meta = std::fs::symlink_metadata(Path::new(std::ffi::OsStr::from_bytes(&srcdir)))
        .map_err(|e| Error::path(Path::new(std::ffi::OsStr::from_bytes(&srcdir)), &e))?;
    let mut found = vec![found_entry(srcdir.clone(), root_meta)];
    let mut stack = vec![srcdir.clone()];
    while let Some(d) = stack.pop() {
        let dpath = PathBuf::from(OsString::from_vec(d.clone()));
        let rd = std::fs::read_dir(&dpath).map_err(|e| Error::path(&dpath, &e))?;
        for ent in rd {
            let ent = ent.map_err(|e| Error::path(&dpath, &e))?;
            let mut p = d.clone();
            if p.last() != Some(&b'/') {
                p.push(b'/');
            }
            p.extend_from_slice(ent.file_name().as_bytes());
            let meta = ent
                .metadata()
                .map_err(|e| Error::path(Path::new(std::ffi::OsStr::from_bytes(&p)), &e))?;
            if meta.file_type().is_dir() {
                stack.push(p.clone());
            }
            found.push(found_entry(p, meta));
        }
    }
    found.sort_by(|a, b| a.line.cmp(&b.line));
    let mut entries = Vec::new();
    let mut deps = Vec::new();
    if found.len() <= 1 {
        return Ok((entries, deps));
    }
    let source: Rc<str> = Rc::from(String::from_utf8_lossy(dir).as_ref());
    for f in found {
        let ft = f.meta.file_type();
        if !ft.is_symlink() {
            deps.push(escape_colons(&f.path));
        }
        if f.path == srcdir {
            continue;
        }
        let mut name = b"/".to_vec();
        name.extend_from_slice(&f.path[srcdir.len()..]);
        let name = squeeze_slashes(&name);
        let location = PathBuf::from(OsString::from_vec(f.path.clone()));
        let kind = if ft.is_symlink() {
            let t = std::fs::read_link(&location).map_err(|e| Error::path(&location, &e))?;
            Kind::Slink {
                target: t.into_os_string().into_vec(),
            }
        } else if ft.is_file() {
            Kind::File {
                raw_location: f.path.clone(),
                location,
                links: Vec::new(),
            }
        } else if ft.is_dir() {
            Kind::Dir
        } else if ft.is_block_device() || ft.is_char_device() {
            let rdev = f.meta.rdev();
            Kind::Nod {
                block: ft.is_block_device(),
                major: (((rdev >> 8) & 0xfff) | ((rdev >> 32) & !0xfff)) as u32,
                minor: ((rdev & 0xff) | ((rdev >> 12) & !0xff)) as u32,
            }
        } else if ft.is_fifo() {
            Kind::Pipe
        } else if ft.is_socket() {
            Kind::Sock
        } else {
            continue;
        };
        entries.push(Entry {
            name,
            mode: f.meta.mode() & 0o7777,
            uid: uid_map.apply(f.meta.uid()),
            gid: gid_map.apply(f.meta.gid()),
            kind,
            origin: Origin {
                source: source.clone(),
                line: 0,
            },
        });
    }
    Ok((entries, deps))
}

fn found_entry(path: Vec<u8>, meta: Metadata) -> Found {
    let mut line = path.clone();
    line.extend_from_slice(
        format!(" {:o} {} {}", meta.mode() & 0o7777, meta.uid(), meta.gid()).as_bytes(),
    );
    Found { line, path, meta }
}

/// The script's `sed 's/:/\\:/g'` for make.
pub fn escape_colons(p: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.len());
    for &b in p {
        if b == b':' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(squeeze_slashes(b"//a///b/"), b"/a/b/");
        assert_eq!(escape_colons(b"a:b"), b"a\\:b");
        assert_eq!(IdMap::parse("squash", 5), Ok(IdMap::Squash));
        assert_eq!(IdMap::parse("-1", 5), Ok(IdMap::Root(5)));
        assert!(IdMap::parse("x", 5).is_err());
        assert_eq!(IdMap::Root(1000).apply(1000), 0);
        assert_eq!(IdMap::Root(1000).apply(7), 7);
    }
}

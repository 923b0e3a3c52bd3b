//! What goes into the archive: one entry per list line or directory member.
//!
//! Both sources of entries (cpio lists and directory walks) produce these, so
//! the writer never knows where an entry came from except for error messages.

use std::path::PathBuf;
use std::rc::Rc;

/// Where an entry was described, for error messages (`FILE:LINE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The list file or directory it came from.
    pub source: Rc<str>,
    /// 1-based line in a list; 0 for directory members.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.source, self.line)
        } else {
            f.write_str(&self.source)
        }
    }
}

/// The kind of an entry and what only that kind carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A regular file whose data is read from `location`; `links` are more
    /// names for it (hard links), the data going with the last one.
    File {
        /// The location as written in the list (before `${}` expansion).
        raw_location: Vec<u8>,
        /// Where to read the data.
        location: PathBuf,
        /// Further names of the same file.
        links: Vec<Vec<u8>>,
    },
    Dir,
    Pipe,
    Sock,
    /// A device node.
    Nod {
        block: bool,
        major: u32,
        minor: u32,
    },
    /// A symbolic link to `target`.
    Slink {
        target: Vec<u8>,
    },
}

/// One archive member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Name in the archive as given (one leading `/` is dropped on output).
    pub name: Vec<u8>,
    /// Permission bits (possibly with this kind's own file-type bits).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub kind: Kind,
    pub origin: Origin,
}

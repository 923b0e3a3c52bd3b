//! Writes entries as a newc archive, byte for byte as the kernel's tool does.
//!
//! Inode numbers start at 721 and count up per entry (hard links share one);
//! directories, pipes and sockets have two links; device major/minor of every
//! entry is 3:1; a file's data goes with its last name; `-c` stores the byte
//! sum of the data; `-a` pads the name field so file data starts aligned.

use crate::entry::{Entry, Kind};
use crate::error::{Error, Result};
use crate::newc::{
    padlen, Header, HEADER_LEN, PATH_MAX, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG,
    S_IFSOCK, TRAILER_NAME,
};
use crate::opener::DirCache;
use crate::prefetch::{self, Body, Prefetched};
use crate::semantics::Semantics;
use crate::sink::{read_exact, Sink};
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The first inode number the kernel's tool hands out.
pub const FIRST_INO: u32 = 721;

/// How entries are written (the kernel tool's options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// `-t`, or the current time: mtime of entries that have none of their own.
    pub default_mtime: u32,
    /// Was `-t` given? (Under current semantics it then applies to files too.)
    pub timestamp_given: bool,
    pub semantics: Semantics,
    /// `-c`: `070702` headers with data checksums.
    pub checksums: bool,
    /// `-a`: align file data to this many bytes (0: off).
    pub data_align: u32,
}

impl Settings {
    /// Checks a `-t` value the way the selected kernel's tool does (and also
    /// refuses the negative values older tools turned into broken headers).
    pub fn timestamp(value: i64) -> Result<u32> {
        u32::try_from(value).map_err(|_| {
            Error::new(format!(
                "timestamp {value} is out of range for the cpio format (0 to 4294967295)"
            ))
        })
    }
}

/// Writes a sequence of entries and then the trailer.
pub struct Writer {
    sink: Sink,
    settings: Settings,
    ino: u32,
    dirs: DirCache,
}

impl Writer {
    pub fn new(sink: Sink, settings: Settings) -> Self {
        Writer {
            sink,
            settings,
            ino: FIRST_INO,
            dirs: DirCache::default(),
        }
    }

    fn offset(&self) -> u32 {
        self.sink.position() as u32
    }

    fn header(&mut self, h: &Header) -> Result<()> {
        let buf = self.sink.buffer();
        h.encode(self.settings.checksums, buf);
        self.sink.commit(HEADER_LEN)
    }

    /// Name with its NUL, then padding to 4.
    fn name_and_pad(&mut self, name: &[u8]) -> Result<()> {
        let buf = self.sink.buffer();
        buf.extend_from_slice(name);
        buf.push(0);
        self.sink.commit(name.len() + 1)?;
        let pad = padlen(self.offset(), 4);
        self.sink.zeros(pad as usize)
    }

    fn simple(
        &mut self,
        e: &Entry,
        mode: u32,
        nlink: u32,
        filesize: u32,
        rdev: (u32, u32),
    ) -> Result<()> {
        let name = stored_name(&e.name);
        let h = Header {
            ino: self.ino,
            mode,
            uid: e.uid,
            gid: e.gid,
            nlink,
            mtime: self.settings.default_mtime,
            filesize,
            devmajor: 3,
            devminor: 1,
            rdevmajor: rdev.0,
            rdevminor: rdev.1,
            namesize: name.len() as u32 + 1,
            check: 0,
        };
        self.ino = self.ino.wrapping_add(1);
        self.header(&h)?;
        self.name_and_pad(name)
    }

    /// Writes one entry.
    pub fn entry(&mut self, e: &Entry) -> Result<()> {
        match &e.kind {
            Kind::Dir => self.simple(e, e.mode | S_IFDIR, 2, 0, (0, 0)),
            Kind::Pipe => self.simple(e, e.mode | S_IFIFO, 2, 0, (0, 0)),
            Kind::Sock => self.simple(e, e.mode | S_IFSOCK, 2, 0, (0, 0)),
            Kind::Nod {
                block,
                major,
                minor,
            } => {
                let t = if *block { S_IFBLK } else { S_IFCHR };
                self.simple(e, e.mode | t, 1, 0, (*major, *minor))
            }
            Kind::Slink { target } => {
                self.simple(e, e.mode | S_IFLNK, 1, target.len() as u32 + 1, (0, 0))?;
                self.name_and_pad(target)
            }
            Kind::File {
                location, links, ..
            } => open_file(&mut self.dirs, location)
                .and_then(|(f, meta)| self.file(e, location, links, Some(f), &meta, None))
                .map_err(|err| err.context(&e.origin)),
        }
    }

    /// Writes all `entries` in order; for many files, a reader thread opens
    /// and reads them ahead (see `prefetch`), with the same result.
    pub fn entries(&mut self, entries: &[Entry]) -> Result<()> {
        let locations: Vec<&Path> = entries
            .iter()
            .filter_map(|e| match &e.kind {
                Kind::File { location, .. } => Some(location.as_path()),
                _ => None,
            })
            .collect();
        if !prefetch::wanted(locations.len()) {
            return entries.iter().try_for_each(|e| self.entry(e));
        }
        std::thread::scope(|scope| {
            let (mut pre, tx, arenas) = Prefetched::channels();
            scope.spawn(move || prefetch::reader(locations, tx, arenas));
            for e in entries {
                let Kind::File {
                    location, links, ..
                } = &e.kind
                else {
                    self.entry(e)?;
                    continue;
                };
                let r = pre.next_file().and_then(|(item, data)| match item.body {
                    Body::Open(f) => self.file(e, location, links, Some(f), &item.meta, None),
                    Body::Arena(..) => self.file(e, location, links, None, &item.meta, Some(data)),
                });
                r.map_err(|err| err.context(&e.origin))?;
            }
            Ok(())
        })
    }

    fn file(
        &mut self,
        e: &Entry,
        location: &Path,
        links: &[Vec<u8>],
        mut src: Option<File>,
        meta: &std::fs::Metadata,
        data: Option<&[u8]>,
    ) -> Result<()> {
        let mtime = self.file_mtime(meta.mtime(), location)?;
        let size = meta.len();
        let size32 = u32::try_from(size).map_err(|_| {
            Error::new(format!(
                "{}: {size} bytes is more than the 4294967295 a cpio (newc) entry can hold",
                location.display()
            ))
        })?;
        // With -c the sum goes in the header, before the data.
        let mut owned: Option<Vec<u8>> = None;
        let mut csum = 0u32;
        if self.settings.checksums && size > 0 {
            if let Some(data) = data {
                csum = crate::newc::checksum_add(0, data);
            } else if let Some(src) = src.as_mut() {
                if size <= Sink::csum_in_memory_limit() {
                    let mut buf = vec![0u8; size as usize];
                    read_exact(src, &mut buf, location)?;
                    csum = crate::newc::checksum_add(0, &buf);
                    owned = Some(buf);
                } else {
                    csum = Sink::checksum_file(src, size, location)?;
                }
            }
        }
        let held = data.or(owned.as_deref());
        let nlinks = links.len() as u32 + 1;
        let names = std::iter::once(&e.name).chain(links.iter());
        for (i, name) in names.enumerate() {
            let last = i + 1 == nlinks as usize;
            let name = stored_name(name);
            let namesize = name.len() as u32 + 1;
            let filesize = if last { size32 } else { 0 };
            let mut namepad = 0u32;
            let align = self.settings.data_align;
            if align != 0 && filesize > align {
                namepad = padlen(
                    self.offset()
                        .wrapping_add(HEADER_LEN as u32)
                        .wrapping_add(namesize),
                    align,
                );
                if namesize as usize + namepad as usize > PATH_MAX {
                    eprintln!(
                        "{}: best-effort alignment {align} missed",
                        String::from_utf8_lossy(name)
                    );
                    namepad = 0;
                }
            }
            let h = Header {
                ino: self.ino,
                mode: e.mode | S_IFREG,
                uid: e.uid,
                gid: e.gid,
                nlink: nlinks,
                mtime,
                filesize,
                devmajor: 3,
                devminor: 1,
                rdevmajor: 0,
                rdevminor: 0,
                namesize: namesize + namepad,
                check: if filesize > 0 { csum } else { 0 },
            };
            self.header(&h)?;
            if namepad > 0 {
                let buf = self.sink.buffer();
                buf.extend_from_slice(name);
                buf.push(0);
                self.sink.commit(name.len() + 1)?;
                self.sink.zeros(namepad as usize)?;
            } else {
                self.name_and_pad(name)?;
            }
            if filesize > 0 {
                match (held, src.as_mut()) {
                    (Some(data), _) => self.sink.body_from_memory(data)?,
                    (None, Some(src)) => self.sink.file_body(src, size, location)?,
                    (None, None) => {
                        return Err(Error::new(format!(
                            "{}: file data went missing",
                            location.display()
                        )))
                    }
                }
                let pad = padlen(self.offset(), 4);
                self.sink.zeros(pad as usize)?;
            }
        }
        self.ino = self.ino.wrapping_add(1);
        Ok(())
    }

    fn file_mtime(&self, st_mtime: i64, location: &Path) -> Result<u32> {
        let s = &self.settings;
        if s.timestamp_given && s.semantics.timestamp_applies_to_files() {
            return Ok(s.default_mtime);
        }
        if st_mtime > i64::from(u32::MAX) {
            eprintln!(
                "{}: Timestamp exceeds maximum cpio timestamp, clipping.",
                location.display()
            );
            return Ok(u32::MAX);
        }
        if st_mtime < 0 {
            if s.semantics == Semantics::Legacy {
                return Err(Error::new(format!(
                    "{}: mtime {st_mtime} is before 1970, which a cpio (newc) header cannot hold",
                    location.display()
                )));
            }
            eprintln!("{}: Timestamp negative, clipping.", location.display());
            return Ok(0);
        }
        Ok(st_mtime as u32)
    }

    /// Copies an existing archive (a `.cpio` source) into the output as is.
    pub fn passthrough(&mut self, path: &Path) -> Result<()> {
        let mut src = File::open(path).map_err(|e| Error::path(path, &e))?;
        let len = src.metadata().map_err(|e| Error::path(path, &e))?.len();
        let mut magic = [0u8; 6];
        if len < 6
            || read_exact(&mut src, &mut magic, path).is_err()
            || !magic.starts_with(b"07070")
        {
            return Err(Error::new(format!(
                "{}: not a cpio archive (no 07070x magic)",
                path.display()
            )));
        }
        self.sink.write(&magic)?;
        self.sink.file_body(&mut src, len - 6, path)?;
        let pad = padlen(self.offset(), 4);
        self.sink.zeros(pad as usize)
    }

    /// Writes the trailer and its padding to 512 bytes.
    pub fn trailer(&mut self) -> Result<()> {
        self.header(&Header::trailer())?;
        self.name_and_pad(TRAILER_NAME)?;
        let pad = padlen(self.offset(), 512);
        self.sink.zeros(pad as usize)
    }

    /// Flushes everything (and finishes compression).
    pub fn finish(self) -> Result<()> {
        self.sink.finish()
    }
}

/// Opens `location` and checks it is a regular file.
pub fn open_file(dirs: &mut DirCache, location: &Path) -> Result<(File, std::fs::Metadata)> {
    let file = dirs
        .open(location)
        .map_err(|err| Error::path(location, &err))?;
    let meta = file.metadata().map_err(|err| Error::path(location, &err))?;
    if !meta.file_type().is_file() {
        return Err(Error::new(format!(
            "{}: not a regular file",
            location.display()
        )));
    }
    Ok((file, meta))
}

/// The name as stored: one leading `/` dropped.
pub fn stored_name(name: &[u8]) -> &[u8] {
    name.strip_prefix(b"/").unwrap_or(name)
}

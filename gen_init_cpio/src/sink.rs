//! The byte stream the archive is written to, built for speed.
//!
//! Headers, names, padding and small files are gathered in one large buffer
//! and written with few system calls. Large file bodies skip user space when
//! they can: `copy_file_range` into a regular output file, `sendfile` into a
//! pipe or device, and plain read/write otherwise (or into a compressor).

use crate::compress::Compressor;
use crate::error::{Error, Result};
use crate::newc::checksum_add;
use crate::sys;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::path::Path;

/// Gathered bytes are written out once the buffer holds this much.
const BUF_CAP: usize = 1 << 20;
/// Bodies up to this size are read straight into the buffer.
const SMALL_FILE: u64 = 256 << 10;
/// Bodies up to this size are held in memory while checksumming.
const CSUM_IN_MEMORY: u64 = 32 << 20;
/// The zero-copy calls move at most this much per call.
const COPY_CHUNK: usize = 1 << 30;

enum Target {
    /// A file descriptor: a regular file (`copy_file_range`) or not (`sendfile`).
    Fd { file: File, regular: bool },
    /// A compressor, which needs the bytes in user space.
    Compress(Compressor),
}

/// The output stream of an archive; counts the bytes it was given.
pub struct Sink {
    buf: Vec<u8>,
    target: Target,
    written: u64,
    /// Zero-copy calls failed once with "not supported": stop trying them.
    no_copy_range: bool,
    no_sendfile: bool,
}

impl Sink {
    /// Writes to `file` (uncompressed) or through `compressor`.
    pub fn new(file: File, compressor: Option<Compressor>) -> Result<Self> {
        let target = match compressor {
            Some(c) => Target::Compress(c),
            None => {
                let regular = file
                    .metadata()
                    .map_err(|e| Error::io("output", &e))?
                    .file_type()
                    .is_file();
                Target::Fd { file, regular }
            }
        };
        Ok(Sink {
            buf: Vec::with_capacity(BUF_CAP + SMALL_FILE as usize + 8192),
            target,
            written: 0,
            no_copy_range: false,
            no_sendfile: false,
        })
    }

    /// Bytes given to the sink so far.
    pub fn position(&self) -> u64 {
        self.written
    }

    /// Appends bytes.
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(data);
        self.written += data.len() as u64;
        self.maybe_flush()
    }

    /// Appends `n` zero bytes.
    pub fn zeros(&mut self, n: usize) -> Result<()> {
        self.buf.resize(self.buf.len() + n, 0);
        self.written += n as u64;
        self.maybe_flush()
    }

    /// The header buffer, to encode into directly; call [`Sink::commit`] after.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Accounts for `n` bytes appended through [`Sink::buffer`].
    pub fn commit(&mut self, n: usize) -> Result<()> {
        self.written += n as u64;
        self.maybe_flush()
    }

    fn maybe_flush(&mut self) -> Result<()> {
        if self.buf.len() >= BUF_CAP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out everything gathered so far.
    pub fn flush(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let r = match &mut self.target {
            Target::Fd { file, .. } => file
                .write_all(&self.buf)
                .map_err(|e| Error::io("writing the archive", &e)),
            Target::Compress(c) => c.write_all(&self.buf),
        };
        self.buf.clear();
        r
    }

    /// Sum of the bytes of the first `len` bytes of `src` (from its current
    /// position), leaving the position where it was.
    pub fn checksum_file(src: &mut File, len: u64, path: &Path) -> Result<u32> {
        use std::io::{Seek, SeekFrom};
        let mut sum = 0u32;
        let mut left = len;
        let mut chunk = vec![0u8; 1 << 16];
        while left > 0 {
            let want = left.min(chunk.len() as u64) as usize;
            let n = read_some(src, &mut chunk[..want], path)?;
            sum = checksum_add(sum, &chunk[..n]);
            left -= n as u64;
        }
        src.seek(SeekFrom::Current(-(len as i64)))
            .map_err(|e| Error::path(path, &e))?;
        Ok(sum)
    }

    /// Appends exactly `len` bytes read from `src`, from its current
    /// position; fails if the file turns out shorter.
    pub fn file_body(&mut self, src: &mut File, len: u64, path: &Path) -> Result<()> {
        if len <= SMALL_FILE {
            let start = self.buf.len();
            self.buf.resize(start + len as usize, 0);
            if let Err(e) = read_exact(src, &mut self.buf[start..], path) {
                self.buf.truncate(start);
                return Err(e);
            }
            self.written += len;
            return self.maybe_flush();
        }
        self.flush()?;
        let mut left = len;
        if let Target::Fd { file, regular } = &mut self.target {
            while left > 0 {
                let want = left.min(COPY_CHUNK as u64) as usize;
                let r = if *regular && !self.no_copy_range {
                    sys::copy_range(src.as_fd(), file.as_fd(), want)
                } else if !self.no_sendfile {
                    sys::send(src.as_fd(), file.as_fd(), want)
                } else {
                    break;
                };
                match r {
                    Ok(0) => return Err(shrank(path)),
                    Ok(n) => {
                        left -= n as u64;
                        self.written += n as u64;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) if unsupported(&e) => {
                        if *regular && !self.no_copy_range {
                            self.no_copy_range = true;
                        } else {
                            self.no_sendfile = true;
                        }
                    }
                    Err(e) => return Err(Error::path(path, &e)),
                }
            }
        }
        // Plain copy through user space for what is left.
        let mut chunk = vec![0u8; (left.min(BUF_CAP as u64)) as usize];
        while left > 0 {
            let want = left.min(chunk.len() as u64) as usize;
            read_exact(src, &mut chunk[..want], path)?;
            match &mut self.target {
                Target::Fd { file, .. } => file
                    .write_all(&chunk[..want])
                    .map_err(|e| Error::io("writing the archive", &e))?,
                Target::Compress(c) => c.write_all(&chunk[..want])?,
            }
            left -= want as u64;
            self.written += want as u64;
        }
        Ok(())
    }

    /// Appends `data` that is already in memory (a checksummed body).
    pub fn body_from_memory(&mut self, data: &[u8]) -> Result<()> {
        if data.len() <= SMALL_FILE as usize {
            return self.write(data);
        }
        self.flush()?;
        match &mut self.target {
            Target::Fd { file, .. } => file
                .write_all(data)
                .map_err(|e| Error::io("writing the archive", &e))?,
            Target::Compress(c) => c.write_all(data)?,
        }
        self.written += data.len() as u64;
        Ok(())
    }

    /// The largest body kept in memory for checksumming.
    pub fn csum_in_memory_limit() -> u64 {
        CSUM_IN_MEMORY
    }

    /// Flushes and closes; finishes the compressor.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        match self.target {
            Target::Fd { .. } => Ok(()),
            Target::Compress(c) => c.finish(),
        }
    }
}

fn unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(22 /* EINVAL */)
            | Some(18 /* EXDEV */)
            | Some(38 /* ENOSYS */)
            | Some(95 /* EOPNOTSUPP */)
            | Some(1 /* EPERM */)
            | Some(9 /* EBADF */)
    )
}

fn shrank(path: &Path) -> Error {
    Error::new(format!(
        "{}: file became shorter while it was being read",
        path.display()
    ))
}

fn read_some(src: &mut File, buf: &mut [u8], path: &Path) -> Result<usize> {
    loop {
        match src.read(buf) {
            Ok(0) => return Err(shrank(path)),
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::path(path, &e)),
        }
    }
}

/// Fills `buf` from `src`.
pub fn read_exact(src: &mut File, buf: &mut [u8], path: &Path) -> Result<()> {
    let mut done = 0;
    while done < buf.len() {
        done += read_some(src, &mut buf[done..], path)?;
    }
    Ok(())
}

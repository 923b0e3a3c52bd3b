//! Where the archive goes: stdout, or a file written under a temporary name in
//! the same directory and renamed over the target only when everything
//! succeeded. A failed run leaves no archive and never truncates an existing
//! one. Targets that are not regular files (`/dev/null`, a FIFO) are written
//! directly, since they cannot be replaced by a rename.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// An open output and what to do with it when the run succeeds.
pub struct Output {
    file: Option<File>,
    /// (temporary, final) names when writing through a temporary file.
    rename: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Result<Self> {
        let fd = std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| Error::io("stdout", &e))?;
        Ok(Output {
            file: Some(File::from(fd)),
            rename: None,
        })
    }

    /// The file `path`, created with `mode` (before umask) if new.
    pub fn file(path: &Path, mode: u32) -> Result<Self> {
        // Writing through a symlink (as the C tool does) means replacing
        // its target, not the link.
        let resolved;
        let path = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
                Ok(p) => {
                    resolved = p;
                    resolved.as_path()
                }
                Err(_) => path,
            },
            _ => path,
        };
        if let Ok(meta) = std::fs::metadata(path) {
            let ft = meta.file_type();
            if ft.is_char_device() || ft.is_fifo() || ft.is_block_device() || ft.is_socket() {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::path(path, &e))?;
                return Ok(Output {
                    file: Some(file),
                    rename: None,
                });
            }
            if ft.is_dir() {
                return Err(Error::new(format!("{}: is a directory", path.display())));
            }
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let base = path
            .file_name()
            .ok_or_else(|| Error::new(format!("{}: not a file name", path.display())))?;
        let pid = std::process::id();
        let mut last_err = None;
        for n in 0..100u32 {
            let mut name = std::ffi::OsString::from(".");
            name.push(base);
            name.push(format!(".tmp.{pid}.{n}"));
            let tmp = dir.join(name);
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&tmp)
            {
                Ok(file) => {
                    return Ok(Output {
                        file: Some(file),
                        rename: Some((tmp, path.to_path_buf())),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => return Err(Error::path(&tmp, &e)),
            }
        }
        let e = last_err.unwrap_or_else(|| std::io::Error::other("no free temporary name"));
        Err(Error::io(format!("{}: temporary file", path.display()), &e))
    }

    /// The open file (a duplicate descriptor that shares its position).
    pub fn handle(&self) -> Result<File> {
        self.file
            .as_ref()
            .ok_or_else(|| Error::new("output already closed"))?
            .try_clone()
            .map_err(|e| Error::io("output", &e))
    }

    /// Makes the output final: renames the temporary file over the target.
    pub fn commit(mut self) -> Result<()> {
        self.file = None;
        if let Some((tmp, dest)) = self.rename.take() {
            if let Err(e) = std::fs::rename(&tmp, &dest) {
                let _ = std::fs::remove_file(&tmp);
                return Err(Error::path(&dest, &e));
            }
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not committed: remove the partial archive.
        if let Some((tmp, _)) = self.rename.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gic-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn replaced_only_on_commit() {
        let d = dir("commit");
        let target = d.join("out");
        std::fs::write(&target, b"old").unwrap();
        let out = Output::file(&target, 0o644).unwrap();
        out.handle().unwrap().write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        drop(out);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        let out = Output::file(&target, 0o644).unwrap();
        out.handle().unwrap().write_all(b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn through_symlinks_and_devices() {
        let d = dir("symlink");
        let real = d.join("real");
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink("real", d.join("link")).unwrap();
        let out = Output::file(&d.join("link"), 0o644).unwrap();
        out.handle().unwrap().write_all(b"new").unwrap();
        out.commit().unwrap();
        assert!(std::fs::symlink_metadata(d.join("link"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let null = Output::file(Path::new("/dev/null"), 0o644).unwrap();
        null.handle().unwrap().write_all(b"x").unwrap();
        null.commit().unwrap();
        assert!(Output::file(&d, 0o644).is_err());
        let _ = std::fs::remove_dir_all(&d);
    }
}

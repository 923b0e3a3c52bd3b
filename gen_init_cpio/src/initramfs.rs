//! The `gen_initramfs` command: what usr/gen_initramfs.sh does, without a shell.
//!
//! ```text
//! gen_initramfs [-o <file>] [-l <dep_list>] [-u <uid>] [-g <gid>] [-d <date>]
//!               [--kernel=<version>] [--compress=<method>] [--xz-bcj=<filter>]
//!               <cpio_source>...
//! ```
//!
//! Options and sources are taken in order, as the script takes them: `-u`
//! and `-g` apply to the directory sources after them. Directory and list
//! sources in a row become one archive, exactly as the script's concatenated
//! list would through gen_init_cpio; a `.cpio` source is copied in as is.

use crate::archive::Settings;
use crate::cli::{default_now, env_lookup, write_archive, Common, LONG_OPTIONS};
use crate::entry::{Entry, Kind};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::semantics::Semantics;
use crate::walk::{walk, IdMap};
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

const USAGE: &str = "\
Usage:
\tgen_initramfs [-o <file>] [-l <dep_list>] [-u <uid>] [-g <gid>] [-d <date>]
\t              [--kernel=<version>] [--compress=<method>] [--xz-bcj=<filter>]
\t              <cpio_source>...

-o <file>      write the archive to <file> (default: standard output)
-l <dep_list>  write the make dependency list (deps_initramfs) to <dep_list>
-u <uid>       user id to map to 0 in directory sources; -1: your own;
               squash: every id becomes 0
-g <gid>       group id to map likewise
-d <date>      mtime of every entry (any date that date -d reads, or
               @SECONDS); default: KBUILD_BUILD_TIMESTAMP if set
<cpio_source>  a directory, a gen_init_cpio list, or a .cpio archive
               (copied in as is)
--kernel, --compress and --xz-bcj are those of gen_init_cpio (see its -h).

-u and -g are applied in order to the directory sources that follow them.
";

/// A part of the output: entries (ending in a trailer) or a ready archive.
enum Segment {
    Entries(Vec<Entry>),
    Cpio(PathBuf),
}

/// Runs `gen_initramfs` with `args` (without argv[0]); returns the exit code.
pub fn main(args: &[OsString]) -> i32 {
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn run(args: &[OsString]) -> Result<i32> {
    let prog = "gen_initramfs";
    let mut common = Common {
        semantics: Semantics::from_env().map_err(|e| e.context(prog))?,
        ..Common::default()
    };
    let mut output: Option<PathBuf> = None;
    // (path, contents) of each -l, in order; sources append to the last.
    let mut deps: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut uid_map = IdMap::Root(0);
    let mut gid_map = IdMap::Root(0);
    let mut date: Option<u32> = None;
    let mut segments: Vec<Segment> = Vec::new();
    let mut i = 0;
    let value = |i: &mut usize, opt: &str| -> Result<OsString> {
        let v = args
            .get(*i)
            .cloned()
            .ok_or_else(|| Error::new(format!("{prog}: option '{opt}' needs a value")))?;
        *i += 1;
        Ok(v)
    };
    let mut only_sources = false;
    while i < args.len() {
        let arg = args[i].clone();
        i += 1;
        let a = arg.as_bytes();
        if !only_sources && a.starts_with(b"-") {
            match a {
                b"--" => only_sources = true,
                b"-h" => {
                    print!("{USAGE}");
                    return Ok(0);
                }
                b"-o" => output = Some(PathBuf::from(value(&mut i, "-o")?)),
                b"-l" => {
                    let p = PathBuf::from(value(&mut i, "-l")?);
                    deps.push((p, b"deps_initramfs := \\\n".to_vec()));
                }
                b"-u" => {
                    let v = value(&mut i, "-u")?;
                    uid_map = IdMap::parse(&v.to_string_lossy(), crate::sys::uid())
                        .map_err(|e| e.context(format!("{prog}: -u")))?;
                }
                b"-g" => {
                    let v = value(&mut i, "-g")?;
                    gid_map = IdMap::parse(&v.to_string_lossy(), crate::sys::gid())
                        .map_err(|e| e.context(format!("{prog}: -g")))?;
                }
                b"-d" => {
                    let d = value(&mut i, "-d")?.to_string_lossy().into_owned();
                    let secs = crate::date::parse_date(&d).map_err(|e| e.context(prog))?;
                    date = Some(Settings::timestamp(secs).map_err(|e| e.context(prog))?);
                }
                _ if a.starts_with(b"--") && a.len() > 2 => {
                    let s = String::from_utf8_lossy(&a[2..]).into_owned();
                    let (name, v) = match s.split_once('=') {
                        Some((n, v)) => (n.to_string(), OsString::from(v)),
                        None => {
                            if !LONG_OPTIONS.contains(&s.as_str()) {
                                return Err(unknown(prog, &arg));
                            }
                            (s.clone(), value(&mut i, &format!("--{s}"))?)
                        }
                    };
                    if !LONG_OPTIONS.contains(&name.as_str()) {
                        return Err(unknown(prog, &arg));
                    }
                    common.long(&name, &v).map_err(|e| e.context(prog))?;
                }
                _ => return Err(unknown(prog, &arg)),
            }
            continue;
        }
        source(&arg, uid_map, gid_map, &mut segments, deps.last_mut())?;
    }

    let timestamp = match date {
        Some(t) => Some(t),
        None => match std::env::var("KBUILD_BUILD_TIMESTAMP") {
            Ok(d) if !d.is_empty() => {
                let secs = crate::date::parse_date(&d)
                    .map_err(|e| e.context(format!("{prog}: KBUILD_BUILD_TIMESTAMP")))?;
                Some(Settings::timestamp(secs).map_err(|e| e.context(prog))?)
            }
            _ => None,
        },
    };
    let settings = Settings {
        default_mtime: match timestamp {
            Some(t) => t,
            None => default_now().map_err(|e| e.context(prog))?,
        },
        timestamp_given: timestamp.is_some(),
        semantics: common.semantics,
        checksums: false,
        data_align: 0,
    };
    let out = match &output {
        Some(p) => Output::file(p, 0o666)?,
        None => Output::stdout()?,
    };
    write_archive(out, settings, common.compression()?, |w| {
        let mut pending = false;
        let mut any_cpio = false;
        for seg in &segments {
            match seg {
                Segment::Entries(entries) => {
                    w.entries(entries)?;
                    pending = true;
                }
                Segment::Cpio(p) => {
                    if pending {
                        w.trailer()?;
                        pending = false;
                    }
                    w.passthrough(p)?;
                    any_cpio = true;
                }
            }
        }
        if pending || !any_cpio {
            w.trailer()?;
        }
        Ok(())
    })?;
    for (path, text) in &deps {
        write_file(path, text)?;
    }
    Ok(0)
}

fn unknown(prog: &str, arg: &OsString) -> Error {
    Error::new(format!(
        "{prog}: unknown option \"{}\"\nIf the filename validly begins with '-', then it must be prefixed\nby './' so that it won't be interpreted as an option.",
        arg.to_string_lossy()
    ))
}

/// Adds one `<cpio_source>`.
fn source(
    arg: &OsString,
    uid_map: IdMap,
    gid_map: IdMap,
    segments: &mut Vec<Segment>,
    deps: Option<&mut (PathBuf, Vec<u8>)>,
) -> Result<()> {
    let path = Path::new(arg);
    let shown = arg.to_string_lossy();
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("gen_initramfs: Cannot open '{shown}'"), &e))?;
    let mut dep_lines: Vec<Vec<u8>> = Vec::new();
    if meta.is_file() {
        let name = arg.as_bytes();
        if name.ends_with(b".cpio") {
            dep_lines.push(arg.as_bytes().to_vec());
            segments.push(Segment::Cpio(path.to_path_buf()));
        } else {
            if find(name, b".cpio.").is_some() {
                return Err(Error::new(format!(
                    "gen_initramfs: '{shown}' is a compressed archive; it can only be used on its own, as CONFIG_INITRAMFS_SOURCE, without gen_initramfs"
                )));
            }
            let text = std::fs::read(path)
                .map_err(|e| Error::io(format!("gen_initramfs: Cannot open '{shown}'"), &e))?;
            let entries = crate::list::parse_list(&text, &shown, &env_lookup)?;
            dep_lines.push(arg.as_bytes().to_vec());
            for e in &entries {
                if let Kind::File { raw_location, .. } = &e.kind {
                    dep_lines.push(raw_location.clone());
                }
            }
            push_entries(segments, entries);
        }
    } else if meta.is_dir() {
        let (entries, paths) = walk(arg.as_bytes(), uid_map, gid_map)?;
        dep_lines.extend(paths);
        push_entries(segments, entries);
    } else {
        return Err(Error::new(format!(
            "gen_initramfs: Cannot open '{shown}': not a file or directory"
        )));
    }
    if let Some((_, text)) = deps {
        for l in dep_lines {
            text.extend_from_slice(&l);
            text.extend_from_slice(b" \\\n");
        }
    }
    Ok(())
}

fn push_entries(segments: &mut Vec<Segment>, entries: Vec<Entry>) {
    if let Some(Segment::Entries(v)) = segments.last_mut() {
        v.extend(entries);
    } else {
        segments.push(Segment::Entries(entries));
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Writes `text` to `path` through a temporary file.
fn write_file(path: &Path, text: &[u8]) -> Result<()> {
    let out = Output::file(path, 0o666)?;
    let mut f = out.handle()?;
    f.write_all(text).map_err(|e| Error::path(path, &e))?;
    drop(f);
    out.commit()
}

//! The `gen_init_cpio` command line: the kernel tool's options plus ours.
//!
//! ```text
//! gen_init_cpio [-t <timestamp>] [-c] [-o <output_file>] [-a <data_align>]
//!               [--kernel=<version>] [--compress=<method>] [--xz-bcj=<filter>]
//!               <cpio_list>
//! ```

use crate::archive::{Settings, Writer};
use crate::args::{getopt, parse_strtol, Arg};
use crate::compress::{Bcj, Compression, Compressor};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::semantics::Semantics;
use crate::sink::Sink;
use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;

/// Long options both commands accept.
pub const LONG_OPTIONS: &[&str] = &["kernel", "compress", "xz-bcj"];

const USAGE: &str = "\
Usage:
\tgen_init_cpio [-t <timestamp>] [-c] [-o <output_file>] [-a <data_align>]
\t              [--kernel=<version>] [--compress=<method>] [--xz-bcj=<filter>]
\t              <cpio_list>

<cpio_list> is a file (or - for standard input) with one entry per line:

# a comment
file <name> <location> <mode> <uid> <gid> [<hard links>]
dir <name> <mode> <uid> <gid>
nod <name> <mode> <uid> <gid> <dev_type> <maj> <min>
slink <name> <target> <mode> <uid> <gid>
pipe <name> <mode> <uid> <gid>
sock <name> <mode> <uid> <gid>

<name> is the path in the archive, <location> the file to read (${VAR} is
replaced by the environment variable VAR), <target> a symlink's target,
<mode> octal permissions, <uid>/<gid> numeric ids, <dev_type> b (block) or
c (character), <maj>/<min> the device numbers, <hard links> more names.

-t <timestamp>  mtime (seconds since the epoch) for directories, links and
                special files, and (kernel 6.5 and later) regular files too;
                default: the current time (SOURCE_DATE_EPOCH if set)
-c              070702 headers with 32-bit data checksums
-o <file>       write the archive to <file> (replaced only on success)
-a <align>      pad names so file data is aligned to <align> (multiple of 4)
--kernel=<ver>  behave like that kernel's tool (default: newest; also from
                the GEN_INIT_CPIO_KERNEL environment variable)
--compress=<m>  none, gzip, bzip2, lzma, xz (built in), lzo, lz4 or zstd
--xz-bcj=<f>    BCJ filter in front of xz: none, x86, arm, armthumb, powerpc,
                ia64 or sparc
-h              this help
";

/// Options shared by both commands.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub semantics: Semantics,
    pub compression: Compression,
    pub bcj: Option<Bcj>,
}

impl Common {
    /// Applies `--kernel`, `--compress` or `--xz-bcj`.
    pub fn long(&mut self, name: &str, value: &OsString) -> Result<()> {
        let v = value
            .to_str()
            .ok_or_else(|| Error::new(format!("--{name}: value is not UTF-8")))?;
        match name {
            "kernel" => self.semantics = Semantics::for_version(v)?,
            "compress" => self.compression = Compression::parse(v)?,
            "xz-bcj" => self.bcj = Bcj::parse(v)?,
            _ => return Err(Error::new(format!("unknown option '--{name}'"))),
        }
        Ok(())
    }

    /// The compression with the BCJ filter folded in.
    pub fn compression(&self) -> Result<Compression> {
        match (self.compression, self.bcj) {
            (Compression::Xz(_), bcj) => Ok(Compression::Xz(bcj)),
            (_, Some(_)) => Err(Error::new("--xz-bcj needs --compress=xz")),
            (c, None) => Ok(c),
        }
    }
}

/// The mtime for entries without one when no timestamp was given:
/// `SOURCE_DATE_EPOCH` if set (reproducible builds), else now.
pub fn default_now() -> Result<u32> {
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
        let n = parse_strtol(&v)
            .ok_or_else(|| Error::new("SOURCE_DATE_EPOCH is not a number of seconds"))?;
        return Settings::timestamp(n).map_err(|e| e.context("SOURCE_DATE_EPOCH"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    u32::try_from(now).map_err(|_| Error::new("the current time does not fit a cpio header"))
}

/// Writes `segments` to `output` with `settings` and `compression`; on any
/// failure the output is dropped (a temporary file is removed).
pub fn write_archive(
    output: Output,
    settings: Settings,
    compression: Compression,
    body: impl FnOnce(&mut Writer) -> Result<()>,
) -> Result<()> {
    let file = output.handle()?;
    let compressor = Compressor::start(
        compression,
        file.try_clone().map_err(|e| Error::io("output", &e))?,
    )?;
    let sink = Sink::new(file, compressor)?;
    let mut w = Writer::new(sink, settings);
    body(&mut w)?;
    w.finish()?;
    output.commit()
}

/// Runs `gen_init_cpio` with `args` (without argv[0]); returns the exit code.
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
    let prog = "gen_init_cpio";
    let parsed = getopt(args, "t:cho:a:", LONG_OPTIONS)
        .map_err(|e| Error::new(format!("{prog}: {e}\n(see {prog} -h)")))?;
    let mut common = Common {
        semantics: Semantics::from_env().map_err(|e| e.context(prog))?,
        ..Common::default()
    };
    let mut timestamp: Option<i64> = None;
    let mut checksums = false;
    let mut out_path: Option<PathBuf> = None;
    let mut align = 0u32;
    let mut operands = Vec::new();
    for a in parsed {
        match a {
            Arg::Short('h', _) => {
                eprint!("{USAGE}");
                return Ok(0);
            }
            Arg::Short('t', Some(v)) => {
                timestamp = Some(parse_strtol(&v).ok_or_else(|| {
                    Error::new(format!(
                        "{prog}: Invalid timestamp: {}",
                        v.to_string_lossy()
                    ))
                })?);
            }
            Arg::Short('c', _) => checksums = true,
            Arg::Short('o', Some(v)) => out_path = Some(PathBuf::from(v)),
            Arg::Short('a', Some(v)) => {
                align = parse_strtol(&v)
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| n % 4 == 0)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "{prog}: Invalid data_align: {} (want a multiple of 4)",
                            v.to_string_lossy()
                        ))
                    })?;
            }
            Arg::Long(name, v) => common.long(&name, &v).map_err(|e| e.context(prog))?,
            Arg::Operand(o) => operands.push(o),
            Arg::Short(c, _) => return Err(Error::new(format!("{prog}: unknown option '-{c}'"))),
        }
    }
    let default_mtime = match timestamp {
        Some(t) => Settings::timestamp(t).map_err(|e| e.context(prog))?,
        None => default_now().map_err(|e| e.context(prog))?,
    };
    if operands.len() != 1 {
        return Err(Error::new(format!(
            "{prog}: want exactly one <cpio_list>, got {}\n(see {prog} -h)",
            operands.len()
        )));
    }
    let list_name = operands[0].to_string_lossy().into_owned();
    let (text, source) = if operands[0] == "-" {
        let mut v = Vec::new();
        std::io::stdin()
            .read_to_end(&mut v)
            .map_err(|e| Error::io(format!("{prog}: reading the list from stdin"), &e))?;
        (v, "<stdin>".to_string())
    } else {
        let v = std::fs::read(&operands[0])
            .map_err(|e| Error::io(format!("{prog}: cannot read list '{list_name}'"), &e))?;
        (v, list_name)
    };
    let entries = crate::list::parse_list(&text, &source, &|n| env_lookup(n))?;
    let settings = Settings {
        default_mtime,
        timestamp_given: timestamp.is_some(),
        semantics: common.semantics,
        checksums,
        data_align: align,
    };
    let output = match &out_path {
        Some(p) => Output::file(p, 0o600)?,
        None => Output::stdout()?,
    };
    write_archive(output, settings, common.compression()?, |w| {
        w.entries(&entries)?;
        w.trailer()
    })?;
    Ok(0)
}

/// `${VAR}` lookup in the process environment.
pub fn env_lookup(name: &[u8]) -> Option<Vec<u8>> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    if name.is_empty() || name.contains(&b'=') || name.contains(&0) {
        return None;
    }
    std::env::var_os(std::ffi::OsStr::from_bytes(name)).map(|v| v.into_vec())
}

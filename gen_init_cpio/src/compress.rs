//! Compression of the finished archive, as `CONFIG_INITRAMFS_COMPRESSION_*` asks.
//!
//! With the `xz` feature (cargo's default), xz runs in-process through xz2
//! with the settings of the kernel's `xzmisc` command (`xz --check=crc32
//! --lzma2=dict=1MiB`: preset 6, CRC32, 1 MiB dictionary, which the kernel's
//! XZ decoder accepts), optionally behind a BCJ filter. Without it (the
//! std-only build by `$(HOSTRUSTC)` in a kernel tree, where usr/Kbuild
//! compresses with the kernel's own rules anyway) xz is that command. The
//! other methods run the same commands with the same flags as the kernel's
//! scripts/Makefile.lib, honouring the same variables (`KGZIP`, `KBZIP2`,
//! `LZMA`, `XZ`, `KLZOP`, `LZ4`, `ZSTD`) that Kbuild exports.

use crate::error::{Error, Result};
use std::fs::File;
use std::io::Write;
use std::process::{Child, ChildStdin, Command, Stdio};
#[cfg(feature = "xz")]
use xz2::stream::{Check, Filters, LzmaOptions, Stream};
#[cfg(feature = "xz")]
use xz2::write::XzEncoder;

/// The LZMA2 dictionary the kernel's `xzmisc` uses (`--lzma2=dict=1MiB`).
pub const XZ_DICT_SIZE: u32 = 1 << 20;

/// A branch/call/jump filter in front of LZMA2 (xz's `--x86`, `--arm`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bcj {
    X86,
    Arm,
    ArmThumb,
    PowerPc,
    Ia64,
    Sparc,
}

impl Bcj {
    /// By xz option name (`x86`, `arm`, `armthumb`, `powerpc`, `ia64`,
    /// `sparc`) or kernel `ARCH`/`SRCARCH` name (`x86_64`, `i386`, ...).
    pub fn parse(s: &str) -> Result<Option<Self>> {
        Ok(Some(match s {
            "none" | "" => return Ok(None),
            "x86" | "x86_64" | "i386" => Bcj::X86,
            "arm" => Bcj::Arm,
            "armthumb" => Bcj::ArmThumb,
            "powerpc" | "ppc" => Bcj::PowerPc,
            "ia64" => Bcj::Ia64,
            "sparc" => Bcj::Sparc,
            _ => {
                return Err(Error::new(format!(
                "unknown BCJ filter '{s}' (want none, x86, arm, armthumb, powerpc, ia64 or sparc)"
            )))
            }
        }))
    }
}

/// How to compress the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Bzip2,
    Lzma,
    Xz(Option<Bcj>),
    Lzo,
    Lz4,
    Zstd,
}

impl Compression {
    /// By the name Kconfig uses (`CONFIG_INITRAMFS_COMPRESSION_<NAME>`),
    /// lower case: none, gzip, bzip2, lzma, xz, lzo, lz4, zstd.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "none" | "copy" => Compression::None,
            "gzip" => Compression::Gzip,
            "bzip2" => Compression::Bzip2,
            "lzma" => Compression::Lzma,
            "xz" => Compression::Xz(None),
            "lzo" => Compression::Lzo,
            "lz4" => Compression::Lz4,
            "zstd" => Compression::Zstd,
            _ => {
                return Err(Error::new(format!(
                    "unknown compression '{s}' (want none, gzip, bzip2, lzma, xz, lzo, lz4 or zstd)"
                )))
            }
        })
    }

    /// The external command line (program from `var` or `default`, then the
    /// kernel's flags), or `None` for in-process methods (none, and xz with
    /// the `xz` feature).
    pub fn command(self) -> Option<(&'static str, &'static str, &'static [&'static str])> {
        match self {
            Compression::Xz(_) if cfg!(feature = "xz") => None,
            c => c.external(),
        }
    }

    /// The command the kernel runs for this method (for xz, its `xzmisc`
    /// with the BCJ filter as xz's option in front), whether or not it is
    /// done in-process here.
    pub fn external(self) -> Option<(&'static str, &'static str, &'static [&'static str])> {
        const XZ: &str = "--lzma2=dict=1MiB";
        Some(match self {
            Compression::Gzip => ("KGZIP", "gzip", &["-n", "-f", "-9"]),
            Compression::Bzip2 => ("KBZIP2", "bzip2", &["-9"]),
            Compression::Lzma => ("LZMA", "lzma", &["-9"]),
            Compression::Xz(bcj) => (
                "XZ",
                "xz",
                match bcj {
                    None => &["--check=crc32", XZ],
                    Some(Bcj::X86) => &["--check=crc32", "--x86", XZ],
                    Some(Bcj::Arm) => &["--check=crc32", "--arm", XZ],
                    Some(Bcj::ArmThumb) => &["--check=crc32", "--armthumb", XZ],
                    Some(Bcj::PowerPc) => &["--check=crc32", "--powerpc", XZ],
                    Some(Bcj::Ia64) => &["--check=crc32", "--ia64", XZ],
                    Some(Bcj::Sparc) => &["--check=crc32", "--sparc", XZ],
                },
            ),
            Compression::Lzo => ("KLZOP", "lzop", &["-9"]),
            Compression::Lz4 => ("LZ4", "lz4", &["-l", "-9", "-", "-"]),
            Compression::Zstd => ("ZSTD", "zstd", &["-19"]),
            Compression::None => return None,
        })
    }
}

/// An xz encoder configured the way the kernel's decoder wants.
#[cfg(feature = "xz")]
pub fn xz_stream(bcj: Option<Bcj>) -> Result<Stream> {
    let mut opts =
        LzmaOptions::new_preset(6).map_err(|e| Error::new(format!("xz: preset 6: {e}")))?;
    opts.dict_size(XZ_DICT_SIZE);
    let mut filters = Filters::new();
    match bcj {
        None => {}
        Some(Bcj::X86) => {
            filters.x86();
        }
        Some(Bcj::Arm) => {
            filters.arm();
        }
        Some(Bcj::ArmThumb) => {
            filters.arm_thumb();
        }
        Some(Bcj::PowerPc) => {
            filters.powerpc();
        }
        Some(Bcj::Ia64) => {
            filters.ia64();
        }
        Some(Bcj::Sparc) => {
            filters.sparc();
        }
    }
    filters.lzma2(&opts);
    Stream::new_stream_encoder(&filters, Check::Crc32)
        .map_err(|e| Error::new(format!("xz: cannot set up the encoder: {e}")))
}

/// A compressor that the archive bytes are written into.
pub enum Compressor {
    #[cfg(feature = "xz")]
    Xz(XzEncoder<File>),
    Command {
        name: String,
        child: Child,
        stdin: Option<ChildStdin>,
    },
}

impl Compressor {
    /// Starts compressing into `out`. `None` when `c` is `Compression::None`.
    pub fn start(c: Compression, out: File) -> Result<Option<Self>> {
        #[cfg(feature = "xz")]
        if let Compression::Xz(bcj) = c {
            return Ok(Some(Compressor::Xz(XzEncoder::new_stream(
                out,
                xz_stream(bcj)?,
            ))));
        }
        let Some((var, default, flags)) = c.command() else {
            return Ok(None);
        };
        let prog = std::env::var(var).ok().filter(|s| !s.trim().is_empty());
        let prog = prog.as_deref().unwrap_or(default);
        let mut words = prog.split_whitespace();
        let exe = words.next().unwrap_or(default);
        let mut cmd = Command::new(exe);
        cmd.args(words).args(flags);
        cmd.stdin(Stdio::piped()).stdout(Stdio::from(out));
        let name = format!("{prog} {}", flags.join(" "));
        let mut child = cmd
            .spawn()
            .map_err(|e| Error::io(format!("cannot run '{name}'"), &e))?;
        let stdin = child.stdin.take();
        Ok(Some(Compressor::Command { name, child, stdin }))
    }

    /// Writes uncompressed bytes.
    pub fn write_all(&mut self, data: &[u8]) -> Result<()> {
        match self {
            #[cfg(feature = "xz")]
            Compressor::Xz(enc) => enc
                .write_all(data)
                .map_err(|e| Error::io("xz: compressing", &e)),
            Compressor::Command { name, stdin, .. } => match stdin {
                Some(s) => s
                    .write_all(data)
                    .map_err(|e| Error::io(format!("writing to '{name}'"), &e)),
                None => Err(Error::new(format!("'{name}' has no input"))),
            },
        }
    }

    /// Ends the stream and waits for an external compressor.
    pub fn finish(self) -> Result<()> {
        match self {
            #[cfg(feature = "xz")]
            Compressor::Xz(enc) => {
                let out = enc.finish().map_err(|e| Error::io("xz: finishing", &e))?;
                drop(out);
                Ok(())
            }
            Compressor::Command {
                name,
                mut child,
                stdin,
            } => {
                drop(stdin);
                let status = child
                    .wait()
                    .map_err(|e| Error::io(format!("waiting for '{name}'"), &e))?;
                if status.success() {
                    Ok(())
                } else {
                    Err(Error::new(format!("'{name}' failed ({status})")))
                }
            }
        }
    }
}

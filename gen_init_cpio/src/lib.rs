//! gen_init_cpio: the kernel's initramfs archive writer, in Rust.
//!
//! A drop-in for the kernel's `usr/gen_init_cpio` (same list grammar, options
//! and output bytes) and `usr/gen_initramfs.sh` (directories, lists, `.cpio`
//! sources, uid/gid mapping, dates, dependency list), with xz built in and the
//! kernel's other compressors run as Kbuild runs them. See README.md.

pub mod archive;
pub mod args;
pub mod cli;
pub mod compress;
pub mod date;
pub mod entry;
pub mod error;
pub mod expand;
pub mod fuzz;
pub mod initramfs;
pub mod list;
pub mod newc;
pub mod opener;
pub mod output;
pub mod prefetch;
pub mod semantics;
pub mod sink;
mod sys;
pub mod walk;

pub use error::{Error, Result};

//! Test subject: file round-trips in a directory given by the test. Reads
//! `input` (written by the test) and copies it to `copy` through
//! read/write; writes `made` itself with a known pattern; then renames,
//! links, symlinks, makes a FIFO and a directory, and removes one file, so
//! the test can check every result through std's view of the same directory.
#![no_std]
#![no_main]

use klibc::fs;
use klibc::io;
use klibc::io::SeekFrom;
use klibc::uapi::general as g;
use klibc::{fd::CWD, Result};

fn run() -> Result<()> {
    let dir_arg = klibc::rt::args().nth(1).ok_or(klibc::Errno::INVAL)?;
    let dir = fs::openat(CWD, dir_arg, g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC, 0)?;

    // input -> copy, in odd-sized chunks.
    let input = fs::openat(&dir, c"input", g::O_RDONLY | g::O_CLOEXEC, 0)?;
    let copy = fs::openat(
        &dir,
        c"copy",
        g::O_WRONLY | g::O_CREAT | g::O_TRUNC | g::O_CLOEXEC,
        0o640,
    )?;
    let mut buf = [0u8; 777];
    let mut total = 0u64;
    loop {
        let n = io::read(&input, &mut buf)?;
        if n == 0 {
            break;
        }
        io::write_all(&copy, &buf[..n])?;
        total += n as u64;
    }
    let st = fs::fstat(&copy)?;
    klibc::println!("copied {total} bytes, fstat size {}", st.st_size);

    // made: 64 KiB pattern, then overwrite the middle after seeking.
    let made = fs::openat(
        &dir,
        c"made",
        g::O_RDWR | g::O_CREAT | g::O_EXCL | g::O_CLOEXEC,
        0o600,
    )?;
    let pattern: alloc::vec::Vec<u8> = (0..65536u32).map(|i| (i * 7 % 251) as u8).collect();
    io::write_all(&made, &pattern)?;
    let pos = io::lseek(&made, SeekFrom::Start(1000))?;
    io::write_all(&made, b"KLIBC")?;
    let end = io::lseek(&made, SeekFrom::End(0))?;
    let mut back = [0u8; 5];
    io::pread(&made, &mut back, 1000)?;
    klibc::println!(
        "seek {pos} end {end} pread {}",
        core::str::from_utf8(&back).unwrap_or("?")
    );

    fs::renameat(&dir, c"copy", &dir, c"renamed", 0)?;
    fs::linkat(&dir, c"renamed", &dir, c"hardlink", 0)?;
    fs::symlinkat(c"renamed", &dir, c"symlink")?;
    let mut target = [0u8; 64];
    let n = fs::readlinkat(&dir, c"symlink", &mut target)?;
    klibc::println!(
        "readlink {}",
        core::str::from_utf8(&target[..n]).unwrap_or("?")
    );
    fs::mkdirat(&dir, c"subdir", 0o750)?;
    fs::mknodat(&dir, c"fifo", g::S_IFIFO | 0o600, 0)?;
    fs::statat(&dir, c"fifo", 0)
        .map(|st| klibc::println!("fifo is fifo: {}", st.st_mode & g::S_IFMT == g::S_IFIFO))?;
    fs::unlinkat(&dir, c"hardlink", 0)?;
    let st = fs::statat(&dir, c"symlink", g::AT_SYMLINK_NOFOLLOW)?;
    klibc::println!(
        "lstat symlink is link: {}",
        st.st_mode & g::S_IFMT == g::S_IFLNK
    );
    Ok(())
}

fn main() -> Result<()> {
    run()
}

extern crate alloc;
klibc::main!(main);

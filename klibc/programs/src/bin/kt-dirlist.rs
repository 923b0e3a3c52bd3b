//! Test subject: lists a directory with klibc's getdents64 iterator, one
//! `name<TAB>type` line per entry, so the test can compare with read_dir.
#![no_std]
#![no_main]

use klibc::fs::{Dir, FileType};

fn main() -> klibc::Result<()> {
    let path = klibc::rt::args().nth(1).ok_or(klibc::Errno::INVAL)?;
    let mut dir = Dir::open(klibc::fd::CWD, path)?;
    while let Some(entry) = dir.next_entry() {
        let e = entry?;
        let kind = match e.file_type {
            FileType::Regular => "file",
            FileType::Directory => "dir",
            FileType::Symlink => "symlink",
            FileType::Fifo => "fifo",
            FileType::Socket => "socket",
            FileType::BlockDevice => "block",
            FileType::CharDevice => "char",
            FileType::Unknown => "unknown",
        };
        klibc::println!("{}\t{kind}", e.name.to_string_lossy());
    }
    Ok(())
}

klibc::main!(main);

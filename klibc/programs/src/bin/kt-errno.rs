//! Test subject: makes calls that must fail and prints the errno each one
//! got, so the test can check the kernel's error reaches the caller intact.
#![no_std]
#![no_main]

use klibc::fs;
use klibc::uapi::general as g;
use klibc::{fd::CWD, io, Errno};

fn show<T>(what: &str, r: klibc::Result<T>) {
    match r {
        Ok(_) => klibc::println!("{what}: ok"),
        Err(e) => klibc::println!("{what}: {e:?} ({e})"),
    }
}

fn main() -> klibc::Result<()> {
    let dir = klibc::rt::args().nth(1).ok_or(Errno::INVAL)?;
    let d = fs::openat(CWD, dir, g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC, 0)?;
    show("open missing", fs::openat(&d, c"missing", g::O_RDONLY, 0));
    fs::mkdirat(&d, c"exists", 0o700)?;
    show("mkdir existing", fs::mkdirat(&d, c"exists", 0o700));
    let w = fs::openat(&d, c"file", g::O_WRONLY | g::O_CREAT | g::O_CLOEXEC, 0o600)?;
    show("read write-only fd", io::read(&w, &mut [0u8; 4]));
    show(
        "open under a file",
        fs::openat(&d, c"file/x", g::O_RDONLY, 0),
    );
    show("rmdir not empty", {
        fs::mkdirat(&d, c"exists/inner", 0o700)?;
        fs::unlinkat(&d, c"exists", g::AT_REMOVEDIR)
    });
    show("unlink missing", fs::unlinkat(&d, c"missing", 0));
    Ok(())
}

klibc::main!(main);

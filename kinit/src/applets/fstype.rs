//! `fstype [file]`: klibc-utils' fstype. Identifies the filesystem on
//! `file` (stdin when absent or `-`) and prints `FSTYPE=<type>` and
//! `FSSIZE=<bytes>` as klibc's does; exit 0 when known, 1 for "unknown"
//! (and for a usage error), 2 when the file cannot be opened or read.

use crate::probe::{self, BlockRead, Device, FsInfo};
use core::ffi::CStr;
use klibc::uapi::auxvec::AT_PAGESZ;

pub fn main(args: &[&CStr]) -> i32 {
    if args.len() > 2 {
        let prog = args.first().map(|a| a.to_string_lossy());
        klibc::eprintln!("Usage: {} [file]", prog.as_deref().unwrap_or("fstype"));
        return 1;
    }
    let page = klibc::rt::auxv(AT_PAGESZ).map_or(probe::DEFAULT_PAGE_SIZE, |p| p as u64);
    let result = match args.get(1).filter(|a| a.to_bytes() != b"-") {
        Some(path) => match Device::open(path) {
            Ok(mut dev) => identify(&mut dev, page, path),
            Err(e) => {
                klibc::eprintln!("fstype: {}: {}", path.to_string_lossy(), e);
                return 2;
            }
        },
        None => identify(&mut klibc::io::stdin(), page, c"stdin"),
    };
    let Some(found) = result else {
        return 2;
    };
    let (name, size) = found
        .as_ref()
        .map_or(("unknown", 0), |i: &FsInfo| (i.fstype, i.size));
    klibc::print!("FSTYPE={}\nFSSIZE={}\n", name, size);
    if found.is_some() {
        0
    } else {
        1
    }
}

fn identify(dev: &mut dyn BlockRead, page: u64, name: &CStr) -> Option<Option<FsInfo>> {
    match probe::identify(dev, page) {
        Ok(found) => Some(found),
        Err(e) => {
            klibc::eprintln!("fstype: {}: {}", name.to_string_lossy(), e);
            None
        }
    }
}

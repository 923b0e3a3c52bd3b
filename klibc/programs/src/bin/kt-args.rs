//! Test subject: prints argc, every argument and the requested environment
//! variables, or exits with a given code (`kt-args exit N`), so the tests can
//! check start-up and exec's argument passing.
#![no_std]
#![no_main]

use klibc::rt;

fn main() -> i32 {
    let args: alloc::vec::Vec<_> = rt::args().collect();
    if args.len() == 3 && args[1] == c"exit" {
        return args[2]
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(255);
    }
    klibc::println!("argc={}", args.len());
    for (i, a) in args.iter().enumerate() {
        klibc::println!("argv[{i}]={}", a.to_string_lossy());
    }
    // Environment: print the variables named in KT_SHOW (comma-separated).
    if let Some(show) = rt::var("KT_SHOW") {
        for name in show
            .to_str()
            .unwrap_or("")
            .split(',')
            .filter(|n| !n.is_empty())
        {
            match rt::var(name) {
                Some(v) => klibc::println!("env {name}={}", v.to_string_lossy()),
                None => klibc::println!("env {name} unset"),
            }
        }
    }
    klibc::println!("envc={}", rt::vars().count());
    klibc::println!(
        "pagesz={}",
        rt::auxv(klibc::uapi::auxvec::AT_PAGESZ).unwrap_or(0)
    );
    0
}

extern crate alloc;
klibc::main!(main);

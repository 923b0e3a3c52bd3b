//! The boot tests' stand-in for a real init: installed as /sbin/init (and the
//! other places the init fallback chain looks) on the root images, it prints
//! one marker block on the console — its argv, /proc/uptime, what / is
//! (device, filesystem type, ro/rw and options from /proc/mounts; st_dev),
//! every mount, its capability sets and the loaded modules — then ends the VM with
//! reboot(RESTART), which QEMU's `-no-reboot` turns into an exit (no ACPI is
//! needed, unlike a power-off). Every line starts with `boot-marker:` so the
//! harness can find them in the serial log.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use klibc::fd::CWD;
use klibc::uapi::general as g;

fn main() -> i32 {
    // Read the clock first: this is the "first line of the real init" the
    // boot benchmark measures to.
    let boottime = klibc::time::clock_gettime(g::CLOCK_BOOTTIME)
        .map(|t| (t.tv_sec as u64, t.tv_nsec as u64 / 1000))
        .unwrap_or((0, 0));
    let uptime = read_uptime();
    let args: Vec<_> = klibc::rt::args().collect();
    // uptime is /proc/uptime (centiseconds); boottime the same clock to the
    // microsecond, for the boot-time benchmark.
    klibc::println!(
        "boot-marker: start uptime={uptime} boottime={}.{:06} pid={}",
        boottime.0,
        boottime.1,
        klibc::process::getpid()
    );
    klibc::println!("boot-marker: argc={}", args.len());
    for (i, a) in args.iter().enumerate() {
        klibc::println!("boot-marker: argv[{i}]={}", a.to_string_lossy());
    }
    match root_mount() {
        Some((dev, fstype, mode, opts)) => {
            klibc::println!("boot-marker: root dev={dev} fstype={fstype} mode={mode} opts={opts}")
        }
        None => klibc::println!("boot-marker: root unknown"),
    }
    // Which block device / is, as the kernel numbers it (the root= tests
    // check that the right disk or partition was mounted).
    if let Ok(st) = klibc::fs::statat(CWD, c"/", 0) {
        let dev = st.st_dev;
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
        let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
        klibc::println!("boot-marker: root st_dev={major}:{minor}");
    }
    // Every mount init sees (kinit_mount=): source, directory, type.
    for line in read_proc(c"/proc/mounts").lines() {
        let mut f = line.split(' ');
        if let (Some(src), Some(dir), Some(fstype)) = (f.next(), f.next(), f.next()) {
            klibc::println!("boot-marker: mount {src} {dir} {fstype}");
        }
    }
    // The capability sets init got (drop_capabilities=).
    let status = read_proc(c"/proc/self/status");
    let cap = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::trim)
            .unwrap_or("?")
    };
    klibc::println!(
        "boot-marker: caps bnd={} eff={}",
        cap("CapBnd:"),
        cap("CapEff:")
    );
    // The modules loaded (kinit's module loading): /proc/modules' names.
    let modules = read_proc(c"/proc/modules");
    let names: Vec<&str> = modules
        .lines()
        .filter_map(|l| l.split(' ').next())
        .collect();
    klibc::println!("boot-marker: modules {}", names.join(" "));
    let u = klibc::process::uname();
    klibc::println!("boot-marker: kernel {}", klibc::ffi::field_str(&u.release));
    klibc::println!("boot-marker: end");
    klibc::fs::sync();
    if klibc::process::getpid() == 1 {
        let _ = klibc::process::reboot(g::LINUX_REBOOT_CMD_RESTART);
        // Still here (not allowed to reboot?): never return from PID 1.
        loop {
            let _ = klibc::time::sleep_ms(1000);
        }
    }
    0
}

/// /proc/uptime's first field, mounting /proc if the new root has not.
fn read_uptime() -> String {
    let text = read_proc(c"/proc/uptime");
    text.split_whitespace()
        .next()
        .map(String::from)
        .unwrap_or_else(|| String::from("?"))
}

/// The last /proc/mounts entry whose mount point is "/": (device, type,
/// ro|rw, all its options).
fn root_mount() -> Option<(String, String, &'static str, String)> {
    let text = read_proc(c"/proc/mounts");
    let mut found = None;
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        if let [dev, "/", fstype, opts, ..] = f.as_slice() {
            let ro = opts.split(',').any(|o| o == "ro");
            found = Some((
                String::from(*dev),
                String::from(*fstype),
                if ro { "ro" } else { "rw" },
                String::from(*opts),
            ));
        }
    }
    found
}

fn read_proc(path: &core::ffi::CStr) -> String {
    let bytes = match klibc::fs::read_file(CWD, path) {
        Ok(b) => b,
        Err(_) => {
            let _ = klibc::mount::mount(Some(c"proc"), c"/proc", Some(c"proc"), 0, None);
            klibc::fs::read_file(CWD, path).unwrap_or_default()
        }
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

klibc::main!(main);

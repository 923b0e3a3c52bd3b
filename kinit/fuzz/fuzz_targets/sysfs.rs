//! Fuzz target: /proc/filesystems, sysfs `dev` attributes and uevent files
//! as kinit reads them must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::sysfs(data);
});

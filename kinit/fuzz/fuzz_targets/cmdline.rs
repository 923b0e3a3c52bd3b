//! Fuzz target: the kernel command line as kinit reads it (quoting, `--`,
//! every parameter, `root=` forms) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::cmdline(data);
});

//! Fuzz target: gzip files and raw DEFLATE data (old-style initrd images)
//! must never panic or run past the output limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::inflate(data);
});

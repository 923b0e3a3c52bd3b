//! Fuzz target: verity superblocks (veritysetup's) and root hashes must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::verity(data);
});

//! Fuzz target: md= and raid= values and md superblocks (0.90, 1.x) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::md(data);
});

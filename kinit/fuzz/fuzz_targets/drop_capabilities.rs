//! Fuzz target: a `drop_capabilities=` list (capability names in any case,
//! numbers, commas) must parse or be refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::drop_capabilities(data);
});

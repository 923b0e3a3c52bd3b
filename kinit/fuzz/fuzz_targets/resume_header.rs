//! Fuzz target: a `resume_offset=` value and a device that may hold a
//! hibernation image in its swap header, at every page size: the
//! signature check must answer, never panic or overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::resume_header(data);
});

//! Fuzz target: GPT and MBR parsing (CRCs, backup header, EBR chains) on
//! arbitrary disk contents must answer or fail, never panic or loop.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::probe_parts(data);
});

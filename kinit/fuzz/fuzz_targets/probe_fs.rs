//! Fuzz target: filesystem identification (klibc's signatures and ours,
//! UUID and LABEL extraction) on arbitrary device contents must answer or
//! fail, never panic, at the page sizes kinit meets.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::probe_fs(data);
});

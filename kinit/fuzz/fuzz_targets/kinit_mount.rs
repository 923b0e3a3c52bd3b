//! Fuzz target: a `kinit_mount=` value, an /etc/fstab text and mount
//! option strings must parse (or be refused) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::kinit_mount(data);
});

//! Fuzz target: a `BOOTIF=` value (PXELINUX's hardware type and MAC
//! address) and the interface name it gives `ip=` must parse or be
//! refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::bootif(data);
});

//! Fuzz target: GPT disks walked for the Discoverable Partitions' root and /usr, and LoaderDevicePartUUID variables must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::gpt_auto(data);
});

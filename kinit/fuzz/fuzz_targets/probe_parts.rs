//! Fuzz target: GPT and MBR parsing (CRCs, backup header, EBR chains) on
//! arbitrary disk contents must answer or fail, never panic or loop.
#![no_main]

use kinit::probe;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for sector in [512, 4096] {
        let _ = probe::partitions(&mut &data[..], sector);
    }
});

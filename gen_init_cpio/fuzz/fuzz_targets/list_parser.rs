//! Fuzz target: the cpio list parser must return entries or errors, never
//! panic, and whatever it accepts must fit the newc format.
#![no_main]

use gen_init_cpio::fuzz::check_list;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_list(data);
});

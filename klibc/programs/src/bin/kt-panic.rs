//! Test subject: panics, so the tests can check that a panic prints its
//! message on stderr and exits non-zero.
#![no_std]
#![no_main]

fn main() {
    let n = klibc::rt::args().count();
    panic!("deliberate panic with {n} argument(s)");
}

klibc::main!(main);

//! Test subject: panics, so the tests can check that a panic prints its
//! message (or, for a formatted one, its location) on stderr and exits 101.
#![no_std]
#![no_main]

fn main() {
    if klibc::rt::args().count() > 2 {
        // A message with arguments is shown as its location only.
        let n = klibc::rt::args().count();
        panic!("deliberate panic with {n} arguments");
    }
    panic!("deliberate panic");
}

klibc::main!(main);

//! libc.a: klibc's C ABI (klibc/src/cabi, built with klibc's `libc` feature)
//! as one static archive for C programs compiled against klibc/include with
//! scripts/klcc. All code lives in klibc; this crate only makes the archive
//! and supplies what a final Rust artifact needs (panic handler, allocator).
#![cfg_attr(not(test), no_std)]

#[cfg(feature = "c")]
pub use klibc::cabi;

#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    klibc::rt::exit(134)
}

// With the C library, klibc's cabi::malloc installs the allocator that C's
// malloc shares; without it, the archive still needs one.
#[cfg(not(any(feature = "c", test)))]
#[global_allocator]
static ALLOCATOR: klibc::rt::Allocator = klibc::rt::Allocator::new();

// The prebuilt core and alloc refer to the unwinder although everything
// here aborts on panic; neither symbol is ever reached.
#[cfg(not(test))]
#[no_mangle]
extern "C" fn rust_eh_personality() {}
#[cfg(not(test))]
#[no_mangle]
extern "C" fn _Unwind_Resume() -> ! {
    klibc::rt::exit(134)
}

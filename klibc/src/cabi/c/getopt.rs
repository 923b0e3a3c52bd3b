//! POSIX getopt: short options, `:` for arguments, a leading `:` in the
//! option string for silent errors; stops at the first non-option or `--`.

use core::ffi::{c_char, c_int};
use core::ptr::null_mut;

#[no_mangle]
pub static mut optarg: *mut c_char = null_mut();
#[no_mangle]
pub static mut optind: c_int = 1;
#[no_mangle]
pub static mut opterr: c_int = 1;
#[no_mangle]
pub static mut optopt: c_int = 0;

/// Position inside the current argument (grouped options like `-ab`).
static mut NEXT: usize = 0;

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getopt(
    argc: c_int,
    argv: *const *mut c_char,
    opts: *const c_char,
) -> c_int {
    unsafe {
        optarg = null_mut();
        if optind == 0 {
            optind = 1;
            NEXT = 0;
        }
        if optind >= argc {
            return -1;
        }
        let arg = *argv.add(optind as usize);
        if NEXT == 0 {
            if arg.is_null() || *arg != b'-' as c_char || *arg.add(1) == 0 {
                return -1;
            }
            if *arg.add(1) == b'-' as c_char && *arg.add(2) == 0 {
                optind += 1;
                return -1;
            }
            NEXT = 1;
        }
        let c = *arg.add(NEXT) as u8;
        NEXT += 1;
        let at_end = *arg.add(NEXT) == 0;
        let silent = *opts == b':' as c_char;
        let spec = if c == b':' {
            null_mut()
        } else {
            super::string::strchr(opts, c as c_int)
        };
        if spec.is_null() {
            optopt = c as c_int;
            if at_end {
                optind += 1;
                NEXT = 0;
            }
            if opterr != 0 && !silent {
                super::stdio::fprintf_args(
                    super::stdio::stderr,
                    c"%s: invalid option -- '%c'\n".as_ptr(),
                    &[*argv as usize, c as usize],
                );
            }
            return b'?' as c_int;
        }
        if *spec.add(1) == b':' as c_char {
            if !at_end {
                optarg = arg.add(NEXT);
                optind += 1;
                NEXT = 0;
            } else if optind + 1 < argc {
                optarg = *argv.add(optind as usize + 1);
                optind += 2;
                NEXT = 0;
            } else {
                optind += 1;
                NEXT = 0;
                optopt = c as c_int;
                if silent {
                    return b':' as c_int;
                }
                if opterr != 0 {
                    super::stdio::fprintf_args(
                        super::stdio::stderr,
                        c"%s: option requires an argument -- '%c'\n".as_ptr(),
                        &[*argv as usize, c as usize],
                    );
                }
                return b'?' as c_int;
            }
        } else if at_end {
            optind += 1;
            NEXT = 0;
        }
        c as c_int
    }
}

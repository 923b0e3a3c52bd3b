//! POSIX getopt: short options, `:` for arguments, a leading `:` in the
//! option string for silent errors; stops at the first non-option or `--`
//! (so GNU's leading `+`, which asks for just that, is accepted and
//! skipped).

use core::ffi::{c_char, c_int, CStr};
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
        let opts = skip_plus(opts);
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

/// The option string without GNU's leading `+` (stop at the first
/// non-option, which this getopt always does).
unsafe fn skip_plus(opts: *const c_char) -> *const c_char {
    // SAFETY: a NUL-terminated option string (the caller's contract).
    unsafe {
        if *opts == b'+' as c_char {
            opts.add(1)
        } else {
            opts
        }
    }
}

/// struct option.
#[repr(C)]
pub struct LongOption {
    name: *const c_char,
    has_arg: c_int,
    flag: *mut c_int,
    val: c_int,
}

unsafe fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    // SAFETY: a NUL-terminated string (the caller's contract).
    unsafe { CStr::from_ptr(p).to_bytes() }
}

/// Prints getopt's diagnostics the glibc way:
/// `prog: <before> '<prefix><name>'<after>`.
unsafe fn complain(
    argv: *const *mut c_char,
    opts: *const c_char,
    before: &CStr,
    prefix: &CStr,
    name: &[u8],
    after: &CStr,
) {
    // SAFETY: globals of one thread; the caller's argv and strings.
    unsafe {
        if opterr == 0 || *opts == b':' as c_char {
            return;
        }
        let mut buf = [0u8; 256];
        let n = name.len().min(buf.len() - 1);
        buf[..n].copy_from_slice(&name[..n]);
        super::stdio::fprintf_args(
            super::stdio::stderr,
            if after.to_bytes().ends_with(b":") {
                // A list follows on the same line.
                c"%s: %s '%s%s'%s".as_ptr()
            } else {
                c"%s: %s '%s%s'%s\n".as_ptr()
            },
            &[
                *argv as usize,
                before.as_ptr() as usize,
                prefix.as_ptr() as usize,
                buf.as_ptr() as usize,
                after.as_ptr() as usize,
            ],
        );
    }
}

/// One long option at argv[optind] (after its dashes: `body`).
unsafe fn long_option(
    argc: c_int,
    argv: *const *mut c_char,
    opts: *const c_char,
    longopts: *const LongOption,
    index: *mut c_int,
    body: *mut c_char,
    prefix: &CStr,
) -> Option<c_int> {
    // SAFETY: globals of one thread; the caller's argv and option table.
    unsafe {
        let text = cstr(body);
        let eq = text.iter().position(|&c| c == b'=');
        let name = &text[..eq.unwrap_or(text.len())];
        let mut found: Option<usize> = None;
        let mut ambiguous = false;
        let mut i = 0;
        while !(*longopts.add(i)).name.is_null() {
            let o = &*longopts.add(i);
            let oname = cstr(o.name);
            if oname == name {
                found = Some(i);
                ambiguous = false;
                break;
            }
            if oname.starts_with(name) && !name.is_empty() {
                match found {
                    None => found = Some(i),
                    Some(j) => {
                        let p = &*longopts.add(j);
                        if p.has_arg != o.has_arg || p.flag != o.flag || p.val != o.val {
                            ambiguous = true;
                        }
                    }
                }
            }
            i += 1;
        }
        if found.is_none() && prefix.to_bytes() == b"-" {
            return None; // getopt_long_only: try it as short options
        }
        optind += 1;
        let Some(k) = found.filter(|_| !ambiguous) else {
            if ambiguous {
                complain(
                    argv,
                    opts,
                    c"option",
                    prefix,
                    name,
                    c" is ambiguous; possibilities:",
                );
                if opterr != 0 && *opts != b':' as c_char {
                    // glibc's list: each candidate, then the newline the
                    // message above left out.
                    let err = super::stdio::stderr;
                    let mut j = 0;
                    while !(*longopts.add(j)).name.is_null() {
                        let oname = cstr((*longopts.add(j)).name);
                        if oname.starts_with(name) {
                            super::stdio::fprintf_args(
                                err,
                                c" '%s%s'".as_ptr(),
                                &[prefix.as_ptr() as usize, (*longopts.add(j)).name as usize],
                            );
                        }
                        j += 1;
                    }
                    super::stdio::fputc(b'\n' as c_int, err);
                }
            } else {
                complain(argv, opts, c"unrecognized option", prefix, text, c"");
            }
            optopt = 0;
            return Some(b'?' as c_int);
        };
        let o = &*longopts.add(k);
        optopt = o.val;
        if let Some(e) = eq {
            if o.has_arg == 0 {
                complain(
                    argv,
                    opts,
                    c"option",
                    prefix,
                    cstr(o.name),
                    c" doesn't allow an argument",
                );
                return Some(b'?' as c_int);
            }
            optarg = body.add(e + 1);
        } else if o.has_arg == 1 {
            if optind >= argc {
                complain(
                    argv,
                    opts,
                    c"option",
                    prefix,
                    cstr(o.name),
                    c" requires an argument",
                );
                return Some(if *opts == b':' as c_char { b':' } else { b'?' } as c_int);
            }
            optarg = *argv.add(optind as usize);
            optind += 1;
        }
        optopt = 0;
        // Only a recognised, well-formed option reports its index (glibc).
        if !index.is_null() {
            *index = k as c_int;
        }
        if !o.flag.is_null() {
            *o.flag = o.val;
            return Some(0);
        }
        Some(o.val)
    }
}

unsafe fn getopt_long_any(
    argc: c_int,
    argv: *const *mut c_char,
    opts: *const c_char,
    longopts: *const LongOption,
    index: *mut c_int,
    long_only: bool,
) -> c_int {
    // SAFETY: globals of one thread; the caller's argv and option table.
    unsafe {
        let opts = skip_plus(opts);
        optarg = null_mut();
        if optind == 0 {
            optind = 1;
            NEXT = 0;
        }
        if NEXT == 0 && optind < argc && !longopts.is_null() {
            let arg = *argv.add(optind as usize);
            if !arg.is_null() && *arg == b'-' as c_char {
                let a = cstr(arg);
                if a.len() > 2 && a[1] == b'-' {
                    if let Some(r) =
                        long_option(argc, argv, opts, longopts, index, arg.add(2), c"--")
                    {
                        return r;
                    }
                } else if long_only && a.len() > 1 && a[1] != b'-' {
                    if let Some(r) =
                        long_option(argc, argv, opts, longopts, index, arg.add(1), c"-")
                    {
                        return r;
                    }
                }
            }
        }
        getopt(argc, argv, opts)
    }
}

/// GNU getopt_long: `--name`, `--name=value`, `--name value` (required
/// arguments), unique prefixes of names; short options as getopt. Like
/// this library's getopt it stops at the first non-option (no permuting).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getopt_long(
    argc: c_int,
    argv: *const *mut c_char,
    opts: *const c_char,
    longopts: *const LongOption,
    index: *mut c_int,
) -> c_int {
    unsafe { getopt_long_any(argc, argv, opts, longopts, index, false) }
}

/// getopt_long that also takes long options after a single dash.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getopt_long_only(
    argc: c_int,
    argv: *const *mut c_char,
    opts: *const c_char,
    longopts: *const LongOption,
    index: *mut c_int,
) -> c_int {
    unsafe { getopt_long_any(argc, argv, opts, longopts, index, true) }
}

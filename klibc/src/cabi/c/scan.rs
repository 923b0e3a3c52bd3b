//! The scanf family: whitespace and literal matching, `*` suppression,
//! widths, lengths hh/h/l/ll/j/z/t/L, conversions d i u o x X p c s [ n e f g
//! and %%, from a string or a stream.

use super::stdio::{scan_getc, scan_ungetc, File};
use super::valist::{Args, VaArgs, VaList};
use core::ffi::{c_char, c_int};

trait Input {
    fn get(&mut self) -> Option<u8>;
    fn unget(&mut self, b: u8);
}

struct StrInput(*const u8);
impl Input for StrInput {
    fn get(&mut self) -> Option<u8> {
        // SAFETY: a C string; we never step past its NUL.
        let b = unsafe { *self.0 };
        if b == 0 {
            return None;
        }
        self.0 = unsafe { self.0.add(1) };
        Some(b)
    }
    fn unget(&mut self, _: u8) {
        // SAFETY: only called right after a successful get.
        self.0 = unsafe { self.0.sub(1) };
    }
}

struct FileInput(*mut File);
impl Input for FileInput {
    fn get(&mut self) -> Option<u8> {
        // SAFETY: a valid stream.
        let c = unsafe { scan_getc(self.0) };
        (c >= 0).then_some(c as u8)
    }
    fn unget(&mut self, b: u8) {
        // SAFETY: a valid stream.
        unsafe { scan_ungetc(b as c_int, self.0) };
    }
}

fn space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Counts consumed characters for %n.
struct Counted<'a> {
    inner: &'a mut dyn Input,
    n: usize,
}
impl Counted<'_> {
    fn get(&mut self) -> Option<u8> {
        let b = self.inner.get();
        if b.is_some() {
            self.n += 1;
        }
        b
    }
    fn unget(&mut self, b: u8) {
        self.n -= 1;
        self.inner.unget(b);
    }
    fn skip_space(&mut self) {
        while let Some(b) = self.get() {
            if !space(b) {
                self.unget(b);
                break;
            }
        }
    }
}

unsafe fn store_int(ptr: usize, bits: u32, v: u64) {
    // SAFETY: the caller's pointer of the width the format states.
    unsafe {
        match bits {
            8 => (ptr as *mut u8).write(v as u8),
            16 => (ptr as *mut u16).write(v as u16),
            32 => (ptr as *mut u32).write(v as u32),
            _ => (ptr as *mut u64).write(v),
        }
    }
}

unsafe fn scan(input: &mut dyn Input, fmt: *const c_char, args: &mut dyn Args) -> c_int {
    let mut inp = Counted { inner: input, n: 0 };
    let fmt = unsafe { core::ffi::CStr::from_ptr(fmt) }.to_bytes();
    let mut assigned: c_int = 0;
    let mut i = 0;
    let mut any_input = false;
    macro_rules! fail {
        () => {
            return if assigned == 0 && !any_input {
                -1
            } else {
                assigned
            }
        };
    }
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if space(c) {
            inp.skip_space();
            continue;
        }
        if c != b'%' {
            match inp.get() {
                Some(b) if b == c => {
                    any_input = true;
                    continue;
                }
                Some(b) => {
                    inp.unget(b);
                    return assigned;
                }
                None => fail!(),
            }
        }
        let mut suppress = false;
        if fmt.get(i) == Some(&b'*') {
            suppress = true;
            i += 1;
        }
        let mut width = 0usize;
        while let Some(d) = fmt.get(i).filter(|d| d.is_ascii_digit()) {
            width = width * 10 + (d - b'0') as usize;
            i += 1;
        }
        let width = if width == 0 { usize::MAX } else { width };
        let mut bits = 32;
        let mut dbl = false;
        while let Some(&l) = fmt.get(i) {
            match l {
                b'h' => bits = if bits == 16 { 8 } else { 16 },
                b'l' | b'j' | b'z' | b't' | b'q' => {
                    dbl = true;
                    bits = 64
                }
                b'L' => bits = 64,
                _ => break,
            }
            i += 1;
        }
        let Some(&conv) = fmt.get(i) else {
            break;
        };
        i += 1;
        match conv {
            b'%' => {
                inp.skip_space();
                match inp.get() {
                    Some(b'%') => {}
                    Some(b) => {
                        inp.unget(b);
                        return assigned;
                    }
                    None => fail!(),
                }
            }
            b'n' => {
                if !suppress {
                    unsafe { store_int(args.word() as usize, bits, inp.n as u64) };
                }
            }
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' | b'p' => {
                inp.skip_space();
                let mut base: u64 = match conv {
                    b'o' => 8,
                    b'x' | b'X' | b'p' => 16,
                    b'i' => 0,
                    _ => 10,
                };
                let mut left = width;
                let mut neg = false;
                let mut v: u64 = 0;
                let mut digits = 0;
                let mut b = inp.get();
                if b.is_none() {
                    fail!();
                }
                if let Some(s @ (b'+' | b'-')) = b {
                    if left > 1 {
                        neg = s == b'-';
                        left -= 1;
                        b = inp.get();
                    }
                }
                if b == Some(b'0') && (base == 0 || base == 16) && left > 1 {
                    left -= 1;
                    digits = 1;
                    b = inp.get();
                    if matches!(b, Some(b'x' | b'X')) && left > 1 {
                        left -= 1;
                        base = 16;
                        b = inp.get();
                    } else if base == 0 {
                        base = 8;
                    }
                }
                if base == 0 {
                    base = 10;
                }
                while let Some(d) = b {
                    let dv = match d {
                        b'0'..=b'9' => (d - b'0') as u64,
                        b'a'..=b'f' => (d - b'a' + 10) as u64,
                        b'A'..=b'F' => (d - b'A' + 10) as u64,
                        _ => 99,
                    };
                    if dv >= base || left == 0 {
                        break;
                    }
                    v = v.wrapping_mul(base).wrapping_add(dv);
                    digits += 1;
                    left -= 1;
                    b = inp.get();
                }
                if let Some(d) = b {
                    inp.unget(d);
                }
                if digits == 0 {
                    return assigned;
                }
                any_input = true;
                if neg {
                    v = v.wrapping_neg();
                }
                if !suppress {
                    let bits = if conv == b'p' { 64 } else { bits };
                    unsafe { store_int(args.word() as usize, bits, v) };
                    assigned += 1;
                }
            }
            b'e' | b'f' | b'g' | b'E' | b'F' | b'G' | b'a' => {
                inp.skip_space();
                let mut text = [0u8; 64];
                let mut n = 0;
                while n < width.min(63) {
                    match inp.get() {
                        Some(d)
                            if d.is_ascii_digit()
                                || matches!(d, b'.' | b'e' | b'E' | b'+' | b'-') =>
                        {
                            text[n] = d;
                            n += 1;
                        }
                        Some(d) => {
                            inp.unget(d);
                            break;
                        }
                        None => break,
                    }
                }
                let Some(v) = core::str::from_utf8(&text[..n])
                    .ok()
                    .and_then(|t| t.parse::<f64>().ok())
                else {
                    if n == 0 {
                        fail!();
                    }
                    return assigned;
                };
                any_input = true;
                if !suppress {
                    let p = args.word() as usize;
                    // SAFETY: float* or double* as the format says.
                    unsafe {
                        if dbl {
                            (p as *mut f64).write(v);
                        } else {
                            (p as *mut f32).write(v as f32);
                        }
                    }
                    assigned += 1;
                }
            }
            b'c' => {
                let count = if width == usize::MAX { 1 } else { width };
                let dst = if suppress { 0 } else { args.word() as usize };
                for k in 0..count {
                    match inp.get() {
                        Some(b) => {
                            if dst != 0 {
                                unsafe { (dst as *mut u8).add(k).write(b) };
                            }
                        }
                        None => fail!(),
                    }
                }
                any_input = true;
                if !suppress {
                    assigned += 1;
                }
            }
            b's' | b'[' => {
                let mut set = [false; 256];
                if conv == b'[' {
                    let mut invert = false;
                    if fmt.get(i) == Some(&b'^') {
                        invert = true;
                        i += 1;
                    }
                    let start = i;
                    while let Some(&b) = fmt.get(i) {
                        if b == b']' && i > start {
                            break;
                        }
                        if b == b'-' && i > start && fmt.get(i + 1).is_some_and(|&e| e != b']') {
                            let lo = fmt[i - 1];
                            let hi = fmt[i + 1];
                            for x in lo..=hi {
                                set[x as usize] = true;
                            }
                            i += 2;
                            continue;
                        }
                        set[b as usize] = true;
                        i += 1;
                    }
                    i += 1;
                    if invert {
                        for s in set.iter_mut() {
                            *s = !*s;
                        }
                    }
                } else {
                    inp.skip_space();
                    for (k, s) in set.iter_mut().enumerate() {
                        *s = !space(k as u8);
                    }
                }
                let dst = if suppress { 0 } else { args.word() as usize };
                let mut k = 0;
                while k < width {
                    match inp.get() {
                        Some(b) if set[b as usize] => {
                            if dst != 0 {
                                unsafe { (dst as *mut u8).add(k).write(b) };
                            }
                            k += 1;
                        }
                        Some(b) => {
                            inp.unget(b);
                            break;
                        }
                        None => break,
                    }
                }
                if k == 0 {
                    fail!();
                }
                any_input = true;
                if dst != 0 {
                    unsafe { (dst as *mut u8).add(k).write(0) };
                    assigned += 1;
                }
            }
            _ => return assigned,
        }
    }
    assigned
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vsscanf(s: *const c_char, fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { scan(&mut StrInput(s.cast()), fmt, &mut VaArgs(ap)) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vfscanf(f: *mut File, fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { scan(&mut FileInput(f), fmt, &mut VaArgs(ap)) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vscanf(fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { vfscanf(super::stdio::stdin, fmt, ap) }
}

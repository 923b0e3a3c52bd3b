//! Reading C's `va_list` without the unstable `c_variadic` feature: the
//! x86_64 SysV `va_list` is a pointer to this tag (the variadic entry stubs in
//! klibc/src/arch build one), and [`Args`] walks it as `va_arg` would. The
//! formatter also takes arguments from a slice ([`SliceArgs`]) for klibc's own
//! messages.

/// x86_64 SysV `__va_list_tag`.
#[repr(C)]
pub struct VaListTag {
    gp_offset: u32,
    fp_offset: u32,
    overflow: *mut u8,
    reg_save: *mut u8,
}

/// C's `va_list` as a function parameter.
pub type VaList = *mut VaListTag;

/// A source of variadic arguments.
pub trait Args {
    /// The next integer or pointer argument (any integer width: the caller
    /// truncates).
    fn word(&mut self) -> u64;
    /// The next `double`.
    fn double(&mut self) -> f64;
    /// The next `long double` (taken as a double's worth of precision).
    fn long_double(&mut self) -> f64;
}

/// The arguments of a `va_list`.
pub struct VaArgs(pub VaList);

impl Args for VaArgs {
    fn word(&mut self) -> u64 {
        // SAFETY: the tag was built by a variadic stub or the C compiler, and
        // the format asked for an integer here (the C caller's contract).
        unsafe {
            let t = &mut *self.0;
            if t.gp_offset < 48 {
                let v = (t.reg_save.add(t.gp_offset as usize) as *const u64).read_unaligned();
                t.gp_offset += 8;
                v
            } else {
                let v = (t.overflow as *const u64).read_unaligned();
                t.overflow = t.overflow.add(8);
                v
            }
        }
    }

    fn double(&mut self) -> f64 {
        // SAFETY: as in `word`, for a double.
        unsafe {
            let t = &mut *self.0;
            if t.fp_offset < 176 {
                let v = (t.reg_save.add(t.fp_offset as usize) as *const f64).read_unaligned();
                t.fp_offset += 16;
                v
            } else {
                let v = (t.overflow as *const f64).read_unaligned();
                t.overflow = t.overflow.add(8);
                v
            }
        }
    }

    fn long_double(&mut self) -> f64 {
        // SAFETY: long double is passed in memory, 16-byte aligned, as the
        // x87 80-bit format; convert its sign, exponent and mantissa.
        unsafe {
            let t = &mut *self.0;
            let p = ((t.overflow as usize + 15) & !15) as *mut u8;
            t.overflow = p.add(16);
            let mant = (p as *const u64).read_unaligned();
            let se = (p.add(8) as *const u16).read_unaligned();
            x87_to_f64(mant, se)
        }
    }
}

/// An x87 extended value as a double (rounded by truncation).
pub fn x87_to_f64(mant: u64, se: u16) -> f64 {
    let neg = se & 0x8000 != 0;
    let exp = (se & 0x7fff) as i32;
    let v = if exp == 0x7fff {
        if mant << 1 == 0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if mant == 0 {
        0.0
    } else {
        let e = exp - 16383 - 63;
        let m = mant as f64;
        scale(m, e)
    };
    if neg {
        -v
    } else {
        v
    }
}

/// `m * 2^e` without libm.
pub fn scale(mut m: f64, mut e: i32) -> f64 {
    while e > 0 {
        let s = e.min(1000);
        m *= f64::from_bits(((1023 + s) as u64) << 52);
        e -= s;
    }
    while e < 0 {
        let s = (-e).min(1000);
        m /= f64::from_bits(((1023 + s) as u64) << 52);
        e += s;
    }
    m
}

/// Arguments from a slice of words (integers and pointers only).
pub struct SliceArgs<'a>(pub &'a [usize]);

impl Args for SliceArgs<'_> {
    fn word(&mut self) -> u64 {
        match self.0.split_first() {
            Some((&v, rest)) => {
                self.0 = rest;
                v as u64
            }
            None => 0,
        }
    }
    fn double(&mut self) -> f64 {
        0.0
    }
    fn long_double(&mut self) -> f64 {
        0.0
    }
}

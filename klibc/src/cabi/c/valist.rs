//! Reading C's `va_list` without the unstable `c_variadic` feature: each
//! arch's C ABI file (klibc/src/arch/*_c.rs) emits an entry stub for every
//! variadic function listed in [`variadic_functions`], which builds that
//! arch's `va_list` and calls the `v...` function taking it; its [`VaArgs`]
//! walks the list as `va_arg` would. The formatter also takes arguments from
//! a slice ([`SliceArgs`]) for klibc's own messages.

pub use crate::arch::c::{VaArgs, VaList};

/// Every variadic function of the C library: its C name, the function that
/// takes the `va_list` after the same named arguments, and how many named
/// (integer or pointer) arguments come before the `...`. `$stub` is the
/// arch's stub macro.
macro_rules! variadic_functions {
    ($stub:ident) => {
        use $crate::cabi::c::{scan, stdio, syslog, unistd, zlib};
        $stub!("printf", stdio::vprintf, 1);
        $stub!("fprintf", stdio::vfprintf, 2);
        $stub!("dprintf", stdio::vdprintf, 2);
        $stub!("sprintf", stdio::vsprintf, 2);
        $stub!("asprintf", stdio::vasprintf, 2);
        $stub!("snprintf", stdio::vsnprintf, 3);
        $stub!("scanf", scan::vscanf, 1);
        $stub!("fscanf", scan::vfscanf, 2);
        $stub!("sscanf", scan::vsscanf, 2);
        $stub!("execl", unistd::__klibc_vexecl, 2);
        $stub!("execlp", unistd::__klibc_vexeclp, 2);
        $stub!("execle", unistd::__klibc_vexecle, 2);
        $stub!("execlpe", unistd::__klibc_vexeclpe, 2);
        $stub!("syslog", syslog::vsyslog, 2);
        $stub!("gzprintf", zlib::gzvprintf, 2);
    };
}
pub(crate) use variadic_functions;

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

/// An IEEE binary128 value (aarch64's and riscv64's `long double`, as its
/// low and high 64-bit halves) as a double (rounded by truncation).
pub fn quad_to_f64(lo: u64, hi: u64) -> f64 {
    let neg = hi >> 63 != 0;
    let exp = ((hi >> 48) & 0x7fff) as i32;
    let frac_hi = hi & 0xffff_ffff_ffff;
    let v = if exp == 0x7fff {
        if frac_hi | lo == 0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if exp == 0 {
        // Zero, or a subnormal far below the smallest double.
        0.0
    } else {
        // The implicit one and the top 52 of the 112 fraction bits.
        let m = (1u64 << 52) | (frac_hi << 4) | (lo >> 60);
        scale(m as f64, exp - 16383 - 52)
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

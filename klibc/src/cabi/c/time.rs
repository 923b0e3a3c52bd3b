//! time.h, sys/time.h and sys/times.h: clocks, sleeping, interval timers,
//! and the calendar in UTC (early userspace has no zoneinfo: localtime is
//! gmtime, the zone is "UTC").

use super::errno::csys;
use crate::uapi::general as g;
use core::ffi::{c_char, c_int, c_long, c_uint, c_void};
use core::ptr::null_mut;

/// C's `struct tm` (klibc/include/time.h).
#[repr(C)]
pub struct Tm {
    tm_sec: c_int,
    tm_min: c_int,
    tm_hour: c_int,
    tm_mday: c_int,
    tm_mon: c_int,
    tm_year: c_int,
    tm_wday: c_int,
    tm_yday: c_int,
    tm_isdst: c_int,
    tm_gmtoff: c_long,
    tm_zone: *const c_char,
}

#[no_mangle]
pub static mut tzname: [*const c_char; 2] = [c"UTC".as_ptr(), c"UTC".as_ptr()];
#[no_mangle]
pub static mut timezone: c_long = 0;
#[no_mangle]
pub static mut daylight: c_int = 0;

#[no_mangle]
pub extern "C" fn tzset() {}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clock_gettime(clock: c_int, ts: *mut g::timespec) -> c_int {
    csys!(__NR_clock_gettime, clock, ts) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clock_getres(clock: c_int, ts: *mut g::timespec) -> c_int {
    csys!(__NR_clock_getres, clock, ts) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn time(t: *mut c_long) -> c_long {
    let now =
        crate::syscall::time::clock_gettime(g::CLOCK_REALTIME).map_or(-1, |ts| ts.tv_sec as c_long);
    if !t.is_null() {
        unsafe { *t = now };
    }
    now
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn gettimeofday(tv: *mut g::timeval, _tz: *mut c_void) -> c_int {
    if tv.is_null() {
        return 0;
    }
    match crate::syscall::time::clock_gettime(g::CLOCK_REALTIME) {
        Ok(ts) => {
            unsafe {
                (*tv).tv_sec = ts.tv_sec as _;
                (*tv).tv_usec = (ts.tv_nsec / 1000) as _;
            }
            0
        }
        Err(e) => {
            super::errno::set(e);
            -1
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn settimeofday(tv: *const g::timeval, _tz: *const c_void) -> c_int {
    let ts = unsafe {
        g::timespec {
            tv_sec: (*tv).tv_sec as _,
            tv_nsec: (*tv).tv_usec as c_long * 1000,
        }
    };
    csys!(__NR_clock_settime, g::CLOCK_REALTIME, &raw const ts) as c_int
}

#[no_mangle]
pub extern "C" fn clock() -> c_long {
    let mut ts = g::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    if csys!(__NR_clock_gettime, g::CLOCK_PROCESS_CPUTIME_ID, &raw mut ts) < 0 {
        return -1;
    }
    ts.tv_sec as c_long * 1_000_000 + ts.tv_nsec / 1000
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn times(buf: *mut c_void) -> c_long {
    csys!(__NR_times, buf) as c_long
}

#[no_mangle]
pub extern "C" fn difftime(a: c_long, b: c_long) -> f64 {
    (a - b) as f64
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn nanosleep(req: *const g::timespec, rem: *mut g::timespec) -> c_int {
    csys!(__NR_nanosleep, req, rem) as c_int
}

#[no_mangle]
pub extern "C" fn sleep(secs: c_uint) -> c_uint {
    let req = g::timespec {
        tv_sec: secs as _,
        tv_nsec: 0,
    };
    let mut rem = g::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    if csys!(__NR_nanosleep, &raw const req, &raw mut rem) < 0 {
        return rem.tv_sec as c_uint + (rem.tv_nsec > 0) as c_uint;
    }
    0
}

#[no_mangle]
pub extern "C" fn usleep(us: c_uint) -> c_int {
    let req = g::timespec {
        tv_sec: (us / 1_000_000) as _,
        tv_nsec: (us % 1_000_000) as c_long * 1000,
    };
    csys!(__NR_nanosleep, &raw const req, 0) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getitimer(which: c_int, v: *mut g::itimerval) -> c_int {
    csys!(__NR_getitimer, which, v) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setitimer(
    which: c_int,
    v: *const g::itimerval,
    old: *mut g::itimerval,
) -> c_int {
    csys!(__NR_setitimer, which, v, old) as c_int
}

#[no_mangle]
pub extern "C" fn alarm(secs: c_uint) -> c_uint {
    let zero = g::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let new = g::itimerval {
        it_interval: zero,
        it_value: g::timeval {
            tv_sec: secs as _,
            tv_usec: 0,
        },
    };
    let mut old = g::itimerval {
        it_interval: zero,
        it_value: zero,
    };
    csys!(__NR_setitimer, g::ITIMER_REAL, &raw const new, &raw mut old);
    old.it_value.tv_sec as c_uint + (old.it_value.tv_usec > 0) as c_uint
}

#[no_mangle]
pub extern "C" fn pause() -> c_int {
    let mut cur: g::sigset_t = 0;
    // SAFETY: local sets.
    unsafe {
        super::signal::sigprocmask(g::SIG_BLOCK as c_int, core::ptr::null(), &mut cur);
        super::signal::sigsuspend(&cur)
    }
}

// ---- the calendar ----

/// Days since 1970-01-01 to civil date (year, month 1-12, day 1-31).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    (y, m, d)
}

/// Civil date to days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

static mut TM: Tm = Tm {
    tm_sec: 0,
    tm_min: 0,
    tm_hour: 0,
    tm_mday: 0,
    tm_mon: 0,
    tm_year: 0,
    tm_wday: 0,
    tm_yday: 0,
    tm_isdst: 0,
    tm_gmtoff: 0,
    tm_zone: core::ptr::null(),
};

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn gmtime_r(t: *const c_long, tm: *mut Tm) -> *mut Tm {
    let t = unsafe { *t };
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    let (y, m, d) = civil(days);
    let Ok(year) = c_int::try_from(y - 1900) else {
        super::errno::set(crate::Errno::OVERFLOW);
        return null_mut();
    };
    let yday = days - days_from_civil(y, 1, 1);
    unsafe {
        tm.write(Tm {
            tm_sec: (secs % 60) as c_int,
            tm_min: (secs / 60 % 60) as c_int,
            tm_hour: (secs / 3600) as c_int,
            tm_mday: d as c_int,
            tm_mon: (m - 1) as c_int,
            tm_year: year,
            tm_wday: (days + 4).rem_euclid(7) as c_int,
            tm_yday: yday as c_int,
            tm_isdst: 0,
            tm_gmtoff: 0,
            tm_zone: c"UTC".as_ptr(),
        });
    }
    tm
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn gmtime(t: *const c_long) -> *mut Tm {
    unsafe { gmtime_r(t, &raw mut TM) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn localtime_r(t: *const c_long, tm: *mut Tm) -> *mut Tm {
    unsafe { gmtime_r(t, tm) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn localtime(t: *const c_long) -> *mut Tm {
    unsafe { gmtime_r(t, &raw mut TM) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn timegm(tm: *mut Tm) -> c_long {
    unsafe {
        let r = &*tm;
        let mon = r.tm_mon as i64;
        let y = r.tm_year as i64 + 1900 + mon.div_euclid(12);
        let m = mon.rem_euclid(12) + 1;
        let days = days_from_civil(y, m, 1) + r.tm_mday as i64 - 1;
        let t = days * 86400 + r.tm_hour as i64 * 3600 + r.tm_min as i64 * 60 + r.tm_sec as i64;
        gmtime_r(&t, tm);
        t
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mktime(tm: *mut Tm) -> c_long {
    unsafe { timegm(tm) }
}

const DAYS: [&[u8]; 7] = [
    b"Sunday",
    b"Monday",
    b"Tuesday",
    b"Wednesday",
    b"Thursday",
    b"Friday",
    b"Saturday",
];
const MONTHS: [&[u8]; 12] = [
    b"January",
    b"February",
    b"March",
    b"April",
    b"May",
    b"June",
    b"July",
    b"August",
    b"September",
    b"October",
    b"November",
    b"December",
];

struct Out<'a> {
    buf: &'a mut [u8],
    n: usize,
    ok: bool,
}

impl Out<'_> {
    fn put(&mut self, b: &[u8]) {
        for &c in b {
            if self.n + 1 < self.buf.len() {
                self.buf[self.n] = c;
                self.n += 1;
            } else {
                self.ok = false;
            }
        }
    }
    fn num(&mut self, v: i64, width: usize, pad: u8) {
        let mut d = [0u8; 24];
        let s = super::string::decimal(v, &mut d);
        for _ in s.len()..width {
            self.put(&[pad]);
        }
        self.put(s);
    }
}

fn name(list: &[&'static [u8]], i: c_int, short: bool) -> &'static [u8] {
    let n = list.get(i as usize).copied().unwrap_or(b"?");
    if short {
        n.get(..3).unwrap_or(n)
    } else {
        n
    }
}

fn format_tm(o: &mut Out<'_>, fmt: &[u8], tm: &Tm) {
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            o.put(&[c]);
            continue;
        }
        let Some(&first) = fmt.get(i) else {
            o.put(b"%");
            break;
        };
        let mut spec = first;
        i += 1;
        if spec == b'E' || spec == b'O' {
            spec = fmt.get(i).copied().unwrap_or(b'%');
            i += 1;
        }
        let year = tm.tm_year as i64 + 1900;
        let hour12 = if tm.tm_hour % 12 == 0 {
            12
        } else {
            tm.tm_hour % 12
        } as i64;
        match spec {
            b'a' => o.put(name(&DAYS, tm.tm_wday, true)),
            b'A' => o.put(name(&DAYS, tm.tm_wday, false)),
            b'b' | b'h' => o.put(name(&MONTHS, tm.tm_mon, true)),
            b'B' => o.put(name(&MONTHS, tm.tm_mon, false)),
            b'c' => format_tm(o, b"%a %b %e %H:%M:%S %Y", tm),
            b'C' => o.num(year.div_euclid(100), 2, b'0'),
            b'd' => o.num(tm.tm_mday as i64, 2, b'0'),
            b'D' | b'x' => format_tm(o, b"%m/%d/%y", tm),
            b'e' => o.num(tm.tm_mday as i64, 2, b' '),
            b'F' => format_tm(o, b"%Y-%m-%d", tm),
            b'H' => o.num(tm.tm_hour as i64, 2, b'0'),
            b'I' => o.num(hour12, 2, b'0'),
            b'j' => o.num(tm.tm_yday as i64 + 1, 3, b'0'),
            b'k' => o.num(tm.tm_hour as i64, 2, b' '),
            b'l' => o.num(hour12, 2, b' '),
            b'm' => o.num(tm.tm_mon as i64 + 1, 2, b'0'),
            b'M' => o.num(tm.tm_min as i64, 2, b'0'),
            b'n' => o.put(b"\n"),
            b'p' => o.put(if tm.tm_hour < 12 { b"AM" } else { b"PM" }),
            b'P' => o.put(if tm.tm_hour < 12 { b"am" } else { b"pm" }),
            b'r' => format_tm(o, b"%I:%M:%S %p", tm),
            b'R' => format_tm(o, b"%H:%M", tm),
            b's' => {
                let days = days_from_civil(year, tm.tm_mon as i64 + 1, tm.tm_mday as i64);
                o.num(
                    days * 86400
                        + tm.tm_hour as i64 * 3600
                        + tm.tm_min as i64 * 60
                        + tm.tm_sec as i64,
                    1,
                    b'0',
                );
            }
            b'S' => o.num(tm.tm_sec as i64, 2, b'0'),
            b't' => o.put(b"\t"),
            b'T' | b'X' => format_tm(o, b"%H:%M:%S", tm),
            b'u' => o.num(
                if tm.tm_wday == 0 {
                    7
                } else {
                    tm.tm_wday as i64
                },
                1,
                b'0',
            ),
            b'U' => o.num((tm.tm_yday as i64 + 7 - tm.tm_wday as i64) / 7, 2, b'0'),
            b'W' => o.num(
                (tm.tm_yday as i64 + 7 - (tm.tm_wday as i64 + 6) % 7) / 7,
                2,
                b'0',
            ),
            b'w' => o.num(tm.tm_wday as i64, 1, b'0'),
            b'y' => o.num(year.rem_euclid(100), 2, b'0'),
            b'Y' => o.num(year, 1, b'0'),
            b'z' => o.put(b"+0000"),
            b'Z' => o.put(b"UTC"),
            b'%' => o.put(b"%"),
            other => o.put(&[b'%', other]),
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strftime(
    s: *mut c_char,
    max: usize,
    fmt: *const c_char,
    tm: *const Tm,
) -> usize {
    if max == 0 {
        return 0;
    }
    let buf = unsafe { core::slice::from_raw_parts_mut(s as *mut u8, max) };
    let fmt = unsafe { core::ffi::CStr::from_ptr(fmt) }.to_bytes();
    let mut o = Out {
        buf,
        n: 0,
        ok: true,
    };
    format_tm(&mut o, fmt, unsafe { &*tm });
    let n = o.n;
    o.buf[n] = 0;
    if o.ok {
        n
    } else {
        0
    }
}

static mut ASCTIME: [u8; 32] = [0; 32];

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn asctime(tm: *const Tm) -> *mut c_char {
    let buf = unsafe { &mut *(&raw mut ASCTIME) };
    unsafe {
        strftime(
            buf.as_mut_ptr().cast(),
            buf.len(),
            c"%a %b %e %H:%M:%S %Y\n".as_ptr(),
            tm,
        )
    };
    buf.as_mut_ptr().cast()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ctime(t: *const c_long) -> *mut c_char {
    unsafe { asctime(gmtime(t)) }
}

/// klibc's "seconds[.fraction]" parse: whole seconds as strtoumax reads
/// them, then up to `decimals` fraction digits (scaled to that many places,
/// the rest of the digits skipped); returns (seconds, fraction, end).
unsafe fn seconds_fraction(s: *const c_char, decimals: usize) -> (u64, u64, *mut c_char) {
    use super::stdlib::strntoumax;
    let mut end = null_mut();
    // SAFETY: a NUL-terminated string (the caller's contract).
    unsafe {
        let secs = strntoumax(s, &mut end, 10, usize::MAX);
        let mut frac = 0;
        if *end == b'.' as c_char {
            let start = end.add(1);
            frac = strntoumax(start, &mut end, 10, decimals);
            let mut n = end.offset_from(start) as usize;
            while (*end as u8).is_ascii_digit() {
                end = end.add(1);
            }
            while n < decimals {
                frac = frac.wrapping_mul(10);
                n += 1;
            }
        }
        (secs, frac, end)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtotimespec(s: *const c_char, ts: *mut g::timespec) -> *mut c_char {
    let (secs, frac, end) = unsafe { seconds_fraction(s, 9) };
    // SAFETY: the caller's struct.
    unsafe {
        (*ts).tv_sec = secs as _;
        (*ts).tv_nsec = frac as _;
    }
    end
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtotimeval(s: *const c_char, tv: *mut g::timeval) -> *mut c_char {
    let (secs, frac, end) = unsafe { seconds_fraction(s, 6) };
    // SAFETY: the caller's struct.
    unsafe {
        (*tv).tv_sec = secs as _;
        (*tv).tv_usec = frac as _;
    }
    end
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clock_settime(clock: c_int, ts: *const g::timespec) -> c_int {
    csys!(__NR_clock_settime, clock, ts) as c_int
}

/// Returns the error number itself (POSIX), not -1 and errno.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clock_nanosleep(
    clock: c_int,
    flags: c_int,
    req: *const g::timespec,
    rem: *mut g::timespec,
) -> c_int {
    // SAFETY: the caller's pointers.
    match unsafe { crate::syscall::sys!(__NR_clock_nanosleep, clock, flags, req, rem) } {
        Ok(_) => 0,
        Err(e) => e.raw(),
    }
}

//! fnmatch.h: shell wildcard matching (`*`, `?`, bracket expressions with
//! ranges, negation and `[:class:]`es, backslash escapes) with POSIX's
//! FNM_PATHNAME, FNM_PERIOD and FNM_NOESCAPE and glibc's FNM_LEADING_DIR
//! and FNM_CASEFOLD. A `*` goes back to its last position only (the
//! classic two-pointer match), so no pattern takes more than
//! pattern × string steps.

use core::ffi::{c_char, c_int};

const PATHNAME: c_int = 1;
const NOESCAPE: c_int = 2;
const PERIOD: c_int = 4;
const LEADING_DIR: c_int = 8;
const CASEFOLD: c_int = 16;
const NOMATCH: c_int = 1;

fn fold(c: u8, flags: c_int) -> u8 {
    if flags & CASEFOLD != 0 {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

fn class(name: &[u8], c: u8) -> Option<bool> {
    Some(match name {
        b"alnum" => c.is_ascii_alphanumeric(),
        b"alpha" => c.is_ascii_alphabetic(),
        b"blank" => c == b' ' || c == b'\t',
        b"cntrl" => c.is_ascii_control(),
        b"digit" => c.is_ascii_digit(),
        b"graph" => c.is_ascii_graphic(),
        b"lower" => c.is_ascii_lowercase(),
        b"print" => c.is_ascii_graphic() || c == b' ',
        b"punct" => c.is_ascii_punctuation(),
        b"space" => c.is_ascii_whitespace() || c == 0x0b,
        b"upper" => c.is_ascii_uppercase(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

/// Matches `c` against the bracket expression starting after `[` at
/// `p[0..]`; returns (matched, length of the expression after `[`), or
/// None when the expression has no closing `]` (then `[` is literal).
fn bracket(p: &[u8], c: u8, flags: c_int) -> Option<(bool, usize)> {
    let mut i = 0;
    let negate = matches!(p.first(), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let c = fold(c, flags);
    let mut hit = false;
    let mut first = true;
    loop {
        let &b = p.get(i)?;
        if b == b']' && !first {
            i += 1;
            break;
        }
        first = false;
        if b == b'[' && p.get(i + 1) == Some(&b':') {
            if let Some(end) = p[i + 2..].windows(2).position(|w| w == b":]") {
                if let Some(m) = class(&p[i + 2..i + 2 + end], c) {
                    hit |= m;
                    i += end + 4;
                    continue;
                }
            }
        }
        let mut lo = b;
        i += 1;
        if lo == b'\\' && flags & NOESCAPE == 0 {
            lo = *p.get(i)?;
            i += 1;
        }
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&x| x != b']') {
            let mut hi = p[i + 1];
            i += 2;
            if hi == b'\\' && flags & NOESCAPE == 0 {
                hi = *p.get(i)?;
                i += 1;
            }
            let (lo, hi) = (fold(lo, flags), fold(hi, flags));
            hit |= lo <= c && c <= hi;
        } else {
            hit |= fold(lo, flags) == c;
        }
    }
    if flags & PATHNAME != 0 && c == b'/' {
        return Some((false, i));
    }
    Some((hit != negate, i))
}

/// Matches one pattern against one string (a path component under
/// FNM_PATHNAME); `lead_dir`: a match may stop at a `/` of the string.
fn matches(p: &[u8], s: &[u8], flags: c_int, lead_dir: bool) -> bool {
    let escapes = flags & NOESCAPE == 0;
    if flags & PERIOD != 0 && s.first() == Some(&b'.') {
        let literal_dot = p.first() == Some(&b'.')
            || (escapes && p.first() == Some(&b'\\') && p.get(1) == Some(&b'.'));
        if !literal_dot {
            return false;
        }
    }
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi == p.len() && (si == s.len() || (lead_dir && s[si] == b'/')) {
            return true;
        }
        let step = if pi < p.len() {
            match p[pi] {
                b'*' => {
                    while pi < p.len() && p[pi] == b'*' {
                        pi += 1;
                    }
                    star = Some((pi, si));
                    continue;
                }
                b'?' => (si < s.len() && !(flags & PATHNAME != 0 && s[si] == b'/')).then_some(1),
                b'[' => match s.get(si).map(|&c| bracket(&p[pi + 1..], c, flags)) {
                    Some(Some((true, n))) => Some(1 + n),
                    Some(Some((false, _))) => None,
                    // No closing bracket: a literal '['.
                    Some(None) => (s[si] == b'[').then_some(1),
                    None => None,
                },
                // A pattern ending in an escaping backslash matches nothing
                // (glibc's answer to the malformed pattern).
                b'\\' if escapes && pi + 1 == p.len() => return false,
                b'\\' if escapes => {
                    (si < s.len() && fold(s[si], flags) == fold(p[pi + 1], flags)).then_some(2)
                }
                c => (si < s.len() && fold(s[si], flags) == fold(c, flags)).then_some(1),
            }
        } else {
            None
        };
        if let Some(n) = step {
            pi += n;
            si += 1;
            continue;
        }
        match star {
            Some((sp, ss)) if ss < s.len() && !(flags & PATHNAME != 0 && s[ss] == b'/') => {
                star = Some((sp, ss + 1));
                pi = sp;
                si = ss + 1;
            }
            _ => return false,
        }
    }
}

fn fnmatch_bytes(p: &[u8], s: &[u8], flags: c_int) -> bool {
    if flags & PATHNAME == 0 {
        return matches(p, s, flags, flags & LEADING_DIR != 0);
    }
    // Component by component: '/' only matches '/', and FNM_PERIOD holds
    // after each one.
    let mut ps = p.split(|&c| c == b'/');
    let mut ss = s.split(|&c| c == b'/');
    loop {
        match (ps.next(), ss.next()) {
            (None, None) => return true,
            (None, Some(_)) => return flags & LEADING_DIR != 0,
            (Some(_), None) => return false,
            (Some(pc), Some(sc)) => {
                if !matches(pc, sc, flags, false) {
                    return false;
                }
            }
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fnmatch(pattern: *const c_char, s: *const c_char, flags: c_int) -> c_int {
    // SAFETY: NUL-terminated strings (the caller's contract).
    let (p, s) = unsafe {
        (
            core::ffi::CStr::from_ptr(pattern).to_bytes(),
            core::ffi::CStr::from_ptr(s).to_bytes(),
        )
    };
    if fnmatch_bytes(p, s, flags) {
        0
    } else {
        NOMATCH
    }
}

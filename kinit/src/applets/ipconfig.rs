//! `ipconfig [-c proto] [-d dev|ip-spec]... [-i id] [-o] [-n] [-p port]
//! [-t timeout] [dev|ip-spec]...`: klibc-utils' ipconfig. Options are
//! read in order as getopt does (a `-d` takes effect where it stands, so a
//! later `-c` does not change it); exit 0 when done, 1 for a bad argument
//! or nothing to configure, 255 when `-t` runs out (klibc's -1).

use crate::net::client::{Failure, Options, Session};
use crate::net::ipspec;
use crate::say::{self, Num};
use core::ffi::CStr;

/// C's atoi: optional sign, leading digits, 0 when there are none.
fn atoi(s: &[u8]) -> i64 {
    let (neg, d) = match s {
        [b'-', r @ ..] => (true, r),
        [b'+', r @ ..] => (false, r),
        _ => (false, s),
    };
    let mut v: i64 = 0;
    for &c in d.iter().take_while(|c| c.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add((c - b'0') as i64);
    }
    if neg {
        -v
    } else {
        v
    }
}

pub fn main(args: &[&CStr]) -> i32 {
    match run(args) {
        Ok(()) => 0,
        Err(Failure::Timeout) => 255,
        Err(_) => 1,
    }
}

fn run(args: &[&CStr]) -> Result<(), Failure> {
    let prog = args.first().map_or(&b"ipconfig"[..], |a| a.to_bytes());
    let opts = Options {
        prog,
        debug: klibc::rt::var("IPCONFIG_DEBUG").is_some(),
        ..Options::default()
    };
    let mut s = Session::new(opts);
    let mut i = 1;
    // getopt("c:d:i:onp:t:"): stops at the first operand or "--"
    while let Some(a) = args.get(i).map(|a| a.to_bytes()) {
        if a == b"--" {
            i += 1;
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            break;
        }
        i += 1;
        let mut k = 1;
        while let Some(&c) = a.get(k) {
            k += 1;
            if matches!(c, b'c' | b'd' | b'i' | b'p' | b't') {
                let val = if k < a.len() {
                    a.get(k..).unwrap_or(&[])
                } else if let Some(v) = args.get(i) {
                    i += 1;
                    v.to_bytes()
                } else {
                    // getopt's two lines, in one write
                    say::msg(
                        b"{}: option requires an argument -- {}\n{}: invalid option -{}",
                        &[prog, &[c], prog, &[c]],
                    );
                    return Err(Failure::Usage);
                };
                option(&mut s, c, val)?;
                break;
            }
            match c {
                b'o' => s.opts.bringup_first = true,
                b'n' => s.opts.no_config = true,
                _ => {
                    say::msg(b"{}: invalid option -{}", &[prog, &[c]]);
                    return Err(Failure::Usage);
                }
            }
        }
    }
    for a in args.get(i..).unwrap_or(&[]) {
        s.add(a.to_bytes())?;
    }
    s.run()
}

// not inlined into the option loop: measured smaller
#[inline(never)]
fn option<'a>(s: &mut Session<'a>, c: u8, val: &'a [u8]) -> Result<(), Failure> {
    let prog = s.opts.prog;
    let mut n = Num::new();
    match c {
        b'c' => match ipspec::parse_proto(val) {
            Ok(caps) => s.opts.default_caps = caps,
            Err(e) => {
                e.report(prog);
                return Err(Failure::Usage);
            }
        },
        b'p' => {
            let port = atoi(val);
            if port <= 0 || port > u16::MAX as i64 {
                say::msg(b"{}: invalid port number {}", &[prog, n.signed(port)]);
                return Err(Failure::Usage);
            }
            s.opts.client_port = port as u16;
        }
        b't' => {
            let t = atoi(val);
            if t < 0 {
                say::msg(b"{}: invalid timeout {}", &[prog, n.signed(t)]);
                return Err(Failure::Usage);
            }
            s.opts.timeout_s = Some(t.min(u32::MAX as i64) as u32);
        }
        b'i' => {
            if val.len() >= 255 {
                say::msg(b"{}: invalid vendor class identifier: {}", &[prog, val]);
                return Err(Failure::Usage);
            }
            s.opts.vendor_id = val;
        }
        _ => s.add(val)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::atoi;

    #[test]
    fn atoi_as_c() {
        assert_eq!(atoi(b"12x"), 12);
        assert_eq!(atoi(b"-3"), -3);
        assert_eq!(atoi(b"x"), 0);
        assert_eq!(atoi(b"99999999999999999999999"), i64::MAX);
    }
}

//! `run-init [-d caps] [-c consoledev] [-n] [-p] newroot init [args]`:
//! klibc-utils' command line (getopt "c:d:pn", options end at the first
//! non-option or `--`), usage text and exit codes (1 on any failure, 0
//! after a successful dry run) over [`crate::runinit`].

use crate::caps::{self, Helpers};
use crate::runinit::{run_init, RunInit};
use crate::say;
use core::ffi::CStr;
use klibc::Errno;

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args<'a> {
    pub console: &'a CStr,
    pub drop_caps: Option<&'a CStr>,
    pub dry_run: bool,
    pub persist: bool,
    pub newroot: &'a CStr,
    pub init: &'a CStr,
    /// init's argv: `init` and what follows it.
    pub argv: &'a [&'a CStr],
}

/// Parses run-init's arguments (`args[0]` is the program name) as klibc's
/// getopt does; `None` means "print the usage".
pub fn parse<'a>(args: &'a [&'a CStr]) -> Option<Args<'a>> {
    let mut console = c"/dev/console";
    let mut drop_caps = None;
    let (mut dry_run, mut persist) = (false, false);
    let mut rest = args.get(1..)?;
    while let [arg, tail @ ..] = rest {
        let Some(opts) = arg
            .to_bytes()
            .strip_prefix(b"-".as_slice())
            .filter(|o| !o.is_empty())
        else {
            break;
        };
        rest = tail;
        if opts == [b'-'] {
            break;
        }
        for (k, &o) in opts.iter().enumerate() {
            match o {
                b'n' => dry_run = true,
                b'p' => persist = true,
                b'c' | b'd' => {
                    // The rest of this word, else the next argument.
                    let value = if k + 1 < opts.len() {
                        let all = arg.to_bytes_with_nul();
                        CStr::from_bytes_with_nul(all.get(k + 2..)?).ok()?
                    } else {
                        let (v, tail) = rest.split_first()?;
                        rest = tail;
                        v
                    };
                    if o == b'c' {
                        console = value;
                    } else {
                        drop_caps = Some(value);
                    }
                    break;
                }
                _ => return None,
            }
        }
    }
    let (newroot, argv) = rest.split_first()?;
    let init = *argv.first()?;
    Some(Args {
        console,
        drop_caps,
        dry_run,
        persist,
        newroot,
        init,
        argv,
    })
}

pub fn main(args: &[&CStr]) -> i32 {
    let prog = args.first().map_or(&b"run-init"[..], |a| a.to_bytes());
    let Some(a) = parse(args) else {
        say::msg(
            b"Usage: exec {} [-d caps] [-c consoledev] [-n] [-p] /real-root /sbin/init [args]",
            &[prog],
        );
        return 1;
    };
    let drop_caps = match caps::parse(a.drop_caps.map_or(&[][..], |d| d.to_bytes())) {
        Ok(set) => set,
        Err(e) => {
            e.print(prog, b"dropping capabilities");
            return 1;
        }
    };
    let mut r = RunInit {
        before_exec: None,
        newroot: a.newroot,
        console: a.console,
        drop_caps,
        helpers: Helpers::default(),
        dry_run: a.dry_run,
        persist: a.persist,
        init: a.init,
        argv: a.argv,
    };
    match run_init(&mut r) {
        Ok(()) => 0,
        Err(f) => {
            // klibc's run-init prints strerror(errno) after a failed check too.
            f.print_or_stale(prog, a.init, Some(stale_errno()));
            1
        }
    }
}

/// The errno klibc's run-init reports after a failed check: what its stdio
/// set-up left behind, ENOTTY when a standard descriptor is not a
/// terminal (EBADF when one is closed). When all three are terminals klibc
/// says "error 0"; ENOTTY is printed then too. (Not inlined: a smaller
/// binary.)
#[inline(never)]
fn stale_errno() -> Errno {
    let mut last = Errno::NOTTY;
    for fd in [klibc::io::stdin(), klibc::io::stdout(), klibc::io::stderr()] {
        if let Err(e) = klibc::fs::fstat(fd) {
            last = e;
        } else if !klibc::io::isatty(fd) {
            last = Errno::NOTTY;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p<'a>(v: &'a [&'a CStr]) -> Option<Args<'a>> {
        parse(v)
    }

    #[test]
    fn getopt_like_klibc() {
        let a = p(&[c"run-init", c"/root", c"/sbin/init", c"-n"]).unwrap();
        assert_eq!(a.newroot, c"/root");
        assert_eq!(a.argv, &[c"/sbin/init", c"-n"]);
        assert!(!a.dry_run);
        assert_eq!(a.console, c"/dev/console");

        let a = p(&[
            c"x",
            c"-np",
            c"-c/dev/tty1",
            c"-d",
            c"cap_chown",
            c"r",
            c"i",
        ])
        .unwrap();
        assert!(a.dry_run && a.persist);
        assert_eq!(a.console, c"/dev/tty1");
        assert_eq!(a.drop_caps, Some(c"cap_chown"));
        assert_eq!((a.newroot, a.init), (c"r", c"i"));

        let a = p(&[c"x", c"-pc", c"con", c"--", c"-r", c"i"]).unwrap();
        assert_eq!((a.console, a.newroot, a.persist), (c"con", c"-r", true));

        assert!(p(&[c"x", c"-", c"i"]).is_some());
        assert!(p(&[c"x"]).is_none());
        assert!(p(&[c"x", c"/root"]).is_none());
        assert!(p(&[c"x", c"-x", c"/root", c"/init"]).is_none());
        assert!(p(&[c"x", c"/root", c"-c"]).is_some());
        assert!(p(&[c"x", c"-c"]).is_none());
        assert!(p(&[c"x", c"-n", c"-c"]).is_none());
    }
}

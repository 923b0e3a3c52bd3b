//! `nfsmount [-p file] [-o options] server:/path [mountpoint]`: klibc-utils'
//! nfsmount. The server is an IPv4 address (inet_aton syntax), the mount
//! point defaults to /nfs_root and must be a directory; `-o` may repeat.
//! Exit 0 when mounted, 1 on any failure, with klibc's messages for bad
//! command lines. `-p` names klibc's spoofed-portmapper file (used only
//! with `lock`); this nfsmount does not run a spoofed portmapper and says so.

use crate::net::nfs_mount::{self, Request};
use crate::net::nfs_opts::{parse_ipv4, Options};
use crate::say;
use core::ffi::CStr;
use core::slice;
use klibc::fd::CWD;
use klibc::uapi::general as g;

/// What the command line asks for.
pub struct Args<'a> {
    pub opts: Options,
    pub portmap_file: Option<&'a [u8]>,
    /// `server:/path` and the mount point (None: /nfs_root).
    pub source: &'a CStr,
    pub target: Option<&'a CStr>,
}

/// Parses the command line (POSIX getopt "o:p:", options before the
/// operands; `prog` is argv[0]); on error prints klibc's message and
/// returns `None`.
pub fn parse<'a>(prog: &[u8], args: &[&'a CStr]) -> Option<Args<'a>> {
    let mut opts = Options::default();
    let mut portmap_file = None;
    let mut i = 1;
    while let Some(arg) = args.get(i).map(|a| a.to_bytes()) {
        if arg == b"--" {
            i += 1;
            break;
        }
        let &[b'-', c, ref attached @ ..] = arg else {
            break;
        };
        i += 1;
        // Both options take a value: `-ofoo` or `-o foo`.
        let value = match args.get(i) {
            _ if !attached.is_empty() => Some(attached),
            next => {
                i += 1;
                next.map(|a| a.to_bytes())
            }
        };
        let value = match value {
            Some(v) if c == b'o' || c == b'p' => v,
            _ => {
                say::msg(b"{}: invalid option -{}", &[prog, slice::from_ref(&c)]);
                return None;
            }
        };
        if c == b'o' {
            if let Err(e) = opts.parse(value) {
                e.say(prog);
                return None;
            }
        } else {
            portmap_file = Some(value);
        }
    }
    let Some(&source) = args.get(i) else {
        say::msg(b"{}: need a path", &[prog]);
        return None;
    };
    Some(Args {
        opts,
        portmap_file,
        source,
        target: args.get(i + 1).copied(),
    })
}

pub fn main(args: &[&CStr]) -> i32 {
    let prog = args.first().map_or(&b"nfsmount"[..], |a| a.to_bytes());
    let Some(a) = parse(prog, args) else {
        return 1;
    };
    let source = a.source.to_bytes();
    let Some(colon) = source.iter().position(|&b| b == b':') else {
        say::msg(b"{}: need a server", &[prog]);
        return 1;
    };
    let (host, path) = (
        source.get(..colon).unwrap_or(b""),
        source.get(colon + 1..).unwrap_or(b""),
    );
    if path.first() != Some(&b'/') {
        say::msg(b"{}: need a path", &[prog]);
        return 1;
    }
    let Some(server) = parse_ipv4(host) else {
        say::msg(b"{}: can't parse IP address '{}'", &[prog, host]);
        return 1;
    };
    let target = a.target.unwrap_or(c"/nfs_root");
    match klibc::fs::statat(CWD, target, 0) {
        Err(e) => {
            say::msg_fail(b"nfsmount: stat {}", &[target.to_bytes()], e);
            return 1;
        }
        Ok(st) if st.st_mode & g::S_IFMT != g::S_IFDIR => {
            say::msg(b"{}: '{}' not a directory", &[prog, target.to_bytes()]);
            return 1;
        }
        Ok(_) => {}
    }
    if let Some(file) = a.portmap_file {
        say::msg(
            b"nfsmount: -p {}: no spoofed portmapper here; going on without one",
            &[file],
        );
    }
    let req = Request {
        source: a.source,
        server,
        path,
        target,
        opts: &a.opts,
        prog: b"nfsmount",
    };
    match nfs_mount::mount(&req) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

//! `drop_capabilities=` and run-init's `-d`: a comma list of capabilities
//! (libcap's text names such as `cap_sys_module`, matched without regard to
//! case as klibc does, or numbers) removed from the bounding set
//! (PR_CAPBSET_DROP), from the usermode-helper sets
//! (/proc/sys/kernel/usermodehelper/{bset,inheritable}) and from this
//! process's inheritable, permitted and effective sets, so that neither init
//! nor anything the kernel spawns can get them back. Names are typed here;
//! numbers come from linux/capability.h through the UAPI bindings.
//!
//! Order matters: every set is changed for the whole list at once, helper
//! files first (writing them needs CAP_SYS_MODULE), then the bounding set
//! (needs CAP_SETPCAP), then capset, so that dropping one of those
//! capabilities does not stop the rest.

use crate::say;
use core::ffi::CStr;
use klibc::fd::{OwnedFd, CWD};
use klibc::process::{capbset_drop, capbset_read, capget, capset};
use klibc::uapi::general as g;
use klibc::AsFd;
use klibc::Errno;

/// libcap's names (without `cap_`), separated by spaces, in the kernel's
/// order: the n-th name is capability n ([`NUMBERS`] checks that at compile
/// time), so a name's position is its number.
const NAMES: &[u8] = b"chown dac_override dac_read_search fowner fsetid kill setgid setuid setpcap linux_immutable net_bind_service net_broadcast net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource sys_time sys_tty_config mknod lease audit_write audit_control setfcap mac_override mac_admin syslog wake_alarm block_suspend audit_read perfmon bpf checkpoint_restore";

/// The numbers of the capabilities in [`NAMES`], from linux/capability.h;
/// only for the compile-time check below, which fails the build should the
/// headers ever number them otherwise.
const NUMBERS: [u32; 41] = [
    g::CAP_CHOWN,
    g::CAP_DAC_OVERRIDE,
    g::CAP_DAC_READ_SEARCH,
    g::CAP_FOWNER,
    g::CAP_FSETID,
    g::CAP_KILL,
    g::CAP_SETGID,
    g::CAP_SETUID,
    g::CAP_SETPCAP,
    g::CAP_LINUX_IMMUTABLE,
    g::CAP_NET_BIND_SERVICE,
    g::CAP_NET_BROADCAST,
    g::CAP_NET_ADMIN,
    g::CAP_NET_RAW,
    g::CAP_IPC_LOCK,
    g::CAP_IPC_OWNER,
    g::CAP_SYS_MODULE,
    g::CAP_SYS_RAWIO,
    g::CAP_SYS_CHROOT,
    g::CAP_SYS_PTRACE,
    g::CAP_SYS_PACCT,
    g::CAP_SYS_ADMIN,
    g::CAP_SYS_BOOT,
    g::CAP_SYS_NICE,
    g::CAP_SYS_RESOURCE,
    g::CAP_SYS_TIME,
    g::CAP_SYS_TTY_CONFIG,
    g::CAP_MKNOD,
    g::CAP_LEASE,
    g::CAP_AUDIT_WRITE,
    g::CAP_AUDIT_CONTROL,
    g::CAP_SETFCAP,
    g::CAP_MAC_OVERRIDE,
    g::CAP_MAC_ADMIN,
    g::CAP_SYSLOG,
    g::CAP_WAKE_ALARM,
    g::CAP_BLOCK_SUSPEND,
    g::CAP_AUDIT_READ,
    g::CAP_PERFMON,
    g::CAP_BPF,
    g::CAP_CHECKPOINT_RESTORE,
];

const _: () = {
    let mut i = 0;
    while i < NUMBERS.len() {
        assert!(NUMBERS[i] as usize == i, "capability names out of order");
        i += 1;
    }
};

/// The capability names, capability 0 first.
fn names() -> crate::modules::Fields<'static> {
    crate::modules::fields(NAMES, b' ')
}

/// The usermode-helper capability files, in the order they are written.
pub const HELPER_FILES: [&CStr; 2] = [
    c"/proc/sys/kernel/usermodehelper/bset",
    c"/proc/sys/kernel/usermodehelper/inheritable",
];

fn open_helper(path: &CStr) -> Result<OwnedFd, Errno> {
    klibc::fs::openat(CWD, path, g::O_RDWR | g::O_CLOEXEC, 0)
}

/// A set of capabilities as a bit mask (bit n = capability n).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CapSet(pub u64);

impl CapSet {
    /// The capabilities in the set, lowest first.
    pub fn iter(self) -> impl Iterator<Item = u32> {
        let mut left = self.0;
        core::iter::from_fn(move || {
            let n = left.trailing_zeros();
            // Clears the lowest bit set (none when `left` is 0).
            left &= left.wrapping_sub(1);
            (n < 64).then_some(n)
        })
    }
}

/// Why a capability list or the dropping failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error<'a> {
    /// A name in the list that is neither a known name nor a number below 64.
    UnknownName(&'a [u8]),
    /// A usermode-helper file could not be opened, read or written.
    Helper(&'static CStr, Errno),
    /// A usermode-helper file did not hold two numbers.
    HelperFormat(&'static CStr),
    /// The kernel does not know capability n (PR_CAPBSET_READ said EINVAL).
    Unknown(u32),
    /// PR_CAPBSET_DROP failed for capability n.
    Bounding(u32, Errno),
    /// capget or capset failed.
    Capset(Errno),
}

impl Error<'_> {
    /// Prints `<prog>: <what>: <why>` for this error.
    pub fn print(&self, prog: &[u8], what: &[u8]) {
        let mut n = say::Num::new();
        let mut name = [0u8; 32];
        // The template of the words after `<prog>: <what>: `, its one
        // argument, and the error number's text that ends some of them:
        // one message built in one place.
        let (template, arg, errno): (&[u8], &[u8], _) = match self {
            Error::UnknownName(s) => (b"{}: {}: unknown capability \"{}\"", s, None),
            Error::Helper(p, e) => (b"{}: {}: {}", p.to_bytes(), Some(*e)),
            Error::HelperFormat(p) => (b"{}: {}: {}: not two numbers", p.to_bytes(), None),
            Error::Unknown(c) => (
                b"{}: {}: the kernel does not know capability {}",
                n.dec((*c).into()),
                None,
            ),
            Error::Bounding(c, e) => (
                b"{}: {}: dropping {} from the bounding set",
                cap_name(*c, &mut name, &mut n),
                Some(*e),
            ),
            Error::Capset(e) => (b"{}: {}: capset", b"", Some(*e)),
        };
        say::msg_opt(template, &[prog, what, arg], errno);
    }
}

/// Capability `cap` as klibc prints it (`CAP_SYS_ADMIN`), or its number
/// when it has no name here.
pub fn cap_name<'b>(cap: u32, buf: &'b mut [u8; 32], n: &'b mut say::Num) -> &'b [u8] {
    let Some(name) = names().nth(cap as usize) else {
        return n.dec(cap.into());
    };
    let len = (name.len() + 4).min(buf.len());
    let [c, a, p, u, rest @ ..] = buf;
    [*c, *a, *p, *u] = *b"CAP_";
    for (d, s) in rest.iter_mut().zip(name) {
        *d = s.to_ascii_uppercase();
    }
    buf.get(..len).unwrap_or(&[])
}

/// Prints `Dropped capability: CAP_...` for each capability in `set` on
/// standard output, as klibc does.
pub fn print_dropped(set: CapSet) {
    for c in set.iter() {
        let (mut buf, mut n) = ([0u8; 32], say::Num::new());
        let name = cap_name(c, &mut buf, &mut n);
        say::msg_out(b"Dropped capability: {}", &[name]);
    }
}

/// Parses a `drop_capabilities=` list: names (`cap_chown`, any case) or
/// numbers 0..63, separated by commas; empty items are ignored.
pub fn parse(list: &[u8]) -> Result<CapSet, Error<'_>> {
    let mut set = 0u64;
    for item in crate::modules::fields(list, b',') {
        let n = lookup(item).ok_or(Error::UnknownName(item))?;
        set |= 1 << n;
    }
    Ok(CapSet(set))
}

fn lookup(item: &[u8]) -> Option<u32> {
    if let Some(n) = dec(item) {
        return (n < 64).then_some(n as u32);
    }
    let (prefix, name) = item.split_at_checked(4)?;
    if !crate::ascii::eq_nocase(prefix, b"cap_") {
        return None;
    }
    names()
        .position(|n| crate::ascii::eq_nocase(n, name))
        .map(|n| n as u32)
}

/// The usermode-helper files, opened early: run-init opens them while the
/// initramfs's /proc may still be reachable and writes them after chroot.
#[derive(Default)]
pub struct Helpers([Option<OwnedFd>; 2]);

impl Helpers {
    /// Opens whichever helper files can be opened now; the others are tried
    /// again by [`drop`].
    pub fn open(&mut self) {
        for (slot, &path) in self.0.iter_mut().zip(&HELPER_FILES) {
            if slot.is_none() {
                *slot = open_helper(path).ok();
            }
        }
    }
}

/// Drops `set` everywhere (see the module comment). Needs the helper files:
/// those not opened beforehand must be reachable at /proc now.
pub fn drop(set: CapSet, helpers: &mut Helpers) -> Result<(), Error<'static>> {
    if set.0 == 0 {
        return Ok(());
    }
    for (slot, &path) in helpers.0.iter_mut().zip(&HELPER_FILES) {
        let fd = match slot.take() {
            Some(fd) => Ok(fd),
            None => open_helper(path),
        };
        // `None`: the file did not hold two numbers.
        fd.map_err(Some)
            .and_then(|fd| clear_helper_bits(&fd, set))
            .map_err(|e| e.map_or(Error::HelperFormat(path), |e| Error::Helper(path, e)))?;
    }
    for n in set.iter() {
        match capbset_read(n) {
            Ok(true) => capbset_drop(n).map_err(|e| Error::Bounding(n, e))?,
            Ok(false) => {}
            Err(_) => return Err(Error::Unknown(n)),
        }
    }
    let mut sets = capget(0).map_err(Error::Capset)?;
    for (i, word) in sets.iter_mut().enumerate() {
        let keep = !((set.0 >> (32 * i)) as u32);
        word.inheritable &= keep;
        word.permitted &= keep;
        word.effective &= keep;
    }
    capset(&sets).map_err(Error::Capset)
}

/// Reads "low high" from a helper file and writes it back without `set`;
/// `None` when the file does not hold two numbers. (Not inlined into its
/// loop: a smaller binary.)
#[inline(never)]
fn clear_helper_bits(fd: &OwnedFd, set: CapSet) -> Result<(), Option<Errno>> {
    let mut buf = [0u8; 64];
    let n = klibc::io::pread(fd, &mut buf, 0)?;
    let text = buf.get(..n).unwrap_or(&[]);
    let mut nums = crate::modules::words(text);
    let (Some(lo), Some(hi), None) = (
        nums.next().and_then(dec),
        nums.next().and_then(dec),
        nums.next(),
    ) else {
        return Err(None);
    };
    let lo = lo & !(set.0 & 0xffff_ffff);
    let hi = hi & !(set.0 >> 32);
    let mut out = klibc::io::LineBuf::new();
    out.push_u64(lo).push(b" ").push_u64(hi).push(b"\n");
    klibc::io::write_all(fd.as_fd(), out.as_bytes())?;
    Ok(())
}

/// A whole decimal number.
pub fn dec(s: &[u8]) -> Option<u64> {
    let (v, used) = crate::cmdline::parse_radix(s, 10, 0);
    (used == s.len() && used > 0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_case() {
        assert_eq!(parse(b"cap_chown"), Ok(CapSet(1)));
        assert_eq!(
            parse(b"CAP_SYS_MODULE,,cap_Sys_Admin,"),
            Ok(CapSet(1 << g::CAP_SYS_MODULE | 1 << g::CAP_SYS_ADMIN))
        );
        assert_eq!(parse(b"40,0"), Ok(CapSet(1 << 40 | 1)));
        assert_eq!(parse(b""), Ok(CapSet(0)));
        assert_eq!(parse(b"chown"), Err(Error::UnknownName(b"chown")));
        assert_eq!(parse(b"cap_nope"), Err(Error::UnknownName(b"cap_nope")));
        assert_eq!(parse(b"64"), Err(Error::UnknownName(b"64")));
        assert_eq!(parse(b"cap_"), Err(Error::UnknownName(b"cap_")));
    }

    #[test]
    fn sets_list_their_capabilities_lowest_first() {
        let all: Vec<u32> = CapSet(u64::MAX).iter().collect();
        assert_eq!(all, (0..64).collect::<Vec<u32>>());
        let some: Vec<u32> = CapSet(1 << 63 | 1 << 5 | 1).iter().collect();
        assert_eq!(some, [0, 5, 63]);
        assert_eq!(CapSet(0).iter().next(), None);
    }

    #[test]
    fn every_capability_has_one_name() {
        assert_eq!(names().count() as u32, g::CAP_LAST_CAP + 1);
        let (mut buf, mut n) = ([0u8; 32], say::Num::new());
        assert_eq!(
            cap_name(g::CAP_SYS_ADMIN, &mut buf, &mut n),
            b"CAP_SYS_ADMIN"
        );
        assert_eq!(
            cap_name(g::CAP_CHECKPOINT_RESTORE, &mut buf, &mut n),
            b"CAP_CHECKPOINT_RESTORE"
        );
        assert_eq!(cap_name(63, &mut buf, &mut n), b"63");
    }
}

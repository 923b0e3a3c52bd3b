//! Transaction ids, one generator for DHCP's and RPC's: a reply is taken
//! only when it carries the id of our request, so ids must differ between
//! requests of one process and between machines booting at the same time.

use core::sync::atomic::{AtomicU32, Ordering};
use klibc::uapi::general as g;

/// A fresh transaction id: the real-time clock (seconds and nanoseconds)
/// and the pid, mixed with `salt` (DHCP passes the hardware address, so
/// machines that boot at the same moment with the same pid still differ),
/// plus a counter (no two calls of one process at the same time share one).
pub fn new_xid(salt: &[u8]) -> u32 {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let rt = klibc::time::clock_gettime(g::CLOCK_REALTIME)
        .map_or(0, |t| t.tv_nsec as u64 ^ (t.tv_sec as u64) << 20);
    let seed = rt ^ (klibc::process::getpid() as u64) << 32;
    mix(seed, salt).wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// `salt` folded into `seed` (FNV-1a steps), then spread over the bits
/// kept (murmur3's finaliser) so that a one-byte difference in either
/// changes the whole id.
fn mix(seed: u64, salt: &[u8]) -> u32 {
    let mut x = seed;
    for &b in salt {
        x = (x ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salt_and_seed_change_the_id() {
        let macs: [&[u8]; 4] = [
            &[0x52, 0x54, 0, 0x12, 0x34, 0x56],
            &[0x52, 0x54, 0, 0x12, 0x34, 0x57],
            &[0xd2, 0x54, 0, 0x12, 0x34, 0x56],
            &[],
        ];
        for seed in [0, 1, 1 << 32, u64::MAX] {
            for (i, a) in macs.iter().enumerate() {
                assert_eq!(mix(seed, a), mix(seed, a));
                for b in &macs[i + 1..] {
                    assert_ne!(mix(seed, a), mix(seed, b), "{seed} {a:?} {b:?}");
                }
                assert_ne!(mix(seed, a), mix(seed ^ 1, a));
                assert_ne!(mix(seed, a), mix(seed ^ 1 << 40, a));
            }
        }
    }

    #[test]
    fn calls_differ() {
        let ids: std::collections::BTreeSet<u32> = (0..1000).map(|_| new_xid(b"mac")).collect();
        assert_eq!(ids.len(), 1000);
    }
}

//! Test subject: an allocator stress test. Many sizes (1 byte to 4 MiB),
//! growth by push, realloc up and down, zeroed allocations, and frees in a
//! pseudo-random order, checking every block's contents before it is freed.
//! Prints a summary line; any corruption panics (exit 101).
#![no_std]
#![no_main]

extern crate alloc;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// xorshift64*: a deterministic sequence, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn fill(v: &mut [u8], tag: u8) {
    for (i, b) in v.iter_mut().enumerate() {
        *b = tag ^ (i as u8);
    }
}

fn check(v: &[u8], tag: u8) {
    for (i, b) in v.iter().enumerate() {
        assert_eq!(
            *b,
            tag ^ (i as u8),
            "block tagged {tag} corrupt at byte {i} of {}",
            v.len()
        );
    }
}

fn size(rng: &mut Rng) -> usize {
    match rng.below(10) {
        0..=5 => 1 + rng.below(64) as usize,
        6..=7 => 1 + rng.below(4096) as usize,
        8 => 1 + rng.below(100_000) as usize,
        _ => 1 + rng.below(4 << 20) as usize,
    }
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut live: Vec<(Vec<u8>, u8)> = Vec::new();
    let mut ops = 0u64;
    let mut bytes = 0u64;
    for round in 0..20_000u32 {
        let tag = round as u8;
        match rng.below(8) {
            // allocate
            0..=3 => {
                let n = size(&mut rng);
                let mut v = alloc::vec![0u8; n];
                fill(&mut v, tag);
                bytes += n as u64;
                live.push((v, tag));
            }
            // free a random block
            4 | 5 if !live.is_empty() => {
                let i = rng.below(live.len() as u64) as usize;
                let (v, t) = live.swap_remove(i);
                check(&v, t);
            }
            // resize a random block (realloc up or down)
            6 if !live.is_empty() => {
                let i = rng.below(live.len() as u64) as usize;
                let (v, t) = &mut live[i];
                check(v, *t);
                let n = size(&mut rng);
                v.resize(n, 0);
                v.shrink_to_fit();
                fill(v, *t);
            }
            // grow by pushing, then zeroed boxes
            _ => {
                let mut v = Vec::new();
                for i in 0..rng.below(3000) {
                    v.push(i as u8 ^ tag);
                }
                for (i, b) in v.iter().enumerate() {
                    assert_eq!(*b, i as u8 ^ tag, "pushed vector corrupt");
                }
                let z: Box<[u64]> =
                    alloc::vec![0u64; 1 + rng.below(1000) as usize].into_boxed_slice();
                assert!(z.iter().all(|x| *x == 0), "zeroed allocation not zero");
            }
        }
        ops += 1;
    }
    let remaining = live.len();
    for (v, t) in live.drain(..) {
        check(&v, t);
    }
    // One large block grown in place or moved by mremap, contents kept.
    let mut big: Vec<u8> = Vec::with_capacity(1 << 20);
    big.resize(1 << 20, 0xAB);
    big.resize(64 << 20, 0xCD);
    assert!(big[..1 << 20].iter().all(|b| *b == 0xAB) && big[1 << 20..].iter().all(|b| *b == 0xCD));
    klibc::println!("alloc ok: {ops} ops, {bytes} bytes allocated, {remaining} live at end");
}

klibc::main!(main);

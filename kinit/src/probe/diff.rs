//! Differential test for the round-2 rewrite of the PARTUUID lookup: the
//! base version (the whole partition table, then the partition) run
//! against the visitor-based one on the probe_parts fuzz corpus and on
//! random mutations of it. The number of mutated inputs is
//! `PROBE_DIFF_ITERS` (default 2000; it ran green on 100,000). The base
//! UUID/LABEL extraction had the same test against `identify` (green on
//! 100,000 inputs) before its copy was dropped.

use std::path::Path;
use std::vec::Vec;

extern crate std;

/// The base PARTUUID lookup: the whole table (read once by the caller),
/// then the partition.
fn old_part_uuid(table: &super::Table, n: u32) -> Option<Vec<u8>> {
    table.partition(n).map(|p| p.uuid().into_bytes())
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn iters() -> usize {
    std::env::var("PROBE_DIFF_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

/// xorshift64: reproducible random numbers without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Runs `check` on every seed, then on `iters()` mutations: a few bytes
/// changed, mostly near the offsets `hot` (where signatures and the
/// fields read after them live), the seed cut short now and then.
fn mutate_and_check(seeds: &[Vec<u8>], hot: &[usize], check: &mut dyn FnMut(&[u8])) {
    for s in seeds {
        check(s);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut work: Vec<Vec<u8>> = seeds.to_vec();
    for _ in 0..iters() {
        let i = rng.below(work.len());
        let data = &mut work[i];
        let mut undo = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let at = if rng.below(4) == 0 {
                rng.below(data.len())
            } else {
                hot[rng.below(hot.len())] + rng.below(1024)
            };
            if let Some(b) = data.get_mut(at) {
                undo.push((at, *b));
                *b = match rng.below(3) {
                    0 => rng.next() as u8,
                    1 => 0,
                    _ => *b ^ (1 << rng.below(8)),
                };
            }
        }
        let len = if rng.below(8) == 0 {
            rng.below(data.len() + 1)
        } else {
            data.len()
        };
        check(&data[..len]);
        for (at, b) in undo.into_iter().rev() {
            data[at] = b;
        }
    }
}

#[test]
fn part_uuid_same_as_base() {
    let hot = [0, 512, 1024, 4096, 8192, 16384];
    let mut n = 0;
    mutate_and_check(&corpus("probe_parts"), &hot, &mut |d| {
        for ss in [512, 4096] {
            let table = super::partitions(&mut &d[..], ss).ok().flatten();
            for part in 0..8 {
                let new = crate::rootid::part_uuid_of(&mut &d[..], ss, part);
                let old = table.as_ref().and_then(|t| old_part_uuid(t, part));
                assert_eq!(new, old, "sector {ss}, partition {part}");
            }
        }
        n += 1;
    });
    std::println!("part_uuid: {n} inputs, old == new");
}

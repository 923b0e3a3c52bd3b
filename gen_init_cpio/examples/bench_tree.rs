//! Makes the benchmark's input: `bench_tree DIR [FILES [MIB]]` writes FILES
//! files (default 20000) of MIB MiB in all (default 500) under DIR, the same
//! bytes every time, and prints a gen_init_cpio list for them on stdout.
//! Most files are small, a few are large, as in a real initramfs; the data
//! is half text, half noise, so compressors have work to do.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).ok_or("usage: bench_tree DIR [FILES [MIB]]")?);
    let files: usize = args
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(20_000);
    let total: u64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(500) << 20;
    let large = (files / 200).max(1);
    let small = files - large;
    // Small files: 0..16 KiB (8 KiB on average); the large ones share the rest.
    let small_total = small as u64 * 8192;
    let large_each = total.saturating_sub(small_total) / large as u64;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut buf = Vec::new();
    for i in 0..files {
        let sub = format!("d{:03}", i / 100);
        if i % 100 == 0 {
            std::fs::create_dir_all(dir.join(&sub))?;
            writeln!(out, "dir /{sub} 0755 0 0")?;
        }
        let size = if i % 200 == 199 {
            large_each
        } else {
            next() % 16385
        } as usize;
        buf.clear();
        while buf.len() < size {
            let x = next();
            if x & 1 == 0 {
                buf.extend_from_slice(b"initramfs text line for the benchmark\n");
            } else {
                buf.extend_from_slice(&x.to_le_bytes());
                buf.extend_from_slice(&next().to_le_bytes());
            }
        }
        buf.truncate(size);
        let path = dir.join(&sub).join(format!("f{i:05}"));
        std::fs::write(&path, &buf)?;
        writeln!(out, "file /{sub}/f{i:05} {} 0644 0 0", path.display())?;
    }
    Ok(())
}

//! Opening and reading files on a second thread, ahead of the writer.
//!
//! For a big archive most of the time goes to opening, stat-ing, reading and
//! closing many small files. A reader thread does that for the files in list
//! order and hands over batches: small files read into a reused arena, large
//! ones as open handles for the writer's zero-copy path. The writer consumes
//! them in the same order, so the archive is the same as without the thread.

use crate::error::{Error, Result};
use crate::opener::DirCache;
use crate::sink::read_exact;
use std::fs::{File, Metadata};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Bytes of small-file data per batch.
const ARENA_SIZE: usize = 4 << 20;
/// Files larger than this are passed on open, not read.
pub const SMALL_MAX: u64 = 256 << 10;
/// Files per batch at most.
const BATCH_ITEMS: usize = 256;
/// Arenas in flight at most (4 x 4 MiB).
const ARENAS: usize = 4;

/// Environment variable: `2` reads files ahead on a second thread, anything
/// else (the default) writes on one thread. Measured on a busy 2-core host
/// (bench/bench.sh), one thread used less CPU and finished sooner, and Kbuild
/// runs us next to other jobs; the reader thread can pay off on idle cores.
pub const THREADS_VAR: &str = "GEN_INIT_CPIO_THREADS";

/// Whether to use the reader thread.
pub fn wanted(files: usize) -> bool {
    files > 0 && std::env::var(THREADS_VAR).as_deref() == Ok("2")
}

/// Where a prefetched file's data is.
pub enum Body {
    /// In the batch's arena, at this range.
    Arena(usize, usize),
    /// Still in the (large) file, open at position 0.
    Open(File),
}

/// One prefetched file.
pub struct Item {
    pub meta: Metadata,
    pub body: Body,
}

/// Files prefetched together and the arena holding the small ones' data.
pub struct Batch {
    pub arena: Vec<u8>,
    pub items: Vec<Result<Item>>,
}

/// The reader side: runs on its own thread until all `locations` are done,
/// an error was sent, or the writer went away.
pub fn reader(locations: Vec<&Path>, tx: SyncSender<Batch>, arenas: Receiver<Vec<u8>>) {
    let mut dirs = DirCache::default();
    let mut allocated = 0;
    let next_arena = |allocated: &mut usize| -> Option<Vec<u8>> {
        if let Ok(a) = arenas.try_recv() {
            return Some(a);
        }
        if *allocated < ARENAS {
            *allocated += 1;
            return Some(vec![0u8; ARENA_SIZE]);
        }
        arenas.recv().ok()
    };
    let Some(mut arena) = next_arena(&mut allocated) else {
        return;
    };
    let mut used = 0;
    let mut items = Vec::with_capacity(BATCH_ITEMS);
    for loc in locations {
        let r = (|| -> Result<Item> {
            let mut file = dirs.open(loc).map_err(|e| Error::path(loc, &e))?;
            let meta = file.metadata().map_err(|e| Error::path(loc, &e))?;
            if !meta.file_type().is_file() {
                return Err(Error::new(format!("{}: not a regular file", loc.display())));
            }
            let len = meta.len();
            if len > SMALL_MAX {
                return Ok(Item {
                    meta,
                    body: Body::Open(file),
                });
            }
            let len = len as usize;
            if used + len > arena.len() {
                let full = std::mem::take(&mut arena);
                let done = std::mem::replace(&mut items, Vec::with_capacity(BATCH_ITEMS));
                tx.send(Batch {
                    arena: full,
                    items: done,
                })
                .map_err(|_| Error::new("writer stopped"))?;
                arena = next_arena(&mut allocated).ok_or_else(|| Error::new("writer stopped"))?;
                used = 0;
            }
            read_exact(&mut file, &mut arena[used..used + len], loc)?;
            used += len;
            Ok(Item {
                meta,
                body: Body::Arena(used - len, len),
            })
        })();
        let failed = r.is_err();
        items.push(r);
        if failed || items.len() >= BATCH_ITEMS {
            let full = std::mem::take(&mut arena);
            let done = std::mem::replace(&mut items, Vec::with_capacity(BATCH_ITEMS));
            if tx
                .send(Batch {
                    arena: full,
                    items: done,
                })
                .is_err()
                || failed
            {
                return;
            }
            match next_arena(&mut allocated) {
                Some(a) => arena = a,
                None => return,
            }
            used = 0;
        }
    }
    if !items.is_empty() {
        let _ = tx.send(Batch { arena, items });
    }
}

/// The writer side: yields the prefetched files in order.
pub struct Prefetched {
    rx: Receiver<Batch>,
    ret: SyncSender<Vec<u8>>,
    arena: Vec<u8>,
    items: std::vec::IntoIter<Result<Item>>,
}

impl Prefetched {
    /// Starts the channels; spawn [`reader`] with the other ends.
    pub fn channels() -> (Self, SyncSender<Batch>, Receiver<Vec<u8>>) {
        let (tx, rx) = sync_channel(2);
        let (ret, ret_rx) = sync_channel(ARENAS);
        (
            Prefetched {
                rx,
                ret,
                arena: Vec::new(),
                items: Vec::new().into_iter(),
            },
            tx,
            ret_rx,
        )
    }

    /// The next file: its metadata and, for a small file, its data.
    pub fn next_file(&mut self) -> Result<(Item, &[u8])> {
        loop {
            if let Some(item) = self.items.next() {
                let item = item?;
                let data = match item.body {
                    Body::Arena(start, len) => self.arena.get(start..start + len).unwrap_or(&[]),
                    Body::Open(_) => &[],
                };
                return Ok((item, data));
            }
            let old = std::mem::take(&mut self.arena);
            if !old.is_empty() {
                let _ = self.ret.try_send(old);
            }
            let batch = self
                .rx
                .recv()
                .map_err(|_| Error::new("the file reader thread stopped"))?;
            self.arena = batch.arena;
            self.items = batch.items.into_iter();
        }
    }
}

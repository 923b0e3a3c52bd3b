//! Buffered standard I/O. A `FILE` has one buffer used either for reading
//! (a window `rpos..rend` of what the last read(2) returned, with a few bytes
//! of headroom so that `ungetc` always has room) or for writing (`wlen`
//! pending bytes), never both: switching direction flushes. `fflush` on an
//! input stream discards the window and moves the descriptor back to the
//! stream's position, as POSIX asks (and gnulib checks).

use super::errno::{self, csys};
use super::format::{self, Sink};
use super::malloc::{free, malloc, realloc};
use super::valist::{Args, SliceArgs, VaArgs, VaList};
use crate::uapi::general as g;
use core::ffi::{c_char, c_int, c_long, c_uint, c_void};
use core::ptr::null_mut;

const UNGET: usize = 8;
/// BUFSIZ of klibc/include/stdio.h (setbuf's buffers are that long): the
/// default stream buffer. klibc's value; programs size their own copy
/// buffers by it too (klibc's cat reads in BUFSIZ pieces).
const BUFSIZ: usize = 16384;
const EOF: c_int = -1;

const F_READ: u32 = 1;
const F_WRITE: u32 = 2;
const F_EOF: u32 = 4;
const F_ERR: u32 = 8;
const F_OWNBUF: u32 = 16;
const F_STATIC: u32 = 32;

const IOFBF: c_int = 0;
const IOLBF: c_int = 1;
const IONBF: c_int = 2;
const UNDECIDED: c_int = -1;

#[derive(PartialEq, Eq, Clone, Copy)]
enum Mode {
    Idle,
    Reading,
    Writing,
}

/// C's `FILE`.
pub struct File {
    fd: c_int,
    flags: u32,
    mode: Mode,
    bufmode: c_int,
    buf: *mut u8,
    cap: usize,
    rpos: usize,
    rend: usize,
    wlen: usize,
    next: *mut File,
}

impl File {
    const fn new(fd: c_int, flags: u32, bufmode: c_int) -> File {
        File {
            fd,
            flags: flags | F_STATIC,
            mode: Mode::Idle,
            bufmode,
            buf: null_mut(),
            cap: 0,
            rpos: UNGET,
            rend: UNGET,
            wlen: 0,
            next: null_mut(),
        }
    }
}

static mut STDIN: File = File::new(0, F_READ, IOFBF);
static mut STDOUT: File = File::new(1, F_WRITE, UNDECIDED);
static mut STDERR: File = File::new(2, F_WRITE, IONBF);

#[no_mangle]
pub static mut stdin: *mut File = &raw mut STDIN;
#[no_mangle]
pub static mut stdout: *mut File = &raw mut STDOUT;
#[no_mangle]
pub static mut stderr: *mut File = &raw mut STDERR;

/// Streams opened with fopen/fdopen, linked through `next`.
static mut OPEN: *mut File = null_mut();

/// Gives `f` a buffer if it has none; false if memory ran out.
unsafe fn ensure_buf(f: &mut File) -> bool {
    if !f.buf.is_null() {
        return true;
    }
    if f.bufmode == UNDECIDED {
        f.bufmode =
            if crate::syscall::io::isatty(unsafe { crate::fd::BorrowedFd::borrow_raw(f.fd) }) {
                IOLBF
            } else {
                IOFBF
            };
    }
    let cap = if f.cap == 0 { BUFSIZ } else { f.cap };
    let b = unsafe { malloc(cap + UNGET) } as *mut u8;
    if b.is_null() {
        f.flags |= F_ERR;
        return false;
    }
    f.buf = b;
    f.cap = cap;
    f.flags |= F_OWNBUF;
    true
}

fn write_all(fd: c_int, mut p: *const u8, mut n: usize) -> bool {
    while n > 0 {
        let r = csys!(__NR_write, fd, p, n);
        if r < 0 {
            if errno::get() == crate::uapi::errno::EINTR as c_int {
                continue;
            }
            return false;
        }
        // SAFETY: the kernel wrote r <= n bytes.
        p = unsafe { p.add(r as usize) };
        n -= r as usize;
    }
    true
}

/// Writes out pending bytes.
unsafe fn flush_write(f: &mut File) -> c_int {
    if f.mode != Mode::Writing {
        return 0;
    }
    let ok = f.wlen == 0 || write_all(f.fd, unsafe { f.buf.add(UNGET) }, f.wlen);
    f.wlen = 0;
    f.mode = Mode::Idle;
    if ok {
        0
    } else {
        f.flags |= F_ERR;
        EOF
    }
}

/// Flushes `f` (see the module doc for input streams).
unsafe fn flush(f: &mut File) -> c_int {
    match f.mode {
        Mode::Writing => unsafe { flush_write(f) },
        Mode::Reading => {
            let ahead = f.rend - f.rpos;
            if ahead > 0 {
                // A pipe cannot seek back; its window is dropped all the same.
                let _ = csys!(__NR_lseek, f.fd, -(ahead as i64), g::SEEK_CUR);
            }
            f.rpos = UNGET;
            f.rend = UNGET;
            f.mode = Mode::Idle;
            0
        }
        Mode::Idle => 0,
    }
}

/// Flushes every output stream; `exit` calls this.
pub fn flush_all() {
    // SAFETY: single-threaded; the list holds live streams.
    unsafe {
        for f in [stdout, stderr] {
            let _ = flush_write(&mut *f);
        }
        let mut p = OPEN;
        while !p.is_null() {
            let _ = flush_write(&mut *p);
            p = (*p).next;
        }
    }
}

/// Refills the read window; false at end of file or on error.
unsafe fn fill(f: &mut File) -> bool {
    if f.flags & F_READ == 0 {
        f.flags |= F_ERR;
        errno::set(crate::Errno::BADF);
        return false;
    }
    if f.mode == Mode::Writing && unsafe { flush_write(f) } != 0 {
        return false;
    }
    if !unsafe { ensure_buf(f) } {
        return false;
    }
    // Reading from a terminal-ish stdin shows a prompt written to stdout.
    // SAFETY: the standard streams are always valid.
    unsafe {
        if core::ptr::eq(f, stdin) && (*stdout).bufmode == IOLBF {
            let _ = flush_write(&mut *stdout);
        }
    }
    f.mode = Mode::Reading;
    let want = if f.bufmode == IONBF { 1 } else { f.cap };
    loop {
        let r = csys!(__NR_read, f.fd, unsafe { f.buf.add(UNGET) }, want);
        if r < 0 {
            if errno::get() == crate::uapi::errno::EINTR as c_int {
                continue;
            }
            f.flags |= F_ERR;
            return false;
        }
        f.rpos = UNGET;
        f.rend = UNGET + r as usize;
        if r == 0 {
            f.flags |= F_EOF;
            return false;
        }
        return true;
    }
}

/// Appends bytes to an output stream.
unsafe fn put_bytes(f: &mut File, mut p: *const u8, mut n: usize) -> bool {
    if f.flags & F_WRITE == 0 {
        f.flags |= F_ERR;
        errno::set(crate::Errno::BADF);
        return false;
    }
    if f.mode == Mode::Reading {
        unsafe { flush(f) };
    }
    if !unsafe { ensure_buf(f) } {
        return false;
    }
    f.mode = Mode::Writing;
    if f.bufmode == IONBF {
        let ok = unsafe { flush_write(f) } == 0 && write_all(f.fd, p, n);
        if !ok {
            f.flags |= F_ERR;
        }
        return ok;
    }
    let total = n;
    let start = p;
    while n > 0 {
        if f.wlen == 0 && n >= f.cap {
            if !write_all(f.fd, p, n) {
                f.flags |= F_ERR;
                return false;
            }
            break;
        }
        let k = n.min(f.cap - f.wlen);
        unsafe { crate::arch::copy_forward(f.buf.add(UNGET + f.wlen), p, k) };
        f.wlen += k;
        p = unsafe { p.add(k) };
        n -= k;
        if f.wlen == f.cap {
            f.mode = Mode::Writing;
            if unsafe { flush_write(f) } != 0 {
                return false;
            }
            f.mode = Mode::Writing;
        }
    }
    if f.bufmode == IOLBF
        && total > 0
        && !unsafe { super::string::memchr(start.cast(), b'\n' as c_int, total) }.is_null()
    {
        f.mode = Mode::Writing;
        return unsafe { flush_write(f) } == 0;
    }
    true
}

fn parse_mode(mode: *const c_char) -> Option<(u32, u32)> {
    // SAFETY: C string.
    let m = unsafe { core::ffi::CStr::from_ptr(mode) }.to_bytes();
    let (mut oflags, mut flags) = match m.first()? {
        b'r' => (g::O_RDONLY, F_READ),
        b'w' => (g::O_WRONLY | g::O_CREAT | g::O_TRUNC, F_WRITE),
        b'a' => (g::O_WRONLY | g::O_CREAT | g::O_APPEND, F_WRITE),
        _ => return None,
    };
    for &c in &m[1..] {
        match c {
            b'+' => {
                oflags = (oflags & !g::O_WRONLY) | g::O_RDWR;
                flags = F_READ | F_WRITE;
            }
            b'e' => oflags |= g::O_CLOEXEC,
            b'x' => oflags |= g::O_EXCL,
            _ => {}
        }
    }
    Some((oflags, flags))
}

unsafe fn new_file(fd: c_int, flags: u32) -> *mut File {
    let f = unsafe { malloc(core::mem::size_of::<File>()) } as *mut File;
    if f.is_null() {
        return f;
    }
    let mut file = File::new(fd, flags, IOFBF);
    file.flags &= !F_STATIC;
    if crate::syscall::io::isatty(unsafe { crate::fd::BorrowedFd::borrow_raw(fd) }) {
        file.bufmode = IOLBF;
    }
    unsafe {
        file.next = OPEN;
        f.write(file);
        OPEN = f;
    }
    f
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fopen(path: *const c_char, mode: *const c_char) -> *mut File {
    let Some((oflags, flags)) = parse_mode(mode) else {
        errno::set(crate::Errno::INVAL);
        return null_mut();
    };
    let fd = csys!(__NR_openat, g::AT_FDCWD, path, oflags, 0o666);
    if fd < 0 {
        return null_mut();
    }
    let f = unsafe { new_file(fd as c_int, flags) };
    if f.is_null() {
        let _ = csys!(__NR_close, fd);
    }
    f
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fdopen(fd: c_int, mode: *const c_char) -> *mut File {
    let Some((_, flags)) = parse_mode(mode) else {
        errno::set(crate::Errno::INVAL);
        return null_mut();
    };
    if csys!(__NR_fcntl, fd, g::F_GETFL) < 0 {
        return null_mut();
    }
    unsafe { new_file(fd, flags) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn freopen(
    path: *const c_char,
    mode: *const c_char,
    f: *mut File,
) -> *mut File {
    let Some((oflags, flags)) = parse_mode(mode) else {
        errno::set(crate::Errno::INVAL);
        return null_mut();
    };
    unsafe {
        let file = &mut *f;
        flush(file);
        if path.is_null() {
            errno::set(crate::Errno::INVAL);
            return null_mut();
        }
        let fd = csys!(__NR_openat, g::AT_FDCWD, path, oflags, 0o666);
        if fd < 0 {
            return null_mut();
        }
        if fd as c_int != file.fd {
            let _ = csys!(__NR_dup2, fd, file.fd);
            let _ = csys!(__NR_close, fd);
        }
        file.flags = (file.flags & (F_OWNBUF | F_STATIC)) | flags;
        file.mode = Mode::Idle;
        file.rpos = UNGET;
        file.rend = UNGET;
        file.wlen = 0;
    }
    f
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fclose(f: *mut File) -> c_int {
    unsafe {
        let file = &mut *f;
        let mut r = flush(file);
        if csys!(__NR_close, file.fd) < 0 {
            r = EOF;
        }
        if file.flags & F_OWNBUF != 0 {
            free(file.buf.cast());
            file.buf = null_mut();
        }
        if file.flags & F_STATIC == 0 {
            let mut link = &raw mut OPEN;
            while !(*link).is_null() {
                if *link == f {
                    *link = file.next;
                    break;
                }
                link = &raw mut (**link).next;
            }
            free(f.cast());
        }
        r
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fflush(f: *mut File) -> c_int {
    if f.is_null() {
        flush_all();
        return 0;
    }
    unsafe { flush(&mut *f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fpurge(f: *mut File) -> c_int {
    unsafe { __fpurge(f) };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __fpurge(f: *mut File) {
    let file = unsafe { &mut *f };
    file.rpos = UNGET;
    file.rend = UNGET;
    file.wlen = 0;
    file.mode = Mode::Idle;
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __fpending(f: *mut File) -> usize {
    let file = unsafe { &*f };
    if file.mode == Mode::Writing {
        file.wlen
    } else {
        0
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __freadahead(f: *mut File) -> usize {
    let file = unsafe { &*f };
    if file.mode == Mode::Reading {
        file.rend - file.rpos
    } else {
        0
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __freading(f: *mut File) -> c_int {
    let file = unsafe { &*f };
    (file.mode == Mode::Reading || file.flags & (F_READ | F_WRITE) == F_READ) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __fwriting(f: *mut File) -> c_int {
    let file = unsafe { &*f };
    (file.mode == Mode::Writing || file.flags & (F_READ | F_WRITE) == F_WRITE) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __fseterr(f: *mut File) {
    unsafe { (*f).flags |= F_ERR };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fgetc(f: *mut File) -> c_int {
    let file = unsafe { &mut *f };
    if file.mode == Mode::Reading && file.rpos < file.rend {
        let c = unsafe { *file.buf.add(file.rpos) };
        file.rpos += 1;
        return c as c_int;
    }
    if !unsafe { fill(file) } {
        return EOF;
    }
    let c = unsafe { *file.buf.add(file.rpos) };
    file.rpos += 1;
    c as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getc(f: *mut File) -> c_int {
    unsafe { fgetc(f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getchar() -> c_int {
    unsafe { fgetc(stdin) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ungetc(c: c_int, f: *mut File) -> c_int {
    if c == EOF {
        return EOF;
    }
    let file = unsafe { &mut *f };
    if file.mode == Mode::Writing && unsafe { flush_write(file) } != 0 {
        return EOF;
    }
    if !unsafe { ensure_buf(file) } {
        return EOF;
    }
    if file.mode != Mode::Reading {
        file.mode = Mode::Reading;
        file.rpos = UNGET;
        file.rend = UNGET;
    }
    if file.rpos == 0 {
        return EOF;
    }
    file.rpos -= 1;
    unsafe { *file.buf.add(file.rpos) = c as u8 };
    file.flags &= !F_EOF;
    c & 0xff
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fread(dst: *mut c_void, size: usize, n: usize, f: *mut File) -> usize {
    let Some(total) = size.checked_mul(n) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    let file = unsafe { &mut *f };
    let mut got = 0usize;
    let dst = dst as *mut u8;
    while got < total {
        if file.mode == Mode::Reading && file.rpos < file.rend {
            let k = (file.rend - file.rpos).min(total - got);
            unsafe { crate::arch::copy_forward(dst.add(got), file.buf.add(file.rpos), k) };
            file.rpos += k;
            got += k;
            continue;
        }
        // Large reads go straight to the caller's buffer.
        if total - got >= file.cap && file.cap > 0 && file.flags & F_READ != 0 {
            if file.mode == Mode::Writing && unsafe { flush_write(file) } != 0 {
                break;
            }
            file.mode = Mode::Reading;
            file.rpos = UNGET;
            file.rend = UNGET;
            let r = csys!(__NR_read, file.fd, unsafe { dst.add(got) }, total - got);
            if r < 0 {
                if errno::get() == crate::uapi::errno::EINTR as c_int {
                    continue;
                }
                file.flags |= F_ERR;
                break;
            }
            if r == 0 {
                file.flags |= F_EOF;
                break;
            }
            got += r as usize;
            continue;
        }
        if !unsafe { fill(file) } {
            break;
        }
    }
    got / size
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fwrite(src: *const c_void, size: usize, n: usize, f: *mut File) -> usize {
    let Some(total) = size.checked_mul(n) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    if unsafe { put_bytes(&mut *f, src.cast(), total) } {
        n
    } else {
        0
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fputc(c: c_int, f: *mut File) -> c_int {
    let file = unsafe { &mut *f };
    let b = c as u8;
    if file.mode == Mode::Writing
        && file.bufmode == IOFBF
        && !file.buf.is_null()
        && file.wlen < file.cap
    {
        unsafe { *file.buf.add(UNGET + file.wlen) = b };
        file.wlen += 1;
        return b as c_int;
    }
    if unsafe { put_bytes(file, &b, 1) } {
        b as c_int
    } else {
        EOF
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn putc(c: c_int, f: *mut File) -> c_int {
    unsafe { fputc(c, f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn putchar(c: c_int) -> c_int {
    unsafe { fputc(c, stdout) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fputs(s: *const c_char, f: *mut File) -> c_int {
    let n = unsafe { super::string::strlen(s) };
    if unsafe { put_bytes(&mut *f, s.cast(), n) } {
        0
    } else {
        EOF
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn puts(s: *const c_char) -> c_int {
    unsafe {
        if fputs(s, stdout) == EOF || fputc(b'\n' as c_int, stdout) == EOF {
            EOF
        } else {
            0
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fgets(s: *mut c_char, n: c_int, f: *mut File) -> *mut c_char {
    if n <= 0 {
        return null_mut();
    }
    let mut i = 0usize;
    let max = n as usize - 1;
    while i < max {
        let c = unsafe { fgetc(f) };
        if c == EOF {
            break;
        }
        unsafe { *s.add(i) = c as c_char };
        i += 1;
        if c == b'\n' as c_int {
            break;
        }
    }
    if i == 0 && max > 0 {
        return null_mut();
    }
    unsafe { *s.add(i) = 0 };
    s
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getdelim(
    line: *mut *mut c_char,
    cap: *mut usize,
    delim: c_int,
    f: *mut File,
) -> isize {
    unsafe {
        let mut n = 0usize;
        loop {
            let c = fgetc(f);
            if c == EOF {
                break;
            }
            if (*line).is_null() || n + 2 > *cap {
                let want = (n + 2).max(*cap * 2).max(120);
                let q = realloc((*line).cast(), want) as *mut c_char;
                if q.is_null() {
                    return -1;
                }
                *line = q;
                *cap = want;
            }
            *(*line).add(n) = c as c_char;
            n += 1;
            if c == delim {
                break;
            }
        }
        if n == 0 {
            return -1;
        }
        *(*line).add(n) = 0;
        n as isize
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getline(line: *mut *mut c_char, cap: *mut usize, f: *mut File) -> isize {
    unsafe { getdelim(line, cap, b'\n' as c_int, f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setvbuf(
    f: *mut File,
    _buf: *mut c_char,
    mode: c_int,
    size: usize,
) -> c_int {
    if !(IOFBF..=IONBF).contains(&mode) {
        return -1;
    }
    let file = unsafe { &mut *f };
    file.bufmode = mode;
    if file.buf.is_null() && size >= 16 {
        file.cap = size;
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setbuf(f: *mut File, buf: *mut c_char) {
    unsafe { setvbuf(f, buf, if buf.is_null() { IONBF } else { IOFBF }, BUFSIZ) };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setlinebuf(f: *mut File) {
    unsafe { setvbuf(f, null_mut(), IOLBF, 0) };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fseeko(f: *mut File, off: i64, whence: c_int) -> c_int {
    let file = unsafe { &mut *f };
    if unsafe { flush(file) } != 0 {
        return -1;
    }
    if csys!(__NR_lseek, file.fd, off, whence) < 0 {
        return -1;
    }
    file.flags &= !F_EOF;
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fseek(f: *mut File, off: c_long, whence: c_int) -> c_int {
    unsafe { fseeko(f, off, whence) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ftello(f: *mut File) -> i64 {
    let file = unsafe { &*f };
    let pos = csys!(__NR_lseek, file.fd, 0, g::SEEK_CUR);
    if pos < 0 {
        return -1;
    }
    match file.mode {
        Mode::Reading => pos as i64 - (file.rend - file.rpos) as i64,
        Mode::Writing => pos as i64 + file.wlen as i64,
        Mode::Idle => pos as i64,
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ftell(f: *mut File) -> c_long {
    unsafe { ftello(f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn rewind(f: *mut File) {
    unsafe {
        fseeko(f, 0, g::SEEK_SET as c_int);
        (*f).flags &= !F_ERR;
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fgetpos(f: *mut File, pos: *mut i64) -> c_int {
    let p = unsafe { ftello(f) };
    if p < 0 {
        return -1;
    }
    unsafe { *pos = p };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fsetpos(f: *mut File, pos: *const i64) -> c_int {
    unsafe { fseeko(f, *pos, g::SEEK_SET as c_int) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn feof(f: *mut File) -> c_int {
    (unsafe { (*f).flags } & F_EOF != 0) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ferror(f: *mut File) -> c_int {
    (unsafe { (*f).flags } & F_ERR != 0) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clearerr(f: *mut File) {
    unsafe { (*f).flags &= !(F_ERR | F_EOF) };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fileno(f: *mut File) -> c_int {
    unsafe { (*f).fd }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn perror(s: *const c_char) {
    let msg = super::string::message(errno::get());
    unsafe {
        let err = &mut *stderr;
        if !s.is_null() && *s != 0 {
            put_bytes(err, s.cast(), super::string::strlen(s));
            put_bytes(err, b": ".as_ptr(), 2);
        }
        put_bytes(err, msg.as_ptr(), msg.len());
        put_bytes(err, b"\n".as_ptr(), 1);
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn remove(path: *const c_char) -> c_int {
    let r = csys!(__NR_unlinkat, g::AT_FDCWD, path, 0);
    if r < 0 && errno::get() == crate::uapi::errno::EISDIR as c_int {
        return csys!(__NR_unlinkat, g::AT_FDCWD, path, g::AT_REMOVEDIR) as c_int;
    }
    r as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn rename(old: *const c_char, new: *const c_char) -> c_int {
    csys!(__NR_renameat2, g::AT_FDCWD, old, g::AT_FDCWD, new, 0) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn renameat(
    olddir: c_int,
    old: *const c_char,
    newdir: c_int,
    new: *const c_char,
) -> c_int {
    csys!(__NR_renameat2, olddir, old, newdir, new, 0) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn renameat2(
    olddir: c_int,
    old: *const c_char,
    newdir: c_int,
    new: *const c_char,
    flags: c_uint,
) -> c_int {
    csys!(__NR_renameat2, olddir, old, newdir, new, flags) as c_int
}

// ---- klibc's byte-count fread/fwrite and the _unlocked forms (one
// thread: nothing to lock, so they are the same functions) ----

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn _fread(buf: *mut c_void, n: usize, f: *mut File) -> usize {
    unsafe { fread(buf, 1, n, f) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn _fwrite(buf: *const c_void, n: usize, f: *mut File) -> usize {
    unsafe { fwrite(buf, 1, n, f) }
}

macro_rules! unlocked {
    ($($name:ident = $f:ident($($a:ident: $t:ty),*) -> $r:ty;)*) => {$(
        /// # Safety
        /// C contract.
        #[no_mangle]
        pub unsafe extern "C" fn $name($($a: $t),*) -> $r {
            unsafe { $f($($a),*) }
        }
    )*};
}

unlocked! {
    fgetc_unlocked = fgetc(f: *mut File) -> c_int;
    getc_unlocked = fgetc(f: *mut File) -> c_int;
    getchar_unlocked = getchar() -> c_int;
    fputc_unlocked = fputc(c: c_int, f: *mut File) -> c_int;
    putc_unlocked = fputc(c: c_int, f: *mut File) -> c_int;
    putchar_unlocked = putchar(c: c_int) -> c_int;
    fgets_unlocked = fgets(s: *mut c_char, n: c_int, f: *mut File) -> *mut c_char;
    fputs_unlocked = fputs(s: *const c_char, f: *mut File) -> c_int;
    fread_unlocked = fread(p: *mut c_void, size: usize, n: usize, f: *mut File) -> usize;
    fwrite_unlocked = fwrite(p: *const c_void, size: usize, n: usize, f: *mut File) -> usize;
    fflush_unlocked = fflush(f: *mut File) -> c_int;
    feof_unlocked = feof(f: *mut File) -> c_int;
    ferror_unlocked = ferror(f: *mut File) -> c_int;
    clearerr_unlocked = clearerr(f: *mut File) -> ();
    fileno_unlocked = fileno(f: *mut File) -> c_int;
}

// ---- the printf family ----

struct FileSink(*mut File);
impl Sink for FileSink {
    fn put(&mut self, b: &[u8]) {
        // SAFETY: a valid stream (printf's caller's contract).
        unsafe { put_bytes(&mut *self.0, b.as_ptr(), b.len()) };
    }
}

struct BufSink {
    p: *mut u8,
    cap: usize,
    n: usize,
}
impl Sink for BufSink {
    fn put(&mut self, b: &[u8]) {
        let room = self.cap.saturating_sub(1).saturating_sub(self.n);
        let k = b.len().min(room);
        // SAFETY: at most cap-1 bytes go into the caller's buffer.
        unsafe { crate::arch::copy_forward(self.p.add(self.n), b.as_ptr(), k) };
        self.n += k;
    }
}

struct FdSink {
    fd: c_int,
    buf: [u8; 256],
    n: usize,
}
impl FdSink {
    fn flush(&mut self) {
        write_all(self.fd, self.buf.as_ptr(), self.n);
        self.n = 0;
    }
}
impl Sink for FdSink {
    fn put(&mut self, b: &[u8]) {
        if self.n + b.len() > self.buf.len() {
            self.flush();
        }
        if b.len() > self.buf.len() {
            write_all(self.fd, b.as_ptr(), b.len());
        } else {
            self.buf[self.n..self.n + b.len()].copy_from_slice(b);
            self.n += b.len();
        }
    }
}

struct MallocSink {
    p: *mut u8,
    cap: usize,
    n: usize,
    failed: bool,
}
impl Sink for MallocSink {
    fn put(&mut self, b: &[u8]) {
        if self.failed {
            return;
        }
        if self.n + b.len() + 1 > self.cap {
            let want = (self.n + b.len() + 1).max(self.cap * 2).max(64);
            // SAFETY: p is null or our own allocation.
            let q = unsafe { realloc(self.p.cast(), want) } as *mut u8;
            if q.is_null() {
                self.failed = true;
                return;
            }
            self.p = q;
            self.cap = want;
        }
        // SAFETY: room was made above.
        unsafe { crate::arch::copy_forward(self.p.add(self.n), b.as_ptr(), b.len()) };
        self.n += b.len();
    }
}

fn count(n: usize) -> c_int {
    n.min(c_int::MAX as usize) as c_int
}

unsafe fn vfprintf_args(f: *mut File, fmt: *const c_char, args: &mut dyn Args) -> c_int {
    let mut sink = FileSink(f);
    let n = unsafe { format::format(&mut sink, fmt, args) };
    if unsafe { (*f).flags } & F_ERR != 0 {
        -1
    } else {
        count(n)
    }
}

/// klibc's own formatted messages (no C varargs): `args` are words.
///
/// # Safety
/// `fmt` takes only integer and pointer conversions matching `args`.
pub unsafe fn fprintf_args(f: *mut File, fmt: *const c_char, args: &[usize]) -> c_int {
    unsafe { vfprintf_args(f, fmt, &mut SliceArgs(args)) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vfprintf(f: *mut File, fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { vfprintf_args(f, fmt, &mut VaArgs(ap)) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vprintf(fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { vfprintf(stdout, fmt, ap) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vdprintf(fd: c_int, fmt: *const c_char, ap: VaList) -> c_int {
    let mut sink = FdSink {
        fd,
        buf: [0; 256],
        n: 0,
    };
    let n = unsafe { format::format(&mut sink, fmt, &mut VaArgs(ap)) };
    sink.flush();
    count(n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vsnprintf(
    buf: *mut c_char,
    cap: usize,
    fmt: *const c_char,
    ap: VaList,
) -> c_int {
    let mut sink = BufSink {
        p: buf.cast(),
        cap,
        n: 0,
    };
    let n = unsafe { format::format(&mut sink, fmt, &mut VaArgs(ap)) };
    if cap > 0 {
        unsafe { *buf.add(sink.n) = 0 };
    }
    count(n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vsprintf(buf: *mut c_char, fmt: *const c_char, ap: VaList) -> c_int {
    unsafe { vsnprintf(buf, usize::MAX / 2, fmt, ap) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vasprintf(out: *mut *mut c_char, fmt: *const c_char, ap: VaList) -> c_int {
    let mut sink = MallocSink {
        p: null_mut(),
        cap: 0,
        n: 0,
        failed: false,
    };
    sink.put(b"");
    let n = unsafe { format::format(&mut sink, fmt, &mut VaArgs(ap)) };
    if sink.failed {
        unsafe { free(sink.p.cast()) };
        return -1;
    }
    unsafe {
        *sink.p.add(sink.n) = 0;
        *out = sink.p.cast();
    }
    count(n)
}

/// Reads one byte for scanf from a stream.
pub(crate) unsafe fn scan_getc(f: *mut File) -> c_int {
    unsafe { fgetc(f) }
}

/// Pushes a byte back for scanf.
pub(crate) unsafe fn scan_ungetc(c: c_int, f: *mut File) {
    unsafe { ungetc(c, f) };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn tmpfile() -> *mut File {
    let mut name = *b"/tmp/klibc-tmpXXXXXX\0";
    unsafe {
        let fd = super::stdlib::mkstemp(name.as_mut_ptr().cast());
        if fd < 0 {
            return null_mut();
        }
        let _ = csys!(__NR_unlinkat, g::AT_FDCWD, name.as_ptr(), 0);
        new_file(fd, F_READ | F_WRITE)
    }
}

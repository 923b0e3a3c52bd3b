//! Test subject: fork, exec, wait, pipes and signals. Given the path of the
//! kt-args program, it forks children that exit with a code, exec kt-args
//! with arguments, die from a signal, and talk through a pipe; it prints
//! what wait4 reported for each, so the test can check the exit codes.
#![no_std]
#![no_main]

use klibc::process::{self, Fork};
use klibc::uapi::general as g;
use klibc::{io, Errno, Result};

fn wait(pid: process::Pid) -> Result<process::WaitStatus> {
    let (got, status) = process::wait4(pid, 0)?.ok_or(Errno::CHILD)?;
    assert_eq!(got, pid, "wait4 returned another child");
    Ok(status)
}

fn main() -> Result<()> {
    let exe = klibc::rt::args().nth(1).ok_or(Errno::INVAL)?;

    // 1. A child that exits with 3.
    match process::fork()? {
        Fork::Child => process::exit(3),
        Fork::Parent(pid) => klibc::println!("exit child: {:?}", wait(pid)?.exit_code()),
    }

    // 2. A child that execs kt-args, which exits with 42.
    match process::fork()? {
        Fork::Child => {
            let e = process::execve_inherit_env(exe, &[c"kt-args", c"exit", c"42"]);
            klibc::eprintln!("exec failed: {e}");
            process::exit(127)
        }
        Fork::Parent(pid) => klibc::println!("exec child: {:?}", wait(pid)?.exit_code()),
    }

    // 3. A child killed by SIGKILL while it sleeps.
    match process::fork()? {
        Fork::Child => {
            let _ = klibc::time::sleep_ms(60_000);
            process::exit(0)
        }
        Fork::Parent(pid) => {
            process::kill(pid, g::SIGKILL)?;
            let st = wait(pid)?;
            klibc::println!(
                "killed child: exit {:?} signal {:?}",
                st.exit_code(),
                st.signal()
            );
        }
    }

    // 4. A pipe: the child writes its pid, the parent reads it.
    let (r, w) = io::pipe2(g::O_CLOEXEC)?;
    match process::fork()? {
        Fork::Child => {
            drop(r);
            let _ = klibc::fdprint!(w, "{}", process::getpid());
            process::exit(0)
        }
        Fork::Parent(pid) => {
            drop(w);
            let mut buf = alloc::vec::Vec::new();
            io::read_to_end(&r, &mut buf)?;
            let said = core::str::from_utf8(&buf).unwrap_or("");
            let st = wait(pid)?;
            klibc::println!(
                "pipe child: pid matches {} exit {:?}",
                said == alloc::format!("{pid}"),
                st.exit_code()
            );
        }
    }

    // 5. exec of something that is not there.
    let e = process::execve(c"/nonexistent/program", &[c"x"], &[]);
    klibc::println!("exec missing: {e:?}");

    // 6. wait with no children left.
    klibc::println!("wait without children: {:?}", process::wait4(-1, 0).err());
    Ok(())
}

extern crate alloc;
klibc::main!(main);

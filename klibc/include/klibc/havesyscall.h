/*
 * klibc: _KLIBC_HAVE_SYSCALL_<function> <system call> for each C function
 * that is one system call of the same kind here, as klibc generates this
 * header from its SYSCALLS.def (programs test these to know what exists).
 * Each is there where the arch has that system call (the kernel's __NR_*):
 * the asm-generic arches (aarch64, riscv64) have no open, stat, fork, ...,
 * only x86 has iopl and ioperm, as in klibc's header for each arch.
 */
#ifndef _KLIBC_HAVESYSCALL_H
#define _KLIBC_HAVESYSCALL_H 1

#include <asm/unistd.h>

#ifdef __NR_exit
#define _KLIBC_HAVE_SYSCALL__exit exit
#endif
#ifdef __NR_fork
#define _KLIBC_HAVE_SYSCALL_fork fork
#endif
#ifdef __NR_getpid
#define _KLIBC_HAVE_SYSCALL_getpid getpid
#endif
#ifdef __NR_setpgid
#define _KLIBC_HAVE_SYSCALL_setpgid setpgid
#endif
#ifdef __NR_getpgid
#define _KLIBC_HAVE_SYSCALL_getpgid getpgid
#endif
#ifdef __NR_getppid
#define _KLIBC_HAVE_SYSCALL_getppid getppid
#endif
#ifdef __NR_setsid
#define _KLIBC_HAVE_SYSCALL_setsid setsid
#endif
#ifdef __NR_getsid
#define _KLIBC_HAVE_SYSCALL_getsid getsid
#endif
#ifdef __NR_wait4
#define _KLIBC_HAVE_SYSCALL_wait4 wait4
#endif
#ifdef __NR_execve
#define _KLIBC_HAVE_SYSCALL_execve execve
#endif
#ifdef __NR_setpriority
#define _KLIBC_HAVE_SYSCALL_setpriority setpriority
#endif
#ifdef __NR_getrusage
#define _KLIBC_HAVE_SYSCALL_getrusage getrusage
#endif
#ifdef __NR_sched_setscheduler
#define _KLIBC_HAVE_SYSCALL_sched_setscheduler sched_setscheduler
#endif
#ifdef __NR_sched_setaffinity
#define _KLIBC_HAVE_SYSCALL_sched_setaffinity sched_setaffinity
#endif
#ifdef __NR_sched_getaffinity
#define _KLIBC_HAVE_SYSCALL_sched_getaffinity sched_getaffinity
#endif
#ifdef __NR_sched_yield
#define _KLIBC_HAVE_SYSCALL_sched_yield sched_yield
#endif
#ifdef __NR_prctl
#define _KLIBC_HAVE_SYSCALL_prctl prctl
#endif
#ifdef __NR_setuid
#define _KLIBC_HAVE_SYSCALL_setuid setuid
#endif
#ifdef __NR_setgid
#define _KLIBC_HAVE_SYSCALL_setgid setgid
#endif
#ifdef __NR_getuid
#define _KLIBC_HAVE_SYSCALL_getuid getuid
#endif
#ifdef __NR_getgid
#define _KLIBC_HAVE_SYSCALL_getgid getgid
#endif
#ifdef __NR_geteuid
#define _KLIBC_HAVE_SYSCALL_geteuid geteuid
#endif
#ifdef __NR_getegid
#define _KLIBC_HAVE_SYSCALL_getegid getegid
#endif
#ifdef __NR_getgroups
#define _KLIBC_HAVE_SYSCALL_getgroups getgroups
#endif
#ifdef __NR_setgroups
#define _KLIBC_HAVE_SYSCALL_setgroups setgroups
#endif
#ifdef __NR_setreuid
#define _KLIBC_HAVE_SYSCALL_setreuid setreuid
#endif
#ifdef __NR_setregid
#define _KLIBC_HAVE_SYSCALL_setregid setregid
#endif
#ifdef __NR_setfsuid
#define _KLIBC_HAVE_SYSCALL_setfsuid setfsuid
#endif
#ifdef __NR_setfsgid
#define _KLIBC_HAVE_SYSCALL_setfsgid setfsgid
#endif
#ifdef __NR_setresuid
#define _KLIBC_HAVE_SYSCALL_setresuid setresuid
#endif
#ifdef __NR_capget
#define _KLIBC_HAVE_SYSCALL_capget capget
#endif
#ifdef __NR_capset
#define _KLIBC_HAVE_SYSCALL_capset capset
#endif
#ifdef __NR_mount
#define _KLIBC_HAVE_SYSCALL_mount mount
#endif
#ifdef __NR_umount2
#define _KLIBC_HAVE_SYSCALL_umount2 umount2
#endif
#ifdef __NR_pivot_root
#define _KLIBC_HAVE_SYSCALL_pivot_root pivot_root
#endif
#ifdef __NR_sync
#define _KLIBC_HAVE_SYSCALL_sync sync
#endif
#ifdef __NR_statfs
#define _KLIBC_HAVE_SYSCALL_statfs statfs
#endif
#ifdef __NR_fstatfs
#define _KLIBC_HAVE_SYSCALL_fstatfs fstatfs
#endif
#ifdef __NR_swapon
#define _KLIBC_HAVE_SYSCALL_swapon swapon
#endif
#ifdef __NR_swapoff
#define _KLIBC_HAVE_SYSCALL_swapoff swapoff
#endif
#ifdef __NR_access
#define _KLIBC_HAVE_SYSCALL_access access
#endif
#ifdef __NR_faccessat
#define _KLIBC_HAVE_SYSCALL_faccessat faccessat
#endif
#ifdef __NR_link
#define _KLIBC_HAVE_SYSCALL_link link
#endif
#ifdef __NR_linkat
#define _KLIBC_HAVE_SYSCALL_linkat linkat
#endif
#ifdef __NR_unlink
#define _KLIBC_HAVE_SYSCALL_unlink unlink
#endif
#ifdef __NR_unlinkat
#define _KLIBC_HAVE_SYSCALL_unlinkat unlinkat
#endif
#ifdef __NR_chdir
#define _KLIBC_HAVE_SYSCALL_chdir chdir
#endif
#ifdef __NR_fchdir
#define _KLIBC_HAVE_SYSCALL_fchdir fchdir
#endif
#ifdef __NR_rename
#define _KLIBC_HAVE_SYSCALL_rename rename
#endif
#ifdef __NR_renameat
#define _KLIBC_HAVE_SYSCALL_renameat renameat
#endif
#ifdef __NR_renameat2
#define _KLIBC_HAVE_SYSCALL_renameat2 renameat2
#endif
#ifdef __NR_mknod
#define _KLIBC_HAVE_SYSCALL_mknod mknod
#endif
#ifdef __NR_mknodat
#define _KLIBC_HAVE_SYSCALL_mknodat mknodat
#endif
#ifdef __NR_chmod
#define _KLIBC_HAVE_SYSCALL_chmod chmod
#endif
#ifdef __NR_fchmod
#define _KLIBC_HAVE_SYSCALL_fchmod fchmod
#endif
#ifdef __NR_fchmodat
#define _KLIBC_HAVE_SYSCALL_fchmodat fchmodat
#endif
#ifdef __NR_mkdir
#define _KLIBC_HAVE_SYSCALL_mkdir mkdir
#endif
#ifdef __NR_mkdirat
#define _KLIBC_HAVE_SYSCALL_mkdirat mkdirat
#endif
#ifdef __NR_rmdir
#define _KLIBC_HAVE_SYSCALL_rmdir rmdir
#endif
#ifdef __NR_pipe
#define _KLIBC_HAVE_SYSCALL_pipe pipe
#endif
#ifdef __NR_pipe2
#define _KLIBC_HAVE_SYSCALL_pipe2 pipe2
#endif
#ifdef __NR_umask
#define _KLIBC_HAVE_SYSCALL_umask umask
#endif
#ifdef __NR_chroot
#define _KLIBC_HAVE_SYSCALL_chroot chroot
#endif
#ifdef __NR_symlink
#define _KLIBC_HAVE_SYSCALL_symlink symlink
#endif
#ifdef __NR_symlinkat
#define _KLIBC_HAVE_SYSCALL_symlinkat symlinkat
#endif
#ifdef __NR_readlink
#define _KLIBC_HAVE_SYSCALL_readlink readlink
#endif
#ifdef __NR_readlinkat
#define _KLIBC_HAVE_SYSCALL_readlinkat readlinkat
#endif
#ifdef __NR_stat
#define _KLIBC_HAVE_SYSCALL_stat stat
#endif
#ifdef __NR_lstat
#define _KLIBC_HAVE_SYSCALL_lstat lstat
#endif
#ifdef __NR_fstat
#define _KLIBC_HAVE_SYSCALL_fstat fstat
#endif
#ifdef __NR_newfstatat
#define _KLIBC_HAVE_SYSCALL_fstatat newfstatat
#endif
#ifdef __NR_getdents64
#define _KLIBC_HAVE_SYSCALL_getdents getdents64
#endif
#ifdef __NR_chown
#define _KLIBC_HAVE_SYSCALL_chown chown
#endif
#ifdef __NR_fchown
#define _KLIBC_HAVE_SYSCALL_fchown fchown
#endif
#ifdef __NR_fchownat
#define _KLIBC_HAVE_SYSCALL_fchownat fchownat
#endif
#ifdef __NR_lchown
#define _KLIBC_HAVE_SYSCALL_lchown lchown
#endif
#ifdef __NR_utime
#define _KLIBC_HAVE_SYSCALL_utime utime
#endif
#ifdef __NR_utimes
#define _KLIBC_HAVE_SYSCALL_utimes utimes
#endif
#ifdef __NR_futimesat
#define _KLIBC_HAVE_SYSCALL_futimesat futimesat
#endif
#ifdef __NR_utimensat
#define _KLIBC_HAVE_SYSCALL_utimensat utimensat
#endif
#ifdef __NR_inotify_init
#define _KLIBC_HAVE_SYSCALL_inotify_init inotify_init
#endif
#ifdef __NR_inotify_add_watch
#define _KLIBC_HAVE_SYSCALL_inotify_add_watch inotify_add_watch
#endif
#ifdef __NR_inotify_rm_watch
#define _KLIBC_HAVE_SYSCALL_inotify_rm_watch inotify_rm_watch
#endif
#ifdef __NR_open
#define _KLIBC_HAVE_SYSCALL_open open
#endif
#ifdef __NR_openat
#define _KLIBC_HAVE_SYSCALL_openat openat
#endif
#ifdef __NR_read
#define _KLIBC_HAVE_SYSCALL_read read
#endif
#ifdef __NR_write
#define _KLIBC_HAVE_SYSCALL_write write
#endif
#ifdef __NR_close
#define _KLIBC_HAVE_SYSCALL_close close
#endif
#ifdef __NR_lseek
#define _KLIBC_HAVE_SYSCALL_lseek lseek
#endif
#ifdef __NR_dup
#define _KLIBC_HAVE_SYSCALL_dup dup
#endif
#ifdef __NR_dup2
#define _KLIBC_HAVE_SYSCALL_dup2 dup2
#endif
#ifdef __NR_dup3
#define _KLIBC_HAVE_SYSCALL_dup3 dup3
#endif
#ifdef __NR_fcntl
#define _KLIBC_HAVE_SYSCALL_fcntl fcntl
#endif
#ifdef __NR_ioctl
#define _KLIBC_HAVE_SYSCALL_ioctl ioctl
#endif
#ifdef __NR_flock
#define _KLIBC_HAVE_SYSCALL_flock flock
#endif
#ifdef __NR_select
#define _KLIBC_HAVE_SYSCALL_select select
#endif
#ifdef __NR_poll
#define _KLIBC_HAVE_SYSCALL_poll poll
#endif
#ifdef __NR_fsync
#define _KLIBC_HAVE_SYSCALL_fsync fsync
#endif
#ifdef __NR_fdatasync
#define _KLIBC_HAVE_SYSCALL_fdatasync fdatasync
#endif
#ifdef __NR_readv
#define _KLIBC_HAVE_SYSCALL_readv readv
#endif
#ifdef __NR_writev
#define _KLIBC_HAVE_SYSCALL_writev writev
#endif
#ifdef __NR_ftruncate
#define _KLIBC_HAVE_SYSCALL_ftruncate ftruncate
#endif
#ifdef __NR_pread64
#define _KLIBC_HAVE_SYSCALL_pread pread64
#endif
#ifdef __NR_pwrite64
#define _KLIBC_HAVE_SYSCALL_pwrite pwrite64
#endif
#ifdef __NR_sync_file_range
#define _KLIBC_HAVE_SYSCALL_sync_file_range sync_file_range
#endif
#ifdef __NR_splice
#define _KLIBC_HAVE_SYSCALL_splice splice
#endif
#ifdef __NR_tee
#define _KLIBC_HAVE_SYSCALL_tee tee
#endif
#ifdef __NR_sendfile
#define _KLIBC_HAVE_SYSCALL_sendfile sendfile
#endif
#ifdef __NR_kill
#define _KLIBC_HAVE_SYSCALL_kill kill
#endif
#ifdef __NR_alarm
#define _KLIBC_HAVE_SYSCALL_alarm alarm
#endif
#ifdef __NR_getitimer
#define _KLIBC_HAVE_SYSCALL_getitimer getitimer
#endif
#ifdef __NR_setitimer
#define _KLIBC_HAVE_SYSCALL_setitimer setitimer
#endif
#ifdef __NR_time
#define _KLIBC_HAVE_SYSCALL_time time
#endif
#ifdef __NR_times
#define _KLIBC_HAVE_SYSCALL_times times
#endif
#ifdef __NR_gettimeofday
#define _KLIBC_HAVE_SYSCALL_gettimeofday gettimeofday
#endif
#ifdef __NR_settimeofday
#define _KLIBC_HAVE_SYSCALL_settimeofday settimeofday
#endif
#ifdef __NR_nanosleep
#define _KLIBC_HAVE_SYSCALL_nanosleep nanosleep
#endif
#ifdef __NR_pause
#define _KLIBC_HAVE_SYSCALL_pause pause
#endif
#ifdef __NR_munmap
#define _KLIBC_HAVE_SYSCALL_munmap munmap
#endif
#ifdef __NR_mremap
#define _KLIBC_HAVE_SYSCALL_mremap mremap
#endif
#ifdef __NR_msync
#define _KLIBC_HAVE_SYSCALL_msync msync
#endif
#ifdef __NR_mprotect
#define _KLIBC_HAVE_SYSCALL_mprotect mprotect
#endif
#ifdef __NR_mmap
#define _KLIBC_HAVE_SYSCALL_mmap mmap
#endif
#ifdef __NR_mlockall
#define _KLIBC_HAVE_SYSCALL_mlockall mlockall
#endif
#ifdef __NR_munlockall
#define _KLIBC_HAVE_SYSCALL_munlockall munlockall
#endif
#ifdef __NR_mlock
#define _KLIBC_HAVE_SYSCALL_mlock mlock
#endif
#ifdef __NR_munlock
#define _KLIBC_HAVE_SYSCALL_munlock munlock
#endif
#ifdef __NR_uname
#define _KLIBC_HAVE_SYSCALL_uname uname
#endif
#ifdef __NR_setdomainname
#define _KLIBC_HAVE_SYSCALL_setdomainname setdomainname
#endif
#ifdef __NR_sethostname
#define _KLIBC_HAVE_SYSCALL_sethostname sethostname
#endif
#ifdef __NR_init_module
#define _KLIBC_HAVE_SYSCALL_init_module init_module
#endif
#ifdef __NR_finit_module
#define _KLIBC_HAVE_SYSCALL_finit_module finit_module
#endif
#ifdef __NR_delete_module
#define _KLIBC_HAVE_SYSCALL_delete_module delete_module
#endif
#ifdef __NR_syslog
#define _KLIBC_HAVE_SYSCALL_klogctl syslog
#endif
#ifdef __NR_sysinfo
#define _KLIBC_HAVE_SYSCALL_sysinfo sysinfo
#endif
#ifdef __NR_kexec_load
#define _KLIBC_HAVE_SYSCALL_kexec_load kexec_load
#endif
#ifdef __NR_iopl
#define _KLIBC_HAVE_SYSCALL_iopl iopl
#endif
#ifdef __NR_ioperm
#define _KLIBC_HAVE_SYSCALL_ioperm ioperm
#endif
#ifdef __NR_socket
#define _KLIBC_HAVE_SYSCALL_socket socket
#endif
#ifdef __NR_bind
#define _KLIBC_HAVE_SYSCALL_bind bind
#endif
#ifdef __NR_connect
#define _KLIBC_HAVE_SYSCALL_connect connect
#endif
#ifdef __NR_listen
#define _KLIBC_HAVE_SYSCALL_listen listen
#endif
#ifdef __NR_accept
#define _KLIBC_HAVE_SYSCALL_accept accept
#endif
#ifdef __NR_accept4
#define _KLIBC_HAVE_SYSCALL_accept4 accept4
#endif
#ifdef __NR_getsockname
#define _KLIBC_HAVE_SYSCALL_getsockname getsockname
#endif
#ifdef __NR_getpeername
#define _KLIBC_HAVE_SYSCALL_getpeername getpeername
#endif
#ifdef __NR_socketpair
#define _KLIBC_HAVE_SYSCALL_socketpair socketpair
#endif
#ifdef __NR_sendto
#define _KLIBC_HAVE_SYSCALL_sendto sendto
#endif
#ifdef __NR_recvfrom
#define _KLIBC_HAVE_SYSCALL_recvfrom recvfrom
#endif
#ifdef __NR_shutdown
#define _KLIBC_HAVE_SYSCALL_shutdown shutdown
#endif
#ifdef __NR_setsockopt
#define _KLIBC_HAVE_SYSCALL_setsockopt setsockopt
#endif
#ifdef __NR_getsockopt
#define _KLIBC_HAVE_SYSCALL_getsockopt getsockopt
#endif
#ifdef __NR_sendmsg
#define _KLIBC_HAVE_SYSCALL_sendmsg sendmsg
#endif
#ifdef __NR_recvmsg
#define _KLIBC_HAVE_SYSCALL_recvmsg recvmsg
#endif
#endif

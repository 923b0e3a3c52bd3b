/*
 * klibc: signals. Numbers, sigset_t and struct sigaction (in the layout
 * rt_sigaction takes) are the kernel's asm/signal.h.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H
/* klibc's <signal.h> brings these two in; programs written for it count on that. */
#include <limits.h>
#include <string.h>
#include <sys/types.h>
#include <asm/signal.h>
#include <asm/siginfo.h>

#undef NSIG
#ifndef _NSIG
#define _NSIG (8 * (int)sizeof(sigset_t))
#endif
#define NSIG (_NSIG + 1)
#ifndef SIGRTMIN
#define SIGRTMIN 32
#endif

typedef int sig_atomic_t;
typedef __sighandler_t sighandler_t;
typedef __sighandler_t sig_t;

int sigaction(int, const struct sigaction *, struct sigaction *);
sighandler_t signal(int, sighandler_t);
sighandler_t bsd_signal(int, sighandler_t);
sighandler_t sysv_signal(int, sighandler_t);
int sigprocmask(int, const sigset_t *, sigset_t *);
int sigsuspend(const sigset_t *);
int sigpending(sigset_t *);
int sigemptyset(sigset_t *);
int sigfillset(sigset_t *);
int sigaddset(sigset_t *, int);
int sigdelset(sigset_t *, int);
int sigismember(const sigset_t *, int);
int siginterrupt(int, int);
int raise(int);
int kill(pid_t, int);
int killpg(pid_t, int);
int sigaltstack(const stack_t *, stack_t *);
/* Descriptions (as strsignal gives) and abbreviations ("HUP", as kill -l prints) by number. */
extern const char *const sys_siglist[NSIG];
extern const char *const sys_sigabbrev[NSIG];
#endif

/* Returning from signal handlers, on every arch: the path through the
 * kernel's rt_sigreturn (x86_64: klibc's SA_RESTORER trampoline; arm64 and
 * riscv64: the vDSO's). A handler that returns must resume the interrupted
 * code with every register as it was: synchronous raise() with live
 * callee-saved integer and floating-point values, SA_SIGINFO handlers,
 * handlers that clobber floating-point registers, nested signals, and a
 * timer interrupting a computation thousands of times at arbitrary
 * instructions (its result must equal the uninterrupted one). Prints the
 * same lines on glibc and on klibc (tests/cabi_unit.rs compares them). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t count, nested_inner, info_signo, info_code_user;
static volatile double sink;

static void counting(int sig) { count += sig; }

/* Uses many floating-point registers, which the interrupted code may hold. */
static void fp_clobber(int sig)
{
	volatile double a = sig, b = 1.25, c = 3.5, d = -7.0;
	double x = a * b + c * d, y = a - b * c + d, z = x * y - a / b;
	sink = x + y + z;
	count++;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	info_signo = si->si_signo;
	info_code_user = si->si_code <= 0; /* sent by raise/kill, not the kernel */
	count += sig;
}

static void inner(int sig) { nested_inner = sig; }
static void outer(int sig)
{
	raise(SIGUSR2); /* delivered now: SIGUSR2 is not blocked in here */
	count += sig + 100 * (nested_inner == SIGUSR2);
}

/* A computation with many live integer and floating-point values. */
static unsigned long mix(unsigned long n, double *fp)
{
	unsigned long a = 1, b = 2, c = 3, d = 5, e = 7, f = 11, g = 13, h = 17;
	double x = 0.5, y = 1.5, z = 2.5;
	for (unsigned long i = 0; i < n; i++) {
		a = a * 6364136223846793005UL + b;
		b ^= a >> 7;
		c += b * 3 + (a & 0xff);
		d = (d << 1) ^ c;
		e += d ^ (e >> 3);
		f = f * 31 + e;
		g ^= f + i;
		h += g >> 11;
		x = x * 0.999 + (double)(a & 0xffff) / 65536.0;
		y = y * 0.998 + x / 3.0;
		z = z * 0.997 + y * 0.25;
	}
	*fp = x + y + z;
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
}

int main(void)
{
	struct sigaction sa;

	/* 1. raise() with live values on both sides of the call. */
	{
		volatile long before = 0x1234567;
		long k = before * 3;
		double d = 2.25 * (double)before;
		signal(SIGUSR1, counting);
		count = 0;
		raise(SIGUSR1);
		raise(SIGUSR1);
		printf("raise: count=%d k=%ld d=%.2f\n", count, k - before * 3, d / before);
	}

	/* 2. A floating-point heavy handler does not disturb the caller. */
	{
		double v = 1.0 / 3.0, w = 2.0 / 7.0;
		signal(SIGUSR1, fp_clobber);
		count = 0;
		for (int i = 0; i < 100; i++)
			raise(SIGUSR1);
		printf("fp: count=%d v=%.15f w=%.15f\n", count, v, w);
	}

	/* 3. SA_SIGINFO: the three-argument handler returns too. */
	{
		memset(&sa, 0, sizeof sa);
		/* The kernel's struct sigaction has one handler member. */
		sa.sa_handler = (void (*)(int))on_info;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, 0);
		count = 0;
		raise(SIGUSR1);
		printf("siginfo: count=%d signo=%d user=%d\n", count, info_signo, info_code_user);
	}

	/* 4. A handler interrupted by another signal; both return in order. */
	{
		signal(SIGUSR2, inner);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = outer;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, 0);
		count = 0;
		raise(SIGUSR1);
		printf("nested: count=%d inner=%d\n", count, nested_inner);
	}

	/* 5. SA_RESETHAND: the handler runs once, then the default is back. */
	{
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = counting;
		sa.sa_flags = SA_RESETHAND;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, 0);
		count = 0;
		raise(SIGUSR1);
		struct sigaction now;
		sigaction(SIGUSR1, 0, &now);
		printf("resethand: count=%d default=%d\n", count, now.sa_handler == SIG_DFL);
	}

	/* 6. A blocking read interrupted by a handler that returns: EINTR
	 * without SA_RESTART. */
	{
		int p[2];
		char c;
		if (pipe(p) != 0)
			return 1;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = counting;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGALRM, &sa, 0);
		count = 0;
		struct itimerval it = { { 0, 0 }, { 0, 20000 } };
		setitimer(ITIMER_REAL, &it, 0);
		ssize_t n = read(p[0], &c, 1);
		printf("interrupted read: n=%d eintr=%d count=%d\n", (int)n, n < 0 && errno == EINTR,
		       count == SIGALRM);
		close(p[0]);
		close(p[1]);
	}

	/* 7. A 1 ms timer interrupts a long computation at arbitrary places;
	 * every return must restore the whole register state. */
	{
		double want_fp, got_fp;
		unsigned long want = mix(3000000, &want_fp);
		signal(SIGALRM, fp_clobber);
		count = 0;
		struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
		setitimer(ITIMER_REAL, &it, 0);
		unsigned long got = 0;
		int rounds = 0;
		/* Repeat until the timer has fired a good number of times. */
		do {
			got = mix(3000000, &got_fp);
			rounds++;
		} while ((count < 20 && rounds < 200) && got == want && got_fp == want_fp);
		struct itimerval off = { { 0, 0 }, { 0, 0 } };
		setitimer(ITIMER_REAL, &off, 0);
		printf("interrupted computation: same=%d fp same=%d interrupted=%d\n", got == want,
		       got_fp == want_fp, count >= 20);
	}
	return 0;
}

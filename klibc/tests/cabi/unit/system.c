/* Processes, signals, setjmp, files and directories, time, users, getopt:
 * compared with glibc's results. Runs in an empty scratch directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }
static jmp_buf jb;
static sigjmp_buf sjb;
static void jump_out(int s) { siglongjmp(sjb, s); }
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void show_status(const char *what, int st)
{
	printf("%s: exited=%d code=%d signaled=%d sig=%d\n", what, WIFEXITED(st), WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
}

int main(int argc, char **argv)
{
	int st, p[2];
	pid_t pid;
	(void)argc;

	/* fork, exit codes, signals */
	pid = fork(); if (pid == 0) _exit(42); waitpid(pid, &st, 0); show_status("exit 42", st);
	pid = fork(); if (pid == 0) { raise(SIGKILL); _exit(0); } waitpid(pid, &st, 0); show_status("SIGKILL", st);
	pid = fork(); if (pid == 0) { abort(); } wait(&st); show_status("abort", st);
	pid = vfork(); if (pid == 0) { execl("/bin/sh", "sh", "-c", "exit 7", (char *)0); _exit(99); } waitpid(pid, &st, 0); show_status("execl", st);
	printf("waitpid(no child)=%d errno=%d\n", waitpid(-1, &st, WNOHANG), errno);

	/* pipe, dup2, execvp */
	pipe(p);
	pid = fork();
	if (pid == 0) { close(p[0]); dup2(p[1], 1); close(p[1]); char *av[] = { "echo", "through", "a pipe", 0 }; execvp("echo", av); _exit(127); }
	close(p[1]);
	{ char b[64]; ssize_t n = read(p[0], b, sizeof b - 1); b[n > 0 ? n : 0] = 0; printf("pipe: [%s]", b); }
	close(p[0]); waitpid(pid, &st, 0); show_status("execvp", st);
	{ char *av[] = { "no-such-program-xyz", 0 }; execvp(av[0], av); printf("execvp(missing) errno=%d\n", errno); }
	printf("system=%d\n", WEXITSTATUS(system("exit 3")));
	printf("dup=%d fcntl(F_GETFD)=%d cloexec=%d\n", dup(0) > 2, fcntl(0, F_GETFD), (fcntl(1, F_SETFD, FD_CLOEXEC), fcntl(1, F_GETFD)));
	fcntl(1, F_SETFD, 0);

	/* signals */
	{
		struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_sig; sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, 0); raise(SIGUSR1); printf("raise: got=%d\n", got);
		sigset_t set, old; sigemptyset(&set); sigaddset(&set, SIGUSR2); sigprocmask(SIG_BLOCK, &set, &old);
		signal(SIGUSR2, on_sig); got = 0; kill(getpid(), SIGUSR2); printf("blocked: got=%d ", got);
		sigset_t pend; sigpending(&pend); printf("pending=%d ", sigismember(&pend, SIGUSR2));
		sigset_t wait_set; sigprocmask(SIG_SETMASK, 0, &wait_set); sigdelset(&wait_set, SIGUSR2); sigsuspend(&wait_set); printf("after sigsuspend got=%d\n", got);
		sigprocmask(SIG_SETMASK, &old, 0);
		printf("sigismember=%d %d sigaddset(bad)=%d\n", sigismember(&set, SIGUSR2), sigismember(&set, SIGUSR1), sigaddset(&set, 1000));
		struct sigaction q; sigaction(SIGUSR1, 0, &q); printf("handler installed=%d\n", q.sa_handler == on_sig);
		signal(SIGALRM, on_sig); got = 0; alarm(1); pause(); printf("alarm: got=%d\n", got);
		printf("signal(SIG_IGN) old is handler=%d\n", signal(SIGUSR1, SIG_IGN) == on_sig);
		raise(SIGUSR1); printf("ignored ok\n");
	}
	/* setjmp */
	{
		volatile int count = 0;
		int r = setjmp(jb); count++;
		if (r < 3) longjmp(jb, r + 1);
		printf("setjmp r=%d count=%d\n", r, count);
		if (setjmp(jb) == 0) longjmp(jb, 0); else printf("longjmp(0) gives 1\n");
		signal(SIGUSR1, jump_out);
		sigset_t m; sigemptyset(&m); sigprocmask(SIG_SETMASK, &m, 0);
		if ((r = sigsetjmp(sjb, 1)) == 0) { raise(SIGUSR1); printf("not here\n"); }
		sigprocmask(SIG_SETMASK, 0, &m);
		printf("siglongjmp r=%d mask restored=%d\n", r, !sigismember(&m, SIGUSR1));
	}

	/* files */
	{
		umask(022);
		printf("umask old=%03o\n", umask(027)); umask(022);
		int fd = open("f1", O_WRONLY | O_CREAT | O_EXCL, 0666); write(fd, "12345", 5); close(fd);
		printf("open(O_EXCL again)=%d errno=%d\n", open("f1", O_WRONLY | O_CREAT | O_EXCL, 0666), errno);
		struct stat s; stat("f1", &s); printf("stat size=%ld mode=%o nlink=%lu reg=%d\n", (long)s.st_size, s.st_mode & 07777, (unsigned long)s.st_nlink, S_ISREG(s.st_mode));
		symlink("f1", "l1"); lstat("l1", &s); printf("lstat link=%d ", S_ISLNK(s.st_mode)); stat("l1", &s); printf("stat follows=%d\n", S_ISREG(s.st_mode));
		char lb[64]; ssize_t n = readlink("l1", lb, sizeof lb); printf("readlink=%.*s\n", (int)n, lb);
		link("f1", "h1"); stat("f1", &s); printf("nlink=%lu\n", (unsigned long)s.st_nlink);
		chmod("f1", 0600); fd = open("f1", O_RDONLY); fstat(fd, &s); printf("fstat mode=%o\n", s.st_mode & 0777);
		printf("lseek end=%ld isatty=%d\n", (long)lseek(fd, 0, SEEK_END), isatty(fd)); close(fd);
		struct utimbuf ub = { 1000000000, 1234567890 }; utime("f1", &ub); stat("f1", &s); printf("utime mtime=%ld atime=%ld\n", (long)s.st_mtime, (long)s.st_atime);
		struct timeval tv[2] = { { 2000000000, 0 }, { 2000000001, 500000 } }; utimes("f1", tv); stat("f1", &s); printf("utimes mtime=%ld\n", (long)s.st_mtime);
		truncate("f1", 2); stat("f1", &s); printf("truncate size=%ld\n", (long)s.st_size);
		mkdir("dir", 0755); mkdir("dir/sub", 0700); close(open("dir/b", O_CREAT | O_WRONLY, 0644)); close(open("dir/a", O_CREAT | O_WRONLY, 0644));
		printf("mkdir(exists)=%d errno=%d rmdir(nonempty)=%d errno=%d\n", mkdir("dir", 0755), errno, rmdir("dir"), errno);
		DIR *d = opendir("dir"); struct dirent *e; char *names[16]; int k = 0;
		while ((e = readdir(d)) && k < 16) names[k++] = strdup(e->d_name);
		closedir(d); qsort(names, k, sizeof *names, cmp);
		for (int i = 0; i < k; i++) printf("%s ", names[i]); printf("\n");
		printf("opendir(missing)=%d errno=%d\n", opendir("nope") == 0, errno);
		printf("access=%d %d unlink=%d rename=%d\n", access("f1", R_OK), access("nope", F_OK), unlink("h1"), rename("l1", "l2"));
		char cwd[4096]; printf("getcwd ends with scratch=%d\n", strstr(getcwd(cwd, sizeof cwd), "scratch") != 0);
		chdir("dir"); printf("chdir: %s\n", strrchr(getcwd(cwd, sizeof cwd), '/')); chdir("..");
		printf("getcwd(small)=%d errno=%d\n", getcwd(cwd, 2) == 0, errno);
		char *dyn = getcwd(0, 0); printf("getcwd(0)=%d\n", dyn != 0); free(dyn);
	}
	/* limits, ids, time */
	{
		struct rlimit rl; getrlimit(RLIMIT_NOFILE, &rl); rl.rlim_cur = 100; setrlimit(RLIMIT_NOFILE, &rl); getrlimit(RLIMIT_NOFILE, &rl);
		printf("rlimit=%lu sysconf(OPEN_MAX)=%ld\n", (unsigned long)rl.rlim_cur, sysconf(_SC_OPEN_MAX));
		printf("clk_tck=%ld pagesize=%ld/%d\n", sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE), getpagesize());
		printf("ids: %d %d %d\n", getpid() == getpgrp() || 1, getuid() == geteuid(), getppid() > 0);
		struct tms t; printf("times>0=%d\n", times(&t) > 0);
		time_t now = time(0); struct timeval tv; gettimeofday(&tv, 0); printf("time~gettimeofday=%d\n", tv.tv_sec - now <= 1);
		struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); printf("monotonic>0=%d\n", ts.tv_sec > 0 || ts.tv_nsec > 0);
		time_t when[] = { 0, 951782400, 1234567890, -86400, 4102444799, 1700000000 };
		for (unsigned i = 0; i < sizeof when / sizeof *when; i++) {
			struct tm *tm = gmtime(&when[i]); char b[256];
			strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %u %w %y %C %e %I %p %D %F %T %R %U %W %s %%", tm);
			printf("%ld: %s | yday=%d wday=%d | timegm=%ld\n", (long)when[i], b, tm->tm_yday, tm->tm_wday, (long)timegm(tm));
		}
		struct tm tm = { .tm_year = 124, .tm_mon = 13, .tm_mday = 35, .tm_hour = 25 };
		printf("timegm normalises=%ld mon=%d mday=%d\n", (long)timegm(&tm), tm.tm_mon, tm.tm_mday);
		char small[4]; printf("strftime(too small)=%zu\n", strftime(small, sizeof small, "%Y-%m", gmtime(&when[2])));
	}
	/* users and groups (this machine's /etc/passwd and /etc/group) */
	{
		struct passwd *pw = getpwnam("root"); printf("getpwnam: %s %d %d %s %s\n", pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir, pw->pw_shell);
		pw = getpwuid(0); printf("getpwuid: %s\n", pw->pw_name);
		printf("getpwnam(missing)=%d\n", getpwnam("no-such-user-xyz") == 0);
		struct group *gr = getgrgid(0); printf("getgrgid: %s %d\n", gr->gr_name, gr->gr_gid);
		gr = getgrnam("root"); printf("getgrnam: %d\n", gr->gr_gid);
	}
	/* getopt */
	{
		char *av[] = { "prog", "-ab", "-c", "carg", "-dval", "--", "-e", 0 };
		int c; opterr = 0;
		while ((c = getopt(7, av, "abc:d:e")) != -1) printf("opt %c arg %s; ", c, optarg ? optarg : "-");
		printf("optind=%d\n", optind);
		char *bv[] = { "prog", "-x", "-c", 0 }; optind = 1;
		while ((c = getopt(3, bv, ":c:")) != -1) printf("opt %c optopt %c; ", c, optopt);
		printf("optind=%d\n", optind);
	}
	/* termios on a non-terminal */
	{
		struct termios t; int fd = open("f1", O_RDONLY); errno = 0; int r = tcgetattr(fd, &t); printf("tcgetattr(file)=%d errno=%d\n", r, errno); close(fd);
	}
	(void)argv;
	return 0;
}

/* What klibc's breadth added, compared with glibc's results: Internet
 * addresses, fnmatch, rand48, realpath, getopt_long, scandir, mntent,
 * poll/ppoll/pselect, socketpair messages, scatter/gather and in-kernel
 * copies, mappings, aligned allocation, inotify, prctl, sched, ptys, the
 * auxiliary vector, exec with an environment, on_exit, byte order and ELF.
 * Runs in an empty scratch directory; prints nothing machine-specific. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <byteswap.h>
#include <dirent.h>
#include <elf.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <mntent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static void inet(void)
{
	static const char *const v4[] = { "1.2.3.4", "0x7f.1", "10.1", "4294967295", "1.2.3.256",
		"1.2.3.4 x", "", "017.1.1.1", "08.1.1.1", "0x", "1..2", "255.255.255.255", "1.2.3.4.5" };
	static const char *const v6[] = { "::", "::1", "1::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
		"1:2::3:4", "::1.2.3.4", "1:::2", "12345::", "1:2:3:4:5:6:7:8:9", "0:0:1:0:0:0:0:1",
		"1:0:0:2:0:0:0:3", "FE80::ABCD", "1:2:3:4:5:6:1.2.3.4", "::2:3:4:5:6:7:8", ":1::2" };
	char buf[64];
	unsigned char a6[16];
	struct in_addr a;
	size_t i;

	for (i = 0; i < sizeof v4 / sizeof *v4; i++) {
		int r = inet_aton(v4[i], &a);
		printf("aton %s: %d %08x", v4[i], r, r ? ntohl(a.s_addr) : 0);
		printf("; addr %08x", ntohl(inet_addr(v4[i])));
		if (r)
			printf("; ntoa %s", inet_ntoa(a));
		r = inet_pton(AF_INET, v4[i], &a);
		printf("; pton %d", r);
		if (r == 1)
			printf(" ntop %s", inet_ntop(AF_INET, &a, buf, sizeof buf));
		printf("\n");
	}
	for (i = 0; i < sizeof v6 / sizeof *v6; i++) {
		int r = inet_pton(AF_INET6, v6[i], a6);
		printf("pton6 %s: %d", v6[i], r);
		if (r == 1)
			printf(" -> %s", inet_ntop(AF_INET6, a6, buf, sizeof buf));
		printf("\n");
	}
	errno = 0;
	printf("ntop small: %s", inet_ntop(AF_INET, &a, buf, 4) ? "ok" : "NULL");
	printf(" errno %d\n", errno);
	errno = 0;
	printf("pton bad af: %d", inet_pton(12345, "1.2.3.4", &a));
	printf(" errno %d\n", errno);
}

static void match(void)
{
	static const struct { const char *p, *s; int f; } t[] = {
		{ "*.c", "a.c", 0 }, { "*.c", "d/a.c", 0 }, { "*.c", "d/a.c", FNM_PATHNAME },
		{ "*/*.c", "d/a.c", FNM_PATHNAME }, { "?", "/", FNM_PATHNAME }, { "?", "/", 0 },
		{ "[a-c]x", "bx", 0 }, { "[!a-c]x", "bx", 0 }, { "[]]", "]", 0 }, { "[]-]", "-", 0 },
		{ "[[:alpha:]]9", "q9", 0 }, { "[[:digit:][:upper:]]", "Q", 0 }, { "[[:space:]]", " ", 0 },
		{ "\\*", "*", 0 }, { "\\*", "\\*", FNM_NOESCAPE }, { "*", ".hidden", FNM_PERIOD },
		{ ".*", ".hidden", FNM_PERIOD }, { "d/*", "d/.h", FNM_PATHNAME | FNM_PERIOD },
		{ "d/*", "d/.h", FNM_PERIOD }, { "a*b*c*d", "aXbYcZd", 0 }, { "a*b*c*d", "aXbYcZ", 0 },
		{ "[", "[", 0 }, { "[a", "[a", 0 }, { "", "", 0 }, { "abc", "ABC", FNM_CASEFOLD },
		{ "[a-c]", "B", FNM_CASEFOLD }, { "d", "d/e/f", FNM_LEADING_DIR },
		{ "d/*", "d/e/f", FNM_PATHNAME | FNM_LEADING_DIR }, { "*x", "aaaaaaaaaaaaaaaaaaaaaay", 0 },
		{ "**/*", "a/b", FNM_PATHNAME }, { "a\\", "a\\", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++)
		printf("fnmatch(%s, %s, %d) = %d\n", t[i].p, t[i].s, t[i].f, fnmatch(t[i].p, t[i].s, t[i].f));
}

static void rand48(void)
{
	unsigned short x[3] = { 1, 2, 3 }, s[3] = { 0x1234, 0x5678, 0x9abc };
	unsigned short *old;
	int i;

	srand48(42);
	for (i = 0; i < 3; i++)
		printf("lrand48 %ld mrand48 %ld drand48 %.12f\n", lrand48(), mrand48(), drand48());
	for (i = 0; i < 3; i++)
		printf("nrand48 %ld jrand48 %ld erand48 %.12f\n", nrand48(x), jrand48(x), erand48(x));
	old = seed48(s);
	printf("seed48 old %04x %04x %04x", old[0], old[1], old[2]);
	printf(", next %ld\n", lrand48());
}

static void paths(void)
{
	static const char *const t[] = { ".", "d", "d/../f", "l", "l/../f", "dl/f", "loop", "missing/x",
		"f/x", "", "d/", "d/./sub/..//", "abs", "rel/../f" };
	char cwd[PATH_MAX], out[PATH_MAX];
	size_t i, n;

	if (!getcwd(cwd, sizeof cwd))
		return;
	n = strlen(cwd);
	mkdir("d", 0755);
	mkdir("d/sub", 0755);
	close(open("f", O_CREAT | O_WRONLY, 0644));
	symlink("f", "l");
	symlink("d", "dl");
	symlink("loop", "loop");
	symlink("/", "abs");
	symlink("d/sub", "rel");
	for (i = 0; i < sizeof t / sizeof *t; i++) {
		char *r;

		errno = 0;
		r = realpath(t[i], out);
		if (!r)
			printf("realpath(%s): NULL, %s\n", t[i], strerror(errno));
		else if (!strncmp(r, cwd, n))
			printf("realpath(%s): .%s\n", t[i], r + n);
		else
			printf("realpath(%s): %s\n", t[i], r);
	}
	{
		char *m = realpath("d/sub", NULL);
		printf("realpath malloc: %s\n", m && !strcmp(m + n, "/d/sub") ? "ok" : "bad");
		free(m);
	}
}

static int flag;

static void longopts(void)
{
	static const struct option lo[] = {
		{ "first", required_argument, NULL, 'f' }, { "second", no_argument, NULL, 's' },
		{ "third", optional_argument, NULL, 't' }, { "flag", no_argument, &flag, 7 },
		{ "fourth", no_argument, NULL, 4 }, { "fifth", no_argument, NULL, 5 }, { NULL, 0, NULL, 0 },
	};
	static char *v[][8] = {
		{ "prog", "--first", "x", "--second", "--third=3", "--third", "-a", NULL },
		{ "prog", "--fir=1", "--sec", "--flag", "-b", "arg", "rest", NULL },
		{ "prog", "--fi", "--nosuch", "--second=x", "--first", NULL },
		{ "prog", "-ab7", "--", "--first", NULL },
		{ "prog", "file", "--second", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof *v; i++) {
		int argc = 0, c, idx;

		while (v[i][argc])
			argc++;
		optind = 0;
		flag = 0;
		printf("argv %zu:", i);
		do {
			idx = -1;
			c = getopt_long(argc, v[i], "+ab:", lo, &idx);
			printf(" [%d optind %d arg %s idx %d flag %d]", c, optind, optarg ? optarg : "-", idx, flag);
		} while (c != -1);
		printf("\n");
		fflush(stdout);
	}
}

static int not_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static void listing(void)
{
	struct dirent **list;
	int n, i;

	mkdir("s", 0755);
	close(open("s/b", O_CREAT | O_WRONLY, 0644));
	close(open("s/a", O_CREAT | O_WRONLY, 0644));
	close(open("s/.hid", O_CREAT | O_WRONLY, 0644));
	mkdir("s/c", 0755);
	n = scandir("s", &list, not_dot, alphasort);
	printf("scandir: %d:", n);
	for (i = 0; i < n; i++) {
		printf(" %s(%s)", list[i]->d_name, list[i]->d_type == DT_DIR ? "dir" : "file");
		free(list[i]);
	}
	free(list);
	n = scandir("s", &list, NULL, alphasort);
	printf("; all %d first %s\n", n, n > 0 ? list[0]->d_name : "-");
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	errno = 0;
	printf("scandir missing: %d", scandir("nowhere", &list, NULL, NULL));
	printf(" %s\n", strerror(errno));
}

static void mounts(void)
{
	FILE *f = fopen("fstab", "w");
	struct mntent *m, e = { "/dev/x y", "/mnt/a b", "ext4", "rw,noatime,data=ordered", 1, 2 };

	fputs("# comment\n\n/dev/sda1 / ext4 rw,errors=remount-ro 0 1\n"
	      "  proc  /proc proc defaults\n"
	      "/dev/sdb\\0401 /media/my\\040disk vfat ro,user=me,noauto 0 2\n"
	      "tmpfs /tmp tmpfs\n", f);
	fclose(f);
	f = setmntent("fstab", "r");
	while ((m = getmntent(f)))
		printf("mnt [%s] [%s] [%s] [%s] %d %d ro=%s user=%s\n", m->mnt_fsname, m->mnt_dir,
		       m->mnt_type, m->mnt_opts, m->mnt_freq, m->mnt_passno,
		       hasmntopt(m, "ro") ? hasmntopt(m, "ro") : "-",
		       hasmntopt(m, "user") ? hasmntopt(m, "user") : "-");
	endmntent(f);
	f = setmntent("added", "a");
	printf("addmntent %d\n", addmntent(f, &e));
	endmntent(f);
	f = setmntent("added", "r");
	m = getmntent(f);
	printf("read back [%s] [%s] [%s] %d %d\n", m->mnt_fsname, m->mnt_dir, m->mnt_opts,
	       m->mnt_freq, m->mnt_passno);
	endmntent(f);
}

static void waiting(void)
{
	int p[2], q[2];
	struct pollfd fds[2];
	struct timespec ts = { 0, 1000000 };
	sigset_t mask;
	fd_set r;
	int n;

	pipe(p);
	pipe(q);
	write(p[1], "x", 1);
	fds[0].fd = p[0];
	fds[0].events = POLLIN;
	fds[1].fd = q[0];
	fds[1].events = POLLIN;
	n = poll(fds, 2, 0);
	printf("poll: %d %x %x\n", n, fds[0].revents, fds[1].revents);
	printf("poll timeout: %d\n", poll(fds + 1, 1, 5));
	sigemptyset(&mask);
	n = ppoll(fds, 1, &ts, &mask);
	printf("ppoll: %d %x\n", n, fds[0].revents);
	printf("ppoll null mask: %d\n", ppoll(fds + 1, 1, &ts, NULL));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_SET(q[0], &r);
	n = pselect(q[0] + 1, &r, NULL, NULL, &ts, &mask);
	printf("pselect: %d %d %d, ts %ld\n", n, FD_ISSET(p[0], &r), FD_ISSET(q[0], &r), ts.tv_nsec);
	close(q[1]);
	n = poll(fds + 1, 1, 0);
	printf("poll hup: %d %x\n", n, fds[1].revents);
	errno = 0;
	fds[0].fd = 999;
	n = poll(fds, 1, 0);
	printf("poll bad fd: %d %x\n", n, fds[0].revents);
}

static void sockets(void)
{
	int sv[2];
	char a[8] = "", b[8] = "", buf[32];
	struct iovec in[2] = { { a, 3 }, { b, 5 } }, out = { "abcdefgh", 8 };
	struct msghdr mh = { 0 };
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	int v = 0;
	ssize_t n;

	printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	n = send(sv[0], "hello", 5, 0);
	printf("send %zd", n);
	printf(" recv %zd\n", recv(sv[1], buf, sizeof buf, 0));
	mh.msg_iov = &out;
	mh.msg_iovlen = 1;
	printf("sendmsg %zd", sendmsg(sv[0], &mh, 0));
	mh.msg_iov = in;
	mh.msg_iovlen = 2;
	n = recvmsg(sv[1], &mh, 0);
	printf(" recvmsg %zd [%s][%s]\n", n, a, b);
	n = getsockname(sv[0], (struct sockaddr *)&sa, &len);
	printf("getsockname %zd family %d\n", n, sa.sun_family);
	len = sizeof v;
	n = getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len);
	printf("getsockopt %zd type %d\n", n, v);
	n = shutdown(sv[0], SHUT_WR);
	printf("shutdown %zd", n);
	printf(", recv after %zd\n", recv(sv[1], buf, sizeof buf, 0));
	errno = 0;
	printf("socket bad family: %d", socket(12345, SOCK_STREAM, 0));
	printf(" %s\n", strerror(errno));
	errno = 0;
	printf("bind on non-socket: %d", bind(0, (struct sockaddr *)&sa, sizeof sa));
	printf(" %s\n", strerror(errno));
}

static void transfer(void)
{
	char x[4] = "", y[8] = "";
	struct iovec w[2] = { { "0123", 4 }, { "456789", 6 } }, r[2] = { { x, 3 }, { y, 7 } };
	int fd = open("t", O_RDWR | O_CREAT | O_TRUNC, 0644), g, p[2], q[2];
	off_t off = 2;
	char buf[32] = "";

	printf("writev %zd", writev(fd, w, 2));
	printf(", preadv %zd [%s][%s]\n", preadv(fd, r, 2, 0), x, y);
	printf("pwritev %zd\n", pwritev(fd, w, 1, 8));
	g = open("u", O_RDWR | O_CREAT | O_TRUNC, 0644);
	printf("sendfile %zd", sendfile(g, fd, &off, 100));
	printf(" off %ld\n", (long)off);
	lseek(g, 0, SEEK_SET);
	printf("u: %zd", read(g, buf, sizeof buf - 1));
	printf(" [%s]\n", buf);
	pipe(p);
	pipe(q);
	off = 0;
	printf("splice in %zd", splice(fd, &off, p[1], NULL, 5, 0));
	printf(" tee %zd", tee(p[0], q[1], 5, 0));
	memset(buf, 0, sizeof buf);
	printf(" splice out %zd", splice(p[0], NULL, g, NULL, 5, 0));
	{
		int k = (int)read(q[0], buf, sizeof buf);
		printf(" copy [%.*s]\n", k, buf);
	}
	lseek(fd, 0, SEEK_SET);
	printf("readv %zd", readv(fd, r, 2));
	printf(" [%s][%s]\n", x, y);
	printf("flock %d", flock(fd, LOCK_EX | LOCK_NB));
	printf(" %d\n", flock(fd, LOCK_UN));
	printf("sync_file_range %d", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
	printf(" fdatasync %d\n", fdatasync(fd));
	close(fd);
	close(g);
}

static void mappings(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("map", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *f;
	void *p;
	size_t al;

	strcpy(m, "mapped");
	m = mremap(m, pg, 4 * pg, MREMAP_MAYMOVE);
	printf("mremap: %s [%s]\n", m == MAP_FAILED ? "failed" : "ok", m);
	printf("mlock %d", mlock(m, pg));
	printf(" munlock %d", munlock(m, pg));
	printf(" mprotect %d", mprotect(m, pg, PROT_READ));
	printf(" madvise %d\n", madvise(m, pg, MADV_DONTNEED));
	printf("munmap %d\n", munmap(m, 4 * pg));
	ftruncate(fd, pg);
	f = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(f, "through the map");
	printf("msync %d", msync(f, pg, MS_SYNC));
	{
		char b[20] = "";
		pread(fd, b, 15, 0);
		printf(" file [%s]\n", b);
	}
	munmap(f, pg);
	errno = 0;
	printf("mmap bad fd: %s", mmap(NULL, pg, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED ? "MAP_FAILED" : "?");
	printf(" %s\n", strerror(errno));
	for (al = 8; al <= 8192; al *= 2) {
		int r = posix_memalign(&p, al, 100);
		printf("posix_memalign(%zu): %d aligned %d", al, r, r == 0 && (uintptr_t)p % al == 0);
		p = realloc(p, 50000);
		printf(" realloc %s\n", p ? "ok" : "NULL");
		free(p);
	}
	printf("posix_memalign(24): %d\n", posix_memalign(&p, 24, 10));
	p = aligned_alloc(256, 512);
	printf("aligned_alloc: %d\n", p && (uintptr_t)p % 256 == 0);
	free(p);
}

static void kernel_things(void)
{
	char name[32] = "", buf[4096];
	int fd, wd;
	ssize_t n;
	unsigned long mask[16];
	struct sysinfo si;
	uid_t r, e, s;

	printf("prctl set %d", prctl(PR_SET_NAME, "breadth-name", 0, 0, 0));
	printf(" get %d", prctl(PR_GET_NAME, name, 0, 0, 0));
	printf(" [%s]\n", name);
	memset(mask, 0xff, sizeof mask);
	printf("sched_getaffinity %d", sched_getaffinity(0, sizeof mask, (void *)mask));
	printf(", cpu0 %lu, tail clear %d\n", mask[0] & 1, mask[15] == 0);
	printf("sched_yield %d", sched_yield());
	printf(" getscheduler %d\n", sched_getscheduler(0));
	printf("sysinfo %d", sysinfo(&si));
	printf(" unit %d\n", si.mem_unit > 0);
	printf("getresuid %d", getresuid(&r, &e, &s));
	printf(" same %d\n", r == getuid() && e == geteuid());
	fd = inotify_init1(IN_NONBLOCK);
	wd = inotify_add_watch(fd, ".", IN_CREATE);
	close(open("watched", O_CREAT | O_WRONLY, 0644));
	n = read(fd, buf, sizeof buf);
	printf("inotify: add_watch %d, read %d\n", wd > 0, n > 0);
	if (n > 0) {
		struct inotify_event *ev = (struct inotify_event *)buf;
		printf("inotify: wd %d mask %x name %s\n", ev->wd == wd, ev->mask, ev->name);
	}
	printf("inotify_rm_watch %d\n", inotify_rm_watch(fd, wd));
	close(fd);
	printf("getauxval pagesz %d", getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE));
	printf(" uid %d", getauxval(AT_UID) == getuid());
	errno = 0;
	printf(" missing %lu", getauxval(99999));
	printf(" errno %d\n", errno);
	fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		printf("pty: grantpt %d", grantpt(fd));
		printf(" unlockpt %d", unlockpt(fd));
		printf(" ptsname /dev/pts/ %d\n", !strncmp(ptsname(fd), "/dev/pts/", 9));
		close(fd);
	}
	errno = 0;
	printf("grantpt(/dev/null): %d", grantpt(open("/dev/null", O_RDONLY)));
	printf(" %s", strerror(errno));
	errno = 0;
	printf("; ttyname(0): %s", ttyname(0) ? "?" : "NULL");
	printf(" %s\n", strerror(errno));
}

static void at_end(int status, void *arg)
{
	printf("on_exit(%d, %s)\n", status, (char *)arg);
}

static void at_exit(void)
{
	printf("atexit\n");
}

int main(void)
{
	char *env[] = { "ONLY=this", NULL };
	char *args[] = { "sh", "-c", "echo \"execvpe: $ONLY $PATH\"", NULL };
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	inet();
	match();
	rand48();
	paths();
	longopts();
	listing();
	mounts();
	waiting();
	sockets();
	transfer();
	mappings();
	kernel_things();
	printf("bswap %x %llx htobe32 %x le64toh %llx\n", bswap_32(0x11223344), (unsigned long long)bswap_64(0x0102030405060708ULL),
	       htobe32(0x11223344), (unsigned long long)le64toh(0x0102030405060708ULL));
	printf("elf: %zu %zu %d %s\n", sizeof(Elf64_Ehdr), sizeof(Elf32_Phdr), EM_X86_64, ELFMAG + 1);
	openlog("breadth", LOG_PERROR, LOG_USER);
	syslog(LOG_NOTICE, "to stderr %d%%", 42);
	closelog();
	pid = fork();
	if (pid == 0) {
		execvpe("sh", args, env);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("child: %d\n", WEXITSTATUS(st));
	on_exit(at_end, "arg");
	atexit(at_exit);
	return 3;
}

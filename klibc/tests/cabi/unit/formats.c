#define _GNU_SOURCE
/* printf and scanf families, string.h, stdlib.h conversions, ctype: the
 * same program is built with glibc and with klibc, and the outputs must match. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sign(int v) { return v < 0 ? -1 : v > 0; }
static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
	char buf[256];
	int n;

	/* printf */
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%5.3d] [%-+6d]\n", 42, 42, 42, 42, 42, 42, 7, 7, 9);
	printf("[%i] [%d] [%ld] [%lld] [%hd] [%hhd] [%jd] [%zd] [%td]\n", -1, INT_MIN, LONG_MIN, LLONG_MAX, (short)-3, (signed char)200, (intmax_t)-5, (ssize_t)-6, (ptrdiff_t)7);
	printf("[%u] [%lu] [%o] [%#o] [%x] [%#x] [%X] [%#X] [%#x] [%#o]\n", 3000000000u, ULONG_MAX, 8, 8, 255, 255, 255, 255, 0, 0);
	printf("[%hhu] [%hu] [%.0d] [%.0x] [%#.0o] [%08.3d] [%-08d]\n", (unsigned char)300, (unsigned short)70000, 0, 0, 0, 5, 5);
	printf("[%c] [%3c] [%-3c] [%%] [%s] [%8s] [%-8s] [%.2s] [%8.2s] [%s]\n", 'x', 'y', 'z', "str", "right", "left", "trunc", "tr", (char *)0);
	printf("[%p] [%p]\n", (void *)0x1234, (void *)0);
	printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.0f] [%#.0f] [%f] [%f]\n", 3.14159, 2.005, -1.5, 0.25, 2.5, 3.0, 1e20, -0.0);
	printf("[%e] [%.3e] [%E] [%.0e] [%e]\n", 12345.678, 0.00012345, 1e-300, 5e10, 0.0);
	printf("[%g] [%g] [%g] [%g] [%g] [%.3g] [%#g] [%G] [%g] [%g]\n", 0.0001, 0.00001, 123456.0, 1234567.0, 100.0, 3.14159, 1.5, 1e-10, 1e100, 0.1);
	printf("[%a] [%a] [%A] [%.2a]\n", 1.0, 3.0, 0.5, 1.1);
	printf("[%f] [%e] [%g] [%5.1f] [%F]\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0, 99.95, 1.0 / 0.0);
	printf("[%Lf] [%Lg] [%.3Le]\n", (long double)1.25, (long double)1e30, (long double)-2.5);
	printf("[%*d] [%-*d] [%.*f] [%*.*s]\n", 6, 1, 6, 2, 2, 3.14159, 5, 2, "abcdef");
	printf("[%s]%n[x]\n", "count", &n); printf("n=%d\n", n);
	n = snprintf(buf, 5, "%s", "truncated"); printf("snprintf=%d [%s]\n", n, buf);
	n = snprintf(0, 0, "%d-%d", 123, 456); printf("snprintf(0)=%d\n", n);
	n = sprintf(buf, "%s|%c|%d", "a", 'b', 3); printf("sprintf=%d [%s]\n", n, buf);
	{ char *p; n = asprintf(&p, "%s-%05.1f", "asp", 2.25); printf("asprintf=%d [%s]\n", n, p); free(p); }
	printf("[%lu] [%llx] [%" PRIu64 "] [%" PRIx32 "] [%" PRIdMAX "]\n", 18446744073709551615ul, 0xdeadbeefcafeull, (uint64_t)1 << 63, (uint32_t)0xabc, INTMAX_MIN);
	fflush(stdout);
	dprintf(1, "dprintf %d %s\n", 99, "fd");

	/* scanf */
	{
		int a = 0, b = 0, c = 0; unsigned u = 0; long l = 0; char s[32] = "", t[32] = ""; double d = 0; float f = 0; int cnt = 0;
		n = sscanf("12 -34 0x1f", "%d %d %i", &a, &b, &c); printf("sscanf=%d %d %d %d\n", n, a, b, c);
		n = sscanf("  word rest", "%s %n", s, &cnt); printf("sscanf=%d [%s] %d\n", n, s, cnt);
		n = sscanf("abc:def", "%[a-z]:%s", s, t); printf("sscanf=%d [%s] [%s]\n", n, s, t);
		n = sscanf("ff 777 123456789012", "%x %o %ld", &u, &c, &l); printf("sscanf=%d %u %d %ld\n", n, u, c, l);
		n = sscanf("3.5 2.25e2", "%lf %f", &d, &f); printf("sscanf=%d %g %g\n", n, d, f);
		n = sscanf("", "%d", &a); printf("sscanf(empty)=%d\n", n);
		n = sscanf("x", "%d", &a); printf("sscanf(nomatch)=%d\n", n);
		n = sscanf("10,20", "%d,%*d", &a); printf("sscanf(*)=%d %d\n", n, a);
		n = sscanf("abcdef", "%3c%2s", s, t); s[3] = 0; printf("sscanf(c)=%d [%s] [%s]\n", n, s, t);
		n = sscanf("12:34:56", "%d:%d:%d", &a, &b, &c); printf("sscanf(time)=%d %d %d %d\n", n, a, b, c);
	}

	/* string.h */
	{
		const char *s = "hello, world";
		char d[64];
		printf("strlen=%zu strnlen=%zu/%zu\n", strlen(s), strnlen(s, 5), strnlen(s, 100));
		printf("strcmp=%d %d %d strncmp=%d %d\n", sign(strcmp("a", "b")), sign(strcmp("b", "a")), strcmp("x", "x"), sign(strncmp("abcd", "abce", 3)), sign(strncmp("abcd", "abce", 4)));
		printf("strcasecmp=%d %d strncasecmp=%d\n", strcasecmp("HeLLo", "hello"), sign(strcasecmp("a", "B")), strncasecmp("ABCx", "abcy", 3));
		printf("strchr=%td strrchr=%td strchr0=%td strchr(miss)=%d\n", strchr(s, 'o') - s, strrchr(s, 'o') - s, strchr(s, 0) - s, strchr(s, 'z') == 0);
		printf("strstr=%td %d %td\n", strstr(s, "world") - s, strstr(s, "xyz") == 0, strstr(s, "") - s);
		printf("strspn=%zu strcspn=%zu strpbrk=%td\n", strspn(s, "hel"), strcspn(s, ",w"), strpbrk(s, "wr") - s);
		printf("memchr=%td memrchr=%td memcmp=%d\n", (char *)memchr(s, 'l', 12) - s, (char *)memrchr(s, 'l', 12) - s, sign(memcmp("abc", "abd", 3)));
		strcpy(d, "abc"); strcat(d, "def"); strncat(d, "ghijk", 2); printf("cat=[%s]\n", d);
		memset(d, 'x', 10); strncpy(d, "ab", 5); printf("strncpy=%d%d%d%d%d%c\n", d[0], d[1], d[2], d[3], d[4], d[5]);
		printf("stpcpy=%td\n", stpcpy(d, "four") - d);
		{ char *p = strdup(s); char *q = strndup(s, 5); printf("dup=[%s] [%s]\n", p, q); free(p); free(q); }
		{ char t[] = "a,b,,c"; char *save, *tok; for (tok = strtok_r(t, ",", &save); tok; tok = strtok_r(0, ",", &save)) printf("tok=[%s] ", tok); printf("\n"); }
		{ char t[] = "a,b,,c"; char *p = t, *tok; while ((tok = strsep(&p, ","))) printf("sep=[%s] ", tok); printf("\n"); }
		{ char t[] = "x y  z"; char *tok = strtok(t, " "); while (tok) { printf("strtok=[%s] ", tok); tok = strtok(0, " "); } printf("\n"); }
		printf("memmem=%td mempcpy=%td memccpy=%td\n", (char *)memmem(s, 12, "wor", 3) - s, (char *)mempcpy(d, "12345", 5) - d, (char *)memccpy(d, s, ',', 12) - d);
		printf("ffs=%d %d %d\n", ffs(0), ffs(1), ffs(0x80));
		for (int e = 0; e <= 134; e++) printf("strerror(%d)=%s\n", e, strerror(e));
		printf("strerror(ENOTTY)=%s strerror(EILSEQ)=%s\n", strerror(ENOTTY), strerror(EILSEQ));
		for (int g = 1; g < 32; g++) printf("strsignal(%d)=%s\n", g, strsignal(g));
	}

	/* stdlib.h */
	{
		char *end;
		const char *in[] = { "123", "  -42xyz", "0x1A", "0755", "0", "+7", "abc", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0x", "  ", "1e5" };
		for (unsigned i = 0; i < sizeof in / sizeof *in; i++) {
			errno = 0; long v = strtol(in[i], &end, 0);
			printf("strtol(%s)=%ld end=%td errno=%d\n", in[i], v, end - in[i], errno);
			errno = 0; unsigned long uv = strtoul(in[i], &end, 10);
			printf("strtoul(%s)=%lu end=%td errno=%d\n", in[i], uv, end - in[i], errno);
		}
		printf("strtol base36=%ld base2=%ld base16=%ld\n", strtol("zz", 0, 36), strtol("1011", 0, 2), strtol("0xff", 0, 16));
		printf("strtoull=%llu strtoll=%lld strtoumax=%ju strtoimax=%jd\n", strtoull("18446744073709551615", 0, 10), strtoll("-123", 0, 10), strtoumax("42", 0, 10), strtoimax("-42", 0, 10));
		printf("strtoul(-1)=%lu\n", strtoul("-1", 0, 10));
		printf("atoi=%d atol=%ld atoll=%lld\n", atoi(" 12abc"), atol("-99"), atoll("123456789012"));
		const char *fl[] = { "3.14", "-2.5e3", "1e-5", "inf", "-INFINITY", "nan", ".5", "5.", "x", "1e400", "0x10", "0x1.8p1", "-0X.4P-2", "0x", "12abc" };
		for (unsigned i = 0; i < sizeof fl / sizeof *fl; i++) {
			errno = 0; double v = strtod(fl[i], &end);
			printf("strtod(%s)=%g end=%td errno=%d\n", fl[i], v, end - fl[i], errno);
		}
		int arr[] = { 5, 3, 9, 1, 7, 3, 0, -4, 8 };
		qsort(arr, 9, sizeof *arr, cmp_int);
		for (int i = 0; i < 9; i++) printf("%d ", arr[i]);
		int key = 7; int *hit = bsearch(&key, arr, 9, sizeof *arr, cmp_int); printf("bsearch=%td\n", hit - arr);
		key = 6; printf("bsearch(miss)=%d\n", bsearch(&key, arr, 9, sizeof *arr, cmp_int) == 0);
		char *words[] = { "pear", "apple", "fig", "banana", "cherry" };
		qsort(words, 5, sizeof *words, cmp_str);
		for (int i = 0; i < 5; i++) printf("%s ", words[i]); printf("\n");
		printf("abs=%d labs=%ld div=%d,%d ldiv=%ld,%ld\n", abs(-5), labs(-7L), div(-7, 2).quot, div(-7, 2).rem, ldiv(7, -2).quot, ldiv(7, -2).rem);
		setenv("KT_A", "one", 1); setenv("KT_A", "two", 0); printf("getenv=%s\n", getenv("KT_A"));
		setenv("KT_A", "three", 1); printf("getenv=%s\n", getenv("KT_A"));
		putenv("KT_B=bee"); printf("getenv=%s\n", getenv("KT_B"));
		unsetenv("KT_A"); printf("unset=%d\n", getenv("KT_A") == 0);
		printf("setenv(bad)=%d errno=%d\n", setenv("A=B", "x", 1), errno);
	}

	/* ctype.h */
	for (int c = -1; c < 256; c++) {
		int m = !!isalnum(c) | !!isalpha(c) << 1 | !!isblank(c) << 2 | !!iscntrl(c) << 3 | !!isdigit(c) << 4 | !!isgraph(c) << 5 | !!islower(c) << 6 | !!isprint(c) << 7 | !!ispunct(c) << 8 | !!isspace(c) << 9 | !!isupper(c) << 10 | !!isxdigit(c) << 11;
		printf("%d:%x:%d:%d ", c, m, tolower(c), toupper(c));
	}
	printf("\n");
	return 0;
}

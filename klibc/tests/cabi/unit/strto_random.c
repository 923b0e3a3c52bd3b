/* Randomised number parsing differential: strings assembled from spaces,
 * signs, prefixes, digits and junk, through strtol/strtoul/strtoll/strtoull
 * (bases 0, 2, 8, 10, 16, 36) and strtod; glibc and klibc must agree on the
 * value, the end pointer and errno. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x9e3779b97f4a7c15ull;
static unsigned long long next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}
#define PICK(a) (a[next() % (sizeof(a) / sizeof(a[0]))])

int main(void)
{
	static const char *lead[] = { "", " ", "\t\n ", "" };
	static const char *sign[] = { "", "+", "-", "" };
	static const char *prefix[] = { "", "0", "0x", "0X", "00", "" };
	static const char digits[] = "0123456789abcdefxyzABCDEFXZ.eE+-";
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };
	char s[80], *end;
	int i;

	for (i = 0; i < 5000; i++) {
		int n = (int)(next() % 25), k;
		strcpy(s, PICK(lead));
		strcat(s, PICK(sign));
		strcat(s, PICK(prefix));
		k = (int)strlen(s);
		while (n--)
			s[k++] = (next() % 4) ? "0123456789"[next() % 10] : digits[next() % (sizeof digits - 1)];
		s[k] = 0;
		int base = bases[next() % 6];
		errno = 0; long l = strtol(s, &end, base);
		printf("[%s] %d strtol=%ld/%td/%d", s, base, l, end - s, errno);
		errno = 0; unsigned long ul = strtoul(s, &end, base);
		printf(" strtoul=%lu/%td/%d", ul, end - s, errno);
		errno = 0; long long ll = strtoll(s, &end, base);
		printf(" strtoll=%lld/%td/%d", ll, end - s, errno);
		errno = 0; double d = strtod(s, &end);
		printf(" strtod=%.17g/%td/%d\n", d, end - s, errno);
	}
	return 0;
}

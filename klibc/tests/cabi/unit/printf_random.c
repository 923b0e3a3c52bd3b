/* Randomised printf differential: format strings assembled from flags,
 * widths, precisions, lengths and conversions, with random values, printed
 * through snprintf; built with glibc and with klibc, outputs must match. */
#include <stdio.h>
#include <string.h>

static unsigned long long state = 88172645463325252ull;
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
	static const char *flags[] = { "", "-", "+", " ", "#", "0", "-+", "0#", "+0", " 0", "-#0" };
	static const char *widths[] = { "", "1", "5", "12", "*" };
	static const char *precs[] = { "", ".", ".0", ".1", ".3", ".10", ".*" };
	static const char *ilens[] = { "", "l", "ll", "h", "hh", "j", "z", "t" };
	static const char iconvs[] = "diouxXc";
	static const char fconvs[] = "fFeEgGa";
	char fmt[64], out[512];
	int i, n;

	for (i = 0; i < 4000; i++) {
		int is_float = next() % 3 == 0;
		const char *w = PICK(widths), *p = PICK(precs);
		char conv = is_float ? fconvs[next() % 7] : iconvs[next() % 7];
		const char *len = is_float ? "" : (conv == 'c' ? "" : PICK(ilens));
		int wv = (int)(next() % 41) - 20, pv = (int)(next() % 16) - 3;
		snprintf(fmt, sizeof fmt, "[%%%s%s%s%s%c]", PICK(flags), w, p, len, conv);
		if (is_float) {
			unsigned long long bits = next();
			double d;
			int shift = (int)(next() % 70);
			switch (next() % 4) {
			case 0: d = (double)(long long)(bits >> shift) / 1024.0; break;
			case 1: d = (double)(bits % 100000) / 1000.0 * ((bits & 1) ? -1 : 1); break;
			case 2: d = (double)(bits >> 11) * 1e-300; break;
			default: memcpy(&d, &bits, sizeof d); if (d != d || d - d != 0) d = 1.5; break;
			}
			if (*w == '*' && !strcmp(p, ".*")) n = snprintf(out, sizeof out, fmt, wv, pv, d);
			else if (*w == '*') n = snprintf(out, sizeof out, fmt, wv, d);
			else if (!strcmp(p, ".*")) n = snprintf(out, sizeof out, fmt, pv, d);
			else n = snprintf(out, sizeof out, fmt, d);
		} else {
			unsigned long long v = next() >> (next() % 64);
			if (next() & 1) v = -v;
			if (*w == '*' && !strcmp(p, ".*")) n = snprintf(out, sizeof out, fmt, wv, pv, v);
			else if (*w == '*') n = snprintf(out, sizeof out, fmt, wv, v);
			else if (!strcmp(p, ".*")) n = snprintf(out, sizeof out, fmt, pv, v);
			else n = snprintf(out, sizeof out, fmt, v);
		}
		printf("%s %d %s\n", fmt, n, out);
	}
	return 0;
}

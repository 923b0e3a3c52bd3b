/* zlib's API (zlib-rs here, zlib with glibc): what callers see that does not
 * depend on the exact compressed bytes — round trips at every level and
 * strategy, streaming with small buffers, checksums, gzip files written and
 * read back with seeks, and the errors for bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char data[200000];

static void fill(void)
{
	unsigned int x = 12345, i;

	for (i = 0; i < sizeof data; i++) {
		x = x * 1103515245 + 12345;
		/* text-like: words from a small alphabet, some runs */
		data[i] = (i % 1000 < 100) ? 'z' : "etaoin shrdlu\n"[(x >> 16) % 14];
	}
}

static void one_shot(void)
{
	uLong bound = compressBound(sizeof data);
	unsigned char *c = malloc(bound), *d = malloc(sizeof data);
	int level;

	for (level = -1; level <= 9; level++) {
		uLongf cl = bound, dl = sizeof data;
		int r = compress2(c, &cl, data, sizeof data, level);
		int u = uncompress(d, &dl, c, cl);

		printf("level %d: compress %d smaller %d uncompress %d same %d\n", level, r,
		       cl < sizeof data, u, dl == sizeof data && !memcmp(d, data, dl));
	}
	{
		uLongf cl = 10;
		printf("too small: %d\n", compress(c, &cl, data, sizeof data));
		cl = bound;
		compress(c, &cl, data, sizeof data);
		uLongf dl = sizeof data;
		printf("truncated: %d\n", uncompress(d, &dl, c, cl / 2));
		c[0] ^= 0x55;
		dl = sizeof data;
		printf("bad header: %d\n", uncompress(d, &dl, c, cl));
	}
	free(c);
	free(d);
}

static void streaming(void)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	unsigned char out[97], back[sizeof data];
	size_t s;

	for (s = 0; s < sizeof strategies / sizeof *strategies; s++) {
		z_stream z;
		unsigned char *comp = malloc(sizeof data * 2);
		size_t clen = 0, dlen = 0, i;
		int r;

		memset(&z, 0, sizeof z);
		r = deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, strategies[s]);
		printf("strategy %d: init %d", strategies[s], r);
		for (i = 0; i < sizeof data; i += 1000) {
			z.next_in = data + i;
			z.avail_in = 1000;
			do {
				z.next_out = out;
				z.avail_out = sizeof out;
				deflate(&z, Z_NO_FLUSH);
				memcpy(comp + clen, out, sizeof out - z.avail_out);
				clen += sizeof out - z.avail_out;
			} while (z.avail_out == 0);
		}
		do {
			z.next_out = out;
			z.avail_out = sizeof out;
			r = deflate(&z, Z_FINISH);
			memcpy(comp + clen, out, sizeof out - z.avail_out);
			clen += sizeof out - z.avail_out;
		} while (r == Z_OK);
		printf(" finish %d total_in %lu end %d", r, z.total_in, deflateEnd(&z));
		memset(&z, 0, sizeof z);
		inflateInit2(&z, 15 + 32);
		z.next_in = comp;
		do {
			z.avail_in = clen - (z.next_in - comp) < 13 ? clen - (z.next_in - comp) : 13;
			z.next_out = back + dlen;
			z.avail_out = sizeof back - dlen < 61 ? sizeof back - dlen : 61;
			r = inflate(&z, Z_NO_FLUSH);
			dlen = z.next_out - back;
		} while (r == Z_OK);
		printf(" inflate %d same %d end %d\n", r, dlen == sizeof data && !memcmp(back, data, dlen),
		       inflateEnd(&z));
		free(comp);
	}
}

static void checksums(void)
{
	uLong c = crc32(0, Z_NULL, 0), a = adler32(0, Z_NULL, 0);
	uLong c1 = crc32(c, data, 1000), c2 = crc32(c, data + 1000, 5000);
	uLong a1 = adler32(a, data, 1000), a2 = adler32(a, data + 1000, 5000);

	printf("crc32 init %lx whole %lx combine %lx\n", c, crc32(c, data, 6000), crc32_combine(c1, c2, 5000));
	printf("adler32 init %lx whole %lx combine %lx\n", a, adler32(a, data, 6000),
	       adler32_combine(a1, a2, 5000));
	printf("crc table[1] %lx, version major %c\n", (unsigned long)get_crc_table()[1], zlibVersion()[0]);
	printf("zError(Z_DATA_ERROR) %s\n", zError(Z_DATA_ERROR));
}

static void files(void)
{
	gzFile g = gzopen("t.gz", "wb9");
	char line[100];
	int i, err;

	printf("gzopen %d", g != NULL);
	printf(" gzwrite %d", gzwrite(g, data, 50000));
	printf(" gzputs %d", gzputs(g, "a line\n"));
	printf(" gzputc %d", gzputc(g, 'Q'));
	printf(" gzprintf %d", gzprintf(g, "\n%s %d %5.2f %x\n", "formatted", -42, 3.14159, 255u));
	printf(" gzclose %d\n", gzclose(g));
	g = gzopen("t.gz", "rb");
	printf("gzdirect %d gzread %d", gzdirect(g), gzread(g, line, 10));
	printf(" same %d gztell %ld", !memcmp(line, data, 10), (long)gztell(g));
	printf(" gzseek %ld", (long)gzseek(g, 50000, SEEK_SET));
	printf(" gzgets [%s]", gzgets(g, line, sizeof line));
	printf(" gzgetc %c", gzgetc(g));
	printf(" gzungetc %d", gzungetc('Z', g));
	printf(" gzgetc %c", gzgetc(g));
	gzgets(g, line, sizeof line);
	printf(" gzgets [%s]", line);
	printf(" gzgetc %d gzeof %d", gzgetc(g), gzeof(g));
	printf(" gzrewind %d gztell %ld", gzrewind(g), (long)gztell(g));
	printf(" gzclose %d\n", gzclose(g));
	{
		FILE *f = fopen("plain", "w");
		fputs("not compressed\n", f);
		fclose(f);
	}
	g = gzopen("plain", "rb");
	printf("plain: gzdirect %d gzgets [%s]", gzdirect(g), gzgets(g, line, sizeof line));
	gzclose(g);
	{
		FILE *f = fopen("bad.gz", "w");
		fwrite("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-garbage-garbage", 1, 33, f);
		fclose(f);
	}
	g = gzopen("bad.gz", "rb");
	i = gzread(g, line, sizeof line);
	gzerror(g, &err);
	printf("bad: gzread %d error %d\n", i < 0 ? -1 : i, err);
	gzclose(g);
	printf("missing: %d\n", gzopen("no/such.gz", "rb") == NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fill();
	one_shot();
	streaming();
	checksums();
	files();
	return 0;
}

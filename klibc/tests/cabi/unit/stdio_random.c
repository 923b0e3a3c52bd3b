/* Randomised stdio differential: a random sequence of reads, writes,
 * pushbacks of the byte just read, seeks, flushes and buffer modes on one FILE opened "w+" (with
 * a seek whenever the direction changes, as C requires), printing every
 * result; glibc and klibc must agree. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long long state = 0x2545f4914f6cdd1dull;
static unsigned long long next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int main(void)
{
	for (int round = 0; round < 40; round++) {
		FILE *f = fopen("stdio-random.dat", "w+");
		int last = 0; /* 1 read, 2 write */
		char buf[300];
		if (next() % 3 == 0)
			setvbuf(f, 0, (int)(next() % 3), (size_t)(16 + next() % 100));
		for (int op = 0; op < 200; op++) {
			int kind = (int)(next() % 12);
			int is_write = kind <= 2, is_read = kind >= 3 && kind <= 6;
			if ((is_write && last == 1) || (is_read && last == 2)) {
				printf("fseek(cur)=%d ", fseek(f, 0, SEEK_CUR));
				last = 0;
			}
			switch (kind) {
			case 0: printf("fputc=%d ", fputc((int)('a' + next() % 26), f)); break;
			case 1: { int n = (int)(next() % 40); memset(buf, 'A' + (int)(next() % 26), n); buf[n] = 0; printf("fputs=%d ", fputs(buf, f) >= 0); break; }
			case 2: { int n = (int)(next() % 200); for (int i = 0; i < n; i++) buf[i] = (char)('0' + i % 10); printf("fwrite=%zu ", fwrite(buf, 1, n, f)); break; }
			case 3: { int c = fgetc(f); printf("fgetc=%d ", c); break; }
			case 4: { int n = (int)(next() % 50) + 1; char *r = fgets(buf, n, f); printf("fgets=%s ", r ? buf : "(null)"); break; }
			case 5: { int n = (int)(next() % 250); size_t got = fread(buf, 1, n, f); printf("fread=%zu[%.*s] ", got, (int)got, buf); break; }
			case 6: { int c = fgetc(f); if (c != EOF) printf("fgetc+ungetc=%d ", ungetc(c, f)); else printf("eof "); break; }
			case 7: { int wh = (int)(next() % 3); long off = (long)(next() % 300) - (wh == SEEK_SET ? 0 : 150); int r = fseek(f, off, wh); printf("fseek(%ld,%d)=%d ", off, wh, r == 0 ? 0 : -1); last = 0; break; }
			case 8: printf("ftell=%ld ", ftell(f)); break;
			case 9: printf("fflush=%d ", fflush(f)); if (last == 2) last = 0; break;
			case 10: rewind(f); printf("rewind "); last = 0; break;
			default: printf("eof=%d err=%d ", feof(f), ferror(f)); clearerr(f); break;
			}
			if (is_write) last = 2;
			if (is_read) last = 1;
		}
		printf("\nclose=%d\n", fclose(f));
		f = fopen("stdio-random.dat", "r");
		size_t n = fread(buf, 1, sizeof buf, f);
		printf("file %zu [%.*s]\n", n, (int)n, buf);
		fclose(f);
	}
	unlink("stdio-random.dat");
	return 0;
}

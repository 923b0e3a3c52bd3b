/* Buffered stdio on real files (in the current directory), compared with glibc. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	FILE *f;
	char buf[128];
	int c;

	f = fopen("a.txt", "w");
	fputs("line one\n", f); fputc('X', f); fprintf(f, "%d-%s\n", 5, "five"); fwrite("abcdef\n", 1, 7, f);
	printf("ftell(w)=%ld\n", ftell(f));
	printf("fclose=%d\n", fclose(f));

	f = fopen("a.txt", "r");
	printf("fgets=[%s]", fgets(buf, sizeof buf, f));
	c = fgetc(f); printf("fgetc=%c ftell=%ld\n", c, ftell(f));
	printf("ungetc=%c ", ungetc('Y', f)); printf("fgetc=%c\n", fgetc(f));
	printf("fread=%zu ", fread(buf, 1, 4, f)); buf[4] = 0; printf("[%s] ftell=%ld\n", buf, ftell(f));
	/* fflush on an input stream puts the descriptor at the stream's position */
	printf("fflush=%d lseek=%ld\n", fflush(f), (long)lseek(fileno(f), 0, SEEK_CUR));
	fseek(f, 2, SEEK_SET); printf("after fseek: %c\n", fgetc(f));
	fseek(f, -3, SEEK_END); printf("near end: %c ftell=%ld\n", fgetc(f), ftell(f));
	while (fgetc(f) != EOF) ;
	printf("feof=%d ferror=%d\n", feof(f), ferror(f));
	clearerr(f); printf("clearerr feof=%d\n", feof(f));
	rewind(f);
	{ char *line = 0; size_t cap = 0; ssize_t len; while ((len = getline(&line, &cap, f)) > 0) printf("getline %zd [%.*s]\n", len, (int)len - 1, line); free(line); }
	fclose(f);

	f = fopen("a.txt", "a"); fputs("appended\n", f); fclose(f);
	f = fopen("a.txt", "r+"); fseek(f, 0, SEEK_END); printf("size=%ld\n", ftell(f));
	fseek(f, 0, SEEK_SET); fputs("LINE", f); fseek(f, 0, SEEK_SET); printf("r+ [%s]", fgets(buf, sizeof buf, f)); fclose(f);
	printf("fopen(missing)=%d errno=%d\n", fopen("missing/x", "r") == 0, errno);
	printf("fopen(bad mode)=%d\n", fopen("a.txt", "q") == 0);

	{
		int fd = open("b.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		f = fdopen(fd, "w");
		setvbuf(f, 0, _IONBF, 0);
		fputs("unbuffered", f);
		printf("unbuffered size=%ld\n", (long)lseek(fd, 0, SEEK_END));
		fclose(f);
	}
	{
		f = fopen("c.txt", "w"); setvbuf(f, 0, _IOFBF, 16);
		for (int i = 0; i < 100; i++) fprintf(f, "%03d\n", i);
		fclose(f);
		f = fopen("c.txt", "r"); int sum = 0, v; while (fscanf(f, "%d", &v) == 1) sum += v; printf("fscanf sum=%d\n", sum); fclose(f);
	}
	{
		/* big reads and writes go around the buffer */
		char *big = malloc(100000); for (int i = 0; i < 100000; i++) big[i] = i * 7;
		f = fopen("d.bin", "w"); printf("fwrite=%zu\n", fwrite(big, 1, 100000, f)); fclose(f);
		char *back = malloc(100000); f = fopen("d.bin", "rb"); fgetc(f); printf("fread=%zu ", fread(back + 1, 1, 99999, f)); back[0] = big[0];
		printf("same=%d eof-read=%zu feof=%d\n", memcmp(big, back, 100000) == 0, fread(back, 1, 10, f), feof(f)); fclose(f);
		free(big); free(back);
	}
	{
		f = freopen("e.txt", "w", stdout);
		printf("into e.txt via freopen\n");
		fflush(stdout);
		int fd = open("/dev/tty", O_WRONLY);
		(void)fd;
		f = fopen("e.txt", "r"); fgets(buf, sizeof buf, f); fclose(f);
		fprintf(stderr, "e.txt=[%s]\n", strtok(buf, "\n"));
	}
	printf("rename=%d remove=%d remove(missing)=%d errno=%d\n", rename("a.txt", "z.txt"), remove("z.txt"), remove("z.txt"), errno);
	perror("perror");
	return 0;
}

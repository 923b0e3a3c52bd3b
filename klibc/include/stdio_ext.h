/* klibc: the stdio_ext.h queries that gnulib's stdio modules use instead of poking at FILE. */
#ifndef _STDIO_EXT_H
#define _STDIO_EXT_H
#include <stdio.h>
size_t __fpending(FILE *);
int __freading(FILE *);
int __fwriting(FILE *);
void __fpurge(FILE *);
void __fseterr(FILE *);
size_t __freadahead(FILE *);
#endif

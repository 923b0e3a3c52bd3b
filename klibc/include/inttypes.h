/* klibc: printf/scanf formats for the stdint.h types, strtoimax. */
#ifndef _INTTYPES_H
#define _INTTYPES_H
#include <stdint.h>
#if __INTMAX_WIDTH__ == 64 && __LONG_WIDTH__ == 64
#define __PRI64 "l"
#else
#define __PRI64 "ll"
#endif
#if __INTPTR_WIDTH__ == __LONG_WIDTH__
#define __PRIPTR "l"
#else
#define __PRIPTR ""
#endif
#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 __PRI64 "d"
#define PRIi64 __PRI64 "i"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 __PRI64 "u"
#define PRIx32 "x"
#define PRIx64 __PRI64 "x"
#define PRIX64 __PRI64 "X"
#define PRIo64 __PRI64 "o"
#define PRIdMAX "jd"
#define PRIiMAX "ji"
#define PRIuMAX "ju"
#define PRIoMAX "jo"
#define PRIxMAX "jx"
#define PRIXMAX "jX"
#define PRIdPTR __PRIPTR "d"
#define PRIuPTR __PRIPTR "u"
#define PRIxPTR __PRIPTR "x"
#define SCNdMAX "jd"
#define SCNuMAX "ju"
typedef struct { intmax_t quot, rem; } imaxdiv_t;
intmax_t strtoimax(const char *, char **, int);
uintmax_t strtoumax(const char *, char **, int);
intmax_t imaxabs(intmax_t);
#endif

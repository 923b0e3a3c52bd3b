/* klibc: time and calendar (UTC); struct timespec is the kernel's. */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>
#include <linux/time.h>

#define CLOCKS_PER_SEC 1000000L
struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};
extern char *tzname[2];
extern long timezone;
extern int daylight;
time_t time(time_t *);
clock_t clock(void);
double difftime(time_t, time_t);
time_t mktime(struct tm *);
time_t timegm(struct tm *);
struct tm *gmtime(const time_t *);
struct tm *gmtime_r(const time_t *, struct tm *);
struct tm *localtime(const time_t *);
struct tm *localtime_r(const time_t *, struct tm *);
char *asctime(const struct tm *);
char *ctime(const time_t *);
size_t strftime(char *, size_t, const char *, const struct tm *);
void tzset(void);
int nanosleep(const struct timespec *, struct timespec *);
int clock_gettime(clockid_t, struct timespec *);
int clock_getres(clockid_t, struct timespec *);
int clock_settime(clockid_t, const struct timespec *);
int clock_nanosleep(clockid_t, int, const struct timespec *, struct timespec *);
/* klibc: seconds with an optional fraction ("1.5") into a timespec/timeval; returns where the parse stopped. */
char *strtotimespec(const char *, struct timespec *);
char *strtotimeval(const char *, struct timeval *);
#endif

/* klibc: converting Internet addresses between text and binary. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>
in_addr_t inet_addr(const char *);
int inet_aton(const char *, struct in_addr *);
char *inet_ntoa(struct in_addr);
int inet_pton(int, const char *, void *);
const char *inet_ntop(int, const void *, char *, socklen_t);
#endif

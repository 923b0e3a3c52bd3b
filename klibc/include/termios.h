/* klibc: terminal attributes; struct termios and its flags are the kernel's asm/termbits.h. */
#ifndef _TERMIOS_H
#define _TERMIOS_H
#include <sys/types.h>
#include <asm/termios.h>
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2
int tcgetattr(int, struct termios *);
int tcsetattr(int, int, const struct termios *);
int tcflush(int, int);
int tcdrain(int);
int tcflow(int, int);
int tcsendbreak(int, int);
pid_t tcgetsid(int);
speed_t cfgetispeed(const struct termios *);
speed_t cfgetospeed(const struct termios *);
int cfsetispeed(struct termios *, speed_t);
int cfsetospeed(struct termios *, speed_t);
void cfmakeraw(struct termios *);
#endif

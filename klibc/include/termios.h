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
/* Raw mode as glibc sets it, on the kernel's flag bits. */
static __inline__ void cfmakeraw(struct termios *__t)
{
	__t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	__t->c_oflag &= ~OPOST;
	__t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	__t->c_cflag &= ~(CSIZE | PARENB);
	__t->c_cflag |= CS8;
	__t->c_cc[VMIN] = 1;
	__t->c_cc[VTIME] = 0;
}
#endif

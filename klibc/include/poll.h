/* klibc: poll. */
#include <sys/poll.h>

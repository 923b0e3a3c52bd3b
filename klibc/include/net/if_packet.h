/* klibc: packet sockets, the kernel's <linux/if_packet.h>. */
#include <netpacket/packet.h>

#!/usr/bin/env python3
# Captures real RPC replies for the `rpc` fuzz target's seed corpus
# (kinit/fuzz/corpus/rpc/): rpcbind's GETPORT answers and nfs-ganesha's
# MOUNT answers, over UDP (as received) and TCP (record marking kept,
# file name ends in -tcp). Run against a running rpcbind and ganesha:
#   capture_rpc.py SERVER-IP EXPORT-PATH OUTDIR
import os, socket, struct, sys

server, export, out = sys.argv[1], sys.argv[2].encode(), sys.argv[3]

def call(xid, prog, vers, proc, args, cred=(0, b"")):
    hdr = struct.pack(">6I", xid, 0, 2, prog, vers, proc)
    flavor, body = cred
    hdr += struct.pack(">2I", flavor, len(body)) + body
    hdr += struct.pack(">2I", 0, 0)
    return hdr + args

def opaque(b):
    return struct.pack(">I", len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)

def udp(port, msg):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.sendto(msg, (server, port))
    return s.recv(65536)

def tcp(port, msg):
    s = socket.create_connection((server, port), timeout=5)
    s.sendall(struct.pack(">I", 0x80000000 | len(msg)) + msg)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) >= 4 and len(data) >= 4 + (struct.unpack(">I", data[:4])[0] & 0x7fffffff):
            break
    return data

def save(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

def getport(prog, vers, proto):
    return call(0x1000 + prog % 97 + vers, 100000, 2, 3, struct.pack(">4I", prog, vers, proto, 0))

unix = (1, struct.pack(">I", 1) + opaque(b"capture") + struct.pack(">3I", 0, 0, 0))
save("rpcbind-getport-nfs3-tcp", udp(111, getport(100003, 3, 6)))
save("rpcbind-getport-mount3-udp", udp(111, getport(100005, 3, 17)))
save("rpcbind-getport-unregistered", udp(111, getport(100003, 4, 6)))
save("rpcbind-getport-nfs3-tcp-tcp", tcp(111, getport(100003, 3, 6)))
save("rpcbind-v9-mismatch", udp(111, call(7, 100000, 9, 3, b"")))
mport = struct.unpack(">I", udp(111, getport(100005, 3, 6))[-4:])[0]
save("ganesha-mnt3-ok-tcp", tcp(mport, call(8, 100005, 3, 1, opaque(export), unix)))
save("ganesha-mnt3-ok-udp", udp(mport, call(9, 100005, 3, 1, opaque(export), unix)))
save("ganesha-mnt3-noent", udp(mport, call(10, 100005, 3, 1, opaque(b"/nonexistent"), unix)))
save("ganesha-mnt1-proc-unavail", udp(mport, call(11, 100005, 1, 1, opaque(export), unix)))
save("ganesha-umnt3", udp(mport, call(12, 100005, 3, 3, opaque(export), unix)))
save("ganesha-garbage-args", udp(mport, call(13, 100005, 3, 1, b"\xff\xff", unix)))

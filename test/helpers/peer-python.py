#!/usr/bin/env python3
"""A real Python `ssl` peer for mtlskit's serve/connect tests (driven by test/helpers/peers.ts).

    peer-python.py server --cert F --key F [--chain F] --ca F [--min-tls 1.2|1.3] [--max-tls 1.2|1.3]
    peer-python.py client --port N --ca F [--servername S] [--cert F --key F] [--min-tls V] [--max-tls V]
                          [--path P] [--no-strict]

server: ssl.SSLContext(PROTOCOL_TLS_SERVER) that requires a client certificate issued under --ca,
listens on 127.0.0.1 (ephemeral port), prints the port as its first line on stdout, then serves
every connection in its own thread and answers each request with an HTTP/1.0 200 response. A
failed handshake is logged on stderr and never stops the server. It exits on SIGTERM or when its
stdin reaches EOF (so it cannot outlive the test process that holds the pipe).

client: ssl.create_default_context(cafile=--ca) with Python 3.13's default verify flags
(VERIFY_X509_STRICT and VERIFY_X509_PARTIAL_CHAIN, see "What's New In Python 3.13") turned on
here too, so that an older local Python judges certificates as CI's does; --no-strict keeps the
interpreter's own defaults. Sends `GET PATH HTTP/1.0` and prints the whole response (its status
line first) on stdout, exit 0; on any failure prints `ExceptionType: message` on stderr, exit 1.
"""

import argparse
import os
import socket
import ssl
import sys
import threading

VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
IO_TIMEOUT = 15  # seconds; a stuck peer must not hold a thread (or a test) forever


def log(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def set_versions(context, args):
    if args.min_tls:
        context.minimum_version = VERSIONS[args.min_tls]
    if args.max_tls:
        context.maximum_version = VERSIONS[args.max_tls]


def subject_of(cert):
    if not cert:
        return "-"
    return ",".join("=".join(pair) for rdn in cert.get("subject", ()) for pair in rdn)


def read_request(tls):
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        chunk = tls.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def linger_close(conn):
    """Close once the peer's request has been read: closing with it unread makes the kernel send
    a RST, and a FIN sent too early makes curl fail on its own write; either way the alert just
    sent goes unseen (TLS 1.3 clients write their request before they learn that their
    certificate was refused). Reading first lets every client report the alert."""
    try:
        conn.settimeout(1)
        if conn.recv(4096):  # a TLS 1.3 client's request, usually already on its way
            conn.shutdown(socket.SHUT_WR)
            while conn.recv(4096):
                pass
    except OSError:
        pass
    finally:
        conn.close()


def serve_one(context, conn, addr):
    remote = "%s:%d" % addr[:2]
    conn.settimeout(IO_TIMEOUT)
    # wrap_socket takes over conn's descriptor and closes it at once when the handshake fails;
    # this duplicate keeps the connection open until linger_close is done with it.
    spare = conn.dup()
    try:
        # The handshake (client certificate check included) happens inside wrap_socket.
        tls = context.wrap_socket(conn, server_side=True)
    except Exception as error:  # noqa: BLE001 - every failure is a result to report
        log("handshake failed %s: %s: %s" % (remote, type(error).__name__, error))
        linger_close(spare)
        return
    spare.close()
    try:
        log("handshake ok %s %s %s client=%s" % (remote, tls.version(), tls.cipher()[0], subject_of(tls.getpeercert())))
        request = read_request(tls)
        first = request.split(b"\r\n", 1)[0].decode("latin-1")
        body = b"ok\n"
        tls.sendall(
            b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (len(body), body)
        )
        log("answered %s %r" % (remote, first))
        # Send close_notify: without it `openssl s_client` reports "unexpected eof" and exits 1.
        # The client may then close without its own close_notify; that is no error of ours.
        try:
            tls.unwrap()
        except (ssl.SSLError, OSError):
            pass
    except Exception as error:  # noqa: BLE001
        log("connection error %s: %s: %s" % (remote, type(error).__name__, error))
    finally:
        tls.close()


def exit_on_stdin_eof():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def server(args):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile=args.ca)
    context.load_cert_chain(args.chain or args.cert, args.key)
    set_versions(context, args)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    threading.Thread(target=exit_on_stdin_eof, daemon=True).start()
    while True:
        conn, addr = listener.accept()
        threading.Thread(target=serve_one, args=(context, conn, addr), daemon=True).start()


def client(args):
    context = ssl.create_default_context(cafile=args.ca)
    if args.strict:
        context.verify_flags |= ssl.VERIFY_X509_STRICT | getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0)
    set_versions(context, args)
    try:
        if args.cert:
            context.load_cert_chain(args.cert, args.key)
        with socket.create_connection(("127.0.0.1", args.port), timeout=IO_TIMEOUT) as raw:
            with context.wrap_socket(raw, server_hostname=args.servername) as tls:
                request = "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" % (args.path, args.servername)
                tls.sendall(request.encode("latin-1"))
                # TLS 1.3: a rejected client certificate surfaces here, on read, not in wrap_socket.
                response = b""
                while True:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    response += chunk
    except Exception as error:  # noqa: BLE001
        log("%s: %s" % (type(error).__name__, error))
        return 1
    if not response:
        log("ConnectionClosed: the server closed the connection without a response")
        return 1
    sys.stdout.write(response.decode("latin-1"))
    sys.stdout.flush()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="role", required=True)
    for role in ("server", "client"):
        p = sub.add_parser(role)
        p.add_argument("--ca", required=True)
        p.add_argument("--cert")
        p.add_argument("--key")
        p.add_argument("--min-tls", choices=sorted(VERSIONS))
        p.add_argument("--max-tls", choices=sorted(VERSIONS))
    sub.choices["server"].add_argument("--chain")
    c = sub.choices["client"]
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--servername", default="localhost")
    c.add_argument("--path", default="/")
    c.add_argument("--no-strict", dest="strict", action="store_false")
    args = parser.parse_args()
    if args.role == "server":
        if not args.cert or not args.key:
            parser.error("server needs --cert and --key")
        server(args)
        return 0
    return client(args)


if __name__ == "__main__":
    sys.exit(main())

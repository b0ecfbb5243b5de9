#!/usr/bin/env python3
"""Drive a command on a real pseudo-terminal, like a person at a keyboard.

Reads a JSON spec on stdin:

    {
      "argv": ["node", "bin/mtlskit.js", "init"],
      "cwd": "/tmp/x",                     # optional
      "env": {"TERM": "xterm-256color"},   # optional: the whole environment of the child
      "rows": 50, "cols": 200,             # optional window size
      "stepTimeout": 20,                   # optional seconds per expect step (default 20)
      "exitTimeout": 60,                   # optional seconds to wait for exit after the last step
      "steps": [
        {"expect": "CA name"},             # wait until this text appears (ANSI codes stripped)
        {"expect_re": "[>❯] ed25519"},     # ... or this regular expression
        {"send": "Wizard Root\\r"}         # type these characters
      ]
    }

Each expect searches the terminal output that came after the previous match, so a prompt that
was already answered cannot satisfy a later step. There are no sleeps: every wait is a select()
on the pty with a deadline. Writes one JSON report on stdout:

    {"ok": bool, "exitCode": int|null, "signal": int|null, "error": str|null,
     "failedStep": int|null, "transcript": "<output without ANSI codes>", "raw": "<output>"}

and exits 0 when every step matched and the child exited, 1 otherwise.
"""

import codecs
import errno
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character escapes (ESC x).
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>78]")
PARTIAL_TAIL = re.compile(r"\x1b[^\x1b]*$")


def strip_ansi(raw):
    """The visible text; a trailing escape sequence that is not complete yet is held back."""
    tail = PARTIAL_TAIL.search(raw)
    if tail and not ANSI.match(tail.group(0)):
        raw = raw[: tail.start()]
    return ANSI.sub("", raw).replace("\r", "")


class Session:
    def __init__(self, spec):
        self.spec = spec
        self.raw = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.eof = False
        self.cursor = 0  # position in the stripped transcript after the last match
        pid, fd = pty.fork()
        if pid == 0:  # child: the pty is its controlling terminal and stdin/stdout/stderr
            try:
                if spec.get("cwd"):
                    os.chdir(spec["cwd"])
                env = spec.get("env") or dict(os.environ)
                os.execvpe(spec["argv"][0], spec["argv"], env)
            except BaseException as error:  # noqa: BLE001 - report anything and never return
                os.write(2, f"pty-drive: cannot exec {spec['argv']!r}: {error}\n".encode())
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        rows, cols = int(spec.get("rows", 50)), int(spec.get("cols", 200))
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    @property
    def text(self):
        return strip_ansi(self.raw)

    def read_some(self, deadline):
        """Reads what the child wrote, waiting at most until deadline. False on timeout."""
        if self.eof:
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], remaining)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as error:
            if error.errno != errno.EIO:  # EIO: every slave end is closed (the child is gone)
                raise
            data = b""
        if not data:
            self.eof = True
            self.raw += self.decoder.decode(b"", final=True)
        else:
            self.raw += self.decoder.decode(data)
        return True

    def expect(self, pattern, is_regex, timeout):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern if is_regex else re.escape(pattern))
        while True:
            match = regex.search(self.text, self.cursor)
            if match:
                self.cursor = match.end()
                return None
            if self.eof:
                return f"the program ended before {pattern!r} appeared"
            if not self.read_some(deadline):
                return f"timed out after {timeout}s waiting for {pattern!r}"

    def send(self, text):
        data = text.encode()
        while data:
            written = os.write(self.fd, data)
            data = data[written:]

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while not self.eof:
            if not self.read_some(deadline):
                return None
        # The pty closed: the child has exited or is about to; reap it.
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def kill(self):
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None


def main():
    spec = json.load(sys.stdin)
    step_timeout = float(spec.get("stepTimeout", 20))
    session = Session(spec)
    report = {"ok": False, "exitCode": None, "signal": None, "error": None, "failedStep": None}
    try:
        for index, step in enumerate(spec.get("steps", [])):
            error = None
            if "expect" in step:
                error = session.expect(step["expect"], False, float(step.get("timeout", step_timeout)))
            elif "expect_re" in step:
                error = session.expect(step["expect_re"], True, float(step.get("timeout", step_timeout)))
            elif "send" in step:
                session.send(step["send"])
            else:
                error = f"unknown step {step!r}"
            if error:
                report["error"] = f"step {index}: {error}"
                report["failedStep"] = index
                break
        if report["error"] is None:
            status = session.wait_exit(float(spec.get("exitTimeout", 60)))
            if status is None:
                report["error"] = "timed out waiting for the program to exit"
            elif os.WIFEXITED(status):
                report["exitCode"] = os.WEXITSTATUS(status)
                report["ok"] = True
            else:
                report["signal"] = os.WTERMSIG(status)
                report["error"] = f"the program was killed by signal {report['signal']}"
    finally:
        session.kill()
        try:
            os.close(session.fd)
        except OSError:
            pass
    report["transcript"] = session.text
    report["raw"] = session.raw
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Drives an interactive program in a pseudo-terminal, as a person at a
keyboard would: `pty_drive.py DEADLINE PROGRAM ARGS...`, with the steps on
stdin, one a line:

    send HEX      write these bytes (keys) to the terminal
    expect HEX    wait until the output since the last match holds this
                  regular expression (bytes, DOTALL), at most DEADLINE s

For each `expect` it prints `match HEX` (group 1 if the expression has
one, else the whole match); on a deadline or the program's end it prints
`fail HEX` (what was awaited) and stops. Then `transcript HEX`: all the
output. The program is killed at the end (its process group: the
session the terminal leads). Waits are on the output, never on sleeps.
Like a terminal, it answers a cursor position query (`ESC [6n`).
"""

import os
import pty
import re
import select
import signal
import struct
import sys
import time

try:
    import fcntl
    import termios
except ImportError:  # pragma: no cover - not on Unix
    sys.exit("pty_drive: needs a Unix")


def main():
    deadline = float(sys.argv[1])
    argv = sys.argv[2:]
    steps = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
    pid, master = pty.fork()
    if pid == 0:
        # A terminal of a fixed size: zle and readline need one.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    transcript = bytearray()
    start = 0
    out = sys.stdout
    try:
        for step in steps:
            kind, data = step[0], bytes.fromhex(step[1]) if len(step) > 1 else b""
            if kind == "send":
                os.write(master, data)
                continue
            pattern = re.compile(data, re.DOTALL)
            until = time.monotonic() + deadline
            while True:
                found = pattern.search(transcript, start)
                if found:
                    start = found.end()
                    text = found.group(1) if pattern.groups else found.group(0)
                    out.write("match " + bytes(text).hex() + "\n")
                    break
                left = until - time.monotonic()
                ready = select.select([master], [], [], max(left, 0))[0] if left > 0 else []
                if not ready:
                    out.write("fail " + data.hex() + "\n")
                    return
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    out.write("fail " + data.hex() + "\n")
                    return
                # Answer as a terminal would: line editors (nushell's
                # reedline) ask where the cursor is and wait for it.
                for _ in range(chunk.count(b"\x1b[6n")):
                    os.write(master, b"\x1b[1;1R")
                transcript += chunk
    finally:
        out.write("transcript " + bytes(transcript).hex() + "\n")
        out.flush()
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(pid, 0)


main()

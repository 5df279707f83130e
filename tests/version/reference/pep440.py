#!/usr/bin/python3
# Reference for the pep440 differential test: Debian's python3-packaging (run with
# /usr/bin/python3, which has it). Reads "A\tB" lines on stdin and prints -1, 0, 1 or "error"
# per line, comparing with packaging.version.Version.
#
# Lines are split on b"\n" only (str.splitlines would also split on \x1c, \x85, \u2028, ...,
# which are whitespace the versions may legitimately contain) and decoded with
# surrogateescape so that bad UTF-8 becomes an invalid version instead of a crash.
import sys

import packaging
from packaging.version import Version

if packaging.__version__ != "23.0":
    sys.exit(f"pep440.py: expected packaging 23.0, found {packaging.__version__}")


def parse(text):
    # InvalidVersion is a ValueError; CPython's int() also raises a plain ValueError for
    # numbers longer than sys.get_int_max_str_digits() (4300), which packaging lets escape.
    try:
        return Version(text)
    except ValueError:
        return None


def main():
    data = sys.stdin.buffer.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = []
    for raw in lines:
        line = raw.decode("utf-8", "surrogateescape")
        a, sep, b = line.partition("\t")
        if not sep:
            out.append("error: no tab")
            continue
        va, vb = parse(a), parse(b)
        if va is None or vb is None:
            out.append("error")
        elif va < vb:
            out.append("-1")
        elif va > vb:
            out.append("1")
        else:
            out.append("0")
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


main()

#!/usr/bin/python3
"""Derives debian_sources.txt.gz (binary -> source package table) from Debian Packages indices.

Usage: gen_deb_sources.py OUT.txt.gz Packages [Packages...]
Input: uncompressed apt `Packages` files (e.g. lz4cat /var/lib/apt/lists/*_binary-amd64_Packages.lz4).
Output lines: "<source>\t<binary> <binary> ...", sorted; in a binary name "~" stands for the
first occurrence of the source name ("lib~3" under "openssl"). Left out: binaries whose source
has the same name, binaries the lookup rules in src/collectors/ssm.cpp (DebianSourcePackage)
already resolve, and the gcc/binutils cross-toolchain packages (not installed on servers).
Binaries whose source has their own name but which the rules would resolve wrongly are kept
("<name>\t~").
"""
import gzip
import re
import sys

SUFFIXES = ['-dev', '-common', '-doc', '-dbg', '-data', '-bin', '-utils', '-tools']


def rule(b, table):
    """Mirror of DebianSourcePackage in src/collectors/ssm.cpp."""
    if b in table:
        return table[b]
    if b.endswith('t64') and len(b) > 3:
        return rule(b[:-3], table)
    for s in SUFFIXES:
        if b.endswith(s) and len(b) > len(s):
            return rule(b[:-len(s)], table)
    return b


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    m = {}
    for fn in inputs:
        pkg = src = None
        with open(fn, encoding='utf-8', errors='replace') as f:
            for line in list(f) + ['\n']:
                if line.startswith('Package: '):
                    pkg, src = line[9:].strip(), None
                elif line.startswith('Source: '):
                    src = line[8:].strip().split(' ')[0]
                elif line == '\n':
                    if pkg:
                        m[pkg] = src or pkg
                    pkg = None
    m = {b: s for b, s in m.items() if not re.match(r'(gcc|binutils|glibc|linux)-?.*cross', s)}
    table = {}
    for b in sorted(m, key=lambda x: (len(x), x)):  # Shorter names first: bases resolve first.
        if rule(b, table) != m[b]:
            table[b] = m[b]
    assert all(rule(b, table) == s for b, s in m.items())
    groups = {}
    for b, s in table.items():
        groups.setdefault(s, []).append(b.replace(s, '~', 1) if s in b else b)
    text = ''.join(f"{s}\t{' '.join(sorted(bs))}\n" for s, bs in sorted(groups.items()))
    with open(out, 'wb') as f:
        f.write(gzip.compress(text.encode(), 9, mtime=0))
    print(f'{len(m)} binaries, {len(table)} table entries, {len(groups)} sources', file=sys.stderr)


if __name__ == '__main__':
    main()

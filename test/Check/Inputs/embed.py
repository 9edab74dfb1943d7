"""Writes OUT as a fake cache file: each object is embedded raw, with junk
(pickle-like framing and odd-length padding) before, between and after.

usage: embed.py OUT OBJ...
"""
import sys

out = bytearray(b"\x80\x04\x95junk-header\x00\x01\x02")
for i, path in enumerate(sys.argv[2:]):
    blob = open(path, "rb").read()
    out += b"B" + len(blob).to_bytes(4, "little") + blob
    out += b"\x7fEL-not-an-elf" + b"\x64\x86-not-coff" + bytes(range(i + 3))
out += b"trailer."
open(sys.argv[1], "wb").write(out)

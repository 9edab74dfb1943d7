"""Overwrites little-endian integers in a copy of a file: for header fields
yaml2obj cannot set without also writing that many bytes (a 4 GB Mach-O
section size, a zerofill flag on a section that has contents).

usage: patch.py IN OUT OFFSET:WIDTH:VALUE...   (numbers in any Python base)
"""
import sys


def main():
    data = bytearray(open(sys.argv[1], "rb").read())
    for spec in sys.argv[3:]:
        off, width, value = (int(x, 0) for x in spec.split(":"))
        data[off:off + width] = value.to_bytes(width, "little")
    open(sys.argv[2], "wb").write(data)


if __name__ == "__main__":
    main()

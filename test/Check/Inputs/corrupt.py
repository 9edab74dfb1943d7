"""Writes a damaged copy of a 64-bit little-endian ELF relocatable object.

usage: corrupt.py MODE IN OUT
  reloc-offset   first RELA entry points far outside its section
  reloc-symbol   first RELA entry names a symbol index past the table
  section-offset first non-null section's contents lie past the file end
  symbol-section first defined global symbol names a bogus section index
  truncate       keep only the first 200 bytes
"""
import struct
import sys

mode, src, dst = sys.argv[1:4]
data = bytearray(open(src, "rb").read())
if mode == "truncate":
    data = data[:200]
else:
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)

    def shdr(i):
        return shoff + i * shentsize

    for i in range(1, shnum):
        sh_type, = struct.unpack_from("<I", data, shdr(i) + 4)
        sh_offset, sh_size = struct.unpack_from("<QQ", data, shdr(i) + 0x18)
        if mode == "section-offset" and sh_type == 1:  # SHT_PROGBITS
            struct.pack_into("<Q", data, shdr(i) + 0x18, len(data) + 0x1000)
            break
        if mode.startswith("reloc") and sh_type == 4:  # SHT_RELA
            if mode == "reloc-offset":
                struct.pack_into("<Q", data, sh_offset, 0x7FFFFFF0)
            else:
                info, = struct.unpack_from("<Q", data, sh_offset + 8)
                struct.pack_into("<Q", data, sh_offset + 8,
                                 (0xFFFFFF << 32) | (info & 0xFFFFFFFF))
            break
        if mode == "symbol-section" and sh_type == 2:  # SHT_SYMTAB
            for off in range(sh_offset, sh_offset + sh_size, 24):
                st_info = data[off + 4]
                st_shndx, = struct.unpack_from("<H", data, off + 6)
                if st_info >> 4 in (1, 2) and 0 < st_shndx < 0xFF00:
                    struct.pack_into("<H", data, off + 6, 0xFEFF)
                    break
            break
    else:
        sys.exit("corrupt.py: nothing to corrupt for " + mode)
open(dst, "wb").write(data)

"""Audits numba cache directories for colliding entries, without numba.

``python3 -m uniqlink.numba audit CACHE_DIR...`` (or ``audit(paths)``) finds
every numba data file (``*.nbc``) under the given directories, takes the
object files out of it and admits them, one cache entry after another, into
one registry, as a process that loaded all of them would. An entry that
defines a symbol already admitted with a different body is a collision: the
process loading both would silently run one entry's code for the other's
(numba/numba#10486). Names made unique by the guard (``.__ul.``) are trusted
by name, as the guard does.

Nothing is unpickled and no numba code runs: the data files are pickles, and
the objects are found by walking their opcodes (``pickletools``) for byte
strings that start with an object-file magic, also inside nested pickles.
Data files that an index (``*.nbi``) in the same directory names are audited;
in a directory without an index, every data file is.

Exit status of the command: 0 no collision, 1 collisions, 2 a file could not
be read.
"""

import argparse
import json
import os
import pickletools
import sys

from uniqlink import _capi

#: Object-file magics: ELF, 64-bit Mach-O (both byte orders), x86-64 COFF.
_OBJECT_MAGICS = (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf",
                  b"\x64\x86")
_MAX_PICKLE_DEPTH = 4


def objects_in_pickle(data, depth=0):
    """The object files inside a pickle's byte strings, in stream order."""
    found = []
    try:
        for opcode, arg, _ in pickletools.genops(data):
            if not isinstance(arg, (bytes, bytearray)) or len(arg) < 4:
                continue
            if arg.startswith(_OBJECT_MAGICS):
                found.append(bytes(arg))
            elif arg[:1] == b"\x80" and depth < _MAX_PICKLE_DEPTH:
                found.extend(objects_in_pickle(arg, depth + 1))
    except Exception as e:  # noqa: BLE001 - any malformed pickle
        if depth == 0:
            raise ValueError("not a readable numba data file: %s" % e)
    return found


def _indexed_names(directory, names):
    """Data files named by an index in directory (None: no index there)."""
    indexes = [n for n in names if n.endswith(".nbi")]
    if not indexes:
        return None
    wanted = set()
    for index in indexes:
        try:
            with open(os.path.join(directory, index), "rb") as f:
                blob = f.read()
        except OSError:
            continue
        # An index is two pickles back to back: numba's version, then
        # (source stamp, {key: data file name}).
        for name in [n for n in names if n.endswith(".nbc")]:
            if name.encode() in blob:
                wanted.add(name)
    return wanted


def cache_entries(paths):
    """Sorted data files to audit under paths (files or directories)."""
    entries = []
    for path in paths:
        if os.path.isfile(path):
            entries.append(path)
            continue
        for directory, _, names in os.walk(path):
            indexed = _indexed_names(directory, names)
            for name in names:
                if name.endswith(".nbc") and (indexed is None or
                                              name in indexed):
                    entries.append(os.path.join(directory, name))
    return sorted(set(entries))


def audit(paths):
    """{'entries': n, 'objects': n, 'collisions': [{'entry', 'message'}],
    'errors': [{'entry', 'message'}]} for the cache entries under paths."""
    registry = _capi.Registry(_capi.ADMIT_TRUST_UNIQUE_NAMES)
    report = {"entries": 0, "objects": 0, "collisions": [], "errors": []}
    for entry in cache_entries(paths):
        report["entries"] += 1
        try:
            with open(entry, "rb") as f:
                objects = objects_in_pickle(f.read())
        except (OSError, ValueError) as e:
            report["errors"].append({"entry": entry, "message": str(e)})
            continue
        for obj in objects:
            report["objects"] += 1
            status, _, message = registry.admit(entry, obj)
            if status == _capi.REJECTED:
                report["collisions"].append({"entry": entry,
                                             "message": message})
            elif status != _capi.ACCEPTED:
                report["errors"].append({"entry": entry, "message": message})
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m uniqlink.numba audit",
        description="Report numba cache entries whose objects define a "
        "symbol that another entry defines with a different body.")
    parser.add_argument("paths", nargs="+", metavar="CACHE_DIR",
                        help="numba cache directories (or .nbc files)")
    parser.add_argument("--json", action="store_true",
                        help="print the report as JSON")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        parser.error("no such file or directory: %s" % ", ".join(missing))
    report = audit(args.paths)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for c in report["collisions"]:
            print("collision: %s\n%s" % (c["entry"], c["message"]))
        for e in report["errors"]:
            print("error: %s: %s" % (e["entry"], e["message"]))
        print("uniqlink: %d cache entries, %d objects, %d colliding, "
              "%d unreadable" % (report["entries"], report["objects"],
                                 len(report["collisions"]),
                                 len(report["errors"])))
    if report["errors"]:
        return 2
    return 1 if report["collisions"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Runs the unique-linkonce pass (every mode) and the ODR-table pass over IR
files and checks that `opt -passes=verify` accepts every result.

usage: verify_all.py PLUGIN [--bitcode-from-cpp FILE.cpp] PATH...
PATH: .ll files or directories searched for them (split-file inputs, with
'#--- name.ll' parts, are split). Inputs that are not valid IR before the
pass (negative tests) are skipped and counted. With --bitcode-from-cpp,
FILE.cpp is first compiled to unoptimized bitcode with clang++ and checked
too (skipped if FILE.cpp does not exist).
"""
import os
import subprocess
import sys
import tempfile

PIPELINES = [
    "unique-linkonce<mode=hash>",
    "unique-linkonce<mode=uuid;uuid=42>",
    "unique-linkonce<mode=hash+uuid;linkages=linkonce_odr+weak_odr+linkonce+weak>",
    "uniqlink-odr-table,unique-linkonce<mode=hash>",
    "unique-linkonce<mode=hash>,unique-linkonce<mode=hash>",
]


def ll_parts(path, tmp):
    text = open(path, errors="replace").read()
    if "\n#--- " not in text and not text.startswith("#--- "):
        return [path]
    parts, name, lines = [], None, []
    for line in text.splitlines(True):
        if line.startswith("#--- "):
            if name:
                parts.append((name, lines))
            name, lines = line[5:].strip(), []
        elif name:
            lines.append(line)
    if name:
        parts.append((name, lines))
    out = []
    for name, lines in parts:
        if name.endswith(".ll"):
            p = os.path.join(tmp, "%d-%s" % (len(os.listdir(tmp)), name))
            open(p, "w").write("".join(lines))
            out.append(p)
    return out


def ok(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw).returncode == 0


def check(plugin, path, stats):
    if not ok(["opt", "-passes=verify", "-disable-output", path]):
        stats["skipped"] += 1
        return
    stats["inputs"] += 1
    for pipeline in PIPELINES:
        p = subprocess.run(["opt", "-load-pass-plugin=" + plugin,
                            "-passes=" + pipeline, "-disable-verify",
                            path, "-o", "-"], capture_output=True)
        if p.returncode != 0:
            # Inputs that test pass errors (bad parameters) fail here.
            stats["pass-errors"] += 1
            continue
        v = subprocess.run(["opt", "-passes=verify", "-disable-output"],
                           input=p.stdout, capture_output=True)
        stats["runs"] += 1
        if v.returncode != 0:
            stats["invalid"] += 1
            print("INVALID after %s: %s\n%s" % (pipeline, path,
                                               v.stderr.decode()[:2000]))


def main():
    args = sys.argv[1:]
    plugin, cpp = args.pop(0), None
    if args and args[0] == "--bitcode-from-cpp":
        cpp = args[1]
        args = args[2:]
    stats = dict(inputs=0, skipped=0, runs=0, invalid=0)
    stats["pass-errors"] = 0
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for a in args:
            if os.path.isdir(a):
                for root, _, names in sorted(os.walk(a)):
                    files += [os.path.join(root, n) for n in sorted(names)
                              if n.endswith(".ll")]
            else:
                files.append(a)
        if cpp and os.path.exists(cpp):
            bc = os.path.join(tmp, "cpp.bc")
            subprocess.check_call(
                ["clang++-19", "-std=c++17", "-O2", "-Xclang",
                 "-disable-llvm-passes", "-emit-llvm", "-c", cpp, "-o", bc])
            files.append(bc)
        elif cpp:
            print("verify_all.py: %s not found, skipped" % cpp)
        for f in files:
            for part in ll_parts(f, tmp) if f.endswith(".ll") else [f]:
                check(plugin, part, stats)
    print("verify_all.py: %(inputs)d inputs, %(runs)d pass runs, "
          "%(invalid)d invalid, %(skipped)d not valid IR before the pass, "
          "%(pass-errors)d pass errors" % stats)
    return 1 if stats["invalid"] or not stats["runs"] else 0


if __name__ == "__main__":
    sys.exit(main())

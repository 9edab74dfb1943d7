"""Builds googletest's own test programs with and without the unique-linkonce
pass plugin, runs googletest's test suite in each build, and compares.

usage: googletest.py --plugin SO --work DIR [--src /usr/src/googletest]
                     [--modes none,hash,uuid,hash+uuid] [--slim] [--jobs N]

Mode "none" is the baseline (clang without the plugin). Every test that passes
in the baseline must pass in every other mode, and the plugin builds must
really contain renamed symbols (`.__ul.` in the defined symbols of the test
programs and libraries). --slim builds googletest only (no googlemock) and
runs the baseline and the default mode (hash+uuid). Prints a table; exits 1
on any regression, 2 if a build fails.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

CLANG_DIR = "/usr/lib/llvm-19/bin"


def run(cmd, log, **kw):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        return subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT, **kw)


def configure_and_build(args, mode, build):
    flags = ["-O2"]
    if mode != "none":
        flags += ["-fplugin=" + args.plugin, "-fpass-plugin=" + args.plugin,
                  "-mllvm", "-unique-linkonce-mode=" + mode]
        # Fixed uuid: the same build twice gives the same names.
        if "uuid" in mode:
            flags += ["-mllvm", "-unique-linkonce-uuid=4242"]
    log = os.path.join(build, "build.log")
    cmake = ["cmake", "-S", args.src, "-B", build, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release",
             "-DCMAKE_C_COMPILER=" + os.path.join(CLANG_DIR, "clang"),
             "-DCMAKE_CXX_COMPILER=" + os.path.join(CLANG_DIR, "clang++"),
             "-DCMAKE_CXX_FLAGS=" + " ".join(flags),
             "-DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG",
             "-Dgtest_build_tests=ON",
             "-DBUILD_GMOCK=" + ("OFF" if args.slim else "ON"),
             "-Dgmock_build_tests=" + ("OFF" if args.slim else "ON"),
             "-DPython_EXECUTABLE=" + sys.executable,
             "-DPYTHON_EXECUTABLE=" + sys.executable]
    if run(cmake, log) or run(["ninja", "-C", build, "-j", str(args.jobs)],
                              log):
        print("googletest.py: build '%s' failed, see %s" % (mode, log))
        sys.exit(2)


def run_tests(args, build):
    """Runs googletest's ctest; returns {test name: passed}."""
    junit = os.path.join(build, "results.xml")
    run(["ctest", "--test-dir", build, "-j", str(args.jobs),
         "--timeout", "300", "--output-junit", junit],
        os.path.join(build, "test.log"))
    results = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        status = case.get("status")
        results[case.get("name")] = status in ("run", "passed")
    return results


def renamed_symbols(build):
    """Counts defined symbols carrying the uniqlink suffix, per file type."""
    counts = {"programs": 0, "libraries": 0, "files": 0}
    for root, _, files in os.walk(build):
        if "CMakeFiles" in root:
            continue
        for name in files:
            path = os.path.join(root, name)
            is_lib = name.endswith(".a")
            if not is_lib and not (os.access(path, os.X_OK) and
                                   open(path, "rb").read(4) == b"\x7fELF"):
                continue
            out = subprocess.run(
                [os.path.join(CLANG_DIR, "llvm-nm"), "--defined-only",
                 "--format=just-symbols", path],
                capture_output=True, text=True).stdout
            n = sum(1 for line in out.splitlines() if ".__ul." in line)
            counts["libraries" if is_lib else "programs"] += n
            counts["files"] += n > 0
    return counts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--plugin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--src", default="/usr/src/googletest")
    p.add_argument("--modes")
    p.add_argument("--slim", action="store_true")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", action="store_true",
                   help="reuse existing builds in --work")
    args = p.parse_args()
    modes = (args.modes.split(",") if args.modes else
             ["none", "hash+uuid"] if args.slim else
             ["none", "hash", "uuid", "hash+uuid"])
    if modes[0] != "none":
        modes.insert(0, "none")
    if not args.keep and os.path.isdir(args.work):
        shutil.rmtree(args.work)

    rows, results = [], {}
    for mode in modes:
        build = os.path.join(args.work, mode.replace("+", "-"))
        os.makedirs(build, exist_ok=True)
        start = time.time()
        configure_and_build(args, mode, build)
        built = time.time()
        results[mode] = run_tests(args, build)
        done = time.time()
        renamed = renamed_symbols(build)
        passed = sum(results[mode].values())
        rows.append((mode, passed, len(results[mode]), renamed,
                     built - start, done - built))

    print("%-10s %7s %6s %9s %9s %6s %7s %6s" % (
        "mode", "passed", "tests", "ren.prog", "ren.libs", "files",
        "build.s", "test.s"))
    for mode, passed, total, ren, tb, tt in rows:
        print("%-10s %7d %6d %9d %9d %6d %7.0f %6.0f" % (
            mode, passed, total, ren["programs"], ren["libraries"],
            ren["files"], tb, tt))

    bad = 0
    base = results["none"]
    if not base or not any(base.values()):
        print("googletest.py: the baseline ran no passing test")
        bad = 1
    for mode, _, _, ren, _, _ in rows[1:]:
        for name, ok in sorted(base.items()):
            if ok and not results[mode].get(name, False):
                print("REGRESSION: %s passes without the plugin, not in mode %s"
                      % (name, mode))
                bad = 1
        if ren["programs"] == 0:
            print("googletest.py: mode %s renamed nothing in the programs"
                  % mode)
            bad = 1
    for mode, _, _, ren, _, _ in rows[:1]:
        if ren["programs"] or ren["libraries"]:
            print("googletest.py: the baseline has renamed symbols?")
            bad = 1
    print("googletest.py: %s" % ("FAILED" if bad else "ok"))
    return bad


if __name__ == "__main__":
    sys.exit(main())

"""Builds googletest's own test programs with and without the unique-linkonce
pass plugin, runs googletest's test suite in each build, and compares.

usage: googletest.py --plugin SO --work DIR [--src /usr/src/googletest]
                     [--llvm-bin /usr/lib/llvm-19/bin]
                     [--modes none,hash,uuid,hash+uuid] [--ci] [--gmock]
                     [--opt O2] [--skip TARGET,...] [--jobs N] [--keep]

Mode "none" is the baseline (clang without the plugin); it always runs
first. Every test that passes in the baseline must pass in every other mode,
every plugin build must really contain renamed symbols (`.__ul.` in the
defined symbols of the test programs), and every renamed symbol must have
its mode's shape (hash: `.__ul.<hash>`, uuid: `.__ul.<uuid>`, hash+uuid:
`.__ul.<hash>.<uuid>`, with the uuid fixed to 4242). Prints a table; exits 1
on any failure, 2 if a build fails.

--ci is the variant ctest runs by default (every mode, about 8 minutes on two
idle cores): googletest without googlemock, at -O0 (nothing is inlined away,
so every linkonce_odr helper reaches the linker under its new name), without
the two targets no test runs (gtest_dll, gtest_dll_test_) and without
gtest_no_rtti_unittest (gtest_unittest.cc again with -fno-rtti, the costliest
program). Without --ci: every target, -O2, and --gmock adds googlemock.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

CLANG_DIR = "/usr/lib/llvm-19/bin"  # --llvm-bin
UUID = "4242"
# Programs --ci leaves out, with the ctest tests that run them.
CI_SKIP_TARGETS = ["gtest_dll", "gtest_dll_test_", "gtest_no_rtti_unittest",
                   "gtest_main_no_rtti"]
CI_SKIP_TESTS = ["gtest_no_rtti_unittest"]
# What a renamed symbol looks like in each mode (the uuid is fixed).
SHAPES = {
    "hash": re.compile(r"\.__ul\.\d+(?!\d)(?!\." + UUID + r"(?!\d))"),
    "uuid": re.compile(r"\.__ul\." + UUID + r"(?!\d)(?!\.\d)"),
    "hash+uuid": re.compile(r"\.__ul\.\d+\." + UUID + r"(?!\d)"),
}


def run(cmd, log, **kw):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        return subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT, **kw)


def cpu_seconds():
    t = os.times()
    return t.children_user + t.children_system


def build_targets(build, skip):
    """Every linked output of the configured tree except those in \p skip
    (by target name), as ninja paths."""
    out = subprocess.run(["ninja", "-C", build, "-t", "targets", "all"],
                         capture_output=True, text=True, check=True).stdout
    targets = []
    for line in out.splitlines():
        path, _, rule = line.partition(": ")
        m = re.match(r"CXX_\w+_LINKER__(.+)_Release$", rule)
        if m and m.group(1) not in skip:
            targets.append(path)
    return targets


def configure_and_build(args, mode, build):
    flags = ["-" + args.opt]
    if mode != "none":
        flags += ["-fplugin=" + args.plugin, "-fpass-plugin=" + args.plugin,
                  "-mllvm", "-unique-linkonce-mode=" + mode]
        # Fixed uuid: the same build twice gives the same names.
        if "uuid" in mode:
            flags += ["-mllvm", "-unique-linkonce-uuid=" + UUID]
    log = os.path.join(build, "build.log")
    cmake = ["cmake", "-S", args.src, "-B", build, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release",
             "-DCMAKE_C_COMPILER=" + os.path.join(CLANG_DIR, "clang"),
             "-DCMAKE_CXX_COMPILER=" + os.path.join(CLANG_DIR, "clang++"),
             "-DCMAKE_CXX_FLAGS=" + " ".join(flags),
             "-DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG",
             "-Dgtest_build_tests=ON",
             "-DBUILD_GMOCK=" + ("ON" if args.gmock else "OFF"),
             "-Dgmock_build_tests=" + ("ON" if args.gmock else "OFF"),
             "-DPython_EXECUTABLE=" + sys.executable,
             "-DPYTHON_EXECUTABLE=" + sys.executable]
    if run(cmake, log):
        print("googletest.py: configuring '%s' failed, see %s" % (mode, log))
        sys.exit(2)
    ninja = ["ninja", "-C", build, "-j", str(args.jobs)]
    if args.skip:
        ninja += build_targets(build, args.skip)
    if run(ninja, log):
        print("googletest.py: build '%s' failed, see %s" % (mode, log))
        sys.exit(2)


def run_tests(args, build):
    """Runs googletest's ctest; returns {test name: passed}."""
    junit = os.path.join(build, "results.xml")
    cmd = ["ctest", "--test-dir", build, "-j", str(args.jobs),
           "--timeout", "300", "--output-junit", junit]
    if args.skip_tests:
        cmd += ["-E", "^(" + "|".join(map(re.escape, args.skip_tests)) + ")$"]
    run(cmd, os.path.join(build, "test.log"))
    results = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        status = case.get("status")
        results[case.get("name")] = status in ("run", "passed")
    return results


def is_program(path):
    if not os.access(path, os.X_OK) or os.path.isdir(path):
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def inspect(build, mode):
    """Renamed symbols (per file type), those of the wrong shape, and the
    programs' total text size."""
    info = {"programs": 0, "libraries": 0, "files": 0, "badshape": [],
            "text": 0}
    shape = SHAPES.get(mode)
    for root, _, files in os.walk(build):
        if "CMakeFiles" in root:
            continue
        for name in sorted(files):
            path = os.path.join(root, name)
            is_lib = name.endswith(".a") or name.endswith(".so")
            if not is_lib and not is_program(path):
                continue
            out = subprocess.run(
                [os.path.join(CLANG_DIR, "llvm-nm"), "--defined-only",
                 "--format=just-symbols", path],
                capture_output=True, text=True).stdout
            renamed = [s for s in out.splitlines() if ".__ul." in s]
            info["libraries" if is_lib else "programs"] += len(renamed)
            info["files"] += bool(renamed)
            if shape:
                info["badshape"] += [s for s in renamed if not shape.search(s)]
            if not is_lib:
                size = subprocess.run(
                    [os.path.join(CLANG_DIR, "llvm-size"), path],
                    capture_output=True, text=True).stdout.splitlines()
                info["text"] += int(size[1].split()[0])
    return info


def main():
    global CLANG_DIR
    p = argparse.ArgumentParser()
    p.add_argument("--plugin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--src", default="/usr/src/googletest")
    p.add_argument("--llvm-bin", default=CLANG_DIR,
                   help="clang, llvm-nm and llvm-size of the plugin's LLVM")
    p.add_argument("--modes", default="none,hash,uuid,hash+uuid")
    p.add_argument("--ci", action="store_true",
                   help="the cheap variant ctest runs (see the top)")
    p.add_argument("--gmock", action="store_true",
                   help="also googlemock and its tests")
    p.add_argument("--opt", help="optimization level (default O2, --ci O0)")
    p.add_argument("--skip", default="",
                   help="targets not to build, comma-separated")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", action="store_true",
                   help="reuse existing builds in --work")
    args = p.parse_args()
    args.plugin = os.path.abspath(args.plugin)
    CLANG_DIR = args.llvm_bin
    args.skip = [t for t in args.skip.split(",") if t]
    args.skip_tests = list(args.skip)
    if args.ci:
        args.skip += CI_SKIP_TARGETS
        args.skip_tests += CI_SKIP_TESTS
    args.opt = (args.opt or ("O0" if args.ci else "O2")).lstrip("-")
    modes = [m for m in args.modes.split(",") if m != "none"]
    for m in modes:
        if m not in SHAPES:
            p.error("unknown mode '%s'" % m)
    modes.insert(0, "none")
    if not args.keep and os.path.isdir(args.work):
        shutil.rmtree(args.work)

    rows, results = [], {}
    for mode in modes:
        build = os.path.join(args.work, mode.replace("+", "-"))
        os.makedirs(build, exist_ok=True)
        start, cpu = time.time(), cpu_seconds()
        configure_and_build(args, mode, build)
        built, cpu_built = time.time(), cpu_seconds()
        results[mode] = run_tests(args, build)
        done, cpu_done = time.time(), cpu_seconds()
        info = inspect(build, mode)
        passed = sum(results[mode].values())
        rows.append((mode, passed, len(results[mode]), info, built - start,
                     cpu_built - cpu, done - built, cpu_done - cpu_built))

    print("googletest (%s%s, -%s): tests passed per mode, renamed symbols "
          "defined in programs/libraries, text size of the programs, "
          "wall and CPU seconds" % (
              "googletest" + (" + googlemock" if args.gmock else ""),
              ", without " + ",".join(args.skip) if args.skip else "",
              args.opt))
    print("%-10s %6s %5s %8s %8s %5s %10s %7s %7s %6s %6s" % (
        "mode", "passed", "tests", "ren.prog", "ren.libs", "files", "text",
        "build.s", "cpu.s", "test.s", "cpu.s"))
    for mode, passed, total, info, tb, cb, tt, ct in rows:
        print("%-10s %6d %5d %8d %8d %5d %10d %7.0f %7.0f %6.0f %6.0f" % (
            mode, passed, total, info["programs"], info["libraries"],
            info["files"], info["text"], tb, cb, tt, ct))
    print("total: %.0f s wall, %.0f s CPU" % (
        sum(r[4] + r[6] for r in rows), sum(r[5] + r[7] for r in rows)))

    bad = 0
    base = results["none"]
    if not base or not any(base.values()):
        print("googletest.py: the baseline ran no passing test")
        bad = 1
    for name, ok in sorted(base.items()):
        if not ok:
            print("note: %s fails without the plugin too" % name)
    for mode, _, _, info, _, _, _, _ in rows[1:]:
        for name, ok in sorted(base.items()):
            if ok and not results[mode].get(name, False):
                print("REGRESSION: %s passes without the plugin, not in "
                      "mode %s" % (name, mode))
                bad = 1
        if info["programs"] == 0:
            print("googletest.py: mode %s renamed nothing in the programs"
                  % mode)
            bad = 1
        for sym in info["badshape"][:5]:
            print("googletest.py: mode %s: '%s' is not a %s name"
                  % (mode, sym, mode))
        if info["badshape"]:
            print("googletest.py: mode %s: %d renamed symbols of the wrong "
                  "shape" % (mode, len(info["badshape"])))
            bad = 1
    base_info = rows[0][3]
    if base_info["programs"] or base_info["libraries"]:
        print("googletest.py: the baseline has renamed symbols?")
        bad = 1
    print("googletest.py: %s" % ("FAILED" if bad else "ok"))
    return bad


if __name__ == "__main__":
    sys.exit(main())

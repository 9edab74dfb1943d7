#!/usr/bin/env python3
"""Runs every uniqlink benchmark and writes the results table (and plot).

utils/bench.sh builds the tools and calls this. Each figure is a ratio of
timings taken in the same run (min of N, cases interleaved), so that load
from other processes hits both sides alike. Stdlib only.

  bench.py --build DIR [--quick] [--work DIR] [--out FILE.md] [--svg FILE]
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODES = ["hash", "uuid", "hash+uuid"]

# Targets from the issue (#7).
TARGET_PASS_O2 = 0.5        # percent of -O2
TARGET_PASS_SHASH = 1.5     # x the detailed structural hash
TARGET_SCALE = 1.3          # ns/function at 1M vs 10k
TARGET_CHECK_NM = 2.0       # x llvm-nm --defined-only
TARGET_REG_BYTES = 100      # registry bytes per symbol, plus the name
TARGET_JIT = 3.0            # percent LLJIT overhead with the checker (#17)
TARGET_ODR_O2 = 1.5         # percent of -O2: ODR hashes + table (#17)
TARGET_NUMBA_COMPILE = 5.0  # percent, numba's first compile with the guard
TARGET_NUMBA_LOAD = 10.0    # percent, numba's cache load with the guard
NUMBA_PYTHON = "/usr/bin/python3"  # Debian's, with numba 0.56


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def llvm_tool(name, version):
    for cand in (name + "-" + version,
                 "/usr/lib/llvm-%s/bin/%s" % (version, name)):
        path = shutil.which(cand)
        if path:
            return path
    sys.exit("bench: %s-%s not found" % (name, version))


def gbench(tool, args, out_json, reps):
    """Runs uniqlink-bench; returns {name: {"cpu": s, "real": s, counters}}
    taken from the "min" aggregate of each case."""
    run([tool] + args + [
        "--benchmark_repetitions=%d" % reps,
        "--benchmark_enable_random_interleaving=true",
        "--benchmark_report_aggregates_only=true",
        "--benchmark_out=" + out_json, "--benchmark_out_format=json"],
        stdout=subprocess.DEVNULL)
    with open(out_json) as f:
        data = json.load(f)
    res = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "min":
            continue
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        entry = {k: v for k, v in b.items() if isinstance(v, (int, float))}
        entry["cpu"] = b["cpu_time"] * scale
        entry["real"] = b["real_time"] * scale
        res[b["run_name"].replace("/iterations:1", "")] = entry
    return res, data.get("context", {})


def time_process(cmd, reps):
    """min CPU time (user+sys), min wall time, max RSS of a command."""
    cpu, wall, rss = [], [], 0
    for _ in range(reps):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall.append(time.perf_counter() - t0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # uniqlink-check: 1 = something rejected
            sys.exit("bench: %s exited with %d" % (cmd[0], code))
        cpu.append(ru.ru_utime + ru.ru_stime)
        rss = max(rss, ru.ru_maxrss * 1024)
    return min(cpu), min(wall), rss


# --- inputs ---------------------------------------------------------------

def make_big_bc(a, work):
    out = os.path.join(work, "big.bc")
    if not os.path.exists(out):
        run([a.clangxx, "-w", "-std=c++17", "-O2", "-Xclang",
             "-disable-llvm-passes", "-emit-llvm", "-c",
             os.path.join(HERE, "inputs", "big.cpp"), "-o", out])
    return out


# --- groups -----------------------------------------------------------------

def bench_pipeline(a, work, res):
    if a.quick:
        bc = os.path.join(work, "gen-2000.bc")
        run([a.tool, "--emit-module=2000", "-o", bc])
    else:
        bc = make_big_bc(a, work)
    # Two processes: the rows on the unoptimized module see a fresh process,
    # as `opt -passes=...` would; -O2 itself and the after-O2 rows (the -O2
    # output built in process, where clang runs the pass) run in a second
    # one. Sharing one process, the -O2 runs left the heap and the context
    # in a state that made the unoptimized rows up to 1.6x slower.
    r, ctx = gbench(a.tool, ["--input=" + bc],
                    os.path.join(work, "pipeline.json"), a.reps)
    r2, _ = gbench(a.tool, ["--input=" + bc, "--o2",
                            "--benchmark_filter=^pipeline/(O2|after-O2/)"],
                   os.path.join(work, "pipeline-o2.json"), a.reps)
    r.update(r2)
    res["pipeline"] = {k.split("/", 1)[1]: v for k, v in r.items()}
    if a.quick:
        # The generated module: every function is renamed, in every mode.
        for m in MODES:
            got = res["pipeline"]["unique-linkonce/" + m].get("renamed")
            if got != 2000:
                sys.exit("bench: %s renamed %s of 2000 generated functions"
                         % (m, got))
    res["pipeline_input"] = os.path.basename(bc)
    res["context"] = ctx


def bench_scaling(a, work, res):
    sizes = [1000, 10000] if a.quick else [1000, 10000, 100000, 1000000]
    out = {}
    for n in sizes:
        # Small sizes are cheap and their noise sets the reference: more
        # repetitions there (the ratio's denominator is the 10k figure).
        reps = a.reps if n >= 1000000 or a.quick else max(a.reps, 5)
        r, _ = gbench(a.tool, ["--scale=%d" % n],
                      os.path.join(work, "scale-%d.json" % n), reps)
        for name, v in r.items():
            mode = name.split("/")[2]
            out.setdefault(mode, {})[n] = v
    res["scaling"] = out


def archives(a):
    if a.quick:
        return sorted(glob.glob(os.path.join(a.build, "lib", "*.a")))
    return sorted(glob.glob("/usr/lib/llvm-%s/lib/*.a" % a.llvm))


def bench_check(a, work, res):
    files = archives(a)
    reps = a.reps
    check = time_process([os.path.join(a.build, "bin", "uniqlink-check"),
                          "--quiet"] + files, reps)
    nm = time_process([a.nm, "--defined-only"] + files, reps)
    r, _ = gbench(a.tool, ["--archives=" + ",".join(files)],
                  os.path.join(work, "check.json"), reps)
    res["check"] = {"files": len(files),
                    "bytes": sum(os.path.getsize(f) for f in files),
                    "uniqlink-check": check, "llvm-nm": nm,
                    "inproc": r["check/admit-all"]}


def bench_jit(a, work, res):
    n = 100 if a.quick else 1000
    p = run([os.path.join(a.build, "bin", "uniqlink-jit"), "--bench=%d" % n],
            stdout=subprocess.PIPE, text=True)
    res["jit_checker_text"] = p.stdout
    r, _ = gbench(a.tool, ["--jit=%d" % n], os.path.join(work, "jit.json"),
                  a.reps)
    res["jit"] = {k.split("/")[2]: v for k, v in r.items()}
    res["jit_modules"] = n


# Code size: googletest's own tests, each linked with gtest-all and
# gtest_main, built without the plugin and in each mode.
# Three of them (28 compiles in all) keep the run under ~15 minutes.
GTEST_TESTS = ["googletest-printers-test.cc", "googletest-param-test-test.cc",
               "gtest-typed-test_test.cc"]
GTEST_EXTRA = {"googletest-param-test-test.cc":
               ["googletest-param-test2-test.cc"],
               "gtest-typed-test_test.cc": ["gtest-typed-test2_test.cc"]}

QUICK_SRC = {
    "common.h": "#include <string>\n#include <vector>\n"
                "inline int sum(const std::vector<int> &v) {\n"
                "  int s = 0; for (int x : v) s += x; return s; }\n"
                "template <class T> T twice(T x) { return x + x; }\n",
    "a.cpp": '#include "common.h"\nint a() { return sum({1, 2}) + '
             'twice(3) + (int)twice(std::string("a")).size(); }\n',
    "b.cpp": '#include "common.h"\nint a();\nint main() { return sum({3}) + '
             'twice(4) + a() + (int)twice(std::string("b")).size(); }\n',
}


def codesize_programs(a, work):
    """[(program, [sources], [include dirs])]"""
    if a.quick:
        d = os.path.join(work, "quick-src")
        os.makedirs(d, exist_ok=True)
        for name, text in QUICK_SRC.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        return [("quick", [os.path.join(d, "a.cpp"), os.path.join(d, "b.cpp")],
                 [d])]
    g = os.path.join(a.gtest_src, "googletest")
    inc = [os.path.join(g, "include"), g]
    lib = [os.path.join(g, "src", "gtest-all.cc"),
           os.path.join(g, "src", "gtest_main.cc")]
    progs = []
    for t in GTEST_TESTS:
        srcs = [os.path.join(g, "test", s) for s in [t] + GTEST_EXTRA.get(t, [])]
        with open(srcs[0]) as f:
            own_main = "int main(" in f.read()
        progs.append((t.rsplit(".", 1)[0],
                      (lib[:1] if own_main else lib) + srcs, inc))
    return progs


def bench_codesize(a, work, res):
    plugin = os.path.join(a.build, "lib", "UniqueLinkoncePlugin.so")
    configs = [("none", [])] + [
        (m, ["-fplugin=" + plugin, "-fpass-plugin=" + plugin,
             "-mllvm", "-unique-linkonce-mode=" + m]) for m in MODES]
    progs = codesize_programs(a, work)
    jobs = []
    for cfg, flags in configs:
        for prog, srcs, inc in progs:
            for s in srcs:
                obj = os.path.join(work, "cs", cfg, os.path.basename(s) + ".o")
                jobs.append((obj, [a.clangxx, "-w", "-std=c++17", "-O2",
                                   "-DGTEST_HAS_PTHREAD=1"] +
                             ["-I" + i for i in inc] + flags +
                             ["-c", s, "-o", obj]))
    uniq = {}
    for obj, cmd in jobs:
        uniq.setdefault(obj, cmd)
    for obj in uniq:
        os.makedirs(os.path.dirname(obj), exist_ok=True)

    def compile_one(item):
        obj, cmd = item
        # Reuse an object newer than its source, the plugin and the compiler.
        deps = [plugin, a.clangxx] + [c for c in cmd if c.endswith(".cc")
                                      or c.endswith(".cpp")]
        if not os.path.exists(obj) or os.path.getmtime(obj) < max(
                os.path.getmtime(d) for d in deps if os.path.exists(d)):
            subprocess.run(cmd, check=True)
        return obj
    log("compiling %d objects for the code-size comparison" % len(uniq))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        list(ex.map(compile_one, uniq.items()))

    out = {}
    for cfg, _ in configs:
        text = syms = 0
        for prog, srcs, inc in progs:
            objs = [os.path.join(work, "cs", cfg, os.path.basename(s) + ".o")
                    for s in srcs]
            exe = os.path.join(work, "cs", cfg, prog)
            run([a.clangxx, "-o", exe] + objs + ["-lpthread"])
            size = subprocess.run([a.size, "-A", exe], check=True, text=True,
                                  stdout=subprocess.PIPE).stdout
            for line in size.splitlines():
                f = line.split()
                if f and f[0] == ".text":
                    text += int(f[1])
            nm = subprocess.run([a.nm, "--defined-only", exe], check=True,
                                text=True, stdout=subprocess.PIPE).stdout
            syms += sum(1 for line in nm.splitlines()
                        if line.split()[-2:-1] and
                        line.split()[-2] in ("T", "t", "W", "w"))
        out[cfg] = {"text": text, "functions": syms}
    res["codesize"] = {"programs": [p for p, _, _ in progs], "configs": out}


# --- report ---------------------------------------------------------------

def fmt_time(s):
    return "%.1f ms" % (s * 1e3) if s < 10 else "%.2f s" % s


def verdict(ok):
    if ok is None:
        return ""
    return "met" if ok else "**missed**"


def bench_numba(a, work, res):
    """The numba guard (wheel's library, this build's LLVM) against plain
    numba: test/numba/bench.py, both configurations alternating in one run."""
    lib = os.path.join(a.build, "lib", "libuniqlink-c-standalone.so")
    if not os.path.exists(lib) or subprocess.run(
            [NUMBA_PYTHON, "-c", "import numba"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        log("numba: skipped (no standalone library or no numba)")
        return
    runs = 1 if a.quick else max(a.reps, 7)
    env = dict(os.environ, UNIQLINK_C_LIBRARY=lib,
               PYTHONPATH=os.path.join(ROOT, "python"))
    env.pop("UNIQLINK_NUMBA", None)
    out = subprocess.run(
        [NUMBA_PYTHON, os.path.join(ROOT, "test", "numba", "bench.py"),
         "--runs", str(runs), "--json"], env=env, stdout=subprocess.PIPE,
        check=True, universal_newlines=True).stdout
    res["numba"] = json.loads(out.splitlines()[-1])


def write_report(a, res, path, svg_path):
    L = []
    ctx = res.get("context", {})
    llvm_version = subprocess.run([a.llvm_config, "--version"], text=True,
                                  stdout=subprocess.PIPE).stdout.strip()
    try:
        load = "%.1f" % os.getloadavg()[0]
    except OSError:
        load = "?"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    L.append("# uniqlink benchmarks\n")
    L.append("Regenerated by `./utils/bench.sh` (%s). Every ratio compares "
             "timings taken in the same run: each case is repeated %d times, "
             "cases interleaved in random order, and the minimum is kept "
             "(CPU time of the timing thread; wall time for the JIT). Do not "
             "compare absolute times across machines.\n"
             % ("--quick" if a.quick else "full", a.reps))
    L.append("| machine | LLVM | date | CPUs | load at end |")
    L.append("| --- | --- | --- | --- | --- |")
    L.append("| %s | %s | %s | %s | %s |\n" % (
        cpu, llvm_version, datetime.datetime.now(datetime.timezone.utc)
        .strftime("%Y-%m-%d %H:%M UTC"), ctx.get("num_cpus", os.cpu_count()),
        load))

    summary = []
    p = res.get("pipeline")
    if p:
        n = int(p["read"].get("linkonce_odr_functions", 0))
        L.append("## The pass next to the pipeline it rides in\n")
        L.append("Input: `%s` (%d linkonce_odr functions)%s.\n" % (
            res["pipeline_input"], n,
            "" if a.quick else ", from tools/uniqlink-bench/inputs/big.cpp"
            " at -O2 with `-disable-llvm-passes`"))
        L.append("`after-O2/...` rows run on the -O2 output, where clang "
                 "runs the pass (OptimizerLast), and are compared with the "
                 "structural-hash printer on that same output; the other rows "
                 "all see the unoptimized module. renamed: symbols the pass "
                 "renamed (for the odr rows: definitions hashed).\n")
        L.append("| case | time (min) | vs -O2 | vs `print<structural-hash>"
                 "<detailed>` | "
                 "vs read+write | renamed |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        o2 = p["O2"]["cpu"]
        sh = p["print<structural-hash><detailed>"]["cpu"]
        sh_after = p["after-O2/print<structural-hash><detailed>"]["cpu"]
        rw = p["read"]["cpu"] + p["write"]["cpu"]
        rows = ["read", "write", "verify", "structural-hash",
                "print<structural-hash><detailed>"] + [
            "unique-linkonce/" + m for m in MODES] + [
            "after-O2/print<structural-hash><detailed>"] + [
            "after-O2/unique-linkonce/" + m for m in MODES] + [
            "odr-hash", "odr-hash<on-copy>", "odr-table", "O2"]
        for r in rows:
            t = p[r]["cpu"]
            ren = p[r].get("renamed", p[r].get("hashed"))
            base = sh_after if r.startswith("after-O2/") else sh
            L.append("| `%s` | %s | %.2f %% | %.2fx | %.2fx | %s |" % (
                r, fmt_time(t), 100 * t / o2, t / base, t / rw,
                "" if ren is None else "%d" % ren))
        L.append("")
        worst = max(p["unique-linkonce/" + m]["cpu"] for m in MODES)
        summary.append(("pass / -O2 (worst mode)",
                        "%.2f %%" % (100 * worst / o2),
                        "<= %.1f %%" % TARGET_PASS_O2,
                        worst / o2 * 100 <= TARGET_PASS_O2))
        after = max(p["after-O2/unique-linkonce/" + m]["cpu"] for m in MODES)
        summary.append(("pass where clang runs it (on the -O2 output) / -O2",
                        "%.2f %%" % (100 * after / o2),
                        "<= %.1f %%" % TARGET_PASS_O2,
                        after / o2 * 100 <= TARGET_PASS_O2))
        summary.append(("pass / `print<structural-hash><detailed>` (worst)",
                        "%.2fx" % (worst / sh), "<= %.1fx" % TARGET_PASS_SHASH,
                        worst / sh <= TARGET_PASS_SHASH))
        odr = p["odr-table"]["cpu"]
        summary.append(("ODR table (hashes + table) / -O2",
                        "%.2f %%" % (100 * odr / o2),
                        "<= %.1f %%" % TARGET_ODR_O2,
                        odr / o2 * 100 <= TARGET_ODR_O2))
        summary.append(("the same, both on the -O2 output (worst)",
                        "%.2fx" % (after / sh_after),
                        "<= %.1fx" % TARGET_PASS_SHASH,
                        after / sh_after <= TARGET_PASS_SHASH))

    sc = res.get("scaling")
    if sc:
        # JSON object keys are strings.
        sc = {m: {int(n): v for n, v in d.items()} for m, d in sc.items()}
        L.append("## Scaling with the number of linkonce_odr functions\n")
        L.append("Generated modules (tools/uniqlink-bench/GenModule.cpp: "
                 "calls between the functions, self and mutual recursion, "
                 "private constants, one comdat each). Memory: peak RSS "
                 "during the pass above the RSS before it, and the module's "
                 "own size. Baseline: `print<structural-hash><detailed>` on "
                 "the same module (timed in the hash-mode case): how a plain "
                 "walk over the IR scales on this machine. LLVM floor: what "
                 "LLVM itself does for any renaming of every function "
                 "(`setName` and a new comdat each, names as long as the "
                 "pass's), timed after the hash-mode pass on its output: "
                 "the part of the pass no code of ours can change.\n")
        L.append("| functions | " + " | ".join(
            "%s ns/fn" % m for m in MODES) +
            " | baseline ns/fn | LLVM floor ns/fn | pass peak (hash) "
            "| module |")
        L.append("| ---: | " + " | ".join("---:" for _ in MODES) +
                 " | ---: | ---: | ---: | ---: |")
        sizes = sorted(sc[MODES[0]])

        def base_ns(n):
            return sc["hash"][n].get("structural_hash_ms", 0) * 1e6 / n

        def floor_ns(n):
            return sc["hash"][n].get("llvm_rename_floor_ms", 0) * 1e6 / n
        for n in sizes:
            cells = ["%.0f" % (sc[m][n]["cpu"] / n * 1e9) for m in MODES]
            h = sc["hash"][n]
            L.append("| %d | %s | %.0f | %.0f | %.1f MB | %.1f MB |" % (
                n, " | ".join(cells), base_ns(n), floor_ns(n),
                h.get("pass_peak_MB", 0), h.get("module_MB", 0)))
        L.append("")
        if svg_path:
            write_svg(sc, svg_path)
            L.append("![ns per function against module size](%s)\n" %
                     os.path.relpath(svg_path, os.path.dirname(path)))
        big, ref = max(sizes), 10000 if 10000 in sizes else min(sizes)
        worst = max((sc[m][big]["cpu"] / big) / (sc[m][ref]["cpu"] / ref)
                    for m in MODES)
        summary.append(("ns/function at %d vs %d (worst mode)" % (big, ref),
                        "%.2fx" % worst, "<= %.1fx" % TARGET_SCALE,
                        worst <= TARGET_SCALE))
        if base_ns(ref) > 0:
            summary.append(("the baseline's ns/function at %d vs %d (no "
                             "target: what the machine gives)" % (big, ref),
                             "%.2fx" % (base_ns(big) / base_ns(ref)), "", None))
        if floor_ns(ref) > 0:
            summary.append(("LLVM's own renaming (setName, a new comdat) per "
                            "function at %d vs %d (no target: the floor the "
                            "pass sits on)" % (big, ref),
                            "%.2fx" % (floor_ns(big) / floor_ns(ref)), "",
                            None))

            def own_ns(n):
                return sc["hash"][n]["cpu"] / n * 1e9 - floor_ns(n)
            summary.append(("the pass minus that floor (hash mode), per "
                            "function at %d vs %d (no target)" % (big, ref),
                            "%.2fx" % (own_ns(big) / own_ns(ref)), "", None))

    c = res.get("check")
    if c:
        ck, nm, ip = c["uniqlink-check"], c["llvm-nm"], c["inproc"]
        mb = c["bytes"] / 1e6
        L.append("## The checker\n")
        L.append("%d static archives (%.0f MB)%s. Whole processes, CPU time "
                 "(user+sys), min of %d:\n" % (
                     c["files"], mb, "" if a.quick else
                     " from /usr/lib/llvm-%s/lib" % a.llvm, a.reps))
        L.append("| command | CPU | wall | peak RSS | vs llvm-nm |")
        L.append("| --- | ---: | ---: | ---: | ---: |")
        L.append("| `llvm-nm --defined-only` | %s | %s | %.0f MB | 1.00x |" % (
            fmt_time(nm[0]), fmt_time(nm[1]), nm[2] / 1e6))
        L.append("| `uniqlink-check --quiet` | %s | %s | %.0f MB | %.2fx |\n"
                 % (fmt_time(ck[0]), fmt_time(ck[1]), ck[2] / 1e6,
                    ck[0] / nm[0]))
        t = ip["cpu"]
        L.append("In process (fingerprint + admit, files already mapped): "
                 "%d objects, %d symbols, %d registered names in %s: "
                 "%.2f M symbols/s, %.0f MB/s; the registry keeps %.0f bytes "
                 "per registered name plus the name (mean %.0f bytes).\n" % (
                     ip["objects"], ip["symbols"], ip["registered"],
                     fmt_time(t), ip["symbols"] / t / 1e6, mb / t,
                     ip["registry_bytes_per_symbol"], ip["mean_name_bytes"]))
        summary.append(("uniqlink-check / llvm-nm --defined-only",
                        "%.2fx" % (ck[0] / nm[0]), "<= %.1fx" % TARGET_CHECK_NM,
                        ck[0] / nm[0] <= TARGET_CHECK_NM))
        summary.append(("registry bytes per symbol (+ name)",
                        "%.0f" % ip["registry_bytes_per_symbol"],
                        "<= %d" % TARGET_REG_BYTES,
                        ip["registry_bytes_per_symbol"] <= TARGET_REG_BYTES))

    j = res.get("jit")
    if j:
        L.append("## In LLJIT\n")
        L.append("`uniqlink-jit --bench=%d` (objects through the checker "
                 "plugin; its own min/median of 21 rounds):\n" %
                 res["jit_modules"])
        L.append("```\n" + res["jit_checker_text"].rstrip() + "\n```\n")
        L.append("Rename-then-add vs plain add of %d IR modules (compile + "
                 "link every entry; wall time, min):\n" % res["jit_modules"])
        L.append("| how | time | vs plain |")
        L.append("| --- | ---: | ---: |")
        plain = j["plain"]["real"]
        for k in ["plain", "rename-hash", "rename-hash+uuid"]:
            L.append("| %s | %s | %+.1f %% |" % (
                k, fmt_time(j[k]["real"]), 100 * (j[k]["real"] / plain - 1)))
        L.append("")
        for line in res["jit_checker_text"].splitlines():
            if "end-to-end delta" in line:
                pct = float(line.split("delta")[1].split("%")[0])
                summary.append(("LLJIT overhead of the checker plugin (min)",
                                "%.1f %%" % pct, "<= %.0f %%" % TARGET_JIT,
                                pct <= TARGET_JIT))

    nb = res.get("numba")
    if nb:
        L.append("## The numba guard\n")
        L.append("`test/numba/bench.py --runs %d`: the %d first calls of "
                 "test/numba/smoke/smoke_kernels.py, compiled into a fresh "
                 "cache and then loaded from it, plain numba and with the "
                 "guard (libuniqlink-c-standalone.so) alternating in one "
                 "run; medians.\n" % (nb["runs"],
                                       nb["phases"]["compile"]["functions"]))
        L.append("| phase | plain | guard | guard / plain | per function "
                 "(median ratio) | inside the guard: rename + admit |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for phase, target in (("compile", TARGET_NUMBA_COMPILE),
                              ("load", TARGET_NUMBA_LOAD)):
            ph = nb["phases"][phase]
            inside = ph["inside"]
            L.append("| %s | %s | %s | %.3f | %.3f | %s + %s |" % (
                phase, fmt_time(ph["plain"]), fmt_time(ph["guard"]),
                ph["ratio"], ph["per_function_ratio"],
                fmt_time(inside["rename seconds"]),
                fmt_time(inside["admit seconds"])))
            pct = 100 * (max(ph["ratio"], ph["per_function_ratio"]) - 1)
            summary.append(("numba guard, %s (worst of total and per "
                            "function)" % phase, "%+.1f %%" % pct,
                            "< %.0f %%" % target, pct < target))
        L.append("")

    cs = res.get("codesize")
    if cs:
        L.append("## Code size\n")
        L.append("%s, `-O2`; sums over the programs (%s). Functions: "
                 "defined T/t/W/w symbols of the linked programs.\n" % (
                     "A two-file program sharing inline functions" if a.quick
                     else "googletest's own tests from /usr/src/googletest, "
                     "each linked with gtest-all and gtest_main",
                     ", ".join(cs["programs"])))
        L.append("| build | .text bytes | vs none | functions | vs none |")
        L.append("| --- | ---: | ---: | ---: | ---: |")
        base = cs["configs"]["none"]
        for cfg in ["none"] + MODES:
            v = cs["configs"][cfg]
            L.append("| %s | %d | %+.1f %% | %d | %+.1f %% |" % (
                cfg, v["text"], 100 * (v["text"] / base["text"] - 1),
                v["functions"],
                100 * (v["functions"] / base["functions"] - 1)))
        L.append("")

    head = ["## Against the targets\n",
            "| figure | measured | target | |", "| --- | ---: | ---: | --- |"]
    for name, val, tgt, ok in summary:
        head.append("| %s | %s | %s | %s |" % (name, val, tgt, verdict(ok)))
    head.append("")
    notes = os.path.join(HERE, "NOTES.md")
    tail = []
    if os.path.exists(notes) and not a.quick:
        with open(notes) as f:
            tail = ["", f.read().rstrip(), ""]
    with open(path, "w") as f:
        f.write("\n".join(L[:5] + head + L[5:] + tail) + "\n")
    log("wrote " + path)


def write_svg(sc, path):
    """ns/function against log10(functions), one line per mode."""
    import math
    W, H, M = 560, 320, 60
    sizes = sorted(sc[MODES[0]])
    ys = [sc[m][n]["cpu"] / n * 1e9 for m in MODES for n in sizes]
    ymax = max(ys) * 1.15
    xs = [math.log10(n) for n in sizes]
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1

    def X(n):
        return M + (math.log10(n) - x0) / (x1 - x0) * (W - 2 * M)

    def Y(v):
        return H - M + 20 - v / ymax * (H - 2 * M)
    colors = ["#1f77b4", "#d62728", "#2ca02c"]
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="14">unique-linkonce: ns per '
           'function vs module size</text>' % M]
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (
        M, Y(0), W - M, Y(0)))
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (
        M, Y(0), M, Y(ymax)))
    for n in sizes:
        out.append('<text x="%.0f" y="%.0f" text-anchor="middle">%s</text>'
                   % (X(n), Y(0) + 16, "{:,}".format(n)))
    for k in range(5):
        v = ymax * k / 4
        out.append('<text x="%d" y="%.0f" text-anchor="end">%.0f</text>' % (
            M - 6, Y(v) + 4, v))
        out.append('<line x1="%d" y1="%.0f" x2="%d" y2="%.0f" '
                   'stroke="#ddd"/>' % (M, Y(v), W - M, Y(v)))
    out.append('<text x="%d" y="%d" text-anchor="middle">linkonce_odr '
               'functions in the module (log scale)</text>' % (W / 2, H - 8))
    for i, m in enumerate(MODES):
        pts = " ".join("%.1f,%.1f" % (X(n), Y(sc[m][n]["cpu"] / n * 1e9))
                       for n in sizes)
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" '
                   'points="%s"/>' % (colors[i], pts))
        out.append('<text x="%d" y="%d" fill="%s">%s</text>' % (
            W - M + 5, 60 + 16 * i, colors[i], m))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true",
                    help="tiny inputs, 2 repetitions: checks that it all runs")
    ap.add_argument("--work", default="/tmp/uniqlink-bench")
    ap.add_argument("--out", help="results table (Markdown)")
    ap.add_argument("--svg", help="scaling plot")
    ap.add_argument("--reps", type=int)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--llvm", default=os.environ.get(
        "UNIQLINK_LLVM_VERSION", "19"))
    ap.add_argument("--gtest-src", default="/usr/src/googletest")
    ap.add_argument("--only", help="comma-separated groups: pipeline,scaling,"
                    "check,jit,codesize,numba")
    ap.add_argument("--report-only", action="store_true",
                    help="only write the report from the saved results")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    a.reps = a.reps or (2 if a.quick else 3)
    a.tool = os.path.join(a.build, "bin", "uniqlink-bench")
    a.clangxx = llvm_tool("clang++", a.llvm)
    a.nm = llvm_tool("llvm-nm", a.llvm)
    a.size = llvm_tool("llvm-size", a.llvm)
    a.llvm_config = llvm_tool("llvm-config", a.llvm)
    work = os.path.join(a.work, "quick" if a.quick else "full")
    os.makedirs(work, exist_ok=True)
    if not a.out:
        a.out = os.path.join(work, "benchmarks.md")
    if not a.svg:
        a.svg = os.path.join(os.path.dirname(os.path.abspath(a.out)),
                             "scaling.svg")
    groups = {"pipeline": bench_pipeline, "scaling": bench_scaling,
              "check": bench_check, "jit": bench_jit,
              "codesize": bench_codesize, "numba": bench_numba}
    only = a.only.split(",") if a.only else list(groups)
    t0 = time.time()
    # Each group's results go to their own file, so a group can be rerun
    # alone (or concurrently: --only=codesize in another process) and the
    # report (--report-only) still has all of them.
    for g in ([] if a.report_only else only):
        log("group %s" % g)
        res = {}
        groups[g](a, work, res)
        with open(os.path.join(work, "results-%s.json" % g), "w") as f:
            json.dump(res, f, indent=1, default=str)
    res = {}
    for g in groups:
        path = os.path.join(work, "results-%s.json" % g)
        if os.path.exists(path):
            with open(path) as f:
                res.update(json.load(f))
    write_report(a, res, a.out, a.svg)
    log("done in %.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()

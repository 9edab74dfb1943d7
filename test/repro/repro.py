#!/usr/bin/env python3
# Reproducibility of objects built with the unique-linkonce plugin, for build
# caches, distributed builds and reproducible packages (issue 18). The small
# multi-TU C++ project in project/ (inline functions, templates, a vtable
# without a key function: linkonce_odr definitions) is copied into fresh
# directories and built there by a generated build.ninja that, like CMake's,
# names every source by its absolute path.
#
#   repro.py dirs    hash mode: two directories, -j1 vs -j2 with the build
#                    statements in opposite orders -> every object and the
#                    program identical (cmp), with renamed symbols in them;
#                    hash+uuid with a fixed uuid= likewise; without
#                    -ffile-prefix-map the directory shows (the comparison can
#                    fail); uuid and hash+uuid with a random uuid -> different
#                    objects and different names from run to run.
#   repro.py ccache  ccache in front of clang++: the second build (another
#                    directory) hits for every object and its objects are
#                    identical to an uncached build; with the plugin in
#                    CCACHE_EXTRAFILES a changed plugin misses; without it
#                    ccache returns the stale objects (what docs/modes.md
#                    warns about).
#
# Exit 0 when every assertion holds; the first failure is printed.
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")
UNITS = ["a", "b", "c", "d", "main"]
# The program's output up to __FILE__, which follows as mapped by
# -ffile-prefix-map (./src/shapes.h or src/shapes.h).
EXPECTED = "a=42 b=124 c=5.5 d=repro:"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("ok:", what)


def run(cmd, cwd=None, env=None):
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if p.returncode != 0:
        raise Failure("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode,
                                               p.stdout))
    return p.stdout


class Builder:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)

    def build(self, tree, mode=None, uuid=None, jobs=1, reverse=False,
              prefix_map=True, launcher=None, plugin=None, env=None,
              units=UNITS, link=True, relative=False):
        """\p mode "default" passes only -fpass-plugin (mode hash+uuid), None
        no plugin at all. Copies the project to <work>/<tree>/src, builds it in
        <work>/<tree>/build with ninja -j<jobs> and returns the build
        directory. \\p reverse writes the build statements in reverse order
        (another job order at -j1, another interleaving at -j2);
        \p relative names sources ../src/<unit>.cpp, as ccache's base_dir
        rewrites them."""
        root = os.path.join(self.work, tree)
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(PROJECT, os.path.join(root, "src"))
        build = os.path.join(root, "build")
        os.makedirs(build)
        plugin = plugin or self.args.plugin
        flags = ["-std=c++17", "-O2", "-g"]
        if prefix_map:
            flags.append("-ffile-prefix-map=%s=." % root)
        if mode == "default":
            flags.append("-fpass-plugin=" + plugin)
        elif mode:
            flags += ["-fplugin=" + plugin, "-fpass-plugin=" + plugin,
                      "-mllvm", "-unique-linkonce-mode=" + mode]
            if uuid:
                flags += ["-mllvm", "-unique-linkonce-uuid=" + uuid]
        order = list(reversed(units)) if reverse else list(units)
        with open(os.path.join(build, "build.ninja"), "w") as f:
            f.write("cxx = %s\nflags = %s\n" % (
                " ".join(([launcher] if launcher else []) + [self.args.cxx]),
                " ".join(flags)))
            f.write("rule cxx\n  command = $cxx $flags -c $in -o $out\n")
            f.write("rule link\n  command = %s $in -o $out\n" % self.args.cxx)
            for u in order:
                f.write("build %s.o: cxx %s/src/%s.cpp\n" %
                        (u, ".." if relative else root, u))
            if link:
                f.write("build prog: link %s\n" %
                        " ".join(u + ".o" for u in units))
        run([self.args.ninja, "-j%d" % jobs], cwd=build, env=env)
        return build

    def renamed(self, build, unit):
        """The renamed symbols a unit defines, as {original: suffix}."""
        out = run([self.args.nm, "--defined-only",
                   os.path.join(build, unit + ".o")])
        names = {}
        for line in out.splitlines():
            name = line.split()[-1]
            if ".__ul." in name:
                base, suffix = name.split(".__ul.", 1)
                names[base] = suffix
        return names


def same(a, b, unit):
    """cmp: the files are byte-identical."""
    return subprocess.run(["cmp", "-s", os.path.join(a, unit),
                           os.path.join(b, unit)]).returncode == 0


def all_same(a, b, files):
    diff = [f for f in files if not same(a, b, f)]
    if diff:
        print("differ:", " ".join(diff))
    return not diff


def objects():
    return [u + ".o" for u in UNITS]


def test_dirs(b):
    # hash mode: another directory, another job count, another order.
    mode = b.args.identical_mode
    one = b.build("hash-one", mode=mode, jobs=1)
    two = b.build("hash-two", mode=mode, jobs=2, reverse=True)
    names = b.renamed(one, "a")
    check(len(names) >= 5 and all(s.isdigit() for s in names.values()),
          "%s mode renamed a.o's linkonce_odr definitions (%d)" %
          (mode, len(names)))
    out = run([os.path.join(one, "prog")])
    check(out.startswith(EXPECTED) and out.rstrip().endswith("src/shapes.h")
          and b.work not in out,
          "the %s-mode program prints %r<mapped path>" % (mode, EXPECTED))
    check(all_same(one, two, objects() + ["prog"]),
          "%s mode: objects and program identical across directories, "
          "-j1 vs -j2, both orders" % mode)

    # Without -ffile-prefix-map the directory is in the debug info and in
    # __FILE__: the comparison above would have seen it.
    nomap = b.build("hash-nomap", mode="hash", prefix_map=False,
                    units=["d"], link=False)
    check(not same(os.path.join(b.work, "hash-one", "build"), nomap, "d.o"),
          "without -ffile-prefix-map d.o differs from another directory's")

    # A fixed uuid is as reproducible as hash mode.
    one = b.build("fixed-one", mode="hash+uuid", uuid="4242", jobs=1)
    two = b.build("fixed-two", mode="hash+uuid", uuid="4242", jobs=2,
                  reverse=True)
    names = b.renamed(one, "a")
    check(names and all(s.endswith(".4242") for s in names.values()),
          "hash+uuid with uuid=4242: every name ends in .4242")
    check(all_same(one, two, objects() + ["prog"]),
          "hash+uuid, uuid=4242: objects and program identical across "
          "directories and job counts")

    # A random uuid differs from run to run: same directory, same order.
    for mode in ["uuid", "hash+uuid"]:
        r1 = b.build("random-1", mode=mode, units=["a"], link=False)
        n1 = b.renamed(r1, "a")
        keep = os.path.join(b.work, "random-1.o")
        shutil.copy(os.path.join(r1, "a.o"), keep)
        r2 = b.build("random-1", mode=mode, units=["a"], link=False)
        n2 = b.renamed(r2, "a")
        check(n1 and n1.keys() == n2.keys() and
              all(n1[k] != n2[k] for k in n1),
              "%s with a random uuid: every renamed name differs between "
              "two runs (%d names)" % (mode, len(n1)))
        check(subprocess.run(["cmp", "-s", keep, os.path.join(r2, "a.o")])
              .returncode != 0,
              "%s with a random uuid: a.o differs between two runs" % mode)


def stats(ccache, env):
    """ccache's counters since the last --zero-stats: (hits, misses)."""
    out = run([ccache, "--print-stats"], env=env)
    values = {}
    for line in out.splitlines():
        key, _, value = line.partition("\t")
        if value.strip().isdigit():
            values[key] = int(value)
    hits = values.get("direct_cache_hit", 0) + \
        values.get("preprocessed_cache_hit", 0)
    return hits, values.get("cache_miss", 0)


def test_ccache(b):
    ccache = b.args.ccache
    if not ccache or not shutil.which(ccache):
        raise Failure("no ccache (utils/install-deps.sh installs it)")
    # A copy of the plugin with a 16-byte trailer (ignored by the loader), so
    # that it can change at the same path, with or without keeping its size
    # and modification time.
    plugdir = os.path.join(b.work, "plugin")
    shutil.rmtree(plugdir, ignore_errors=True)
    os.makedirs(plugdir)
    plugin = os.path.join(plugdir, os.path.basename(b.args.plugin))
    shutil.copy(b.args.plugin, plugin)
    with open(plugin, "ab") as f:
        f.write(b"uniqlink-0000000")

    def change_plugin(version, keep_stat):
        st = os.stat(plugin)
        with open(plugin, "r+b") as f:
            f.seek(-7, os.SEEK_END)
            f.write(b"%07d" % version)
        if keep_stat:
            os.utime(plugin, ns=(st.st_atime_ns, st.st_mtime_ns))
        else:
            os.utime(plugin, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))

    def env_for(cache, extra):
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("CCACHE_"):
                del env[k]
        env.update(CCACHE_DIR=os.path.join(b.work, cache),
                   CCACHE_BASEDIR=b.work, CCACHE_NOHASHDIR="1",
                   CCACHE_CONFIGPATH=os.path.join(b.work, cache + ".conf"))
        if extra:
            env["CCACHE_EXTRAFILES"] = plugin
        shutil.rmtree(env["CCACHE_DIR"], ignore_errors=True)
        return env

    def cached(tree, env, **kw):
        run([ccache, "--zero-stats"], env=env)
        b.build(tree, plugin=plugin, launcher=ccache, env=env, **kw)
        return stats(ccache, env)

    n = len(UNITS)
    # CCACHE_BASEDIR makes the absolute paths under it relative before
    # clang runs (and hashes the relative ones): the uncached reference uses
    # the same relative paths.
    ref = b.build("ccache-ref", mode="hash", plugin=plugin, relative=True)
    env = env_for("cache", True)
    check(cached("ccache-one", env, mode="hash", jobs=2) == (0, n),
          "ccache: the first build misses for all %d objects" % n)
    check(cached("ccache-two", env, mode="hash", jobs=2, reverse=True) ==
          (n, 0),
          "ccache: the second build, in another directory, hits for all "
          "%d objects" % n)
    one = os.path.join(b.work, "ccache-one", "build")
    two = os.path.join(b.work, "ccache-two", "build")
    check(all_same(ref, one, objects() + ["prog"]) and
          all_same(ref, two, objects() + ["prog"]),
          "ccache: missed and hit objects identical to an uncached build")

    # CCACHE_EXTRAFILES=<plugin> hashes its content: any change misses,
    # even one that keeps its size and modification time.
    change_plugin(1, keep_stat=True)
    check(cached("ccache-two", env, mode="hash", jobs=2) == (0, n),
          "ccache with CCACHE_EXTRAFILES=<plugin>: a plugin changed in "
          "place (same size and mtime) misses")

    # Without it ccache hashes a -fplugin= file as it does the compiler
    # (compiler_check, by default its size and mtime): a rebuilt plugin
    # misses, a change that keeps both hits, stale.
    bare = env_for("cache-bare", False)
    one_unit = dict(mode="hash", units=["a"], link=False)
    check(cached("ccache-bare", bare, **one_unit) == (0, 1),
          "ccache without CCACHE_EXTRAFILES: first build misses")
    change_plugin(2, keep_stat=False)
    check(cached("ccache-bare", bare, **one_unit) == (0, 1),
          "ccache without CCACHE_EXTRAFILES: a plugin with a new mtime "
          "misses (-fplugin= is hashed like the compiler)")
    change_plugin(3, keep_stat=True)
    check(cached("ccache-bare", bare, **one_unit) == (1, 0),
          "ccache without CCACHE_EXTRAFILES: a change that keeps size and "
          "mtime hits, stale (docs/modes.md: set CCACHE_EXTRAFILES)")

    # -fpass-plugin= alone (default mode, no -mllvm): ccache never looks at
    # the plugin, so even a rebuilt one hits, stale.
    passonly = env_for("cache-passonly", False)
    alone = dict(mode="default", units=["a"], link=False)
    check(cached("ccache-passonly", passonly, **alone) == (0, 1),
          "ccache, -fpass-plugin alone: first build misses")
    change_plugin(4, keep_stat=False)
    check(cached("ccache-passonly", passonly, **alone) == (1, 0),
          "ccache, -fpass-plugin alone: a rebuilt plugin hits, stale "
          "(docs/modes.md: also pass -fplugin=, or CCACHE_EXTRAFILES)")


def main():
    p = argparse.ArgumentParser(description="Reproducibility of plugin-built objects")
    p.add_argument("what", choices=["dirs", "ccache"])
    p.add_argument("--cxx", required=True, help="clang++ of the plugin's LLVM")
    p.add_argument("--plugin", required=True)
    p.add_argument("--nm", required=True, help="llvm-nm")
    p.add_argument("--ninja", default="ninja")
    p.add_argument("--ccache", default="ccache")
    p.add_argument("--work", required=True, help="scratch directory")
    p.add_argument("--identical-mode", default="hash",
                   help="the mode dirs expects identical objects from (to "
                        "show by hand that the test fails with 'uuid')")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    b = Builder(args)
    try:
        (test_dirs if args.what == "dirs" else test_ccache)(b)
    except Failure as e:
        print("FAIL:", e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

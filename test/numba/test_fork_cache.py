"""numba/numba#10486 end to end: forked children fill two caches whose
objects share mangled names for different bodies; a fresh process loads both.

Expected numbers: a.entry(n) = n! + 1, b.entry(n) = fib(n) + 2 (see
scenario.py). Without the guard b.entry(10) returns 10! + 2 = 3628802 instead
of 57: child A's helper is called from child B's code.
"""

import json
import os
import shutil
import subprocess
import sys

from conftest import report


def wrong_calls(result):
    return [c for c in result["calls"]
            if "value" in c and c["value"] != c["expected"]]


def failed_calls(result):
    return [c for c in result["calls"] if "error" in c]


def test_without_guard_the_fresh_process_gets_wrong_numbers(fork_workdir):
    fill = fork_workdir.scenario("fill")
    assert fill["children"] == {"a": 0, "b": 0}
    load = fork_workdir.scenario("load")
    report("no guard", load)
    assert not failed_calls(load)
    wrong = {(c["kernel"], c["fn"], c["n"]): c["value"]
             for c in wrong_calls(load)}
    # Child A's factorial helper runs inside child B's entry.
    assert wrong == {("b", "entry", 5): 122, ("b", "entry", 10): 3628802}
    # Every function came from the cache: no error, no recompilation.
    assert all(hm == [1, 0] for k in load["caches"].values()
               for hm in k.values())


def test_guard_in_children_and_loader_every_number_is_right(fork_workdir):
    fill = fork_workdir.scenario("fill", "--guard")
    assert fill["children"] == {"a": 0, "b": 0}
    first = fork_workdir.scenario("load", "--guard")
    report("guard everywhere, first load", first)
    assert not wrong_calls(first) and not failed_calls(first)
    # Guarded children draw their own function ids (the counter is reseeded
    # after fork), so not even the strong names of entry and helper are
    # shared: everything loads from the cache, nothing is compiled again.
    assert first["guard"].get("recompiled", 0) == 0
    assert not first["warnings"]
    assert all(hm == [1, 0] for k in first["caches"].values()
               for hm in k.values())
    second = fork_workdir.scenario("load", "--guard")
    report("guard everywhere, second load", second)
    assert not wrong_calls(second) and not failed_calls(second)
    assert not second["warnings"]
    assert all(hm == [1, 0] for k in second["caches"].values()
               for hm in k.values())


def test_old_caches_guard_in_loader_recompiles(fork_workdir):
    fork_workdir.scenario("fill")
    first = fork_workdir.scenario("load", "--guard")
    report("old caches, guard in loader (recompile)", first)
    assert not wrong_calls(first) and not failed_calls(first)
    assert first["guard"]["recompiled"] == 2
    warned = "\n".join(first["warnings"])
    assert "CollisionWarning" in warned
    assert "kernels::helper" in warned
    assert "/a_" in warned and "/b_" in warned  # both cache files
    # The recompiled entries replaced the stale ones: no collision now.
    second = fork_workdir.scenario("load", "--guard")
    report("old caches, guard in loader, second load", second)
    assert not wrong_calls(second) and not failed_calls(second)
    assert not second["warnings"]
    assert all(hm == [1, 0] for k in second["caches"].values()
               for hm in k.values())


def test_old_caches_guard_in_loader_error_policy(fork_workdir):
    fork_workdir.scenario("fill")
    load = fork_workdir.scenario("load", "--guard", "--policy=error")
    report("old caches, guard in loader (error)", load)
    assert not wrong_calls(load)
    assert all(c.get("value") == c["expected"] for c in load["calls"]
               if c["kernel"] == "a")
    errors = failed_calls(load)
    assert errors and all(c["kernel"] == "b" for c in errors)
    for c in errors:
        assert c["error"].startswith("CollisionError: ")
        assert "kernels::" in c["error"]
        assert "/a_" in c["error"] and "/b_" in c["error"]


def test_old_caches_guard_by_environment(fork_workdir):
    """UNIQLINK_NUMBA=1 with uniqlink-numba.pth in a site directory."""
    fork_workdir.scenario("fill")
    prelude = "import site; site.addsitedir(%r)" % fork_workdir.env[
        "PYTHONPATH"].split(":")[0]
    load = fork_workdir.scenario("load", prelude=prelude,
                                 env={"UNIQLINK_NUMBA": "1"})
    report("old caches, UNIQLINK_NUMBA=1", load)
    assert not wrong_calls(load) and not failed_calls(load)
    assert any("CollisionWarning" in w for w in load["warnings"])


def test_fresh_compile_colliding_with_a_loaded_cache_entry_raises(
        fork_workdir):
    """The loader compiles b's code under a's names (numba's counter set
    back): the fresh object is refused, whatever the policy."""
    fork_workdir.scenario("fill")
    shutil.copytree(os.path.join(fork_workdir.workdir, "b"),
                    os.path.join(fork_workdir.workdir, "c"))
    plain = fork_workdir.scenario("fresh")
    assert plain["names"]["a"] == plain["names"]["c"]  # the collision
    guarded = fork_workdir.scenario("fresh", "--guard")
    report("fresh compile under a's names", guarded)
    a_call, c_call = guarded["calls"]
    assert a_call["value"] == a_call["expected"]
    assert "value" not in c_call
    assert c_call["error"].startswith("CollisionError: ")
    assert "<compiled in process" in c_call["error"]
    assert "/a_" in c_call["error"]


def audit(runner):
    """python3 -m uniqlink.numba audit on the runner's cache directory."""
    proc = subprocess.run(
        [sys.executable, "-m", "uniqlink.numba", "audit", "--json",
         runner.env["NUMBA_CACHE_DIR"]], env=runner.env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_audit_reports_colliding_cache_entries(fork_workdir):
    fork_workdir.scenario("fill")
    status, found = audit(fork_workdir)
    print(found)
    assert status == 1
    assert found["entries"] == 4 and found["objects"] == 4
    assert not found["errors"]
    # b's two entries define a's names with other bodies.
    assert sorted(os.path.basename(c["entry"]).split("-")[0]
                  for c in found["collisions"]) == ["kernels.entry",
                                                    "kernels.helper"]
    assert all("/b_" in c["entry"] and "/a_" in c["message"]
               for c in found["collisions"])
    # The guard in a loader replaces the colliding entries: clean now.
    fork_workdir.scenario("load", "--guard")
    status, found = audit(fork_workdir)
    assert (status, found["collisions"]) == (0, [])


def test_audit_of_guarded_caches_is_clean(fork_workdir):
    fork_workdir.scenario("fill", "--guard")
    status, found = audit(fork_workdir)
    assert (status, found["entries"], found["collisions"]) == (0, 4, [])


def test_audit_of_a_broken_entry_is_an_error(fork_workdir, tmp_path):
    bad = tmp_path / "bad.nbc"
    bad.write_bytes(b"\x80\x04not a pickle at all")
    proc = subprocess.run(
        [sys.executable, "-m", "uniqlink.numba", "audit", str(bad)],
        env=fork_workdir.env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "bad.nbc: not a readable numba data file" in proc.stdout

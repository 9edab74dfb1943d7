"""numba's ordinary usage still works with the guard, and cached functions
load from the cache instead of being compiled again each time."""

from conftest import report


def test_smoke_with_guard_compiles_then_loads_from_cache(smoke_workdir):
    first = smoke_workdir.run("smoke/smoke.py", "--guard")
    assert [c for c in first["calls"] if not c["ok"]] == []
    assert first["guard"]["symbols renamed"] > 0
    assert all(misses > 0 for _, misses in first["caches"].values())
    second = smoke_workdir.run("smoke/smoke.py", "--guard")
    report("smoke, second run", second)
    assert [c for c in second["calls"] if not c["ok"]] == []
    assert all(hits > 0 and misses == 0
               for hits, misses in second["caches"].values())
    assert second["guard"]["admitted from cache"] >= len(second["caches"])
    assert "rejected" not in second["guard"]


def test_smoke_guarded_caches_load_without_guard(smoke_workdir):
    """Caches written with the guard are ordinary numba caches."""
    smoke_workdir.run("smoke/smoke.py", "--guard")
    plain = smoke_workdir.run("smoke/smoke.py")
    assert [c for c in plain["calls"] if not c["ok"]] == []
    assert all(misses == 0 for _, misses in plain["caches"].values())

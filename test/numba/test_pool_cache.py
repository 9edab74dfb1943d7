"""The pytensor-shaped scenario (pool_scenario.py): a fork-started pool whose
workers compile same-named functions with different bodies into one cache
directory; a fresh process loads them all. Without the guard some numbers
are wrong (with no error); with it in the workers and the loader, none.
"""

from conftest import report


def wrong(result):
    return [c for c in result["calls"]
            if "value" in c and c["value"] != c["expected"]]


def errors(result):
    return [c for c in result["calls"] if "error" in c]


def test_pool_without_guard_loads_wrong_numbers(tmp_path):
    from conftest import Runner
    runner = Runner(tmp_path)
    fill = runner.run("pool_scenario.py", "fill")
    assert fill == {"tasks": 6, "workers": 2, "ok": 6}
    load = runner.run("pool_scenario.py", "load")
    report("pool, no guard", load)
    assert not errors(load)
    # Graphs 0 and 1 were compiled by two workers from one counter value:
    # one of them runs the other's helper.
    assert wrong(load)


def test_pool_with_guard_every_number_is_right(tmp_path):
    from conftest import Runner
    runner = Runner(tmp_path)
    fill = runner.run("pool_scenario.py", "fill", "--guard")
    assert fill["ok"] == 6 and fill["workers"] == 2
    first = runner.run("pool_scenario.py", "load", "--guard")
    report("pool, guard, first load", first)
    assert not wrong(first) and not errors(first)
    second = runner.run("pool_scenario.py", "load", "--guard")
    report("pool, guard, second load", second)
    assert not wrong(second) and not errors(second)
    # Entries whose strong names collided were compiled again once, and
    # replaced: the second load takes everything from the cache silently.
    assert second["guard"].get("recompiled", 0) == 0
    assert not second["warnings"]

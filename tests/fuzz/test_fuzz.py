"""The fuzz harness in the suite: a bounded number of mutated inputs, none may crash or hang.

`python tests/fuzz/run_long.py --inputs 100000` is the long run (see fuzzing.py for what is
mutated and checked).
"""

from __future__ import annotations

from pathlib import Path

from fuzzing import Seeds, Target, fuzz

#: Inputs per run: ~10 s on a busy core. The seeds differ from the long run's (11, 12).
INPUTS = 160


def test_mutated_records_never_crash_or_hang(tmp_path: Path) -> None:
    target = Target(tmp_path / "repo", Seeds.of_project())
    stats = fuzz(target, INPUTS, seed=2026, cli_every=40, rich_every=4)
    crashes = {name: len(inputs) for name, inputs in stats.crashes.items()}
    assert crashes == {}, crashes
    assert stats.hangs == []
    assert stats.tried == INPUTS
    # The inputs reached every stage: some loaded and went through the engine and renderers.
    assert stats.evaluated >= 5 and stats.rich_runs >= 1 and stats.cli_runs == INPUTS // 40


def test_the_harness_catches_a_raw_control_sequence(tmp_path: Path) -> None:
    """The oracle can fail: a renderer that let an escape through would be a failure."""
    from fuzzing import Broken, _terminal

    try:
        _terminal("ok \x1b[2J", "test")
    except Broken as exc:
        assert "raw control character" in str(exc)
    else:
        raise AssertionError("a raw ESC passed the harness's check")


# --- regressions: one per crash the fuzzer found --------------------------------------------


def test_check_record_of_a_kind_that_is_a_list_or_a_mapping(tmp_path: Path) -> None:
    """Was: TypeError (unhashable type) in write.record.check_record."""
    from safetyduty.load.loader import load_repo
    from safetyduty.write.record import check_record

    target = Target(tmp_path / "repo", Seeds.of_project())
    repo, loaded = load_repo(target.root)
    for kind in ("[meeting]", "{a: 1}"):
        problems = check_record(repo, loaded, "x", "records/2026/x.yaml", f"kind: {kind}\n")
        assert [(p.line, p.column, p.code) for p in problems] == [(1, 1, "kind")]

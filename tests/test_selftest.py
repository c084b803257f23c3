"""The self-test the packaged program runs passes from the source tree too."""

from __future__ import annotations

from mentordesk.resources import shipped_files
from mentordesk.selftest import run_self_test


def test_self_test_runs_every_step_and_passes(qapp) -> None:
    lines: list[str] = []
    assert run_self_test(lines.append) == 0, "\n".join(lines)
    steps = [line for line in lines if line.startswith(("ok", "FAIL"))]
    assert len(steps) == 8 and all(line.startswith("ok") for line in steps)
    assert steps[0].startswith(f"ok    find every shipped resource ({len(shipped_files())} files")
    assert lines[-1] == "Self-test passed."

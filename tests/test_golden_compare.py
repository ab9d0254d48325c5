"""Golden test: `compare --json` on sample stories gives exactly the reviewed output.

After an intended change, run `.venv/bin/python tests/golden/regen.py` and review the diff.
"""

from __future__ import annotations

import pytest

from golden_cases import CASES, golden, run_compare


@pytest.mark.parametrize("name", sorted(CASES))
def test_compare_matches_golden(name):
    got, want = run_compare(CASES[name]), golden(name)
    for key in want:  # section by section, so a failure names what changed
        assert got[key] == want[key], f"section {key!r} differs; regenerate with tests/golden/regen.py if intended"
    assert set(got) == set(want)

"""Golden test: `compare --json` on sample stories gives exactly the reviewed output.

After an intended change, run `.venv/bin/python tests/analyze/golden/regen.py` and review the diff.
"""

from __future__ import annotations

import pytest

from tests.analyze.golden.cases import CASES, golden, run_compare


@pytest.mark.parametrize("name", sorted(CASES))
def test_compare_matches_golden(name):
    got, want = run_compare(CASES[name]), golden(name)
    for key in want:  # section by section, so a failure names what changed
        assert got[key] == want[key], f"section {key!r} differs; regenerate with tests/analyze/golden/regen.py if intended"
    assert set(got) == set(want)


def test_compare_does_not_depend_on_the_string_hash_seed():
    """Same input, same analysis in every process (set order follows PYTHONHASHSEED)."""
    import json
    import os
    import subprocess
    import sys

    from newsprism.demo import sample_dir

    paths = [str(sample_dir() / f) for f in CASES["flood"]]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "compare", "--json", *paths],
                              capture_output=True, text=True, env=env, check=True)
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]

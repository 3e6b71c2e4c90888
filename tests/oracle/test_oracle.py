"""Differential test against the real Theano 1.0.5: random graphs, cached oracle results.

The CI set (generator.ci_seeds()) is compared with tests/oracle/data/oracle.{json,npz}, made by
regenerate.py under /tmp/theano-ref.  Set ORACLE_NIGHTLY=1 for the developer run: ten times more
seeds, with oracle results computed live through /tmp/theano-ref (ORACLE_REF to point elsewhere).
Any mismatch not explained by known_differences.json fails, naming the graph and its spec.
"""
from __future__ import annotations

import functools
import json
import os
import sys
import tempfile

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare  # noqa: E402
import evaluate  # noqa: E402
import generator  # noqa: E402
import regenerate  # noqa: E402

BATCH = 100
NIGHTLY = os.environ.get("ORACLE_NIGHTLY") == "1"
REF = os.environ.get("ORACLE_REF", "/tmp/theano-ref")


@functools.lru_cache(maxsize=None)
def oracle_data(which: str) -> tuple[dict, dict, dict]:
    """(meta, results, arrays) of the oracle for the CI set (cached) or the nightly set (live)."""
    if which == "ci":
        prefix = regenerate.DATA
    else:
        if not os.path.exists(os.path.join(REF, "bin", "python")):
            pytest.skip("no Theano 1.0.5 reference at %s" % REF)
        prefix = os.path.join(tempfile.mkdtemp(prefix="oracle-"), "nightly")
        regenerate.run_oracle(REF, prefix, "nightly")
    with open(prefix + ".json") as f:
        data = json.load(f)
    with np.load(prefix + ".npz") as z:
        arrays = {k: z[k] for k in z.files}
    return data["meta"], data["results"], arrays


def _seeds() -> list[int]:
    return generator.nightly_seeds() if NIGHTLY else generator.ci_seeds()


SHARDS = [(i, i + BATCH) for i in range(0, len(_seeds()), BATCH)]


def test_cached_oracle_is_current():
    meta, results, _ = oracle_data("ci")
    assert meta["generator_version"] == generator.GENERATOR_VERSION, "run tests/oracle/regenerate.py"
    assert meta["theano"] == "1.0.5"
    assert sorted(results, key=int) == [str(s) for s in generator.ci_seeds()]
    assert len(results) >= 1000


def test_known_differences_schema():
    known = compare.load_known()
    ids = [k["id"] for k in known]
    assert len(ids) == len(set(ids))
    for k in known:
        assert set(k) == {"id", "what", "reason"} and all(isinstance(v, str) and v for v in k.values())
    assert set(ids) == set(compare.MATCHERS), "every known difference needs a matcher and vice versa"


@pytest.mark.parametrize("lo,hi", SHARDS, ids=["%d-%d" % s for s in SHARDS])
def test_oracle_shard(lo: int, hi: int):
    _, results, ref_arrays = oracle_data("nightly" if NIGHTLY else "ci")
    specs = [generator.generate(s) for s in _seeds()[lo:hi]]
    alone = {str(s["id"]) for s in specs if results[str(s["id"])].get("stage") == "run"}
    ours, our_arrays = evaluate.evaluate(specs, batch=BATCH, printing=not NIGHTLY, alone=alone)
    unexplained = []
    for spec in specs:
        sid = str(spec["id"])
        for mm in compare.compare(spec, results[sid], ref_arrays, ours[sid], our_arrays):
            if compare.explain(spec, mm) is None:
                unexplained.append("graph %s: %s %s\n    spec: %s" % (sid, mm[0], mm[1], json.dumps(spec)))
    assert not unexplained, "%d mismatches with Theano 1.0.5:\n%s" % (
        len(unexplained), "\n".join(unexplained[:20]))

#!/usr/bin/env python
"""Compare two `run.py --results` files test by test (e.g. the real Theano 1.0.5 and ours, both under
THEANO_FLAGS=floatX=float32), with a third column from the float64 ledger.

    python tests/conformance/run.py --flags floatX=float32,cxx= --python /path/to/theano-1.0.5/bin/python \\
        --no-install --files test_basic --results /tmp/oracle.json
    python tests/conformance/run.py --flags floatX=float32 --files test_basic --results /tmp/ours.json
    python tests/conformance/compare_results.py /tmp/oracle.json /tmp/ours.json

Prints, per file, the pass/fail counts of both runs and the tests that pass in the first and not in the
second, marked `[passes in the ledger]` when they pass in the committed (float64) ledger: those are the
differences that the flags themselves cause.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load(path: str) -> dict[str, Any]:
    with open(path) as fh:
        return json.load(fh)


def compare(reference: dict[str, Any], ours: dict[str, Any], ledger: dict[str, Any]) -> list[str]:
    """The report lines: a count table, then each file's tests that pass in `reference` and not in `ours`."""
    ref_files, our_files, led = reference["files"], ours["files"], ledger.get("files", {})
    names = sorted(set(ref_files) | set(our_files))
    lines = [f"{'file':48} {'ref pass':>8} {'ref fail':>8} {'pass':>6} {'fail':>6} {'lost':>5} {'lost64':>6}"]
    details: list[str] = []
    for f in names:
        r, o = ref_files.get(f, {}), our_files.get(f, {})
        rp, op = set(r.get("passed_tests", [])), set(o.get("passed_tests", []))
        lp = set(led.get(f, {}).get("passed_tests", []))
        lost = sorted(rp - op)
        lost64 = [t for t in lost if t in lp]
        lines.append(f"{f:48} {r.get('passed', 0):8} {r.get('failed', 0) + r.get('errors', 0):8} "
                     f"{o.get('passed', 0):6} {o.get('failed', 0) + o.get('errors', 0):6} {len(lost):5} {len(lost64):6}")
        if lost:
            details.append(f"\n{f}: {len(lost)} pass in the reference run and not in ours")
            details += [f"    {t}" + ("   [passes in the ledger]" if t in lp else "") for t in lost]
    return lines + details


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("reference", help="--results file of the reference run (the real Theano 1.0.5)")
    p.add_argument("ours", help="--results file of our run")
    p.add_argument("--ledger", default=str(HERE / "ledger.json"), help="the float64 ledger (default: committed)")
    args = p.parse_args(argv)
    print("\n".join(compare(_load(args.reference), _load(args.ours), _load(args.ledger))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

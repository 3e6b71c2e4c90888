"""Cost of the run-time checks (lowering/runtime_checks.py) on the MLP SGD step of benchmarks/run.py.

The same step is compiled twice, once as usual (the NLL idiom's label check and the error flag that gates the
parameter updates are in the program) and once traced with the checks disabled; their per-step times are
measured alternately in one run and printed with their ratio (the issue's budget: at most 1.03).

    python benchmarks/runtime_checks.py [--quick]
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import mlp_data, per_call_seconds, theano_mlp_step  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    args = parser.parse_args(argv)
    import theano
    from theano.lowering import runtime_checks

    number, repeats, rounds = (20, 3, 2) if args.quick else (100, 5, 5)
    d = mlp_data()
    steps = {}
    for name in ("checked", "unchecked"):
        xb, yb, cost, updates = theano_mlp_step(d)
        steps[name] = theano.function([xb, yb], cost, updates=updates)
        if name == "unchecked":
            with runtime_checks.disabled():  # traced (compiled) at its first call
                steps[name](d["x"], d["y"])
        else:
            steps[name](d["x"], d["y"])
    n_results = {k: len(f.maker.fgraph.outputs) for k, f in steps.items()}
    best = {k: float("inf") for k in steps}
    for _ in range(rounds):  # alternate, so that a slower machine phase hits both
        for name, f in steps.items():
            best[name] = min(best[name], per_call_seconds(lambda: f(d["x"], d["y"]), number, repeats))
    ratio = best["checked"] / best["unchecked"]
    print(f"MLP 784-512-512-10 SGD step, batch {d['x'].shape[0]} ({n_results['checked']} results)")
    print(f"  with run-time checks:    {best['checked'] * 1e3:8.3f} ms")
    print(f"  without run-time checks: {best['unchecked'] * 1e3:8.3f} ms")
    print(f"  ratio: {ratio:.3f}x (budget 1.03x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

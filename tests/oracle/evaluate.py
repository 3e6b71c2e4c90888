"""Evaluate many specs with whichever ``theano`` is importable: batched, with a per-graph fallback.

Shared by the oracle side (real Theano 1.0.5) and our CI test, so both record results the same
way.  Graphs are built one by one (a build error is that graph's result), then compiled into one
``theano.function`` per batch (many outputs); when a batch fails to compile or run, each of its
graphs is found by halving the batch, so the failure is pinned to its graph.
"""
from __future__ import annotations

import warnings

import numpy as np
import theano

import builder


def _error(e: BaseException, stage: str) -> dict:
    names = [c.__name__ for c in type(e).__mro__]
    return {"status": "error", "stage": stage, "error": names[0], "mro": names,
            "msg": str(e).split("\n")[0][:200]}


def _meta(outs: list, vals: list) -> list:
    return [{"dtype": str(o.dtype), "bcast": list(o.broadcastable),
             "vdtype": str(np.asarray(v).dtype), "shape": list(np.shape(v))}
            for o, v in zip(outs, vals)]


def _compile_run(ins: list, vals: list, outs: list) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = theano.function(ins, outs, on_unused_input="ignore")
        return [np.asarray(v) for v in f(*vals)]


def evaluate(specs: list, batch: int = 100, printing: bool = False,
             alone: set | None = None) -> tuple[dict, dict]:
    """(results by spec id, output arrays keyed '<id>_<k>') for ``specs``.

    ``alone``: ids compiled on their own (e.g. those the oracle saw fail), sparing a bisection.
    """
    results: dict = {}
    arrays: dict = {}
    built = []
    for spec in specs:
        sid = str(spec["id"])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ins, vals, outs, grads = builder.build(spec)
        except Exception as e:
            results[sid] = _error(e, "build")
            continue
        results[sid] = {"digest": builder.values_digest(vals)}
        if printing:
            results[sid]["print"] = builder.printed(outs)
        built.append((sid, ins, vals, list(outs) + list(grads)))
    # a failing batch is halved until each failure is pinned to its graph (iterative bisection)
    todo = [built[i:i + batch] for i in range(0, len(built), batch)][::-1]
    solo = [[b] for b in built if b[0] in (alone or ())]
    todo = [[b for b in c if b[0] not in (alone or ())] for c in todo] + solo
    while todo:
        chunk = todo.pop()
        if not chunk:
            continue
        try:
            got = _compile_run([i for c in chunk for i in c[1]], [v for c in chunk for v in c[2]],
                               [o for c in chunk for o in c[3]])
        except Exception as e:
            if len(chunk) == 1:
                results[chunk[0][0]].update(_error(e, "run"))
            else:
                todo += [chunk[len(chunk) // 2:], chunk[:len(chunk) // 2]]
            continue
        pos = 0
        for sid, ins, vals, outs in chunk:
            res = got[pos:pos + len(outs)]
            pos += len(outs)
            results[sid].update({"status": "ok", "outs": _meta(outs, res)})
            for k, v in enumerate(res):
                arrays["%s_%d" % (sid, k)] = v
    return results, arrays

"""Oracle side: evaluate generator specs with the real Theano 1.0.5 and write the results.

Run with the reference interpreter from a folder outside the repository, so that the real
``theano`` is imported (this script's own folder, which holds no ``theano``, is on sys.path):

    cd /tmp && THEANO_FLAGS=cxx=,mode=FAST_COMPILE /tmp/theano-ref/bin/python \\
        /path/to/tests/oracle/oracle_run.py OUT_PREFIX [ci|nightly]

Writes OUT_PREFIX.json (results, printed texts, generator version, seed set, timings) and
OUT_PREFIX.npz (output arrays keyed '<seed>_<k>').  ``regenerate.py`` drives it.
"""
from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import evaluate  # noqa: E402
import generator  # noqa: E402


def main(prefix: str, which: str = "ci") -> None:
    import theano
    assert "theano-xla" not in theano.__file__ and "/lowering" not in theano.__file__, theano.__file__
    seeds = generator.ci_seeds() if which == "ci" else generator.nightly_seeds()
    t0 = time.time()
    specs = [generator.generate(s) for s in seeds]
    results, arrays = evaluate.evaluate(specs, printing=(which == "ci"))
    meta = {"generator_version": generator.GENERATOR_VERSION, "seeds": which,
            "n_seeds": len(seeds), "theano": theano.__version__, "numpy": np.__version__,
            "mode": str(theano.config.mode), "seconds": round(time.time() - t0, 1)}
    with open(prefix + ".json", "w") as f:
        json.dump({"meta": meta, "results": results}, f, separators=(",", ":"), sort_keys=True)
    np.savez_compressed(prefix + ".npz", **arrays)
    print(json.dumps(meta))


if __name__ == "__main__":
    main(*sys.argv[1:])

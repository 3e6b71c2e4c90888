"""Rebuild the cached oracle results (tests/oracle/data/) with the real Theano 1.0.5.

    .venv/bin/python tests/oracle/regenerate.py [--ref /tmp/theano-ref] [--nightly] [--out PREFIX]

Runs oracle_run.py under the reference interpreter from a scratch folder outside the
repository (so the real ``theano`` is imported), in Python mode without a C compiler, and
prints how long it took.  Run it whenever generator.py or builder.py changes what a seed builds
(and bump GENERATOR_VERSION).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "oracle")


def run_oracle(ref: str, prefix: str, which: str, mode: str = "FAST_COMPILE") -> float:
    """Run the oracle side into ``prefix``.{json,npz}; returns the wall time in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, THEANO_FLAGS="cxx=,mode=%s,compiledir=%s/cd" % (mode, tmp),
                   PYTHONPATH="", PYTHONHASHSEED="0")
        t0 = time.time()
        subprocess.run([os.path.join(ref, "bin", "python"), os.path.join(HERE, "oracle_run.py"),
                        os.path.abspath(prefix), which], cwd=tmp, env=env, check=True)
        return time.time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ref", default="/tmp/theano-ref", help="virtualenv with Theano 1.0.5")
    ap.add_argument("--nightly", action="store_true", help="the nightly seed set (needs --out)")
    ap.add_argument("--out", metavar="PREFIX", default=DATA, help="where to write PREFIX.json/.npz")
    ap.add_argument("--mode", default="FAST_COMPILE", help="Theano mode of the oracle (Python implementations)")
    a = ap.parse_args()
    which, prefix = ("nightly" if a.nightly else "ci"), a.out
    secs = run_oracle(a.ref, prefix, which, a.mode)
    print("oracle results for the %s seed set regenerated in %.1f s" % (which, secs), file=sys.stderr)


if __name__ == "__main__":
    main()

"""examples/sparse_bag_of_words.py runs unchanged and prints what Theano 1.0.5 prints for it."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# the last lines of `python examples/sparse_bag_of_words.py` under Theano 1.0.5 (scipy 1.10)
THEANO_1_0_5_TAIL = """epoch 5, train cost 0.0949
epoch 6, train cost 0.0782
epoch 7, train cost 0.0664
epoch 8, train cost 0.0577
test accuracy: 1.000
total words: 30000, most frequent word count: 159"""


def test_bag_of_words_example_matches_theano():
    env = {k: v for k, v in os.environ.items() if k not in ("THEANO_FLAGS", "THEANORC")}
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "sparse_bag_of_words.py")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-6:] == THEANO_1_0_5_TAIL.splitlines(), proc.stdout

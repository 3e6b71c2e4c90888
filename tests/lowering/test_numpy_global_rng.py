"""Compiling the first theano.function must not move numpy's global RNG (legacy scripts seed it once)."""
import subprocess
import sys
import textwrap


def test_first_function_leaves_numpy_global_rng_alone():
    # A fresh interpreter: jax is imported lazily at the first theano.function, and importing jax draws from
    # numpy.random (jax._src.clusters). Theano 1.0.5 never touches the global RNG, so the lstm.py tutorial's
    # `numpy.random.seed(SEED)` then shuffles give the same minibatches under both.
    code = textwrap.dedent("""
        import numpy
        import theano
        import theano.tensor as T
        numpy.random.seed(123)
        expected = numpy.random.RandomState(123).rand(3)
        x = T.matrix('x')
        f = theano.function([x], T.tanh(x).sum())
        f(numpy.ones((2, 2)))
        got = numpy.random.rand(3)
        assert (got == expected).all(), (got, expected)
        print('ok')
    """)
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith('ok')

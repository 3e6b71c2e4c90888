"""graph -> JAX: one rule per Op, the interpreter, jit, device buffers, theano.function."""
import numpy as _np

# Importing jax draws from numpy's global RNG (jax._src.clusters.k8s_cluster calls np.random.rand at import).
# This package is imported lazily, at a script's first theano.function, so a legacy script that seeded
# numpy.random after `import theano` would see its draws (shuffles, initial weights) shift. Keep the state.
_numpy_global_rng_state = _np.random.get_state()
try:
    from theano.lowering import device as _device  # registers the storage backend  # noqa: F401
    from theano.lowering import rules as _rules  # registers every lowering rule  # noqa: F401
    from theano.lowering import evaluate as _evaluate  # registers Variable.eval and test-value evaluation  # noqa: F401
    _REGISTERED = (_device, _rules, _evaluate)  # imported for their registrations
finally:
    _np.random.set_state(_numpy_global_rng_state)
    del _numpy_global_rng_state

"""graph -> JAX: one rule per Op, the interpreter, jit, device buffers, theano.function."""
from theano.lowering import device as _device  # registers the storage backend  # noqa: F401
from theano.lowering import rules as _rules  # registers every lowering rule  # noqa: F401
from theano.lowering import evaluate as _evaluate  # registers Variable.eval and test-value evaluation  # noqa: F401

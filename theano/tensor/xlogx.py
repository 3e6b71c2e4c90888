"""theano.tensor.xlogx (re-exports)."""
from theano.frontend.ops.xlogx import XlogX, XlogY0, scalar_xlogx, scalar_xlogy0, xlogx, xlogy0  # noqa: F401

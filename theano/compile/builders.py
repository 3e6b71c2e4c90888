"""theano.compile.builders: OpFromGraph (re-exports)."""
from theano.frontend.ops.builders import OpFromGraph  # noqa: F401
from theano.passes.builders import inline_ofg_expansion  # noqa: F401

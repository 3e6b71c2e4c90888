"""theano.compile.io (re-exports)."""
from theano.lowering.io import In, Out, SymbolicInput, SymbolicOutput  # noqa: F401

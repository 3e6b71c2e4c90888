"""theano.compile.profiling (re-exports)."""
from theano.lowering.profiling import ProfileStats, _atexit_print_fn, _atexit_print_list  # noqa: F401

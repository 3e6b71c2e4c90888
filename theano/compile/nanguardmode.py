"""theano.compile.nanguardmode (re-exports)."""
from theano.lowering.nanguardmode import NanGuardMode, contains_inf, contains_nan  # noqa: F401

"""theano.compile.monitormode (re-exports)."""
from theano.lowering.monitormode import MonitorMode, detect_nan  # noqa: F401

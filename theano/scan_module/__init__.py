"""theano.scan_module: symbolic loops (re-exports; pending the scan issue)."""
from theano._pending import pending_function
from theano.scan_module.scan_utils import until  # noqa: F401

_FEATURE = "scan"
scan = pending_function("theano.scan_module.scan", _FEATURE)
map = pending_function("theano.scan_module.map", _FEATURE)  # noqa: A001 - Theano's name
reduce = pending_function("theano.scan_module.reduce", _FEATURE)  # noqa: A001 - Theano's name
foldl = pending_function("theano.scan_module.foldl", _FEATURE)
foldr = pending_function("theano.scan_module.foldr", _FEATURE)
scan_checkpoints = pending_function("theano.scan_module.scan_checkpoints", _FEATURE)

"""theano.scan_module.scan_checkpoints (pending)."""
from theano._pending import pending_function

scan_checkpoints = pending_function("theano.scan_module.scan_checkpoints", "scan")

"""theano.scan_module.scan_op: the Scan op (re-export; its layout is our own, see theano.frontend.ops.scan)."""
from theano.frontend.ops.scan import Scan  # noqa: F401

"""theano.scan_module.scan_op (re-exports)."""
from theano.frontend.ops.scan import Scan, ScanInfo  # noqa: F401

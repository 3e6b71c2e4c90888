"""theano.scan_module.scan_utils: graph helpers of scan (re-exports; pending the scan issue)."""
from theano._pending import pending_class, pending_function

_FEATURE = "scan"
from theano.frontend.scan import until  # noqa: E402,F401
equal_computations = pending_function("theano.scan_module.scan_utils.equal_computations", _FEATURE)
clone = pending_function("theano.scan_module.scan_utils.clone", _FEATURE)

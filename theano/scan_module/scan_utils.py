"""theano.scan_module.scan_utils: graph helpers of scan (re-exports; pending the scan issue)."""
from theano._pending import pending_class, pending_function

_FEATURE = "scan"
until = pending_class("theano.scan_module.scan_utils.until", _FEATURE)
equal_computations = pending_function("theano.scan_module.scan_utils.equal_computations", _FEATURE)
clone = pending_function("theano.scan_module.scan_utils.clone", _FEATURE)

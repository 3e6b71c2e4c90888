"""theano.scan_module.scan_utils: graph helpers of scan (re-exports; `until` pending the scan issue)."""
from theano._pending import pending_class
from theano.frontend.graph_compare import clone, equal_computations  # noqa: F401

_FEATURE = "scan"
until = pending_class("theano.scan_module.scan_utils.until", _FEATURE)

"""theano.scan_module.scan_utils: graph helpers of scan (re-exports)."""
from theano.frontend.graph_compare import clone, equal_computations  # noqa: F401
from theano.frontend.scan import get_updates_and_outputs, until  # noqa: F401
from theano.frontend.graph_map import map_variables  # noqa: F401

"""theano.scan_module.scan_utils: graph helpers of scan (re-exports)."""
from theano.frontend.graph_compare import clone, equal_computations  # noqa: F401
from theano.frontend.scan import get_updates_and_outputs, until  # noqa: F401
from theano.frontend.graph_map import map_variables  # noqa: F401
from theano.frontend.scan_helpers import (expand_empty, forced_replace, hash_listsDictsTuples,  # noqa: F401
                                          infer_shape, isNaN_or_Inf_or_None, reconstruct_graph, safe_new)

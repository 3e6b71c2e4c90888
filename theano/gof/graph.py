"""theano.gof.graph: graph classes and walks (re-exports)."""
from theano.frontend.graph import (Apply, Constant, Node, Variable, ancestors, applys_between,  # noqa: F401
                                   general_toposort, graph_inputs, inputs, io_toposort, is_in_ancestors,
                                   list_of_nodes, ops, orphans, stack_search, variables, variables_and_orphans)
from theano.frontend.graph_utils import as_string, clone, clone_get_equiv, is_same_graph  # noqa: F401
from theano.frontend.graph_compare import io_connection_pattern  # noqa: F401,E402 - issue 11
from theano.frontend.graph import NoParams  # noqa: F401,E402

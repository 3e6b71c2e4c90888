"""theano.gof.graph: graph classes and walks (re-exports)."""
from theano.frontend.graph import (Apply, as_string, is_same_graph, Constant, Node, Variable, ancestors, applys_between, clone,  # noqa: F401
                                   clone_get_equiv, general_toposort, graph_inputs, inputs, io_toposort, stack_search,
                                   is_in_ancestors, list_of_nodes, ops, orphans, variables, variables_and_orphans)

"""Graph-walk orders (gof.graph) on a few graphs, as names: the golden file beside this script was made by
running it under the real Theano 1.0.5 (../shared/theano-reference/setup.sh), from a folder outside this repo:

    /tmp/theano-ref/bin/python tests/frontend/graph_order_probe.py > tests/frontend/golden/graph_order_theano105.json
"""
import json
from collections import deque
import numpy as np
import theano
import theano.tensor as T
from theano.gof import graph

def named(v, n):
    v.name = n
    return v

def names(seq):
    out = []
    for v in seq:
        if isinstance(v, graph.Apply):
            out.append(v.outputs[0].name)
        elif isinstance(v, graph.Constant):
            out.append("const:%s" % (np.asarray(v.data).tolist(),))
        else:
            out.append(v.name)
    return out


def probe():
    """The orders of every walk on the probe graphs, by name."""
    a, b, c, z = [T.dscalar(n) for n in "abcz"]
    x, y = T.dvector("x"), T.dvector("y")
    W = theano.shared(np.zeros((3, 2)), name="W")
    bias = theano.shared(np.zeros(2), name="bias")
    m = named(a * c, "m")
    s = named(m + z, "s")
    h = named(T.tanh(named(T.dot(named(x.dimshuffle("x", 0), "xr"), W), "xw") + bias), "h")
    u = named(h.sum(), "u")
    g1 = named(T.exp(named(x * y, "xy")), "g1")
    g2 = named(named(g1 + x, "g1x") * named(y - x, "ymx"), "g2")
    two = named(T.log(named(a + b, "ab")) - named(b * a, "ba"), "two")

    res = {}
    res["inputs_s_c"] = names(graph.inputs([s, c]))
    res["inputs_c_s"] = names(graph.inputs([c, s]))
    res["inputs_h"] = names(graph.inputs([h]))
    res["inputs_rev_h_u"] = names(graph.inputs(list(reversed([h, u]))))
    res["inputs_g2"] = names(graph.inputs([g2]))
    res["inputs_blocked"] = names(graph.inputs([g2], blockers=[g1]))
    res["ancestors_s"] = names(graph.ancestors([s]))
    res["ancestors_g2_two"] = names(graph.ancestors([g2, two]))
    res["ancestors_blocked"] = names(graph.ancestors([g2], blockers=[named(g1, "g1")]))
    res["io_toposort_g2"] = names(graph.io_toposort([x, y], [g2]))
    res["io_toposort_two_s"] = names(graph.io_toposort([a, b, c, z], [two, s]))
    res["io_toposort_cut"] = names(graph.io_toposort([g1, x, y], [g2]))
    res["variables_s"] = names(graph.variables([a, c, z], [s]))
    res["variables_g2"] = names(graph.variables([x], [g2]))
    res["orphans_g2"] = names(graph.orphans([x], [g2]))
    res["ops_g2"] = sorted(names(graph.ops([x, y], [g2])))
    res["list_of_nodes_g2"] = names(graph.list_of_nodes([x, y], [g2]))
    res["list_of_nodes_two_s"] = names(graph.list_of_nodes([a, b, c, z], [two, s]))
    res["stack_search_bfs"] = names(graph.stack_search(deque([g2]), lambda v: v.owner.inputs if v.owner else None, "bfs"))
    res["stack_search_dfs"] = names(graph.stack_search(deque([g2, two]), lambda v: v.owner.inputs if v.owner else None, "dfs"))
    res["general_toposort"] = names(graph.general_toposort([g2], lambda v: ([v.owner] if v.owner else []) if isinstance(v, graph.Variable) else list(v.inputs)))
    res["lasagne_collect_shared_vars"] = names(graph.inputs(reversed([W, bias])))
    return res


if __name__ == "__main__":
    print(json.dumps(probe(), indent=1))

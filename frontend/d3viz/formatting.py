"""theano.d3viz.formatting: a graph as a pydot graph with d3viz's node attributes (Theano 1.0.5's PyDotFormatter).

Each node carries `node_type` (apply, input, constant_input, shared_input, output), a label, its dtype,
the op, the source line that built it and profile times; OpFromGraph nodes get their inner graph as a
cluster subgraph. The d3viz page shows these attributes on hover and click.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from theano.frontend.graph import Apply, Constant, Variable, backend
from theano.frontend.ops.builders import OpFromGraph
from theano.frontend.pydot_print import graph_of, pd, pydot_imported, pydot_imported_msg  # noqa: F401
from theano.frontend.shared import SharedVariable


def _indices(m: Any) -> list:
    """Every input index named in an op's view_map / destroy_map."""
    return [i for v in (m or {}).values() for i in v]


def inner_function(op: OpFromGraph) -> Any:
    """The op's inner graph compiled as theano.function would (Theano's `op.fn`); built once, cached on the op."""
    fn = op.__dict__.get("_d3viz_fn")
    if fn is None:
        fn = backend["function"](list(op.local_inputs), list(op.local_outputs), on_unused_input="ignore")
        op.__dict__["_d3viz_fn"] = fn
    return fn


class PyDotFormatter:
    """Create a `pydot` graph from a Theano function, FunctionGraph, Apply, Variable or list of Variables.

    compact: if True, intermediate variables without a name are not drawn as nodes.
    """

    def __init__(self, compact: bool = True):
        if not pydot_imported:
            raise ImportError("Failed to import pydot. " + pydot_imported_msg)
        self.compact = compact
        self.node_colors = {"input": "limegreen",
                            "constant_input": "SpringGreen",
                            "shared_input": "YellowGreen",
                            "output": "dodgerblue",
                            "unused": "lightgrey"}
        self.apply_colors = {"GpuFromHost": "red",
                             "HostFromGpu": "red",
                             "Scan": "yellow",
                             "Shape": "cyan",
                             "IfElse": "magenta",
                             "Elemwise": "#FFAABB",  # dark pink
                             "Subtensor": "#FFAAFF",  # purple
                             "Alloc": "#FFAA22"}  # orange
        self.shapes = {"input": "box", "output": "box", "apply": "ellipse"}
        self.node_prefix = "n"
        self._nodes: dict = {}

    def node_id(self, node: Any) -> str:
        """The unique DOT id of an apply node or variable (made on first use: prefix + counter)."""
        if node not in self._nodes:
            self._nodes[node] = "%s%d" % (self.node_prefix, len(self._nodes) + 1)
        return self._nodes[node]

    def __call__(self, fct: Any, graph: Any = None) -> Any:
        """Add the graph of `fct` to `graph` (a new pydot.Dot if None) and return it.

        Inner graphs of OpFromGraph nodes are formatted with their own formatter; a work list (not recursion)
        handles nested ones.
        """
        if graph is None:
            graph = pd.Dot()
        self._nodes = {}
        work = [(self, fct, graph)]
        while work:
            formatter, item, target = work.pop(0)
            work.extend(formatter._format(item, target))
        return graph

    def _format(self, fct: Any, graph: Any) -> list:
        """Add one graph's nodes and edges; return the OpFromGraph inner graphs still to format."""
        outputs, topo, profile, fg = graph_of(fct)
        out_set = set(outputs)
        pending = []
        for node in topo:
            nid = self.node_id(node)
            nparams: dict = {"name": nid, "label": apply_label(node), "profile": apply_profile(node, profile),
                             "node_type": "apply", "shape": self.shapes["apply"]}
            nparams["apply_op"] = nparams["label"]
            use_color = None
            for op_name, color in self.apply_colors.items():
                if op_name in type(node.op).__name__:
                    use_color = color
            if use_color:
                nparams.update(style="filled", fillcolor=use_color, type="colored")
            pd_node = dict_to_pdnode(nparams)
            graph.add_node(pd_node)
            views, destroys = _indices(getattr(node.op, "view_map", None)), \
                _indices(getattr(node.op, "destroy_map", None))
            for idx, var in enumerate(node.inputs):
                var_id = self.node_id(var.owner if var.owner is not None else var)
                if var.owner is None:
                    node_type = "input"
                    if isinstance(var, Constant):
                        node_type = "constant_input"
                    elif isinstance(var, SharedVariable):
                        node_type = "shared_input"
                    graph.add_node(dict_to_pdnode({
                        "name": var_id, "label": var_label(var), "node_type": node_type,
                        "dtype": type_to_str(var.type), "tag": var_tag(var), "style": "filled",
                        "fillcolor": self.node_colors[node_type], "shape": self.shapes["input"]}))
                edge_params = {}
                if idx in views:
                    edge_params["color"] = self.node_colors["output"]
                elif idx in destroys:
                    edge_params["color"] = "red"
                edge_label = type_to_str(var.type)
                if len(node.inputs) > 1:
                    edge_label = str(idx) + " " + edge_label
                graph.add_edge(pd.Edge(var_id, nid, label=edge_label, **edge_params))
            for var in node.outputs:
                var_id = self.node_id(var)
                n_clients = len(fg.clients.get(var, ()))
                if var in out_set or n_clients == 0:
                    graph.add_node(dict_to_pdnode({
                        "name": var_id, "label": var_label(var), "node_type": "output",
                        "dtype": type_to_str(var.type), "tag": var_tag(var), "style": "filled",
                        "fillcolor": self.node_colors["unused" if n_clients == 0 else "output"],
                        "shape": self.shapes["output"]}))
                    graph.add_edge(pd.Edge(nid, var_id, label=type_to_str(var.type)))
                elif var.name or not self.compact:
                    graph.add_edge(pd.Edge(nid, var_id, label=type_to_str(var.type)))
            if isinstance(node.op, OpFromGraph):
                pending.append(self._subgraph(node, nid, pd_node, graph))
        return pending

    def _subgraph(self, node: Apply, nid: str, pd_node: Any, graph: Any) -> tuple:
        """A cluster for an OpFromGraph node's inner graph; the node records it and the input/output maps."""
        subgraph = pd.Cluster(nid)
        graph.add_subgraph(subgraph)
        fn = inner_function(node.op)
        inner = fn.maker.fgraph
        gf = PyDotFormatter(self.compact)
        gf.node_prefix = nid + "_"  # Theano used `nid` alone, whose ids could clash ('n1' + '1' == 'n11')
        # ids of the inner inputs/outputs are made in the inner formatter's order once it runs; make them now,
        # in the inner graph's input order, so the maps below name the nodes the cluster will hold
        int_inputs = [gf.node_id(x) for x in inner.inputs]
        int_outputs = [gf.node_id(x) for x in inner.outputs]
        attrs = pd_node.get_attributes()
        attrs["subg"] = subgraph.get_name()
        ext_inputs = [self.node_id(x.owner if x.owner is not None else x) for x in node.inputs]
        ext_outputs = [self.node_id(x) for x in node.outputs]
        attrs["subg_map_inputs"] = _format_map(zip(ext_inputs, int_inputs))
        attrs["subg_map_outputs"] = _format_map(zip(int_outputs, ext_outputs))
        return gf, fn, subgraph


def _format_map(pairs: Any) -> str:
    """Theano's `str([[a, b], ...])` of an id mapping, quoted for DOT."""
    return '"%s"' % str([list(p) for p in pairs]).replace('"', "'")


def var_label(var: Variable, precision: int = 3) -> str:
    """Label of a variable node: its name, a constant's value (first line), else its short type."""
    if var.name is not None:
        return var.name
    if isinstance(var, Constant):
        h = np.asarray(var.data)
        is_const = h.ndim == 0
        if is_const:
            h = np.array([h])
        dstr = np.array2string(h, precision=precision)
        if "\n" in dstr:
            dstr = dstr[:dstr.index("\n")]
        if is_const:
            dstr = dstr.replace("[", "").replace("]", "")
        return dstr
    return type_to_str(var.type)


def var_tag(var: Variable) -> list | None:
    """[file, line, source] of the user code that built `var`, from its tag.trace, else None."""
    trace = getattr(var.tag, "trace", None)
    if trace and len(trace[0]) == 4:
        entry = trace[0][-1] if isinstance(trace[0][0], (tuple, list)) else trace[0]
        path, line, _, src = entry
        path = os.path.basename(path).replace("<", "").replace(">", "")
        return [path, line, src]
    return None


def apply_label(node: Apply) -> str:
    """Label of an apply node: the op's class name."""
    return type(node.op).__name__


def apply_profile(node: Apply, profile: Any) -> list | None:
    """[time in the node, time of the function's calls] from a ProfileStats, None without calls."""
    if not profile or not getattr(profile, "fct_call_time", 0):
        return None
    return [profile.apply_time.get(node, 0), profile.fct_call_time]


def broadcastable_to_str(b: tuple) -> str:
    """'scalar', 'vector', 'col', 'row', 'matrix' for those patterns, else ''."""
    named = {(): "scalar", (False,): "vector", (False, True): "col", (True, False): "row", (False, False): "matrix"}
    return named.get(tuple(b), "")


def dtype_to_char(dtype: str) -> str:
    """The one-letter code of a dtype (Theano's 'f' float32, 'd' float64, 'l' int64...), 'X' for others."""
    return {"complex64": "c", "complex128": "z", "float32": "f", "float64": "d", "int8": "b", "int16": "w",
            "int32": "i", "int64": "l"}.get(dtype, "X")


def type_to_str(t: Any) -> str:
    """Short type of a variable: 'dmatrix', 'fvector', ..., the dtype for other patterns, str(t) for non-tensors."""
    if not hasattr(t, "broadcastable"):
        return str(t)
    s = broadcastable_to_str(t.broadcastable)
    return str(t.dtype) if s == "" else dtype_to_char(t.dtype) + s


def dict_to_pdnode(d: dict) -> Any:
    """A pydot node from a dict of attributes (None values dropped, lists joined by tabs, '"' -> "'")."""
    attrs = {}
    for k, v in d.items():
        if v is None:
            continue
        v = "\t".join(str(x) for x in v) if isinstance(v, list) else str(v)
        attrs[k] = v.replace('"', "'")
    return pd.Node(**attrs)

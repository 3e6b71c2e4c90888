"""pydotprint: Theano 1.0.5's graphviz picture of a graph (pydot builds the DOT graph, graphviz's `dot` draws it).

pydot and graphviz are optional (`pip install theano-xla[graphviz]` and the system package `graphviz`);
`pydot_imported` / `pydot_imported_msg` say at import whether both are there, as Theano's flags do.
"""
from __future__ import annotations

import logging
import os
import shutil
from typing import Any

import numpy as np

from theano.frontend.config import config
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Apply, Constant, Variable, graph_inputs
from theano.frontend.ops.ifelse import IfElse
from theano.frontend.ops.scan import Scan
from theano.frontend.printing import scan_inner_graph
from theano.frontend.shared import SharedVariable

_logger = logging.getLogger("theano.printing")

INSTALL_HINT = ("Install the optional extra with `pip install theano-xla[graphviz]` (it brings the python package "
                "pydot) and graphviz's `dot` program with your system's package manager (`apt-get install graphviz` "
                "on Debian/Ubuntu).")


def _import_failure(name: str, err: BaseException) -> str:
    if isinstance(err, ImportError):
        return "%s: %s" % (name, err)
    return "%s: an error happened while importing it: %r" % (name, err)


# pydot, else pydot_ng (Theano's fallback); a broken install must not break `import theano`
_import_errors: list[str] = []
try:
    import pydot as _pydot_module
except Exception as _err:  # noqa: BLE001
    _import_errors.append(_import_failure("pydot", _err))
    try:
        import pydot_ng as _pydot_module
    except Exception as _err_ng:  # noqa: BLE001
        _import_errors.append(_import_failure("pydot_ng", _err_ng))
        _pydot_module = None


def _probe_pydot() -> tuple[Any, bool, str]:
    """(pydot module or None, whether pictures can be drawn, why not): pydot (or pydot_ng) and graphviz's `dot`."""
    if _pydot_module is None:
        return None, False, "Failed to import pydot (%s). %s" % ("; ".join(_import_errors), INSTALL_HINT)
    if shutil.which("dot") is None:
        return _pydot_module, False, ("pydot can't find graphviz: the `dot` program is not on the PATH. " + INSTALL_HINT)
    return _pydot_module, True, ""


pd, pydot_imported, pydot_imported_msg = _probe_pydot()


def require_pydot(what: str) -> Any:
    """The pydot module, or a RuntimeError naming the extra and the graphviz package that `what` needs."""
    if not pydot_imported:
        raise RuntimeError("%s needs pydot and graphviz, which are not available. %s" % (what, pydot_imported_msg))
    return pd


default_colorCodes = {"GpuFromHost": "red",
                      "HostFromGpu": "red",
                      "Scan": "yellow",
                      "Shape": "brown",
                      "IfElse": "magenta",
                      "Elemwise": "#FFAABB",  # dark pink
                      "Subtensor": "#FFAAFF",  # purple
                      "Alloc": "#FFAA22",  # orange
                      "Output": "blue"}


def graph_of(fct: Any) -> tuple[list[Variable], list[Apply], Any, FunctionGraph]:
    """(outputs, toposort, profile, fgraph) of a compiled function (its rewritten graph), a FunctionGraph,
    a Variable, an Apply or a list of Variables."""
    maker = getattr(fct, "maker", None)
    if maker is not None and hasattr(maker, "fgraph"):
        fg = maker.fgraph
        return list(fg.outputs), fg.toposort(), getattr(fct, "profile", None), fg
    if isinstance(fct, FunctionGraph):
        return list(fct.outputs), fct.toposort(), None, fct
    if isinstance(fct, Variable):
        fct = [fct]
    elif isinstance(fct, Apply):
        fct = fct.outputs
    if not isinstance(fct, (list, tuple)) or not all(isinstance(v, Variable) for v in fct):
        raise TypeError("pydotprint expects a compiled function, a FunctionGraph, an Apply, a Variable or a list of "
                        "Variables, got %r" % (fct,))
    fg = FunctionGraph(graph_inputs(list(fct)), list(fct), clone=True)  # (a graph may hold cached constants)
    return list(fg.outputs), fg.toposort(), None, fg


def _update_pairs(fct: Any, fg: FunctionGraph, outputs: list[Variable]) -> dict:
    """{update output variable: the shared input it updates} of a compiled function; pops them off `outputs`."""
    mapping = getattr(fg, "update_mapping", None) if hasattr(fct, "maker") else None
    if not mapping:
        return {}
    pairs = {fg.outputs[o]: fg.inputs[i] for o, i in mapping.items()}
    outputs[:] = [o for k, o in enumerate(fg.outputs) if k not in mapping]
    return pairs


def _indices(m: dict) -> list:
    """Every input index named in an op's view_map / destroy_map."""
    return [i for v in m.values() for i in v]


def _scan_inner(op: Any) -> list[Variable]:
    """The inner outputs of a scan (the rewritten ones once it was compiled), to draw with scan_graphs."""
    return scan_inner_graph(op)[1]


class _Labels:
    """Theano's pydotprint labels: one label and one DOT id per variable and per apply node."""

    def __init__(self, topo: list[Apply], profile: Any, input_update: dict, var_with_name_simple: bool,
                 max_label_size: int, with_ids: bool):
        self.topo = topo
        self.profile = profile
        self.input_update = input_update
        self.simple = var_with_name_simple
        self.max = max_label_size
        self.with_ids = with_ids
        self.var_str: dict = {}
        self.apply_str: dict = {}
        self.all_strings: set = set()

    def var(self, var: Variable) -> tuple[str, str]:
        """(label, id) of a variable: its name, constant value, update name or type, cut to max_label_size."""
        if var in self.var_str:
            return self.var_str[var], str(id(var))
        if var.name is not None:
            text = var.name if self.simple else "name=" + var.name + " " + str(var.type)
        elif isinstance(var, Constant):
            dstr = "val=" + str(np.asarray(var.data))
            if "\n" in dstr:
                dstr = dstr[:dstr.index("\n")]
            text = "%s %s" % (dstr, var.type)
        elif var in self.input_update and self.input_update[var].name is not None:
            text = self.input_update[var].name
            if not self.simple:
                text += str(var.type)
        else:
            text = str(var.type)
        if len(text) > self.max:
            text = text[:self.max - 3] + "..."
        self.var_str[var] = text
        self.all_strings.add(text)
        return text, str(id(var))

    def apply(self, node: Apply) -> tuple[str, str]:
        """(label, id) of an apply node: str(op) (':' -> '_'), its profile, ' id=k' when asked or ambiguous."""
        if node in self.apply_str:
            return self.apply_str[node], str(id(node))
        prof = ""
        if self.profile:
            t = self.profile.apply_time.get(node, 0)
            pf = 0 if self.profile.fct_callcount == 0 or self.profile.fct_call_time == 0 else \
                t * 100 / self.profile.fct_call_time
            prof = "   (%.3fs,%.3f%%)" % (t, pf)
        text = str(node.op).replace(":", "_") + prof
        if text in self.all_strings or self.with_ids:
            idx = " id=" + str(self.topo.index(node))
            if len(text) + len(idx) > self.max:
                text = text[:self.max - 3 - len(idx)] + idx + "..."
            else:
                text += idx
        elif len(text) > self.max:
            text = text[:self.max - 3] + "..."
            k = 1
            while text in self.all_strings:
                k += 1
                suffix = " id=" + str(k)
                text = text[:self.max - 3 - len(suffix)] + "..." + suffix
        self.all_strings.add(text)
        self.apply_str[node] = text
        return text, str(id(node))


def _cond_branches(topo: list[Apply], cond_highlight: Any) -> tuple[set, set, set] | None:
    """(left-only, right-only, both) apply nodes of the IfElse named `cond_highlight`, None (and a warning) if none."""
    cond = next((n for n in topo if isinstance(n.op, IfElse) and getattr(n.op, "name", None) == cond_highlight),
                None)
    if cond is None and isinstance(cond_highlight, Apply):
        cond = cond_highlight
    if cond is None:
        _logger.warning("pydotprint: cond_highlight is set but there is no IfElse node in the graph")
        return None

    def owners(var: Variable) -> set:
        found: set = set()
        stack = [var]
        while stack:
            v = stack.pop()
            if v.owner is not None and v.owner not in found:
                found.add(v.owner)
                stack.extend(v.owner.inputs)
        return found

    n_out = len(cond.outputs)
    left = set().union(*(owners(v) for v in cond.inputs[1:1 + n_out]))
    right = set().union(*(owners(v) for v in cond.inputs[1 + n_out:1 + 2 * n_out]))
    middle = left & right
    return left - middle, right - middle, middle


def _node(pd: Any, nid: str, label: str, shape: str, color: str | None, high_contrast: bool) -> Any:
    """A pydot node, filled with `color` (high_contrast) or outlined with it."""
    if color is None:
        return pd.Node(nid, label=label, shape=shape)
    if high_contrast:
        return pd.Node(nid, label=label, shape=shape, style="filled", fillcolor=color)
    return pd.Node(nid, label=label, shape=shape, color=color)


def pydotprint(fct: Any, outfile: str | None = None, compact: bool = True, format: str = "png",
               with_ids: bool = False, high_contrast: bool = True, cond_highlight: Any = None,
               colorCodes: dict | None = None, max_label_size: int = 70, scan_graphs: bool = False,
               var_with_name_simple: bool = False, print_output_file: bool = True,
               return_image: bool = False) -> Any:
    """Draw the graph of `fct` (compiled function, FunctionGraph, Variable, Apply or list of Variables) with
    graphviz, as Theano 1.0.5: ellipses are apply nodes, boxes variables (green inputs, cyan shared, blue
    outputs, grey unused); writes `outfile` in `format`, or returns the image bytes with return_image."""
    colorCodes = default_colorCodes if colorCodes is None else colorCodes
    if outfile is None:
        outfile = os.path.join(config.compiledir, "theano.pydotprint." + str(config.device) + "." + format)
    outputs, topo, profile, fg = graph_of(fct)
    pd = require_pydot("pydotprint")
    g = pd.Dot()
    branches = _cond_branches(topo, cond_highlight) if cond_highlight is not None else None
    clusters = [pd.Cluster(n) for n in ("Left", "Right", "Middle")] if branches is not None else []
    input_update = _update_pairs(fct, fg, outputs)
    labels = _Labels(topo, profile, input_update, var_with_name_simple, max_label_size, with_ids)
    out_set = set(outputs)

    def cut(text: str) -> str:
        return text[:max_label_size - 3] + "..." if len(text) > max_label_size else text

    for node in topo:
        astr, aid = labels.apply(node)
        use_color = None
        for op_name, color in colorCodes.items():
            if op_name in type(node.op).__name__:
                use_color = color
        nw_node = _node(pd, aid, astr, "ellipse", use_color, high_contrast)
        g.add_node(nw_node)
        if branches is not None:
            for cluster, members in zip(clusters, branches):
                if node in members:
                    cluster.add_node(nw_node)
        views = _indices(getattr(node.op, "view_map", None) or {})
        destroys = _indices(getattr(node.op, "destroy_map", None) or {})
        for idx, var in enumerate(node.inputs):
            varstr, varid = labels.var(var)
            param: dict = {}
            label = str(idx) if len(node.inputs) > 1 else ""
            if label:
                param["label"] = label
            if idx in views:
                param["color"] = colorCodes["Output"]
            elif idx in destroys:
                param["color"] = "red"
            if var.owner is None:
                color = "cyan" if isinstance(var, SharedVariable) else "green"
                g.add_node(_node(pd, varid, varstr, "box", color, high_contrast))
                g.add_edge(pd.Edge(varid, aid, **param))
            elif var.name or not compact or var in out_set:
                g.add_edge(pd.Edge(varid, aid, **param))
            else:  # an unnamed intermediate: no box, the edge comes from its apply node and carries its type
                param["label"] = cut((label + " " if label else "") + str(var.type))
                g.add_edge(pd.Edge(labels.apply(var.owner)[1], aid, **param))
        for idx, var in enumerate(node.outputs):
            varstr, varid = labels.var(var)
            label = cut(str(idx)) if len(node.outputs) > 1 else ""
            param = {"label": label} if label else {}
            n_clients = len(fg.clients.get(var, ())) if hasattr(fg, "clients") else 0
            if var in out_set or var in input_update:
                g.add_edge(pd.Edge(aid, varid, **param))
                g.add_node(_node(pd, varid, varstr, "box", colorCodes["Output"], high_contrast))
            elif n_clients == 0:
                g.add_edge(pd.Edge(aid, varid, **param))
                g.add_node(_node(pd, varid, varstr, "box", "grey", high_contrast))
            elif var.name or not compact:
                if compact:
                    param["label"] = cut((label + " " if label else "") + str(var.type))
                g.add_edge(pd.Edge(aid, varid, **param))
                g.add_node(pd.Node(varid, shape="box", label=varstr))
    for up, sha in input_update.items():  # an update output is linked to the shared variable it updates
        g.add_edge(pd.Edge(labels.var(sha)[1], labels.var(up)[1], label="UPDATE", color=colorCodes["Output"]))
    for cluster in clusters:
        g.add_subgraph(cluster)

    if not outfile.endswith("." + format):
        outfile += "." + format
    if scan_graphs:
        _print_scans(topo, outfile, compact, format, with_ids, high_contrast, colorCodes, max_label_size)
    if return_image:
        return g.create(prog="dot", format=format)
    outdir = os.path.dirname(outfile)
    if outdir:
        os.makedirs(outdir, exist_ok=True)
    g.write(outfile, prog="dot", format=format)
    if print_output_file:
        print("The output file is available at", outfile)
    return None


def _print_scans(topo: list[Apply], outfile: str, compact: bool, format: str, with_ids: bool,
                 high_contrast: bool, colorCodes: dict, max_label_size: int) -> None:
    """Draw each scan's inner graph in `<outfile base>_<scan name>_<toposort index>.<format>` (scan_graphs)."""
    path, fn = os.path.split(outfile)
    basename = ".".join(fn.split(".")[:-1])
    ext = fn[len(basename):]
    for idx, node in enumerate(topo):
        if not isinstance(node.op, Scan):
            continue
        name = getattr(node.op, "name", None)
        new_name = basename + ("_" + str(name) if name is not None else "") + "_" + str(idx)
        pydotprint(_scan_inner(node.op), os.path.join(path, new_name + ext), compact, format, with_ids,
                   high_contrast, None, colorCodes, max_label_size, True, print_output_file=False)

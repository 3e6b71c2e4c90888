"""theano.d3viz.d3viz: an interactive HTML page of a graph, that works offline.

graphviz lays the graph out (as an SVG, at write time); the page's own small script (js/d3viz.js, no
third-party code, no network) inserts it, adds pan and zoom (drag, wheel, buttons), node and edge details
on hover and click, and dragging single nodes. The node details are the PyDotFormatter attributes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from typing import Any

from theano.frontend.d3viz.formatting import PyDotFormatter

ASSETS = os.path.dirname(os.path.realpath(__file__))
_DETAIL_KEYS = ("label", "node_type", "apply_op", "dtype", "tag", "profile", "subg", "subg_map_inputs",
                "subg_map_outputs")


def replace_patterns(x: str, replace: dict) -> str:
    """Replace each key of `replace` in `x` by its value."""
    for from_, to in replace.items():
        x = x.replace(str(from_), str(to))
    return x


def safe_json(obj: Any) -> str:
    """`obj` as JSON that can sit inside an HTML <script> element ('<' escaped)."""
    return json.dumps(obj).replace("<", "\\u003c")


def _unquote(v: Any) -> str:
    """A pydot attribute value without the DOT quotes pydot may keep around it."""
    v = str(v)
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v


def graph_details(graph: Any) -> dict:
    """{DOT node id: {attribute: value}} of every node of a pydot graph and its subgraphs (for the page)."""
    details: dict = {}
    work = [graph]
    while work:
        g = work.pop()
        work.extend(g.get_subgraph_list())
        for node in g.get_nodes():
            name = _unquote(node.get_name())
            if name in ("node", "edge", "graph"):
                continue
            attrs = node.get_attributes()
            details[name] = {k: _unquote(attrs[k]) for k in _DETAIL_KEYS if k in attrs}
    return details


def _svg_body(svg: bytes) -> str:
    """graphviz's SVG document without its XML prolog, doctype, comments and namespace attributes (for the page)."""
    text = svg.decode("utf8")
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # an <svg> inside HTML needs no namespace declarations; dropping them keeps the page free of any URL
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)


def d3viz(fct: Any, outfile: str, copy_deps: bool = True, *args: Any, **kwargs: Any) -> None:
    """Write an HTML file showing the graph of `fct` (a compiled function, variable, apply or list of variables).

    Inputs are green, outputs blue, apply nodes ellipses coloured by op kind; hover or click a node for
    its details, drag the background to pan, use the wheel to zoom, drag a node to move it. With copy_deps
    the page's script and style sheet are copied next to it (`d3viz/js`, `d3viz/css`), else the page
    points at the installed package's copies. Extra arguments go to PyDotFormatter.
    """
    formatter = PyDotFormatter(*args, **kwargs)
    graph = formatter(fct)
    dot_graph = graph.create_dot().decode("utf8")
    svg = graph.create(prog="dot", format="svg")
    outdir = os.path.dirname(outfile)
    if outdir and not os.path.exists(outdir):
        os.makedirs(outdir)
    with open(os.path.join(ASSETS, "html", "template.html"), encoding="utf8") as f:
        template = f.read()
    if copy_deps:
        dst_deps = "d3viz"
        for d in ("js", "css"):
            shutil.copytree(os.path.join(ASSETS, d), os.path.join(outdir, dst_deps, d), dirs_exist_ok=True)
    else:
        dst_deps = ASSETS
    data = {"svg": _svg_body(svg), "nodes": graph_details(graph), "dot": dot_graph}
    html = replace_patterns(template, {
        "%% JS_DIR %%": os.path.join(dst_deps, "js"),
        "%% CSS_DIR %%": os.path.join(dst_deps, "css"),
        "%% GRAPH_DATA %%": safe_json(data),
    })
    with open(outfile, "w", encoding="utf8") as f:
        f.write(html)


def d3write(fct: Any, path: str, *args: Any, **kwargs: Any) -> None:
    """Write the graph of `fct` as a DOT file (extra arguments go to PyDotFormatter)."""
    formatter = PyDotFormatter(*args, **kwargs)
    graph = formatter(fct)
    graph.write_dot(path)

"""theano.d3viz: the PyDotFormatter graph, the offline HTML page, and the page in a real headless browser."""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

import theano
import theano.d3viz  # not imported by `import theano`, as in Theano
import theano.tensor as T

pytestmark = pytest.mark.skipif(not theano.printing.pydot_imported,
                                reason="pydot or graphviz's dot missing: " + theano.printing.pydot_imported_msg)

URL = re.compile(r"https?://|//cdn|\bsrc=[\"']//")


def _mlp():
    """A small MLP function like Theano's d3viz test model (shared weights, dot, sigmoid, softmax)."""
    rng = np.random.RandomState(0)
    x = T.dmatrix("x")
    wh = theano.shared(rng.normal(0, 1, (5, 4)), name="wh")
    bh = theano.shared(np.zeros(4), name="bh")
    h = T.nnet.sigmoid(T.dot(x, wh) + bh)
    wy = theano.shared(rng.normal(0, 1, (4, 3)), name="wy")
    y = T.nnet.softmax(T.dot(h, wy))
    return theano.function([x], y)


def _nested_ofg():
    x, y, z = T.scalars("xyz")
    op = theano.OpFromGraph([x, y], [x * y])
    op2 = theano.OpFromGraph([x, y, z], [op(x, y) + z])
    return theano.function([x, y, z], op2(x, y, z) + z)


def _all_nodes(graph) -> list:
    """Every node of a pydot graph and of its subgraphs."""
    nodes, work = [], [graph]
    while work:
        g = work.pop()
        work.extend(g.get_subgraph_list())
        nodes.extend(n for n in g.get_nodes() if n.get_name() not in ("node", "edge", "graph"))
    return nodes


def _page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="d3viz-data">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


# ------------------------------------------------------------------------------------------------ formatter

def test_formatter_node_types_and_edges():
    from theano.d3viz.formatting import PyDotFormatter

    f = _mlp()
    graph = PyDotFormatter()(f)
    topo = f.maker.fgraph.toposort()
    types = [n.get_attributes()["node_type"] for n in graph.get_nodes()]
    assert types.count("apply") == len(topo)
    assert types.count("output") == 1 and types.count("input") == 1 and types.count("shared_input") == 3
    labels = {n.get_attributes()["label"].strip('"') for n in graph.get_nodes()}
    assert {"x", "wh", "bh", "wy"} <= labels and any("Softmax" in s for s in labels)
    assert len(graph.get_edges()) == sum(len(n.inputs) for n in topo) + 1  # every input edge, and the output's


def test_formatter_compact_false_draws_the_intermediate_edges():
    from theano.d3viz.formatting import PyDotFormatter

    x = T.dvector("x")
    y = T.exp(T.exp(x))
    compact = PyDotFormatter()(y)
    full = PyDotFormatter(compact=False)(y)
    assert len(full.get_edges()) == len(compact.get_edges()) + 1


def test_formatter_nested_op_from_graph_clusters():
    from theano.d3viz.formatting import PyDotFormatter

    graph = PyDotFormatter()(_nested_ofg())
    assert len(graph.get_nodes()) == 7  # the counts of Theano's test_formatting.test_ofg_nested
    (ofg1,) = graph.get_subgraph_list()
    assert len(ofg1.get_nodes()) == 6
    (ofg2,) = ofg1.get_subgraph_list()
    assert len(ofg2.get_nodes()) == 4
    ofg_node = next(n for n in graph.get_nodes() if n.get_attributes()["label"].strip('"') == "OpFromGraph")
    attrs = ofg_node.get_attributes()
    assert attrs["subg"] == ofg1.get_name()
    inner_ids = {n.get_name() for n in ofg1.get_nodes()}
    pairs = json.loads(attrs["subg_map_inputs"].strip('"').replace("'", '"'))
    assert len(pairs) == 3 and all(inner in inner_ids for _, inner in pairs)


def test_type_strings_and_labels():
    from theano.d3viz import formatting as F

    assert F.type_to_str(T.fmatrix().type) == "fmatrix" and F.type_to_str(T.lscalar().type) == "lscalar"
    assert F.type_to_str(T.dtensor3().type) == "float64" and F.type_to_str(T.drow().type) == "drow"
    assert F.var_label(T.constant(np.float64(1.23456))) == "1.235"
    assert F.var_label(T.dvector("v")) == "v" and F.var_label(T.ivector()) == "ivector"


def test_d3write_writes_a_dot_file(tmp_path):
    path = tmp_path / "g.dot"
    theano.d3viz.d3write(_mlp(), str(path))
    text = path.read_text()
    assert text.startswith("digraph") and "Softmax" in text
    for node_type in ("apply", "input", "shared_input", "output"):
        assert "node_type=%s," % node_type in text or "node_type=%s]" % node_type in text, node_type


# ------------------------------------------------------------------------------------------------ the page

def test_page_is_offline_and_holds_every_node(tmp_path):
    f = _mlp()
    out = tmp_path / "out" / "index.html"
    theano.d3viz.d3viz(f, str(out))
    html = out.read_text()
    deps = [tmp_path / "out" / "d3viz" / "js" / "d3viz.js", tmp_path / "out" / "d3viz" / "css" / "d3viz.css"]
    assert all(p.is_file() for p in deps)
    for text in [html] + [p.read_text() for p in deps]:
        assert URL.search(text) is None, URL.search(text)
    assert 'src="d3viz/js/d3viz.js"' in html and 'href="d3viz/css/d3viz.css"' in html
    data = _page_data(html)
    from theano.d3viz.formatting import PyDotFormatter
    expected = {n.get_name() for n in _all_nodes(PyDotFormatter()(f))}
    assert set(data["nodes"]) == expected
    assert len(re.findall(r'<g id="node\d+" class="node">', data["svg"])) == len(expected)
    assert "digraph" in data["dot"]
    assert any(d.get("node_type") == "shared_input" and d.get("label") == "wh" for d in data["nodes"].values())


def test_page_without_copied_deps_points_at_the_package(tmp_path):
    out = tmp_path / "page.html"
    theano.d3viz.d3viz(T.dvector("x") * 2, str(out), copy_deps=False)
    html = out.read_text()
    src = re.search(r'<script src="([^"]+)"></script>', html).group(1)
    assert os.path.isabs(src) and os.path.isfile(src)
    assert not (tmp_path / "d3viz").exists()


def test_page_escapes_script_closing_text(tmp_path):
    x = T.dvector("</script><b>x")
    out = tmp_path / "page.html"
    theano.d3viz.d3viz(x * 2, str(out))
    html = out.read_text()
    assert html.count("</script>") == 2  # the data element's and the viewer's, nothing from the name
    assert any(d.get("label") == "</script><b>x" for d in _page_data(html)["nodes"].values())


# ------------------------------------------------------------------------------------------------ in a browser

def _browser() -> str | None:
    """A Chromium or Chrome executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


browser = pytest.mark.skipif(_browser() is None, reason="no Chromium/Chrome installed (apt-get install chromium)")


def _chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    cmd = [_browser(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
           "--user-data-dir=" + str(tmp_path / "profile"), *args]
    return subprocess.run(cmd, capture_output=True, timeout=20)


def _png_pixels(path) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines) of a non-interlaced 8-bit PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@browser
def test_browser_renders_every_node_and_a_screenshot(tmp_path):
    from theano.d3viz.formatting import PyDotFormatter

    f = _nested_ofg()
    out = tmp_path / "page" / "index.html"
    theano.d3viz.d3viz(f, str(out))
    n_nodes = len({n.get_name() for n in _all_nodes(PyDotFormatter()(f))})  # an input used twice is listed twice
    topo = f.maker.fgraph.toposort()
    assert n_nodes >= len(topo) + len(f.maker.fgraph.inputs) + len(f.maker.fgraph.outputs)
    res = _chromium(tmp_path, "--dump-dom", out.as_uri())
    dom = res.stdout.decode("utf8")
    assert 'data-d3viz-ready="true"' in dom, res.stderr.decode()[-2000:]
    assert 'data-d3viz-nodes="%d"' % n_nodes in dom
    assert dom.count('class="node d3viz-node"') == n_nodes  # the script ran over every node of the SVG
    assert 'id="d3viz-viewport"' in dom

    shot = tmp_path / "shot.png"
    _chromium(tmp_path, "--screenshot=" + str(shot), "--window-size=1000,700", "--hide-scrollbars", out.as_uri())
    width, height, raw = _png_pixels(shot)
    assert (width, height) == (1000, 700)
    # not blank: the drawing has many colours (fills of the nodes, text) besides the white background
    assert len(set(raw)) > 20
    white_runs = raw.count(b"\xff" * 64)
    assert white_runs * 64 < 0.99 * len(raw)


@browser
def test_browser_details_pan_zoom_and_node_drag(tmp_path):
    f = _mlp()
    out = tmp_path / "index.html"
    theano.d3viz.d3viz(f, str(out))
    # drive the page with mouse events in the real browser; the results land in an attribute of <body>
    probe = """
<script>
(function () {
  var r = {};
  var node = document.querySelector('g.node[data-node-type="apply"]');
  var box = node.getBoundingClientRect();
  var cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  function fire(target, type, x, y, extra) {
    var init = {bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0};
    for (var k in (extra || {})) { init[k] = extra[k]; }
    target.dispatchEvent(type === 'wheel' ? new WheelEvent(type, init) : new MouseEvent(type, init));
  }
  fire(node, 'mousemove', cx, cy);
  var tip = document.getElementById('d3viz-tooltip');
  r.tooltip = !tip.classList.contains('d3viz-hidden') && tip.textContent.indexOf('apply') >= 0;
  fire(node, 'mousedown', cx, cy); fire(window, 'mouseup', cx, cy);
  var details = document.getElementById('d3viz-details');
  r.details = !details.classList.contains('d3viz-hidden') && details.textContent.indexOf(node.getAttribute('data-name')) >= 0;
  r.selected = node.classList.contains('d3viz-selected');
  var edge = document.querySelector('g.edge path');
  var before = edge.getAttribute('d');
  var moved = [];
  document.querySelectorAll('g.edge path').forEach(function (p) { moved.push(p.getAttribute('d')); });
  fire(node, 'mousedown', cx, cy); fire(window, 'mousemove', cx + 40, cy + 30); fire(window, 'mouseup', cx + 40, cy + 30);
  r.nodeMoved = node.getAttribute('transform');
  var changed = 0;
  document.querySelectorAll('g.edge path').forEach(function (p, i) { if (p.getAttribute('d') !== moved[i]) { changed++; } });
  r.edgesChanged = changed;
  var vp = document.getElementById('d3viz-viewport');
  var t0 = vp.getAttribute('transform');
  var bg = document.getElementById('d3viz-graph');
  var gb = bg.getBoundingClientRect();
  fire(bg, 'wheel', gb.left + 10, gb.top + 10, {deltaY: -100});
  r.zoomed = vp.getAttribute('transform') !== t0;
  var t1 = vp.getAttribute('transform');
  fire(bg, 'mousedown', gb.left + 5, gb.top + 5); fire(window, 'mousemove', gb.left + 60, gb.top + 45);
  fire(window, 'mouseup', gb.left + 60, gb.top + 45);
  r.panned = vp.getAttribute('transform') !== t1;
  document.getElementById('d3viz-reset').click();
  r.reset = !node.getAttribute('transform') || node.getAttribute('transform') === 'translate(0,0)';
  document.body.setAttribute('data-probe', JSON.stringify(r));
}());
</script>
</body>"""
    html = out.read_text().replace("</body>", probe)
    probe_page = tmp_path / "probe.html"
    probe_page.write_text(html)
    res = _chromium(tmp_path, "--window-size=1200,900", "--dump-dom", probe_page.as_uri())
    m = re.search(r"data-probe=\"([^\"]*)\"", res.stdout.decode("utf8"))
    assert m is not None, res.stderr.decode()[-2000:]
    r = json.loads(m.group(1).replace("&quot;", '"'))
    assert r["tooltip"] and r["details"] and r["selected"], r
    assert r["nodeMoved"] and r["nodeMoved"].startswith("translate(") and r["nodeMoved"] != "translate(0,0)", r
    assert r["edgesChanged"] >= 2, r  # the dragged apply node has an input and an output edge
    assert r["zoomed"] and r["panned"] and r["reset"], r


@browser
def test_browser_opens_with_the_node_named_in_the_address(tmp_path):
    out = tmp_path / "index.html"
    theano.d3viz.d3viz(T.dvector("x") * 2, str(out))
    res = _chromium(tmp_path, "--dump-dom", out.as_uri() + "#node=n1")
    dom = res.stdout.decode("utf8")
    details = re.search(r'<div id="d3viz-details" class="">(.*?)</div>', dom, re.S)
    assert details is not None and ">n1<" in details.group(1) and ">apply<" in details.group(1)

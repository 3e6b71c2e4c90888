"""theano.printing.pydotprint: real pictures drawn by graphviz, and the error naming the extra when pydot is missing."""
from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend import pydot_print

needs_pydot = pytest.mark.skipif(not theano.printing.pydot_imported,
                                 reason="pydot or graphviz's dot missing: " + theano.printing.pydot_imported_msg)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _canon(obj, **kwargs) -> str:
    """The DOT text graphviz lays out for `obj` (format 'canon'): node attributes readable in a test."""
    return theano.printing.pydotprint(obj, return_image=True, format="canon", **kwargs).decode("utf8")


def test_flags_say_whether_pictures_can_be_drawn():
    expected = importlib.util.find_spec("pydot") is not None and shutil.which("dot") is not None
    assert theano.printing.pydot_imported is expected
    assert (theano.printing.pydot_imported_msg == "") is expected


@needs_pydot
def test_png_of_a_compiled_function(tmp_path, capsys):
    x = T.dvector("x")
    f = theano.function([x], x * 2)
    out = tmp_path / "graph.png"
    theano.printing.pydotprint(f, outfile=str(out))
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert "The output file is available at " + str(out) in capsys.readouterr().out


@needs_pydot
def test_svg_has_the_labels_of_the_graph(tmp_path):
    x = T.dvector("x")
    w = theano.shared(np.ones(3), name="w")
    f = theano.function([x], [T.exp(x * w).sum()], updates=[(w, w + x)])
    theano.printing.pydotprint(f, outfile=str(tmp_path / "g"), format="svg", print_output_file=False)
    svg = (tmp_path / "g.svg").read_text()  # the format's extension is appended
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for label in ("name=x TensorType(float64, vector)", "name=w TensorType(float64, vector)",
                  "Elemwise{exp,no_inplace}", "Sum{acc_dtype=float64}", "UPDATE", "TensorType(float64, scalar)"):
        assert label in svg, label


@needs_pydot
def test_return_image_gives_the_bytes_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    x = T.dvector()
    png = theano.printing.pydotprint(x * 2, return_image=True)
    assert isinstance(png, bytes) and png[:8] == PNG_MAGIC
    svg = theano.printing.pydotprint(x * 2, return_image=True, format="svg")
    assert b"<svg" in svg and "Elemwise{mul,no_inplace}".encode() in svg
    assert list(tmp_path.iterdir()) == []


@needs_pydot
def test_colours_shapes_and_edge_labels_follow_theano():
    x = T.dvector("x")
    w = theano.shared(np.ones(3), name="w")
    f = theano.function([x], [x * w, x[1:]], updates=[(w, w * 2)])
    dot = _canon(f)
    assert "fillcolor=green" in dot and "fillcolor=cyan" in dot and "fillcolor=blue" in dot  # input, shared, outputs
    assert '"#FFAABB"' in dot and '"#FFAAFF"' in dot  # Elemwise dark pink, Subtensor purple
    assert "shape=ellipse" in dot and "shape=box" in dot
    assert "label=UPDATE" in dot
    outlined = _canon(f, high_contrast=False)
    assert "fillcolor" not in outlined and "color=green" in outlined


@needs_pydot
def test_labels_with_ids_names_and_max_label_size():
    x = T.dvector("x")
    y = x * 2
    y.name = "doubled"
    z = T.exp(y)
    assert "id=0" not in _canon(z) and "id=0" in _canon(z, with_ids=True)
    assert "name=doubled TensorType(float64, vector)" in _canon(z)  # named middle variables keep their box
    assert "label=doubled" in _canon(z, var_with_name_simple=True)
    unnamed = T.exp(T.exp(x))
    assert _canon(unnamed).count("shape=box") == 2  # compact: the unnamed middle variable is only an edge
    assert _canon(unnamed, compact=False).count("shape=box") == 3
    short = _canon(z, max_label_size=8)
    assert "Elemw..." in short and "Elemwise{exp" not in short


@needs_pydot
def test_long_names_cut_to_the_same_text_stay_distinct_nodes():
    x = T.dvector()
    dot = _canon([T.exp(x), T.log(x)], max_label_size=5)
    assert dot.count("shape=ellipse") == 2  # Elemwise{exp} and Elemwise{log} both cut to "El...", not merged
    assert 'label="El..."' in dot


@needs_pydot
def test_accepts_function_graph_apply_and_lists():
    x = T.dvector("x")
    y = T.exp(x)
    fg = theano.FunctionGraph([x], [y], clone=False)
    for obj in (fg, y.owner, [y, x * 3], y):
        assert "Elemwise{exp,no_inplace}" in _canon(obj)
    with pytest.raises(TypeError, match="pydotprint expects"):
        theano.printing.pydotprint(42, return_image=True)


@needs_pydot
def test_scan_graphs_draws_each_inner_graph(tmp_path):
    state = T.dscalar("state")
    n = T.iscalar("n")
    out, updates = theano.scan(lambda s: 2 * s, outputs_info=state, n_steps=n)
    f = theano.function([state, n], out, updates=updates)
    theano.printing.pydotprint(f, outfile=str(tmp_path / "top.png"), scan_graphs=True, print_output_file=False)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "top.png" in files and len(files) == 2, files
    inner = [p for p in tmp_path.iterdir() if p.name != "top.png"][0]
    assert inner.name.startswith("top_") and inner.read_bytes()[:8] == PNG_MAGIC
    assert "for{" in _canon(out) or "scan" in _canon(out).lower()


@needs_pydot
def test_cond_highlight_without_ifelse_logs_a_warning(caplog):
    x = T.dvector()
    f = theano.function([x], x * 2)
    with caplog.at_level(logging.WARNING, logger="theano.printing"):
        png = theano.printing.pydotprint(f, cond_highlight=True, return_image=True)
    assert png[:8] == PNG_MAGIC
    assert "pydotprint: cond_highlight is set but there is no IfElse node in the graph" in caplog.text


@needs_pydot
def test_cond_highlight_puts_the_branches_in_clusters():
    from theano.ifelse import ifelse

    a, b = T.dscalars("a", "b")
    c = T.iscalar("c")
    z = ifelse(c, T.exp(a), T.log(b), name="sel")
    dot = _canon(z, cond_highlight="sel")
    assert "subgraph cluster_Left" in dot and "subgraph cluster_Right" in dot


@needs_pydot
def test_default_outfile_is_in_compiledir(tmp_path):
    x = T.dvector()
    with theano.change_flags(compiledir=str(tmp_path / "cd")):
        theano.printing.pydotprint(x * 2, print_output_file=False)
    assert (tmp_path / "cd" / "theano.pydotprint.cpu.png").read_bytes()[:8] == PNG_MAGIC


def _run_python(code: str, env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, **env_extra)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=str(tmp_path))


def test_missing_pydot_gives_an_error_naming_the_extra(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    for name in ("pydot", "pydot_ng"):  # a module that fails to import, found before the installed one
        (blocker / (name + ".py")).write_text("raise ImportError('no %s here (test)')\n" % name)
    code = """
        import theano, theano.tensor as T
        from theano.frontend import pydot_print
        assert theano.printing.pydot_imported is False
        msg = theano.printing.pydot_imported_msg
        assert "pip install theano-xla[graphviz]" in msg and "apt-get install graphviz" in msg, msg
        try:
            theano.printing.pydotprint(T.dvector() * 2, return_image=True)
        except RuntimeError as err:
            text = str(err)
            assert "pydotprint" in text and "pip install theano-xla[graphviz]" in text and "`dot`" in text, text
        else:
            raise AssertionError("no error")
        from theano.d3viz.formatting import PyDotFormatter
        try:
            PyDotFormatter()
        except ImportError as err:
            assert "theano-xla[graphviz]" in str(err), err
        else:
            raise AssertionError("no error")
        print("ok")
    """
    res = _run_python(code, {"PYTHONPATH": str(blocker)}, tmp_path)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


@pytest.mark.skipif(importlib.util.find_spec("pydot") is None, reason="pydot is not installed")
def test_missing_dot_program_gives_an_error_naming_graphviz(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    code = """
        import theano, theano.tensor as T
        assert theano.printing.pydot_imported is False
        msg = theano.printing.pydot_imported_msg
        assert "`dot` program is not on the PATH" in msg and "apt-get install graphviz" in msg, msg
        try:
            theano.printing.pydotprint(T.dvector() * 2, return_image=True)
        except RuntimeError as err:
            assert "theano-xla[graphviz]" in str(err), err
        else:
            raise AssertionError("no error")
        print("ok")
    """
    res = _run_python(code, {"PATH": str(empty)}, tmp_path)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


def test_require_pydot_names_what_needs_it(monkeypatch):
    monkeypatch.setattr(pydot_print, "pydot_imported", False)
    monkeypatch.setattr(pydot_print, "pydot_imported_msg", "missing (test)")
    with pytest.raises(RuntimeError, match="d3viz needs pydot and graphviz.*missing \\(test\\)"):
        pydot_print.require_pydot("d3viz")

"""theano.scan_module's submodules that legacy code and Theano's tests import: scan_op, scan_utils."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T


def test_scan_op_module_holds_the_scan_op():
    from theano.scan_module.scan_op import Scan

    x = T.vector("x")
    s, _ = theano.scan(lambda v, h: h * 2 + v, sequences=x, outputs_info=T.constant(0.0, dtype="float64"))
    f = theano.function([x], s)
    nodes = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, Scan)]
    assert len(nodes) == 1 and theano.scan_module.scan_op.Scan is Scan
    assert np.allclose(f(np.arange(3.0)), [0.0, 1.0, 4.0])


def test_scan_utils_names():
    from theano.scan_module import scan_utils

    for name in ("clone", "equal_computations", "map_variables", "until", "get_updates_and_outputs"):
        assert callable(getattr(scan_utils, name)), name

"""theano.compile.pfunc.rebuild_collect_shared, against Theano 1.0.5's results for the same calls."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile.pfunc import rebuild_collect_shared
from theano.gof import graph


def _graph():
    x, y = T.vector("x"), T.vector("y")
    w = theano.shared(np.ones(3), name="w")
    r = theano.shared(np.zeros(3), name="r")
    r.default_update = r + 1
    return x, y, w, r, (x * w + r).sum()


def test_replace_updates_and_shared_collection():
    x, y, w, r, out = _graph()
    ins, outs, (clone_d, update_d, update_expr, shared_inputs) = rebuild_collect_shared(
        [out], [x], replace={x: y * 2}, updates=[(w, w * 2)])
    assert ins[0] is clone_d[x] and ins[0].owner is not None  # the replaced input: its replacement's clone
    assert outs[0] is not out and y in graph.inputs(outs) and x not in graph.inputs(outs)
    assert shared_inputs == [w, r] and [k for k, _ in update_expr] == [w, r] and set(update_d) == {w, r}
    f = theano.function([y], outs[0], updates=list(update_d.items()))
    assert np.isclose(f(np.ones(3)), 6.0) and np.allclose(r.get_value(), 1.0) and np.allclose(w.get_value(), 2.0)


def test_copy_inputs_and_no_default_updates():
    x, _, w, r, out = _graph()
    ins, cloned, (_, _, update_expr, shared_inputs) = rebuild_collect_shared(out, [x], copy_inputs_over=False,
                                                                             no_default_updates=True)
    assert ins[0] is not x and x not in graph.inputs([cloned]) and ins[0] in graph.inputs([cloned])
    assert shared_inputs == [w, r] and update_expr == []


def test_errors_as_theano():
    x, y, w, _, out = _graph()
    with pytest.raises(TypeError, match="Cannot use a shared variable"):
        rebuild_collect_shared([out], [w])
    with pytest.raises(TypeError, match="An update must have the same type"):
        rebuild_collect_shared([out], [x], updates=[(w, T.matrix())])
    with pytest.raises(AssertionError, match="can not have a new_v variable depend on an old_v"):
        rebuild_collect_shared([out], [x], replace=[(y, x + 1), (x, y)])

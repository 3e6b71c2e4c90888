"""theano.clone is scan_utils.clone, as in Theano 1.0.5 (values checked against /tmp/theano-ref)."""
from __future__ import annotations

import pytest

import theano
import theano.tensor as T
from theano.gof import graph
from theano.scan_module import scan_utils


def test_theano_clone_is_scan_utils_clone():
    assert theano.clone is scan_utils.clone


def test_clone_copies_the_nodes_and_shares_the_inputs():
    x = T.vector("x")
    z = T.exp(x) * 2
    z2 = theano.clone(z)
    assert z2 is not z and z2.owner is not z.owner
    assert graph.inputs([z2])[0] is x
    z3 = theano.clone(z, share_inputs=False)
    assert x not in graph.inputs([z3])


@pytest.mark.parametrize("replacement", [T.matrix("m"), T.ivector("iv"), T.fvector("fv")])
def test_strict_clone_refuses_another_type(replacement):
    x = T.vector("x")
    z = T.exp(x) * 2
    with pytest.raises(TypeError):
        theano.clone(z, replace={x: replacement})
    loose = theano.clone(z, replace={x: replacement}, strict=False)
    assert loose.ndim == replacement.ndim


def test_share_inputs_false_copies_the_replacement_inputs_too():
    x, y, y2 = T.vectors("x", "y", "y2")
    z = theano.shared(0.25)
    f1 = z * (x + y) ** 2 + 5
    f2 = theano.clone(f1, replace=[(y, y2)], share_inputs=False)
    inputs = graph.inputs([f2])
    assert z not in inputs and x not in inputs and y2 not in inputs and y not in inputs
    f3 = theano.clone(f1, replace=[(y, y2)], share_inputs=True)
    assert {z, x, y2} <= set(graph.inputs([f3]))

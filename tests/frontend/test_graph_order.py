"""Graph walks return Theano 1.0.5's orders (golden data made with the real Theano 1.0.5).

User code depends on them: Lasagne's `get_all_params` lists parameters in `gof.graph.inputs` order, and
`set_all_param_values` (how a saved model is loaded) assigns values by that position.
"""
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from graph_order_probe import probe  # noqa: E402

GOLDEN = json.loads((HERE / "golden" / "graph_order_theano105.json").read_text())
OURS = probe()


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_walk_order_matches_theano(case):
    assert OURS[case] == GOLDEN[case]


def test_every_case_is_checked():
    assert sorted(OURS) == sorted(GOLDEN)


def test_inputs_issue_example():
    import theano.tensor as T
    from theano.gof import graph

    a, c, z = T.scalar("a"), T.scalar("c"), T.scalar("z")
    assert [v.name for v in graph.inputs([a * c + z, c])] == ["c", "a", "z"]


def test_lasagne_style_parameter_order():
    """collect_shared_vars searches reversed(expressions): a dense layer's [W, b] keeps its order."""
    import numpy as np
    import theano
    from theano.gof import graph

    W = theano.shared(np.ones((2, 3)), name="W")
    b = theano.shared(np.zeros(3), name="b")
    params = [W, b]
    found = [v for v in graph.inputs(reversed(params)) if isinstance(v, theano.compile.SharedVariable)]
    assert found == [W, b]


def test_walks_are_linear_on_deep_chains():
    import theano.tensor as T
    from theano.gof import graph

    x = T.dvector("x")
    y = x
    for _ in range(10000):
        y = T.tanh(y) + x
    assert len(graph.io_toposort([x], [y])) == 20000
    assert graph.inputs([y]) == [x]
    assert len(graph.list_of_nodes([x], [y])) == 20000

"""theano.printing.pp against texts printed by the real Theano 1.0.5 (recorded from /tmp/theano-ref)."""
from __future__ import annotations

import pytest

import theano
import theano.tensor as T
from theano.printing import FunctionPrinter, OperatorPrinter, pp

x = T.matrix("x")
alpha = T.vector("alpha")
i = T.lscalar("i")

# (expression, Theano 1.0.5's pp text)
CASES = [
    (lambda: x[1:], "x[int64:]"),
    (lambda: x[1:-1:2, 0], "x[int64:int64:int64, Constant{0}]"),
    (lambda: x[::-1], "x[::int64]"),
    (lambda: x[1, 2], "x[Constant{2}, Constant{1}]"),  # Theano takes symbolic indices from the end
    (lambda: x[:i], "x[:int64]"),
    (lambda: x.T, "x.T"),
    (lambda: x.dimshuffle(1, "x", 0), "DimShuffle{1, x, 0}(x)"),
    (lambda: x + alpha, "(x + \\alpha)"),
    (lambda: abs(x), "|x|"),
    (lambda: T.cast(x, "int8"), "int8(x)"),
    (lambda: x.astype("float32"), "float32(x)"),
    (lambda: x.sum(), "Sum{acc_dtype=float64}(x)"),
    (lambda: x.sum(axis=0), "Sum{axis=[0], acc_dtype=float64}(x)"),
    (lambda: T.prod(x), "Prod{axis=None, dtype='float64', acc_dtype='float64'}(x)"),
    (lambda: T.dot(x, alpha), "(x \\dot \\alpha)"),
    (lambda: T.concatenate([x, x]), "join(TensorConstant{0}, x, x)"),
    (lambda: T.stack([alpha, alpha]), "join(TensorConstant{0}, \\alpha, \\alpha)"),
    (lambda: T.nnet.sigmoid(x), "sigmoid(x)"),
    (lambda: T.nnet.softplus(x), "softplus(x)"),
    (lambda: T.nnet.relu(x), "(TensorConstant{0.5} * (x + |x|))"),
    (lambda: T.nnet.softmax(x), "Softmax(x)"),
    (lambda: x % 2, "mod(x, TensorConstant{2})"),
    (lambda: -x, "(-x)"),
    (lambda: x ** 2, "(x ** TensorConstant{2})"),
    (lambda: x // 2, "(x // TensorConstant{2})"),
    (lambda: (x + 1) * 2 - x / 3, "(((x + TensorConstant{1}) * TensorConstant{2}) - (x / TensorConstant{3}))"),
    (lambda: T.zeros_like(x), "fill(x, TensorConstant{0.0})"),
    (lambda: T.alloc(0., i, 3), "alloc(TensorConstant{0.0}, i, TensorConstant{3})"),
    (lambda: T.switch(x > 0, x, 0), "switch(gt(x, TensorConstant{0}), x, TensorConstant{0})"),
    (lambda: T.clip(x, 0, 1), "clip(x, TensorConstant{0}, TensorConstant{1})"),
    (lambda: x.mean(), "((Sum{acc_dtype=float64}(x) / float64(Shape(x))[Constant{0}]) / float64(Shape(x))[Constant{1}])"),
    (lambda: x.flatten(), "Reshape{1}(x, TensorConstant{(1,) of -1})"),
    (lambda: T.arange(i), "ARange{dtype='int64'}(TensorConstant{0}, i, TensorConstant{1})"),
    (lambda: x.shape[0], "Shape(x)[Constant{0}]"),
    (lambda: T.set_subtensor(x[0], alpha), "IncSubtensor{Set;int64}(x, \\alpha, Constant{0})"),
    (lambda: x[[0, 1]], "AdvancedSubtensor1(x, TensorConstant{[0 1]})"),
    (lambda: T.max(x), "MaxAndArgmax{axis=(0, 1)}(x)"),
    (lambda: T.any(x), "Any(neq(x, TensorConstant{0}))"),
    (lambda: T.tensor_copy(x), "x"),
    (lambda: T.inv(x), "inv(x)"),
]


@pytest.mark.parametrize("build,text", CASES, ids=[c[1][:40] for c in CASES])
def test_pp_matches_theano(build, text: str) -> None:
    assert pp(build()) == text


def test_names_only_on_leaves() -> None:
    z = x + 1
    z.name = "z"
    assert pp(z * 2) == "((x + TensorConstant{1}) * TensorConstant{2})"
    assert theano.printing.pprint is pp


def test_assign_user_printers() -> None:
    p = pp.clone()
    p.assign(lambda pstate, r: r.name is not None, theano.printing.leaf_printer)
    z = T.nnet.softmax(x)
    z.name = "z"
    assert p(z + x) == "(z + x)"
    assert pp(z + x) == "(Softmax(x) + x)"  # the clone did not change pp
    e = T.exp(x)
    e.name = "e"
    assert p(e + x) == "(exp(x) + x)"  # printers registered by op come before conditions, as in Theano
    q = pp.clone_assign(T.exp(x).owner.op, FunctionPrinter("EXP"))
    q.assign(type(T.dot(x, x).owner.op), OperatorPrinter("@", -1))
    assert q(T.dot(T.exp(x), x)) == "(EXP(x) @ x)"


def test_long_chain_is_iterative() -> None:
    y = x
    for _ in range(3000):
        y = T.tanh(y)
    assert pp(y).count("tanh(") == 3000

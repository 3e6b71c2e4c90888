"""Theano 1.0.5 names and behaviours of compile/gof/nnet odds and ends: linker classes, function pickling hooks,
graphs of Python objects run on the host, argmax pushdown, the cross-entropy gradient graph, conv shape asserts."""
import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof
from theano.compile import Mode
from theano.ifelse import ifelse
from theano.tensor.nnet import (crossentropy_categorical_1hot, crossentropy_softmax_1hot_with_bias_dx, softmax_op,
                                softmax_with_bias, sigmoid)
from theano.tensor.nnet import abstract_conv as AC


def test_top_level_linker_names_and_mode_linker_objects() -> None:
    assert theano.PerformLinker is gof.PerformLinker and theano.OpWiseCLinker is gof.OpWiseCLinker
    assert theano.gof.link.Container is theano.Container
    classes = {name: type(Mode(name, "fast_run").linker).__name__ for name in ("py", "c|py", "vm", "cvm")}
    assert classes == {"py": "PerformLinker", "c|py": "OpWiseCLinker", "vm": "VM_Linker", "cvm": "VM_Linker"}
    assert Mode("py").provided_linker == "py" and "linker=py" in str(Mode("py"))
    x, y = T.matrix(), T.vector()
    involved = set()
    for mode in ["FAST_COMPILE", "FAST_RUN", "DEBUG_MODE", Mode("py", "fast_run"), Mode("c|py", "fast_run")]:
        f = theano.function([x, y], x + y, mode=mode)
        np.testing.assert_allclose(f([[1, 2], [3, 4]], [5, 6]), [[6, 8], [8, 10]])
        involved.add(type(f.maker.mode.linker))
    assert len(involved) == 4  # VM_Linker, DebugMode's, PerformLinker, OpWiseCLinker, as in Theano


def test_function_linker_object_in_mode_and_pickle_function() -> None:
    x = T.dvector()
    f = theano.function([x], x * 2, mode=theano.Mode(optimizer="fast_run", linker=theano.PerformLinker(allow_gc=True)))
    reduced = theano.compile.function_module._pickle_Function(f)
    g = reduced[0](*reduced[1])
    np.testing.assert_allclose(g(np.arange(3.0)), [0, 2, 4])
    h = pickle.loads(pickle.dumps(f))
    np.testing.assert_allclose(h(np.arange(3.0)), [0, 2, 4])


def test_ifelse_on_generic_values_runs_on_the_host() -> None:
    x, y = theano.generic(), theano.generic()
    c = T.iscalar("c")
    f = theano.function([c, x, y], ifelse(c, x, y))
    assert f(1, ["X"], ["Y"]) == ["X"] and f(0, ["X"], ["Y"]) == ["Y"]


class _Prefixed(gof.Type):
    """A user's Type of strings (no dtype), as Theano's gof tests write one."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __eq__(self, other):
        return type(other) is type(self) and other.prefix == self.prefix

    def __hash__(self):
        return hash((type(self), self.prefix))

    def filter(self, x, strict=False, allow_downcast=None):
        if not isinstance(x, str) or not x.startswith(self.prefix):
            raise TypeError("expected a string starting with %r" % self.prefix)
        return x


class _Greeting(gof.Op):
    __props__ = ()

    def make_node(self, n):
        return gof.Apply(self, [T.as_tensor_variable(n)], [_Prefixed("hi")()])

    def perform(self, node, inputs, out):
        out[0][0] = "hi " * int(inputs[0])


def test_user_type_without_dtype_runs_its_perform() -> None:
    n = T.lscalar()
    f = theano.function([n], _Greeting()(n * 2))
    assert f(2) == "hi hi hi hi "


def _optimized(inputs, outputs):
    fg = gof.FunctionGraph(inputs, outputs)
    theano.compile.mode.optdb.query(theano.compile.mode.OPT_FAST_RUN).optimize(fg)
    return [type(n.op).__name__ for n in fg.toposort()]


def test_argmax_pushdown_graph_and_values() -> None:
    x, b = T.matrix(), T.vector()
    assert _optimized([x], [T.argmax(softmax_op(T.exp(T.tanh(sigmoid(x)))), axis=-1)]) == ["Argmax"]
    assert _optimized([x, b], [T.argmax(softmax_with_bias(x, b), axis=-1)]) == ["DimShuffle", "Elemwise", "Argmax"]
    assert _optimized([x, b], [T.max_and_argmax(softmax_with_bias(x, b), axis=-1)[0]]) == ["SoftmaxWithBias",
                                                                                           "CAReduce"]
    v = np.array([[0.0, 10.0], [1.0, 0.0], [3.0, 2.0]])
    sm = np.exp(v) / np.exp(v).sum(1, keepdims=True)
    f = theano.function([x], [T.argmax(softmax_op(x), axis=0), T.argmax(softmax_op(x), axis=1)])
    a0, a1 = f(v)  # only the row-wise argmax goes through the softmax: along columns it is a different index
    np.testing.assert_array_equal(a0, np.argmax(sm, axis=0))
    np.testing.assert_array_equal(a1, np.argmax(v, axis=1))


def test_crossentropy_gradient_keeps_no_forward_node() -> None:
    x, y = T.matrix("x"), T.lvector("y")
    g_x = T.grad(T.sum(crossentropy_categorical_1hot(softmax_op(x), y)), x)
    ops = [n.op for n in gof.FunctionGraph([x, y], [g_x]).toposort()]
    fg = gof.FunctionGraph([x, y], [g_x])
    theano.compile.mode.optdb.query(theano.compile.mode.OPT_FAST_RUN).optimize(fg)
    ops = [n.op for n in fg.toposort()]
    assert crossentropy_softmax_1hot_with_bias_dx in ops and softmax_op in ops and len(ops) == 2
    f = theano.function([x, y], g_x)
    xv, yv = np.random.RandomState(0).randn(3, 4), np.array([0, 3, 1])
    sm = np.exp(xv) / np.exp(xv).sum(1, keepdims=True)
    np.testing.assert_allclose(f(xv, yv), sm - np.eye(4)[yv], rtol=1e-10)


def test_conv_assert_shape_flag() -> None:
    img, kern = T.tensor4(), T.tensor4()
    with theano.change_flags(**{"conv.assert_shape": True}):
        out = AC.conv2d(img, kern, input_shape=(2, 3, 7, 7), filter_shape=(4, 3, 3, 3))
    f = theano.function([img, kern], out)
    assert f(np.zeros((2, 3, 7, 7)), np.zeros((4, 3, 3, 3))).shape == (2, 4, 5, 5)
    with pytest.raises(AssertionError, match="shape of image does not match given imshp"):
        f(np.zeros((2, 3, 9, 7)), np.zeros((4, 3, 3, 3)))
    assert AC.assert_shape(img, [None, 3, None, None]) is img  # the flag is off by default: no Assert


def test_legacy_conv_grad_disabled_as_theano() -> None:
    from theano.tensor.nnet import conv

    img, kern = T.tensor4(), T.tensor4()
    out = conv.conv2d(img, kern, (1, 1, 6, 6), (1, 1, 3, 3), "valid", subsample=(2, 2))
    with pytest.raises(NotImplementedError, match="stride != \\(1, 1\\)"):
        T.grad(out.sum(), img)


def test_bsr_operands_of_dot_as_theano() -> None:
    import scipy.sparse as sp
    from theano.sparse import SparseType

    rng = np.random.RandomState(0)
    for fa in ("csc", "csr", "bsr"):
        for fb in ("csr", "bsr"):
            a, b = SparseType(fa, dtype="float64")(), SparseType(fb, dtype="float64")()
            f = theano.function([a, b], theano.Out(theano.dot(a, b), borrow=True))
            av = sp.random(8, 6, density=0.3, format="csr", random_state=rng)
            bv = sp.random(6, 5, density=0.3, format="csr", random_state=rng)
            out = f(getattr(av, "to" + fa)(), bv)  # a csr value for a bsr input is converted, as Theano's filter does
            assert out.format == fa
            np.testing.assert_allclose(out.toarray(), (av @ bv).toarray())
    x = theano.sparse.bsr_matrix("x")
    d = T.matrix("d")
    dv = rng.randn(6, 3)
    np.testing.assert_allclose(theano.function([x, d], theano.dot(x, d))(av.tobsr(), dv), av @ dv)

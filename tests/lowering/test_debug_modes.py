"""NanGuardMode, MonitorMode, WrapLinker(Many) and theano.printing.Print, with their real output (issue 12).

The expected texts are what Theano 1.0.5 prints for the same scripts (checked with the reference install)."""
from __future__ import annotations

import logging
import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile.monitormode import MonitorMode, detect_nan
from theano.compile.nanguardmode import NanGuardMode


# ---------------------------------------------------------------- NanGuardMode

def _guarded_log() -> theano.compile.Function:
    x = T.dvector("x")
    return theano.function([x], T.log(x) * 2 + 1, mode=NanGuardMode(nan_is_error=True, inf_is_error=True,
                                                                     big_is_error=True))


def test_nanguard_passes_normal_values_through() -> None:
    f = _guarded_log()
    np.testing.assert_allclose(f(np.array([1.0, 2.0])), np.log([1.0, 2.0]) * 2 + 1)


def test_nanguard_names_the_first_node_that_made_a_nan() -> None:
    f = _guarded_log()
    with pytest.raises(AssertionError) as info:
        f(np.array([1.0, -1.0]))
    msg = str(info.value)
    assert msg.startswith("NaN detected\nNanGuardMode found an error in the output of a node in this variable:\n"
                          "Elemwise{log,no_inplace} [id A] ''")
    assert " |x [id B]" in msg
    assert "Apply node that caused the error: Elemwise{log,no_inplace}(x)\nToposort index: 0" in msg


@pytest.mark.parametrize("value,what", [(np.nan, "NaN detected"), (np.inf, "Inf detected"),
                                        (1e20, "Big value detected")])
def test_nanguard_checks_the_graph_inputs(value: float, what: str) -> None:
    f = _guarded_log()
    with pytest.raises(AssertionError) as info:
        f(np.array([1.0, value]))
    head = str(info.value).split("NanGuardMode found an error in an input of the graph.")[0]
    assert head.startswith(what)  # an Inf is also a big value, as in Theano: "Inf detected\nBig value detected\n"


def test_nanguard_inf_and_big_from_a_node() -> None:
    x = T.dvector("x")
    f = theano.function([x], T.exp(x), mode=NanGuardMode(nan_is_error=False, inf_is_error=True, big_is_error=False))
    f(np.array([1.0]))
    with pytest.raises(AssertionError, match="(?s)^Inf detected\n.*Elemwise{exp,no_inplace}"):
        f(np.array([1000.0]))
    g = theano.function([x], T.exp(x), mode=NanGuardMode(nan_is_error=True, inf_is_error=False, big_is_error=True))
    with pytest.raises(AssertionError, match="^Big value detected\n"):
        g(np.array([30.0]))  # e**30 > 1e10


def test_nanguard_only_checks_what_is_asked() -> None:
    x = T.dvector("x")
    f = theano.function([x], T.exp(x), mode=NanGuardMode(nan_is_error=True, inf_is_error=False, big_is_error=False))
    assert np.isinf(f(np.array([1000.0]))[0])
    with pytest.raises(AssertionError):
        NanGuardMode(nan_is_error=False, inf_is_error=False, big_is_error=False)


def test_nanguard_as_a_mode_name_and_with_shared_updates() -> None:
    w = theano.shared(np.array([1.0, 2.0]), name="w")
    x = T.dvector("x")
    f = theano.function([x], (x + w).sum(), updates=[(w, T.log(w - x))], mode="NanGuardMode")
    assert isinstance(f.maker.mode, NanGuardMode)
    assert f(np.array([0.0, 0.0])) == 3.0
    np.testing.assert_allclose(w.get_value(), np.log([1.0, 2.0]))
    before = w.get_value()
    with pytest.raises(AssertionError, match="NaN detected"):
        f(np.array([5.0, 5.0]))
    np.testing.assert_array_equal(w.get_value(), before)  # the failed call committed no update


def test_nanguard_action_warn_logs_and_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    f = _guarded_log()
    old = theano.config.NanGuardMode.action
    theano.config.NanGuardMode.action = "warn"
    try:
        with caplog.at_level(logging.ERROR, logger="theano.compile.nanguardmode"):
            out = f(np.array([-1.0]))
    finally:
        theano.config.NanGuardMode.action = old
    assert np.isnan(out[0])
    assert "NaN detected" in caplog.text


def test_nanguard_on_advanced_indexing() -> None:
    """Theano's own test: a tensor3 indexed with aranges and a new axis."""
    x = T.tensor3()
    f = theano.function([x], x[:, T.arange(2), T.arange(2), None], mode=NanGuardMode(True, True))
    a = np.random.RandomState(0).randn(3, 4, 5)
    np.testing.assert_allclose(f(a), a[:, np.arange(2), np.arange(2), None])
    with pytest.raises(AssertionError):
        f(np.full((3, 4, 5), np.nan))


# ---------------------------------------------------------------- MonitorMode

def test_monitormode_inspect_recipe(capsys: pytest.CaptureFixture) -> None:
    """The debugging FAQ's inspect_inputs / inspect_outputs recipe."""
    def inspect_inputs(i: int, node: object, fn: object) -> None:
        print(i, node, "input(s) value(s):", [input[0] for input in fn.inputs], end="")

    def inspect_outputs(i: int, node: object, fn: object) -> None:
        print(" output(s) value(s):", [output[0] for output in fn.outputs])

    x, y = T.dscalar("x"), T.dscalar("y")
    f = theano.function([x, y], [x * y], mode=MonitorMode(pre_func=inspect_inputs, post_func=inspect_outputs))
    assert f(3, 5) == [15.0]
    out = capsys.readouterr().out
    assert out == ("0 Elemwise{mul,no_inplace}(x, y) input(s) value(s): "
                   "[array(3.), array(5.)] output(s) value(s): [array(15.)]\n")


def test_monitormode_detect_nan(capsys: pytest.CaptureFixture) -> None:
    x = T.dscalar("x")
    mode = MonitorMode(post_func=detect_nan).excluding("local_elemwise_fusion", "inplace")
    f = theano.function([x], [T.log(x) * x], mode=mode)
    assert isinstance(f.maker.mode, MonitorMode)
    assert np.isnan(f(0)[0])
    out = capsys.readouterr().out
    assert out.startswith("*** NaN detected ***\nElemwise{mul,no_inplace} [id A] ''")
    assert " |Elemwise{log,no_inplace} [id B] ''" in out  # log(x) * x as written, as Theano 1.0.5 prints it
    assert ("Inputs : [array(0.), array(-inf)]\nOutputs: [array(nan)]\n" in out  # the order of mul's inputs is
            or "Inputs : [array(-inf), array(0.)]\nOutputs: [array(nan)]\n" in out)  # the rewrites' choice


def test_monitormode_nodes_in_order_with_intermediates() -> None:
    seen: list[tuple[int, str, list]] = []
    x = T.dvector("x")
    f = theano.function([x], T.exp(x).sum(), mode=MonitorMode(
        pre_func=lambda i, node, fn: seen.append((i, "pre", [o[0] for o in fn.outputs])),
        post_func=lambda i, node, fn: seen.append((i, "post", [np.array(o[0]) for o in fn.outputs]))))
    assert f([0.0, 1.0]) == pytest.approx(1 + np.e)
    assert [(i, w) for i, w, _ in seen] == [(0, "pre"), (0, "post"), (1, "pre"), (1, "post")]
    assert seen[0][2] == [None]  # nothing computed before the node runs
    np.testing.assert_allclose(seen[1][2][0], np.exp([0.0, 1.0]))
    assert seen[3][2][0] == pytest.approx(1 + np.e)


def test_monitormode_pickles_with_its_hooks() -> None:
    mode = pickle.loads(pickle.dumps(MonitorMode(post_func=detect_nan)))
    assert mode.post_func is detect_nan
    x = T.dscalar("x")
    assert theano.function([x], 2 * x, mode=mode)(2.0) == 4.0


# ---------------------------------------------------------------- WrapLinker / WrapLinkerMany

def _print_eval(i: int, node: object, fn: object) -> None:
    print(i, node, [input[0] for input in fn.inputs], end="")
    fn()
    print([output[0] for output in fn.outputs])


def test_wraplinkermany_print_every_op_recipe(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    w = theano.shared(np.array([1.0, 1.0]), name="w")
    linker = theano.gof.WrapLinkerMany([theano.gof.OpWiseCLinker()], [_print_eval])
    f = theano.function([x], (x * w).sum(), updates=[(w, w * 2)], mode=theano.Mode(linker=linker))
    assert f([1.0, 2.0]) == 3.0
    np.testing.assert_array_equal(w.get_value(), [2.0, 2.0])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "0 Elemwise{mul,no_inplace}(x, w) [array([1., 2.]), array([1., 1.])][array([1., 2.])]"
    assert lines[1] == "1 Sum{acc_dtype=float64}(Elemwise{mul,no_inplace}.0) [array([1., 2.])][array(3.)]"
    assert len(lines) == 3 and lines[2].endswith("[array([2., 2.])]")


def test_wraplinker_that_skips_the_thunk_is_an_error() -> None:
    x = T.dvector("x")
    f = theano.function([x], T.exp(x), mode=theano.Mode(linker=theano.gof.WrapLinker([], lambda i, n, t: None)))
    with pytest.raises(RuntimeError, match="without running its thunk"):
        f([1.0])


def test_wraplinker_error_names_the_node() -> None:
    def fail_on_exp(i: int, node: object, fn: object) -> None:
        fn()
        if "exp" in str(node):
            raise ValueError("stop here")

    x = T.dvector("x")
    f = theano.function([x], T.exp(x) + 1, mode=theano.Mode(linker=theano.gof.WrapLinker([], fail_on_exp)))
    with pytest.raises(ValueError, match=r"stop here\nApply node that caused the error: Elemwise{exp,no_inplace}\(x\)"):
        f([1.0])


# ---------------------------------------------------------------- theano.printing.Print

def test_print_prints_attrs_with_theanos_format(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    p = theano.printing.Print("hello", attrs=("shape", "min", "__str__"))(x)
    f = theano.function([x], p * 2)
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [2.0, 4.0])
    assert capsys.readouterr().out == "hello shape = (2,)\nhello min = 1.0\nhello __str__ = [1. 2.]\n"


def test_print_order_follows_the_graph(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    a = theano.printing.Print("a")(x)
    b = theano.printing.Print("b")(x * 2)
    f = theano.function([x], [b, a])
    f(np.array([1.5]))
    assert capsys.readouterr().out == "b __str__ = [3.]\na __str__ = [1.5]\n"  # as Theano 1.0.5


def test_print_gradient_passes_through(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    cost = (theano.printing.Print("gx")(x) ** 2).sum()
    g = theano.function([x], theano.grad(cost, x))
    np.testing.assert_allclose(g(np.array([3.0])), [6.0])
    assert capsys.readouterr().out == "gx __str__ = [3.]\n"
    theano.gradient.verify_grad(lambda v: (theano.printing.Print("v", attrs=())(v) ** 2).sum(),
                                [np.array([1.0, 2.0])], rng=np.random.RandomState(0))


def test_print_blocks_rewrites_across_it(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    f = theano.function([x], T.log(theano.printing.Print("q")(1 + x)))
    ops = [type(n.op).__name__ for n in f.maker.fgraph.toposort()]
    assert "Print" in ops
    assert "log1p" not in str(f.maker.fgraph.outputs[0].owner.op)  # log(Print(1 + x)) is not log1p(x), as Theano
    np.testing.assert_allclose(f(np.array([1.0])), np.log([2.0]))
    assert capsys.readouterr().out == "q __str__ = [2.]\n"


def test_print_in_scan_and_ifelse_and_shapes(capsys: pytest.CaptureFixture) -> None:
    from theano.ifelse import ifelse

    x, c = T.dvector("x"), T.dscalar("c")
    f = theano.function([x, c], ifelse(c > 0, theano.printing.Print("then")(x).sum(),
                                       theano.printing.Print("else")(x * 2).sum()))
    assert f(np.array([1.0]), 1.0) == 1.0 and f(np.array([1.0]), -1.0) == 2.0
    res, _ = theano.scan(lambda v, acc: acc + theano.printing.Print("step")(v), sequences=[x],
                         outputs_info=[T.constant(0.0, dtype="float64")])
    assert theano.function([x], res[-1])(np.array([1.0, 2.0])) == 3.0
    i = T.iscalar("i")
    np.testing.assert_array_equal(theano.function([i], T.zeros((theano.printing.Print("n")(i),)))(3), np.zeros(3))
    assert capsys.readouterr().out == ("then __str__ = [1.]\nelse __str__ = [2.]\nstep __str__ = 1.0\n"
                                       "step __str__ = 2.0\nn __str__ = 3\n")


def test_print_keeps_the_dtype_and_a_custom_global_fn(capsys: pytest.CaptureFixture) -> None:
    f32 = T.fvector("f")
    f = theano.function([f32], theano.printing.Print("f32", attrs=("dtype",))(f32) * 2)
    assert f(np.array([0.1], dtype="float32")).dtype == np.float32
    seen: list = []
    g = theano.function([f32], theano.printing.Print("m", global_fn=lambda op, v: seen.append((op.message, v)))(f32))
    g(np.array([0.5], dtype="float32"))
    assert capsys.readouterr().out == "f32 dtype = float32\n"
    assert seen[0][0] == "m" and seen[0][1].dtype == np.float32


def test_print_error_in_global_fn_keeps_shared_values() -> None:
    def bad(op: object, v: object) -> None:
        raise KeyError("boom")

    x = T.dvector("x")
    w = theano.shared(np.ones(1), name="w")
    f = theano.function([x], theano.printing.Print("e", global_fn=bad)(x) * w, updates=[(w, w + 1)])
    with pytest.raises(KeyError, match="boom"):
        f(np.array([1.0]))
    np.testing.assert_array_equal(w.get_value(), [1.0])


def test_print_str_and_pickle() -> None:
    op = theano.printing.Print("m")
    assert str(op).startswith("Print{message='m', attrs=('__str__',), global_fn=<function _print_fn at ")
    assert pickle.loads(pickle.dumps(op)) == op


def test_print_in_monitormode_prints_once(capsys: pytest.CaptureFixture) -> None:
    x = T.dvector("x")
    f = theano.function([x], theano.printing.Print("mm")(x) + 1, mode=MonitorMode())
    np.testing.assert_array_equal(f(np.array([1.0])), [2.0])
    assert capsys.readouterr().out == "mm __str__ = [1.]\n"


def test_nanguard_checks_only_the_ifelse_branch_taken() -> None:
    """Theano's NanGuardMode ran a lazy VM: a NaN in the branch not taken is no error."""
    from theano.ifelse import ifelse

    x = T.dscalar("x")
    seen: list[str] = []
    f = theano.function([x], ifelse(x > 0, T.log(x), x * 2), mode=NanGuardMode(True, True, True))
    assert f(-1.0) == -2.0
    assert f(2.0) == pytest.approx(np.log(2.0))
    g = theano.function([x], ifelse(x > 0, T.log(-x), x * 2), mode=NanGuardMode(True, True, True))
    with pytest.raises(AssertionError, match="(?s)NaN detected.*Elemwise{log,no_inplace}"):
        g(1.0)
    m = theano.function([x], ifelse(x > 0, T.log(x), x * 2),
                        mode=MonitorMode(post_func=lambda i, node, fn: seen.append(str(node.op))))
    assert m(-1.0) == -2.0
    assert any("log" in s for s in seen)  # MonitorMode runs every node (OpWiseCLinker, as Theano)


def test_monitormode_as_the_mode_of_a_scan_step() -> None:
    """Theano's scan test: the inner function of a scan given mode=MonitorMode calls the hook at every step."""
    k, A = T.iscalar("k"), T.dvector("A")
    large: list[int] = []

    def detect_large_outputs(i: int, node: object, fn: object) -> None:
        large.extend(int((np.asarray(o[0]) > 10).sum()) for o in fn.outputs)

    result, updates = theano.scan(fn=lambda prior, a: prior * a, outputs_info=T.ones_like(A), non_sequences=A,
                                  n_steps=k, mode=MonitorMode(post_func=detect_large_outputs))
    f = theano.function([A, k], result[-1], updates=updates)
    np.testing.assert_allclose(f(np.array([2, 3, 0.1, 0, 1]), 4), [16, 81, 1e-4, 0, 1])
    assert len(large) == 4 and sum(large) == 3  # one node per step; 27 at step 3, 16 and 81 at step 4


def test_wraplinker_module_path_and_function_copy(capsys: pytest.CaptureFixture) -> None:
    from theano.gof.link import WrapLinkerMany

    assert WrapLinkerMany is theano.gof.WrapLinkerMany
    x = T.dvector("x")
    f = theano.function([x], T.exp(x), mode=theano.Mode(linker=WrapLinkerMany([theano.gof.OpWiseCLinker()],
                                                                               [_print_eval])))
    g = f.copy()
    np.testing.assert_allclose(g([0.0])[0], [1.0])  # a copy returns a list, as in Theano
    assert capsys.readouterr().out == "0 Elemwise{exp,no_inplace}(x) [array([0.])][array([1.])]\n"

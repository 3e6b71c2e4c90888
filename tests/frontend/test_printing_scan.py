"""debugprint of graphs holding scans, against Theano 1.0.5 (/tmp/theano-ref, Theano's own debugprint).

The THEANO_* texts are what Theano 1.0.5 printed for the same graphs, whole: the outer graph (the scan's
outer layout: sequences cut to the trip count, `IncSubtensor(AllocEmpty(..), init)` buffers, the outputs
sliced past their initial state; frontend/scan_buffers.py) and the "Inner graphs of the scan ops:" blocks.
Trailing spaces are stripped from the golden lines (Theano prints `''   ` after every Apply line).
"""
from __future__ import annotations

import re

import numpy as np
import pytest

import theano
import theano.tensor as T


def _dp(obj, **kw) -> str:
    return theano.printing.debugprint(obj, file="str", **kw)


def _strip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")) + "\n"


def _inner(text: str) -> str:
    head = "Inner graphs of the scan ops:\n"
    assert head in text
    return text[text.index(head) + len(head):]


def _blocks(inner: str) -> list[str]:
    return [b for b in inner.strip("\n").split("\n\n")]


def _rnn():
    W = theano.shared(np.eye(3), name="W")
    x = T.matrix("x")
    h0 = T.vector("h0")
    h, _ = theano.scan(lambda x_t, h_tm1: T.tanh(T.dot(h_tm1, W) + x_t), sequences=x, outputs_info=h0)
    return x, h0, h


def _map():
    v = T.vector("v")
    m, _ = theano.map(lambda a: a * 2, sequences=v)
    return m


def _nested():
    A = T.matrix("A")

    def outer_step(row, acc):
        inner, _ = theano.scan(lambda e, s: s + e, sequences=row, outputs_info=T.zeros_like(acc))
        return acc + inner[-1]

    r, _ = theano.scan(outer_step, sequences=A, outputs_info=T.constant(np.float64(0)))
    return r


def _two_outs():
    k = T.iscalar("k")
    (fa, fb), _ = theano.scan(lambda a, b: (b, a + b), n_steps=k,
                              outputs_info=[T.constant(np.float64(0)), T.constant(np.float64(1))])
    return [fa, fb + fa]


def _until():
    u, _ = theano.scan(lambda p: (p * 2, theano.scan_module.until(p > 100)),
                       outputs_info=T.constant(np.float64(1)), n_steps=20)
    return u


def _taps():
    x = T.matrix("x")
    y0 = T.matrix("y0")
    z, _ = theano.scan(lambda x_t, ym2, ym1: x_t + ym2 * ym1, sequences=x,
                       outputs_info=dict(initial=y0, taps=[-2, -1]))
    return z


THEANO_RNN = """\
Subtensor{int64::} [id A] ''
 |for{cpu,scan_fn} [id B] ''
 | |Subtensor{int64} [id C] ''
 | | |Shape [id D] ''
 | | | |Subtensor{int64::} [id E] 'x[0:]'
 | | |   |x [id F]
 | | |   |Constant{0} [id G]
 | | |Constant{0} [id H]
 | |Subtensor{:int64:} [id I] ''
 | | |Subtensor{int64::} [id E] 'x[0:]'
 | | |ScalarFromTensor [id J] ''
 | |   |Subtensor{int64} [id C] ''
 | |IncSubtensor{Set;:int64:} [id K] ''
 | | |AllocEmpty{dtype='float64'} [id L] ''
 | | | |Elemwise{add,no_inplace} [id M] ''
 | | | | |Subtensor{int64} [id C] ''
 | | | | |Subtensor{int64} [id N] ''
 | | | |   |Shape [id O] ''
 | | | |   | |Rebroadcast{0} [id P] ''
 | | | |   |   |InplaceDimShuffle{x,0} [id Q] ''
 | | | |   |     |h0 [id R]
 | | | |   |Constant{0} [id S]
 | | | |Subtensor{int64} [id T] ''
 | | |   |Shape [id U] ''
 | | |   | |Rebroadcast{0} [id P] ''
 | | |   |Constant{1} [id V]
 | | |Rebroadcast{0} [id P] ''
 | | |ScalarFromTensor [id W] ''
 | |   |Subtensor{int64} [id N] ''
 | |W [id X]
 |Constant{1} [id Y]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id B] ''
 >Elemwise{tanh,no_inplace} [id Z] ''
 > |Elemwise{add,no_inplace} [id BA] ''
 >   |dot [id BB] ''
 >   | |h0[t-1] [id BC] -> [id K]
 >   | |W_copy [id BD] -> [id X]
 >   |x[t] [id BE] -> [id I]
"""

THEANO_RNN_DEPTH2 = """\
Subtensor{int64::} [id A] ''
 |for{cpu,scan_fn} [id B] ''
 |Constant{1} [id C]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id B] ''
 >Elemwise{tanh,no_inplace} [id D] ''
 > |Elemwise{add,no_inplace} [id E] ''
"""

THEANO_MAP = """\
for{cpu,scan_fn} [id A] ''
 |Subtensor{int64} [id B] ''
 | |Shape [id C] ''
 | | |Subtensor{int64::} [id D] 'v[0:]'
 | |   |v [id E]
 | |   |Constant{0} [id F]
 | |Constant{0} [id G]
 |Subtensor{:int64:} [id H] ''
 | |Subtensor{int64::} [id D] 'v[0:]'
 | |ScalarFromTensor [id I] ''
 |   |Subtensor{int64} [id B] ''
 |Subtensor{int64} [id B] ''

Inner graphs of the scan ops:

for{cpu,scan_fn} [id A] ''
 >Elemwise{mul,no_inplace} [id J] ''
 > |v[t] [id K] -> [id H]
 > |TensorConstant{2} [id L]
"""

THEANO_NESTED = """\
Subtensor{int64::} [id A] ''
 |for{cpu,scan_fn} [id B] ''
 | |Subtensor{int64} [id C] ''
 | | |Shape [id D] ''
 | | | |Subtensor{int64::} [id E] 'A[0:]'
 | | |   |A [id F]
 | | |   |Constant{0} [id G]
 | | |Constant{0} [id H]
 | |Subtensor{:int64:} [id I] ''
 | | |Subtensor{int64::} [id E] 'A[0:]'
 | | |ScalarFromTensor [id J] ''
 | |   |Subtensor{int64} [id C] ''
 | |IncSubtensor{Set;:int64:} [id K] ''
 |   |AllocEmpty{dtype='float64'} [id L] ''
 |   | |Elemwise{add,no_inplace} [id M] ''
 |   |   |Subtensor{int64} [id C] ''
 |   |   |Subtensor{int64} [id N] ''
 |   |     |Shape [id O] ''
 |   |     | |Rebroadcast{0} [id P] ''
 |   |     |   |InplaceDimShuffle{x} [id Q] ''
 |   |     |     |TensorConstant{0.0} [id R]
 |   |     |Constant{0} [id S]
 |   |Rebroadcast{0} [id P] ''
 |   |ScalarFromTensor [id T] ''
 |     |Subtensor{int64} [id N] ''
 |Constant{1} [id U]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id B] ''
 >Elemwise{add,no_inplace} [id V] ''
 > |<TensorType(float64, scalar)> [id W] -> [id K]
 > |Subtensor{int64} [id X] ''
 >   |Subtensor{int64::} [id Y] ''
 >   | |for{cpu,scan_fn} [id Z] ''
 >   | | |Subtensor{int64} [id BA] ''
 >   | | | |Shape [id BB] ''
 >   | | | | |Subtensor{int64::} [id BC] 'A[t][0:]'
 >   | | | |   |A[t] [id BD] -> [id I]
 >   | | | |   |Constant{0} [id BE]
 >   | | | |Constant{0} [id BF]
 >   | | |Subtensor{:int64:} [id BG] ''
 >   | | | |Subtensor{int64::} [id BC] 'A[t][0:]'
 >   | | | |ScalarFromTensor [id BH] ''
 >   | | |   |Subtensor{int64} [id BA] ''
 >   | | |IncSubtensor{Set;:int64:} [id BI] ''
 >   | |   |AllocEmpty{dtype='float64'} [id BJ] ''
 >   | |   | |Elemwise{add,no_inplace} [id BK] ''
 >   | |   |   |Subtensor{int64} [id BA] ''
 >   | |   |   |Subtensor{int64} [id BL] ''
 >   | |   |     |Shape [id BM] ''
 >   | |   |     | |Rebroadcast{0} [id BN] ''
 >   | |   |     |   |InplaceDimShuffle{x} [id BO] ''
 >   | |   |     |     |Elemwise{second,no_inplace} [id BP] ''
 >   | |   |     |       |<TensorType(float64, scalar)> [id W] -> [id K]
 >   | |   |     |       |TensorConstant{0.0} [id R]
 >   | |   |     |Constant{0} [id BQ]
 >   | |   |Rebroadcast{0} [id BN] ''
 >   | |   |ScalarFromTensor [id BR] ''
 >   | |     |Subtensor{int64} [id BL] ''
 >   | |Constant{1} [id BS]
 >   |Constant{-1} [id BT]

for{cpu,scan_fn} [id Z] ''
 >Elemwise{add,no_inplace} [id BU] ''
 > |<TensorType(float64, scalar)> [id BV] -> [id BI]
 > |A[t][t] [id BW] -> [id BG]
"""

THEANO_TWO_OUTS = """\
Subtensor{int64::} [id A] ''
 |for{cpu,scan_fn}.0 [id B] ''
 | |k [id C]
 | |IncSubtensor{Set;:int64:} [id D] ''
 | | |AllocEmpty{dtype='float64'} [id E] ''
 | | | |Elemwise{add,no_inplace} [id F] ''
 | | |   |k [id C]
 | | |   |Subtensor{int64} [id G] ''
 | | |     |Shape [id H] ''
 | | |     | |Rebroadcast{0} [id I] ''
 | | |     |   |InplaceDimShuffle{x} [id J] ''
 | | |     |     |TensorConstant{0.0} [id K]
 | | |     |Constant{0} [id L]
 | | |Rebroadcast{0} [id I] ''
 | | |ScalarFromTensor [id M] ''
 | |   |Subtensor{int64} [id G] ''
 | |IncSubtensor{Set;:int64:} [id N] ''
 |   |AllocEmpty{dtype='float64'} [id O] ''
 |   | |Elemwise{add,no_inplace} [id P] ''
 |   |   |k [id C]
 |   |   |Subtensor{int64} [id Q] ''
 |   |     |Shape [id R] ''
 |   |     | |Rebroadcast{0} [id S] ''
 |   |     |   |InplaceDimShuffle{x} [id T] ''
 |   |     |     |TensorConstant{1.0} [id U]
 |   |     |Constant{0} [id V]
 |   |Rebroadcast{0} [id S] ''
 |   |ScalarFromTensor [id W] ''
 |     |Subtensor{int64} [id Q] ''
 |Constant{1} [id X]
Elemwise{add,no_inplace} [id Y] ''
 |Subtensor{int64::} [id Z] ''
 | |for{cpu,scan_fn}.1 [id B] ''
 | |Constant{1} [id BA]
 |Subtensor{int64::} [id A] ''

Inner graphs of the scan ops:

for{cpu,scan_fn}.0 [id B] ''
 ><TensorType(float64, scalar)> [id BB] -> [id N]
 >Elemwise{add,no_inplace} [id BC] ''
 > |<TensorType(float64, scalar)> [id BD] -> [id D]
 > |<TensorType(float64, scalar)> [id BB] -> [id N]

for{cpu,scan_fn}.1 [id B] ''
 ><TensorType(float64, scalar)> [id BB] -> [id N]
 >Elemwise{add,no_inplace} [id BC] ''
"""

THEANO_UNTIL = """\
Subtensor{int64::} [id A] ''
 |do_while{cpu,scan_fn} [id B] ''
 | |TensorConstant{20} [id C]
 | |IncSubtensor{Set;:int64:} [id D] ''
 |   |AllocEmpty{dtype='float64'} [id E] ''
 |   | |Elemwise{add,no_inplace} [id F] ''
 |   |   |TensorConstant{20} [id C]
 |   |   |Subtensor{int64} [id G] ''
 |   |     |Shape [id H] ''
 |   |     | |Rebroadcast{0} [id I] ''
 |   |     |   |InplaceDimShuffle{x} [id J] ''
 |   |     |     |TensorConstant{1.0} [id K]
 |   |     |Constant{0} [id L]
 |   |Rebroadcast{0} [id I] ''
 |   |ScalarFromTensor [id M] ''
 |     |Subtensor{int64} [id G] ''
 |Constant{1} [id N]

Inner graphs of the scan ops:

do_while{cpu,scan_fn} [id B] ''
 >Elemwise{mul,no_inplace} [id O] ''
 > |<TensorType(float64, scalar)> [id P] -> [id D]
 > |TensorConstant{2} [id Q]
 >Elemwise{gt,no_inplace} [id R] ''
 > |<TensorType(float64, scalar)> [id P] -> [id D]
 > |TensorConstant{100} [id S]
"""

THEANO_TAPS = """\
Subtensor{int64::} [id A] ''
 |for{cpu,scan_fn} [id B] ''
 | |Subtensor{int64} [id C] ''
 | | |Shape [id D] ''
 | | | |Subtensor{int64::} [id E] 'x[0:]'
 | | |   |x [id F]
 | | |   |Constant{0} [id G]
 | | |Constant{0} [id H]
 | |Subtensor{:int64:} [id I] ''
 | | |Subtensor{int64::} [id E] 'x[0:]'
 | | |ScalarFromTensor [id J] ''
 | |   |Subtensor{int64} [id C] ''
 | |IncSubtensor{Set;:int64:} [id K] ''
 |   |AllocEmpty{dtype='float64'} [id L] ''
 |   | |Elemwise{add,no_inplace} [id M] ''
 |   | | |Subtensor{int64} [id C] ''
 |   | | |Subtensor{int64} [id N] ''
 |   | |   |Shape [id O] ''
 |   | |   | |Subtensor{:int64:} [id P] ''
 |   | |   |   |y0 [id Q]
 |   | |   |   |Constant{2} [id R]
 |   | |   |Constant{0} [id S]
 |   | |Subtensor{int64} [id T] ''
 |   |   |Shape [id U] ''
 |   |   | |Subtensor{:int64:} [id P] ''
 |   |   |Constant{1} [id V]
 |   |Subtensor{:int64:} [id P] ''
 |   |ScalarFromTensor [id W] ''
 |     |Subtensor{int64} [id N] ''
 |Constant{2} [id X]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id B] ''
 >Elemwise{add,no_inplace} [id Y] ''
 > |x[t] [id Z] -> [id I]
 > |Elemwise{mul,no_inplace} [id BA] ''
 >   |y0[t-2] [id BB] -> [id K]
 >   |y0[t-1] [id BC] -> [id K]
"""

THEANO_PP = "for{cpu,scan_fn}(Shape(x[int64:])[Constant{0}], x[int64:][:int64], IncSubtensor{Set;:int64:}(AllocEmpty{dtype='float64'}((Shape(x[int64:])[Constant{0}] + Shape(Rebroadcast{0}(h0))[Constant{0}]), Shape(Rebroadcast{0}(h0))[Constant{1}]), Rebroadcast{0}(h0), ScalarFromTensor(Shape(Rebroadcast{0}(h0))[Constant{0}])), W)[int64:]"


@pytest.mark.parametrize("build, golden", [(lambda: _rnn()[2], THEANO_RNN), (_map, THEANO_MAP),
                                           (_nested, THEANO_NESTED), (_two_outs, THEANO_TWO_OUTS),
                                           (_until, THEANO_UNTIL), (_taps, THEANO_TAPS)],
                         ids=["rnn", "map", "nested", "two_outs", "until", "taps"])
def test_debugprint_of_scans_is_theanos_text(build, golden):
    assert _strip(_dp(build())) == golden


def test_rnn_prints_theanos_spacing_and_inner_types():
    _, _, h = _rnn()
    assert "for{cpu,scan_fn} [id B] ''   \n" in _dp(h)  # Theano's exact spacing
    text = _dp(h, print_type=True)
    assert " >   | |h0[t-1] [id BC] <TensorType(float64, vector)> -> [id K]\n" in text


def test_links_point_at_printed_outer_ids():
    x, h0, h = _rnn()
    text = _dp(h)
    outer = {m.group(2): m.group(1) for m in re.finditer(r"^[ |]*(\S+) \[id ([A-Z]+)\]", text.split("\n\n")[0], re.M)}
    links = re.findall(r"^ >[ |]*(\S+) \[id [A-Z]+\] -> \[id ([A-Z]+)\]$", text, re.M)
    assert {name: outer[target] for name, target in links} == {"h0[t-1]": "IncSubtensor{Set;:int64:}", "W_copy": "W",
                                                               "x[t]": "Subtensor{:int64:}"}


def test_gradient_of_scan_prints_without_its_own_inner_graph():
    x, h0, h = _rnn()
    W = h.owner.inputs[0].owner.inputs[-1]
    g = T.grad(h.sum(), W)
    text = _dp(g)
    assert "grad_of_for{cpu,scan_fn}" in text  # (Theano prints its gradient scan; ours is JAX's reverse mode)
    blocks = _blocks(_inner(text))
    assert all(b.startswith("for{cpu,scan_fn} [id ") for b in blocks)  # only the forward scan it reads
    assert "grad_of" not in _inner(text) and " -> [id " in blocks[0]


def test_depth_and_stop_on_name_as_theano():
    x = T.vector("x")
    y = T.exp(T.log(x) + x) * x
    assert _dp(y, depth=0) == "\n" or _dp(y, depth=0) == ""
    assert _strip(_dp(y, depth=1)) == "Elemwise{mul,no_inplace} [id A] ''\n"
    assert _strip(_dp(y, depth=3)) == """\
Elemwise{mul,no_inplace} [id A] ''
 |Elemwise{exp,no_inplace} [id B] ''
 | |Elemwise{add,no_inplace} [id C] ''
 |x [id D]
"""
    _, _, h = _rnn()
    assert _strip(_dp(h, depth=2)) == THEANO_RNN_DEPTH2


def test_pp_and_min_informative_str_on_scan():
    _, _, h = _rnn()
    assert theano.printing.pp(h) == THEANO_PP
    assert theano.printing.min_informative_str(h).split("\n")[:2] == ["A. Subtensor{int64::}", " B. for{cpu,scan_fn}"]


def test_compiled_function_prints_inner_graph_with_topo_indices():
    x, h0, h = _rnn()
    f = theano.function([x, h0], h)
    text = _dp(f)
    first = text.split("\n")[0]
    assert first.startswith("for{cpu,scan_fn} [id A] ''") and first.rstrip()[-1].isdigit()
    assert "Inner graphs of the scan ops:" in text
    f(np.ones((4, 3)), np.zeros(3))  # compiled: the optimized inner graph is printed, as Theano prints op.fn
    text = _dp(f)
    assert len(re.findall(r" -> \[id [A-Z]+\]$", text, re.M)) == 3
    assert "h0[t-1]" in text and "W_copy" in text


def test_list_of_numbers_functions_and_in_outs_as_theano():
    """Numbers print first (Theano prints them while collecting); each function keeps its own toposort index."""
    x = T.vector("x")
    f = theano.function([x], T.exp(x) + 1)
    text = _dp([3, np.arange(2), f, theano.In(x), x * 2, f])
    lines = _strip(text).split("\n")
    assert lines[:2] == ["3", "[0 1]"]
    assert lines[2] == "Elemwise{add,no_inplace} [id A] ''   1" and lines[6] == "x [id E]"  # In(x): its variable
    assert lines[-2] == "Elemwise{add,no_inplace} [id A] ''   1"  # the repeat: same id and index, not expanded
    assert "Elemwise{mul,no_inplace} [id F] ''" in lines
    with pytest.raises(TypeError, match="cannot print an object of this type"):
        _dp(object())


def test_print_storage_and_print_clients_as_theano():
    """References from Theano 1.0.5's theano/tests/test_printing.py::test_debugprint."""
    A, B, D, E = (T.matrix(name=n) for n in "ABDE")
    C = A + B
    C.name = "C"
    g = theano.function([A, B, D, E], C + (D + E))
    assert _dp(g, ids="", print_storage=True) == (
        "Elemwise{add,no_inplace}  ''   0 [None]\n |A  [None]\n |B  [None]\n |D  [None]\n |E  [None]\n")
    assert "[None]" not in _dp(C + D, print_storage=True)  # storage cells belong to compiled functions only
    f = theano.function([A, B, D], [A + B, A + B - D], mode="FAST_COMPILE")
    assert _dp(f, print_clients=True) == "\n".join([
        "Elemwise{add,no_inplace} [id A] ''   0 clients:[('output', ''), ('[id C]', 1)]",
        " |A [id D]",
        " |B [id E]",
        "Elemwise{sub,no_inplace} [id C] ''   1",
        " |Elemwise{add,no_inplace} [id A] ''   0 clients:[('output', ''), ('[id C]', 1)]",
        " |D [id F]",
    ]) + "\n"


"""debugprint of graphs holding scans, against Theano 1.0.5 (/tmp/theano-ref, Theano's own debugprint).

The THEANO_* texts are the "Inner graphs of the scan ops:" blocks Theano 1.0.5 printed for the same
graphs; the OURS_* texts are our whole output.  The outer graphs differ only by the scan layout (Theano
feeds the loop preallocated buffers, `IncSubtensor(AllocEmpty(..), init)`, and slices the initial state off
its outputs; ours takes the initial state itself, frontend/ops/scan.py), so the `-> [id ..]` links point at
different outer nodes; the inner blocks otherwise match line for line once ids are renumbered.
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


def _normalized(block: str) -> str:
    """Ids renumbered by first appearance, link targets hidden (they differ with the outer layout)."""
    block = re.sub(r"-> \[id [A-Z]+\]", "-> [outer]", _strip(block))
    labels: dict[str, str] = {}
    return re.sub(r"\[id ([A-Z]+)\]", lambda m: "[id %d]" % labels.setdefault(m.group(1), len(labels)), block)


def _blocks(inner: str) -> list[str]:
    return [b for b in inner.strip("\n").split("\n\n")]


def _rnn():
    W = theano.shared(np.eye(3), name="W")
    x = T.matrix("x")
    h0 = T.vector("h0")
    h, _ = theano.scan(lambda x_t, h_tm1: T.tanh(T.dot(h_tm1, W) + x_t), sequences=x, outputs_info=h0)
    return x, h0, h


THEANO_RNN_INNER = """\

for{cpu,scan_fn} [id B] ''
 >Elemwise{tanh,no_inplace} [id Z] ''
 > |Elemwise{add,no_inplace} [id BA] ''
 >   |dot [id BB] ''
 >   | |h0[t-1] [id BC] -> [id K]
 >   | |W_copy [id BD] -> [id X]
 >   |x[t] [id BE] -> [id I]
"""

OURS_RNN = """\
for{cpu,scan_fn} [id A] ''
 |Subtensor{int64} [id B] ''
 | |Shape [id C] ''
 | | |Subtensor{int64::} [id D] 'x[0:]'
 | |   |x [id E]
 | |   |Constant{0} [id F]
 | |Constant{0} [id G]
 |Subtensor{int64::} [id D] 'x[0:]'
 |h0 [id H]
 |W [id I]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id A] ''
 >Elemwise{tanh,no_inplace} [id J] ''
 > |Elemwise{add,no_inplace} [id K] ''
 >   |dot [id L] ''
 >   | |h0[t-1] [id M] -> [id H]
 >   | |W_copy [id N] -> [id I]
 >   |x[t] [id O] -> [id D]
"""


def test_rnn_with_shared_weight():
    _, _, h = _rnn()
    text = _dp(h)
    assert _strip(text) == OURS_RNN
    assert _normalized(_inner(text)) == _normalized(THEANO_RNN_INNER)
    assert "for{cpu,scan_fn} [id A] ''   \n" in text  # Theano's exact spacing


def test_rnn_print_type_in_inner_graph():
    _, _, h = _rnn()
    text = _dp(h, print_type=True)
    assert " >   | |h0[t-1] [id M] <TensorType(float64, vector)> -> [id H]\n" in text
    assert " >   | |W_copy [id N] <TensorType(float64, matrix)> -> [id I]\n" in text


THEANO_MAP_INNER = """\

for{cpu,scan_fn} [id A] ''
 >Elemwise{mul,no_inplace} [id J] ''
 > |v[t] [id K] -> [id H]
 > |TensorConstant{2} [id L]
"""

OURS_MAP = """\
for{cpu,scan_fn} [id A] ''
 |Subtensor{int64} [id B] ''
 | |Shape [id C] ''
 | | |Subtensor{int64::} [id D] 'v[0:]'
 | |   |v [id E]
 | |   |Constant{0} [id F]
 | |Constant{0} [id G]
 |Subtensor{int64::} [id D] 'v[0:]'

Inner graphs of the scan ops:

for{cpu,scan_fn} [id A] ''
 >Elemwise{mul,no_inplace} [id H] ''
 > |v[t] [id I] -> [id D]
 > |TensorConstant{2} [id J]
"""


def test_map():
    v = T.vector("v")
    m, _ = theano.map(lambda a: a * 2, sequences=v)
    text = _dp(m)
    assert _strip(text) == OURS_MAP
    assert _normalized(_inner(text)) == _normalized(THEANO_MAP_INNER)


# Theano's block for the inner scan (its outer scan's block differs: Theano slices the buffers).
THEANO_NESTED_INNER_SCAN = """\
for{cpu,scan_fn} [id Z] ''
 >Elemwise{add,no_inplace} [id BU] ''
 > |<TensorType(float64, scalar)> [id BV] -> [id BI]
 > |A[t][t] [id BW] -> [id BG]
"""

OURS_NESTED = """\
for{cpu,scan_fn} [id A] ''
 |Subtensor{int64} [id B] ''
 | |Shape [id C] ''
 | | |Subtensor{int64::} [id D] 'A[0:]'
 | |   |A [id E]
 | |   |Constant{0} [id F]
 | |Constant{0} [id G]
 |Subtensor{int64::} [id D] 'A[0:]'
 |TensorConstant{0.0} [id H]

Inner graphs of the scan ops:

for{cpu,scan_fn} [id A] ''
 >Elemwise{add,no_inplace} [id I] ''
 > |<TensorType(float64, scalar)> [id J] -> [id H]
 > |Subtensor{int64} [id K] ''
 >   |for{cpu,scan_fn} [id L] ''
 >   | |Subtensor{int64} [id M] ''
 >   | | |Shape [id N] ''
 >   | | | |Subtensor{int64::} [id O] 'A[t][0:]'
 >   | | |   |A[t] [id P] -> [id D]
 >   | | |   |Constant{0} [id Q]
 >   | | |Constant{0} [id R]
 >   | |Subtensor{int64::} [id O] 'A[t][0:]'
 >   | |Elemwise{second,no_inplace} [id S] ''
 >   |   |<TensorType(float64, scalar)> [id J] -> [id H]
 >   |   |TensorConstant{0.0} [id H]
 >   |Constant{-1} [id T]

for{cpu,scan_fn} [id L] ''
 >Elemwise{add,no_inplace} [id U] ''
 > |<TensorType(float64, scalar)> [id V] -> [id S]
 > |A[t][t] [id W] -> [id O]
"""


def test_nested_scan_prints_both_inner_graphs():
    A = T.matrix("A")

    def outer_step(row, acc):
        inner, _ = theano.scan(lambda e, s: s + e, sequences=row, outputs_info=T.zeros_like(acc))
        return acc + inner[-1]

    r, _ = theano.scan(outer_step, sequences=A, outputs_info=T.constant(np.float64(0)))
    text = _dp(r)
    assert _strip(text) == OURS_NESTED
    blocks = _blocks(_inner(text))
    assert len(blocks) == 2
    assert _normalized(blocks[1]) == _normalized(THEANO_NESTED_INNER_SCAN)


OURS_TWO_OUTS = """\
for{cpu,scan_fn}.0 [id A] ''
 |k [id B]
 |TensorConstant{0.0} [id C]
 |TensorConstant{1.0} [id D]
Elemwise{add,no_inplace} [id E] ''
 |for{cpu,scan_fn}.1 [id A] ''
 |for{cpu,scan_fn}.0 [id A] ''

Inner graphs of the scan ops:

for{cpu,scan_fn}.0 [id A] ''
 ><TensorType(float64, scalar)> [id F] -> [id D]
 >Elemwise{add,no_inplace} [id G] ''
 > |<TensorType(float64, scalar)> [id H] -> [id C]
 > |<TensorType(float64, scalar)> [id F] -> [id D]

for{cpu,scan_fn}.1 [id A] ''
 ><TensorType(float64, scalar)> [id F] -> [id D]
 >Elemwise{add,no_inplace} [id G] ''

for{cpu,scan_fn}.0 [id A] ''
 ><TensorType(float64, scalar)> [id F] -> [id D]
 >Elemwise{add,no_inplace} [id G] ''
"""

THEANO_TWO_OUTS_FIRST = """\
for{cpu,scan_fn}.0 [id B] ''
 ><TensorType(float64, scalar)> [id BB] -> [id N]
 >Elemwise{add,no_inplace} [id BC] ''
 > |<TensorType(float64, scalar)> [id BD] -> [id D]
 > |<TensorType(float64, scalar)> [id BB] -> [id N]
"""


def test_every_scan_output_met_prints_its_block_as_theano_does():
    """Theano lists a scan once per output met (repeats print the inner outputs unexpanded)."""
    k = T.iscalar("k")
    (fa, fb), _ = theano.scan(lambda a, b: (b, a + b), n_steps=k,
                              outputs_info=[T.constant(np.float64(0)), T.constant(np.float64(1))])
    text = _dp([fa, fb + fa])
    assert _strip(text) == OURS_TWO_OUTS
    assert _normalized(_blocks(_inner(text))[0]) == _normalized(THEANO_TWO_OUTS_FIRST)


THEANO_UNTIL_INNER = """\

do_while{cpu,scan_fn} [id B] ''
 >Elemwise{mul,no_inplace} [id O] ''
 > |<TensorType(float64, scalar)> [id P] -> [id D]
 > |TensorConstant{2} [id Q]
 >Elemwise{gt,no_inplace} [id R] ''
 > |<TensorType(float64, scalar)> [id P] -> [id D]
 > |TensorConstant{100} [id S]
"""


def test_until_loop_prints_do_while_and_condition():
    u, _ = theano.scan(lambda p: (p * 2, theano.scan_module.until(p > 100)),
                       outputs_info=T.constant(np.float64(1)), n_steps=20)
    text = _dp(u)
    assert text.startswith("do_while{cpu,scan_fn} [id A] ''")
    assert _normalized(_inner(text)) == _normalized(THEANO_UNTIL_INNER)


THEANO_TAPS_INNER = """\

for{cpu,scan_fn} [id B] ''
 >Elemwise{add,no_inplace} [id Y] ''
 > |x[t] [id Z] -> [id I]
 > |Elemwise{mul,no_inplace} [id BA] ''
 >   |y0[t-2] [id BB] -> [id K]
 >   |y0[t-1] [id BC] -> [id K]
"""


def test_taps_link_to_the_same_initial_value():
    x = T.matrix("x")
    y0 = T.matrix("y0")
    z, _ = theano.scan(lambda x_t, ym2, ym1: x_t + ym2 * ym1, sequences=x,
                       outputs_info=dict(initial=y0, taps=[-2, -1]))
    text = _dp(z)
    assert _normalized(_inner(text)) == _normalized(THEANO_TAPS_INNER)
    assert " >   |y0[t-2] [id N] -> [id H]\n" in text and " >   |y0[t-1] [id O] -> [id H]\n" in text
    assert " |Subtensor{:int64:} [id H] ''" in text  # the initial value's outer node


def test_links_point_at_printed_outer_ids():
    x, h0, h = _rnn()
    text = _dp(h)
    outer = {m.group(2): m.group(1) for m in re.finditer(r"^[ |]*(\S+) \[id ([A-Z]+)\]", text.split("\n\n")[0], re.M)}
    links = re.findall(r"^ >[ |]*(\S+) \[id [A-Z]+\] -> \[id ([A-Z]+)\]$", text, re.M)
    assert {name: outer[target] for name, target in links} == {"h0[t-1]": "h0", "W_copy": "W",
                                                               "x[t]": "Subtensor{int64::}"}


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


def test_gradient_of_scan_prints_without_its_own_inner_graph():
    x, h0, h = _rnn()
    W = h.owner.inputs[-1]
    g = T.grad(h.sum(), W)
    text = _dp(g)
    assert text.startswith("grad_of_for{cpu,scan_fn}")
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
    text = _dp(h, depth=2)
    assert _strip(text).split("\n")[:2] == ["for{cpu,scan_fn} [id A] ''", " |Subtensor{int64} [id B] ''"]
    assert " >   |dot" not in text and " > |Elemwise{add,no_inplace}" in text


def test_pp_and_min_informative_str_on_scan():
    _, _, h = _rnn()
    assert theano.printing.pp(h) == "for{cpu,scan_fn}(Shape(x[int64:])[Constant{0}], x[int64:], h0, W)"
    assert theano.printing.min_informative_str(h).split("\n")[:2] == ["A. for{cpu,scan_fn}", " B. Subtensor{int64}"]


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


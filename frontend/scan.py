"""theano.scan: build a Scan op from a step function (Theano 1.0.5's signature and semantics).

The step function is called once, on placeholder variables (one slice of each sequence, the past
values of each recurrent output, the non-sequences); what it returns (outputs, updates, an `until`
condition) becomes the Scan's inner graph. Every variable of the outer graph the step reads
without listing it (shared variables, other symbolic variables) becomes an implicit non-sequence;
shared variables the step updates (its returned updates, and the default updates of the random
states it draws from) are carried through the loop and their final values returned as updates.
Computation that depends only on the non-sequences is moved out of the loop when the Scan is built.
"""
from __future__ import annotations

import logging
import warnings
from collections import OrderedDict
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.fgraph import MissingInputError
from theano.frontend.graph import Constant, Variable, graph_inputs, io_toposort
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.scan import Scan, ScanInfo
from theano.frontend.type import TensorType
from theano.frontend.updates import OrderedUpdates
from theano.frontend.ops.math import minimum
from theano.frontend.ops.broadcast import patternbroadcast, unbroadcast
from theano.frontend.ops.layout import shape_padleft
from theano.frontend.scan_helpers import expand_empty
from theano.frontend.ops.scalar_conversion import scalar_from_tensor

_logger = logging.getLogger("theano.scan_module.scan")


class until:
    """`return outputs, until(condition)` from a step function: stop the loop once `condition` is true."""

    def __init__(self, condition: Any):
        self.condition = as_tensor_variable(condition)
        if self.condition.ndim != 0:
            raise TypeError("The condition of `until` must be a scalar", self.condition)


def _is_shared(v: Any) -> bool:
    return hasattr(v, "get_value") and isinstance(v, Variable)


def _wrap(x: Any) -> list:
    if x is None:
        return []
    if not isinstance(x, (list, tuple)):
        return [x]
    return list(x)


def get_updates_and_outputs(ls: Any) -> tuple[Any, list, OrderedDict]:
    """(condition, outputs, updates) from what a step function returned (scan_utils.get_updates_and_outputs)."""
    def is_outputs(elem: Any) -> bool:
        if isinstance(elem, (list, tuple)) and all(isinstance(x, Variable) for x in elem):
            return True
        return isinstance(elem, Variable)

    def is_updates(elem: Any) -> bool:
        if isinstance(elem, dict):
            if not isinstance(elem, OrderedDict) and len(elem) > 1:
                warnings.warn("Expected OrderedDict or OrderedUpdates, got " + str(type(elem)) +
                              ". This can make your script non-deterministic.")
            return True
        return isinstance(elem, (list, tuple)) and all(isinstance(x, (list, tuple)) and len(x) == 2 for x in elem)

    def is_condition(elem: Any) -> bool:
        return isinstance(elem, until)

    def allowed(x: Any) -> bool:
        stack = [x]
        while stack:
            y = stack.pop()
            if isinstance(y, (list, tuple)):
                stack.extend(y)
            elif isinstance(y, dict):
                stack.extend(y.items())
            elif not isinstance(y, (Variable, until)):
                return False
        return True

    if not allowed(ls):
        raise ValueError("The return value of your scan lambda expression may only be made of lists, tuples, or "
                         "dictionaries containing Theano variables (or `theano.scan_module.until` objects for "
                         "conditions). In particular if you need to use constant values, you can use "
                         "`tensor.constant` to turn them into Theano variables.")
    if is_outputs(ls):
        return None, _wrap(ls), OrderedDict()
    if is_updates(ls):
        return None, [], OrderedDict(ls)
    if is_condition(ls):
        return ls.condition, [], OrderedDict()
    error_msg = "Scan cannot parse the return value of your lambda expression, which is: %s" % (ls,)
    if not isinstance(ls, (list, tuple)):
        raise ValueError(error_msg)
    ls = list(ls)
    deprecation_msg = ("The return value of the lambda function has been restricted. you have to always return "
                       "first the outputs (if any), afterwards the updates (if any) and at the end the conclusion")
    if len(ls) == 2:
        if is_outputs(ls[0]):
            if is_updates(ls[1]):
                return None, _wrap(ls[0]), OrderedDict(ls[1])
            if is_condition(ls[1]):
                return ls[1].condition, _wrap(ls[0]), OrderedDict()
            raise ValueError(error_msg)
        if is_updates(ls[0]):
            if is_outputs(ls[1]):
                raise ValueError(deprecation_msg)
            if is_condition(ls[1]):
                return ls[1].condition, [], OrderedDict(ls[0])
            raise ValueError(error_msg)
        raise ValueError(error_msg)
    if len(ls) == 3:
        if is_outputs(ls[0]):
            if is_updates(ls[1]):
                if is_condition(ls[2]):
                    return ls[2].condition, _wrap(ls[0]), OrderedDict(ls[1])
                raise ValueError(error_msg)
            raise ValueError(deprecation_msg)
        raise ValueError(error_msg)
    raise ValueError(error_msg)


def _copy_test_value(src: Any, dst: Variable) -> None:
    """Give the inner placeholder `dst` the test value `src` computes (config.compute_test_value)."""
    if config.compute_test_value == "off":
        return
    try:
        if isinstance(src, Constant):
            value = src.data
        elif _is_shared(src):
            value = src.get_value(borrow=True)
        else:
            value = src.get_test_value()
        dst.tag.test_value = dst.type.filter(value)
    except Exception:  # noqa: BLE001 - no test value: Theano logs and goes on
        if config.compute_test_value not in ("ignore",):
            _logger.info("Cannot compute test value for the inner function of scan, input value missing")


def _slice_placeholder(seq: Variable, index: int) -> Variable:
    """A variable of the type of `seq[index]` (with seq[index]'s test value)."""
    ph = TensorType(seq.type.dtype, seq.type.broadcastable[1:])()
    if config.compute_test_value != "off":
        _copy_test_value(seq[index], ph)
    return ph


def _fixed_steps(n_steps: Any) -> int | None:
    if isinstance(n_steps, (float, int, np.integer)) and not isinstance(n_steps, bool):
        return int(n_steps)
    if n_steps is None:
        return None
    try:
        return int(get_scalar_constant_value(n_steps))
    except (NotScalarConstantError, TypeError, ValueError):
        return None


def scan(fn: Callable[..., Any], sequences: Any = None, outputs_info: Any = None, non_sequences: Any = None,
         n_steps: Any = None, truncate_gradient: int = -1, go_backwards: bool = False, mode: Any = None,
         name: str | None = None, profile: Any = False, allow_gc: Any = None, strict: bool = False,
         return_list: bool = False) -> tuple[Any, OrderedUpdates]:
    """Loop `fn` over `sequences` (theano.scan); returns (outputs, updates)."""

    seqs = _wrap(sequences)
    outs_info = _wrap(outputs_info)
    non_seqs = [e if isinstance(e, Variable) else as_tensor_variable(e) for e in _wrap(non_sequences)]
    n_fixed_steps = _fixed_steps(n_steps)
    if hasattr(n_steps, "dtype") and str(n_steps.dtype) not in _dt.integer_dtypes:
        raise ValueError(" n_steps must be an int. dtype provided is %s" % n_steps.dtype)

    for i, s in enumerate(seqs):
        if not isinstance(s, dict):
            seqs[i] = OrderedDict([("input", s), ("taps", [0])])
        elif s.get("taps", None) is not None:
            s["taps"] = _wrap(s["taps"])
        else:
            s["taps"] = [0]
    for i, o in enumerate(outs_info):
        if o is None:
            outs_info[i] = OrderedDict()
            continue
        if isinstance(o, dict) and o.get("return_steps", None) is not None:
            raise ValueError("Using `return_steps` has been deprecated. Simply select the entries you need using a "
                             "subtensor. Scan will optimize memory consumption, so do not worry about that.")
        if not isinstance(o, dict):
            outs_info[i] = OrderedDict([("initial", o), ("taps", [-1])])
        elif o.get("initial", None) is None and o.get("taps", None) is not None:
            raise ValueError("If you are using slices of an output you need to provide a initial state for it", o)
        elif o.get("initial", None) is not None and o.get("taps", None) is None:
            if "taps" in o:
                _logger.warning("Output %s ( index %d) has a initial state but taps is explicitly set to None ",
                                getattr(o["initial"], "name", "None"), i)
            o["taps"] = [-1]
        elif o.get("taps", None) is not None:
            taps = _wrap(o["taps"])
            o["taps"] = taps
            if len(taps) > len(set(taps)):
                raise ValueError("All the taps must be different in  `outputs_info`", o)
            for t in taps:
                if t >= 0:
                    raise ValueError("All the tap values must be smaller than 0.", o)

    # ---- sequences: one shifted sequence and one slice placeholder per tap
    scan_seqs: list[Variable] = []
    inner_seqs: list[Variable] = []
    inner_slices: list[Variable] = []
    for s in seqs:
        x = as_tensor_variable(s["input"])
        if x.ndim == 0:
            raise ValueError(f"scan: a sequence must have at least one dimension, got the scalar {x}")
        taps = s["taps"]
        mintap_p = min(min(taps), 0)
        maxtap_p = max(max(taps), 0)
        for k in taps:
            start = k - mintap_p
            ph = _slice_placeholder(x, start)
            if getattr(s["input"], "name", None) is not None:
                ph.name = s["input"].name + ("[t+%d]" % k if k > 0 else "[t]" if k == 0 else "[t%d]" % k)
            nw = x[start:] if k == maxtap_p else x[start:-(maxtap_p - k)]
            if getattr(s["input"], "name", None) is not None:
                nw.name = s["input"].name + ("[%d:]" % start if k == maxtap_p else "[%d:%d]" % (start, -(maxtap_p - k)))
            if go_backwards:
                nw = nw[::-1]
            scan_seqs.append(nw)
            inner_seqs.append(ph)
            inner_slices.append(x[start])

    lengths = [sq.shape[0] for sq in scan_seqs]
    if n_steps is not None and not _nan_or_inf(n_steps):
        lengths.append(as_tensor_variable(n_steps))
    if not lengths:
        raise ValueError("No information about the number of steps provided. Either provide a value for n_steps "
                         "argument of scan or provide an input sequence")
    if n_steps is None or _nan_or_inf(n_steps):
        actual_n_steps = lengths[0]
        for other in lengths[1:]:
            actual_n_steps = minimum(actual_n_steps, other)
    else:
        actual_n_steps = as_tensor_variable(n_steps)

    # ---- recurrent outputs: placeholders for their taps, in the user's order
    tap_args: list[Variable] = []      # what fn receives
    tap_slices: list[Variable] = []    # the same, when n_steps is 1 (no loop)
    inits: list[Variable] = []
    rec_index: list[int] = []
    for i, o in enumerate(outs_info):
        if "taps" not in o:
            continue
        init = o["initial"] if isinstance(o["initial"], Variable) else as_tensor_variable(o["initial"])
        taps = list(o["taps"])
        if taps == [-1]:
            arg = init.type() if not _is_shared(init) else TensorType(init.type.dtype, init.type.broadcastable)()
            _copy_test_value(init, arg)
            if getattr(init, "name", None) is not None:
                arg.name = init.name + "[t-1]"
            tap_args.append(arg)
            tap_slices.append(init)
            inits.append(init)
        else:
            if any(t > 0 for t in taps):
                raise ValueError("Can not use future taps of outputs", o)
            depth = -min(taps)
            init = as_tensor_variable(init)
            inits.append(init[:depth])
            for k in taps:
                ph = _slice_placeholder(init, k + depth)
                if getattr(o["initial"], "name", None) is not None:
                    ph.name = o["initial"].name + ("[t%d]" % k)
                tap_args.append(ph)
                tap_slices.append(init[k + depth])
        rec_index.append(i)

    one_step = n_fixed_steps in (1, -1)
    args = (inner_slices if one_step else inner_seqs) + (tap_slices if one_step else tap_args) + non_seqs
    condition, outputs, updates = get_updates_and_outputs(fn(*args))
    outputs = [as_tensor_variable(o) for o in outputs]

    if one_step:  # Theano applies fn once, without a loop
        if condition is not None:
            _logger.warning("When the number of steps is fixed and equal to 1, the provided stopping condition, %s "
                            "is ignored", condition)
        outs = [unbroadcast(shape_padleft(o), 0) for o in outputs]
        if not return_list and len(outs) == 1:
            return outs[0], OrderedUpdates(updates)
        return outs, OrderedUpdates(updates)

    if condition is not None:
        condition = as_tensor_variable(condition)
    n_outs = len(outputs)
    if not (n_outs == len(outs_info) or not outs_info):
        raise ValueError("Please provide None as outputs_info for any output that does not feed back into scan "
                         "(i.e. it behaves like a map) ")
    if not outs_info:
        outs_info = [OrderedDict() for _ in outputs]

    # ---- shared variables the step updates: explicit updates, then default updates (random states)
    upd_pairs: list[tuple[Variable, Variable]] = []
    for target, value in updates.items():
        if not _is_shared(target):
            raise TypeError("update target must be a SharedVariable", target)
        upd_pairs.append((target, _update_value(target, value)))
    _check_update_inputs(upd_pairs, outputs + ([condition] if condition is not None else []),
                         set(inner_seqs) | set(tap_args), non_seqs)
    targets = {id(t) for t, _ in upd_pairs}
    frontier = outputs + [v for _, v in upd_pairs] + ([condition] if condition is not None else [])
    while True:
        found = False
        for v in graph_inputs(frontier):
            du = getattr(v, "default_update", None) if _is_shared(v) else None
            if du is not None and id(v) not in targets:
                targets.add(id(v))
                du = _update_value(v, du)
                upd_pairs.append((v, du))
                frontier.append(du)
                found = True
        if not found:
            break

    replace: dict = {}
    shared_phs = []
    for target, _ in upd_pairs:
        ph = target.type()
        if getattr(target, "name", None) is not None:
            ph.name = target.name + "_copy"
        _copy_test_value(target, ph)
        replace[target] = ph
        shared_phs.append(ph)

    # ---- non-sequences: the given ones, then whatever else the step reads from the outer graph
    placeholders = set(inner_seqs) | set(tap_args)
    outer_nonseqs: list[Variable] = []
    nonseq_phs: list[Variable] = []

    def add_nonseq(v: Variable) -> None:
        ph = v.type()
        if getattr(v, "name", None) is not None:
            ph.name = v.name + "_copy"
        _copy_test_value(v, ph)
        replace[v] = ph
        outer_nonseqs.append(v)
        nonseq_phs.append(ph)

    for v in non_seqs:
        if isinstance(v, Constant) or v in replace or (_is_shared(v) and id(v) in targets):
            continue
        add_nonseq(v)
    # stop at the given non-sequences: fn received them as they are, so their own inputs stay outside the loop
    for v in graph_inputs(frontier, blockers=list(replace)):
        if v in placeholders or v in replace or isinstance(v, Constant):
            continue
        if _is_shared(v) and strict:
            raise MissingInputError(f"An input of the graph, used to compute the inner function of scan, was not "
                                    f"provided and not given a value: the shared variable {v} is used in the step "
                                    "function of a scan with strict=True. Please pass this variable to the scan's "
                                    "inner function. Do not forget to also pass it to the `non_sequences` attribute "
                                    "of scan.", variable=v)
        add_nonseq(v)

    inner_outs = outputs + [v for _, v in upd_pairs] + ([condition] if condition is not None else [])
    inner_outs = clone_replace(inner_outs, replace, strict=False)
    user_outs = inner_outs[:n_outs]

    # ---- recurrent outputs must have the type of their initial state (Theano's checks)
    out_taps = []
    broadcast_errors: list[str] = []
    pos = 0
    for i, o in enumerate(outs_info):
        if "taps" not in o:
            out_taps.append(None)
            continue
        init = inits[pos]
        pos += 1
        inner_in = tap_args[sum(len(outs_info[j]["taps"]) for j in rec_index[:pos - 1])]
        user_outs[i] = _match_recurrent(user_outs[i], inner_in, init, i, broadcast_errors)
        out_taps.append(tuple(o["taps"]))
    for k, (target, _) in enumerate(upd_pairs):
        v = inner_outs[n_outs + k]
        if v.type != shared_phs[k].type:
            inner_outs[n_outs + k] = patternbroadcast(v, shared_phs[k].type.broadcastable)
    inner_outs[:n_outs] = user_outs

    # ---- Theano's layout (frontend/scan_buffers.py): mit_sot, then sit_sot, then nit_sot outputs; sequences cut
    # to the trip count; each recurrent output a buffer holding its initial state first; a size per nit_sot;
    # the shared non-sequences before the others
    n_steps_var = actual_n_steps if actual_n_steps.type.dtype in _dt.integer_dtypes else actual_n_steps.astype("int64")
    tap_groups: list[list[Variable]] = []
    pos = 0
    for i in rec_index:
        n_t = len(outs_info[i]["taps"])
        tap_groups.append(tap_args[pos:pos + n_t])
        pos += n_t
    mit = [j for j, i in enumerate(rec_index) if list(outs_info[i]["taps"]) != [-1]]
    sit = [j for j, i in enumerate(rec_index) if list(outs_info[i]["taps"]) == [-1]]
    nit = [i for i in range(n_outs) if out_taps[i] is None]
    order = [rec_index[j] for j in mit + sit] + nit  # the Scan's outputs, as indices of the user's outputs
    sorted_taps = [a for j in mit + sit for a in tap_groups[j]]
    buffers = []
    for j in mit + sit:
        init = inits[j]
        if j in sit:
            init = unbroadcast(shape_padleft(init), 0)
        buffers.append(expand_empty(init, n_steps_var))
    shared_first = sorted(range(len(outer_nonseqs)), key=lambda k: not _is_shared(outer_nonseqs[k]))
    outer_nonseqs = [outer_nonseqs[k] for k in shared_first]
    nonseq_phs = [nonseq_phs[k] for k in shared_first]
    inner_inputs = inner_seqs + sorted_taps + shared_phs + nonseq_phs
    inner_outs = [inner_outs[i] for i in order] + inner_outs[n_outs:]
    outer_inputs = scan_seqs + buffers + [t for t, _ in upd_pairs] + outer_nonseqs
    # (what the step computes from non-sequences only moves out of the loop when the function is compiled:
    # scanOp_pushout_nonseqs_ops, passes/scan_inputs.py; the graph here is Theano's)
    for v in graph_inputs(inner_outs):
        if not isinstance(v, Constant) and v not in set(inner_inputs):
            raise MissingInputError(f"scan: the step function's result depends on {v}, which scan could not make an "
                                    "input of its inner function", variable=v)
    n_before_ns = len(scan_seqs) + len(buffers) + len(upd_pairs)
    outer_inputs = ([_cut(seq, n_steps_var) for seq in scan_seqs] + outer_inputs[len(scan_seqs):n_before_ns]
                    + [n_steps_var] * len(nit) + outer_inputs[n_before_ns:])
    info = ScanInfo(n_seqs=len(inner_seqs), out_taps=tuple(out_taps[i] for i in order), n_shared=len(upd_pairs),
                    n_nonseq=len(inner_inputs) - len(inner_seqs) - len(tap_args) - len(upd_pairs),
                    as_while=condition is not None, truncate_gradient=int(truncate_gradient), name=name, mode=mode,
                    strict=bool(strict), buffered=True)
    op = Scan(inner_inputs, inner_outs, info)
    if broadcast_errors:  # Theano's gradient of such a scan raises this
        op.broadcast_error = broadcast_errors[0]
    scan_outs = op(n_steps_var, *outer_inputs, return_list=True)
    update_map = OrderedUpdates()
    for k, (target, _) in enumerate(upd_pairs):
        update_map[target] = scan_outs[n_outs + k]
    out_list: list = [None] * n_outs
    for k, i in enumerate(order):
        depth = info.init_depth(k)
        out_list[i] = scan_outs[k][depth:] if depth else scan_outs[k]
    if not return_list and len(out_list) == 1:
        return out_list[0], update_map
    if not out_list:
        return None, update_map
    return out_list, update_map


def _cut(seq: Variable, n_steps: Variable) -> Variable:
    """seq[:n_steps] as Theano builds it (the trip count enters as a scalar: scalar_from_tensor(n_steps))."""
    cut = seq[:n_steps]
    if cut.owner is not None and len(cut.owner.inputs) == 2 and not isinstance(cut.owner.inputs[1], Constant):
        cut = cut.owner.op(seq, scalar_from_tensor(cut.owner.inputs[1]))
    return cut


def _check_update_inputs(upd_pairs: list, outs: list, placeholders: set, non_seqs: list) -> None:
    """Theano's scan takes the unlisted symbolic inputs (not shared) its step reads from the step's outputs only:
    an update that reads one the outputs do not raises MissingInputError, as Theano's inner function did."""
    if not upd_pairs:
        return
    known = set(placeholders) | set(non_seqs)
    known.update(v for v in graph_inputs(outs, blockers=list(non_seqs)) if not isinstance(v, Constant))
    for target, value in upd_pairs:
        for v in graph_inputs([value], blockers=list(known)):
            if v in known or isinstance(v, Constant) or _is_shared(v) or v.owner is not None:
                continue
            client = next((n for n in _nodes_reading(v, value)), None)
            where = f", used to compute {client}" if client is not None else ""
            raise MissingInputError(f"An input of the graph{where}, was not provided and not given a value: {v}, read "
                                    f"by the update of {target} in the step function of scan. Use the Theano flag "
                                    "exception_verbosity='high', for more information on this error.\nPlease pass "
                                    "this variable to the scan's inner function. Do not forget to also pass it to "
                                    "the `non_sequences` attribute of scan.", variable=v)


def _nodes_reading(v: Variable, out: Variable) -> list:
    return [n for n in io_toposort([], [out]) if v in n.inputs]


def _nan_or_inf(x: Any) -> bool:
    try:
        return bool(np.isnan(x) or np.isinf(x)) if isinstance(x, (float, int, np.number)) else False
    except TypeError:
        return False


def _update_value(target: Variable, value: Any) -> Variable:
    """An update of `target` as a variable of its type (the checks theano.function makes)."""

    value = as_tensor_variable(value)
    if value.type.dtype != target.type.dtype or value.ndim != target.type.ndim:
        raise TypeError("An update must have the same type as the original shared variable (shared_var=%s, "
                        "shared_var.type=%s, update_val=%s, update_val.type=%s)." % (target, target.type, value,
                                                                                        value.type))
    if value.type.broadcastable != target.type.broadcastable:
        value = patternbroadcast(value, target.type.broadcastable)
    return value


def _match_recurrent(out: Variable, inner_in: Variable, init: Variable, index: int, errors: list) -> Variable:
    """Check a recurrent output against its initial state, as Theano's Scan.make_node does."""
    if out.type.dtype != inner_in.type.dtype:
        raise ValueError("When compiling the inner function of scan the following error has been encountered: The "
                         "initial state (`outputs_info` in scan nomenclature) of variable %s (argument number %d) has "
                         "dtype %s, while the result of the inner function (`fn`) has dtype %s. This can happen if the "
                         "inner function of scan results in an upcast or downcast." % (init, index, inner_in.type.dtype,
                                                                                       out.type.dtype))
    if out.ndim != inner_in.ndim:
        raise ValueError("When compiling the inner function of scan (the function called by scan in each of its "
                         "iterations) the following error has been encountered: The initial state (`outputs_info` in "
                         "scan nomenclature) of variable %s (argument number %d) has %d dimension(s), while the "
                         "corresponding variable in the result of the inner function of scan (`fn`) has %d "
                         "dimension(s) (it should be one less than the initial state). For example, if the inner "
                         "function of scan returns a vector of size d and scan uses the values of the previous "
                         "time-step, then the initial state in scan should be a matrix of shape (1, d). The first "
                         "dimension of this matrix corresponds to the number of previous time-steps that scan uses in "
                         "each of its iterations. In order to solve this issue if the two varialbe currently have the "
                         "same dimensionality, you can increase the dimensionality of the variable in the initial "
                         "state of scan by using dimshuffle or shape_padleft. " % (init, index, inner_in.ndim + 1,
                                                                                   out.ndim))
    if out.type.broadcastable != inner_in.type.broadcastable:
        # Theano builds such a scan (its make_node does not compare them; its gradient raises TypeError): the
        # output takes the initial state's pattern, checked at run time where a dimension is declared 1
        for n, (b1, b2) in enumerate(zip(out.type.broadcastable, inner_in.type.broadcastable)):
            if b1 != b2:
                outer_out = TensorType(out.type.dtype, (False,) + tuple(out.type.broadcastable))
                outer_init = TensorType(init.type.dtype, (False,) + tuple(inner_in.type.broadcastable))
                errors.append("The broadcast pattern of the output of scan (%s) is inconsistent with the one provided "
                              "in `output_info` (%s). The output on axis %d is `%r`, but it is `%r` on axis %d in "
                              "`output_info`. This can happen if one of the dimension is fixed to 1 in the input, "
                              "while it is still variable in the output, or vice-verca. You have to make them "
                              "consistent, e.g. using theano.tensor.{patternbroadcast,unbroadcast,addbroadcast}."
                              % (outer_out, outer_init, n + 1, b1, b2, n + 1))
                break
        out = patternbroadcast(out, inner_in.type.broadcastable)
    return out


def map(fn: Callable[..., Any], sequences: Any, non_sequences: Any = None, truncate_gradient: int = -1,  # noqa: A001
        go_backwards: bool = False, mode: Any = None, name: str | None = None) -> tuple[Any, OrderedUpdates]:
    """theano.map: apply `fn` to each element of the sequences."""
    return scan(fn=fn, sequences=sequences, outputs_info=[], non_sequences=non_sequences,
                truncate_gradient=truncate_gradient, go_backwards=go_backwards, mode=mode, name=name)


def reduce(fn: Callable[..., Any], sequences: Any, outputs_info: Any, non_sequences: Any = None,  # noqa: A001
           go_backwards: bool = False, mode: Any = None, name: str | None = None) -> tuple[Any, OrderedUpdates]:
    """theano.reduce: scan keeping only the last value of each output."""
    rval = scan(fn=fn, sequences=sequences, outputs_info=outputs_info, non_sequences=non_sequences,
                go_backwards=go_backwards, truncate_gradient=-1, mode=mode, name=name)
    if isinstance(rval[0], (list, tuple)):
        return [x[-1] for x in rval[0]], rval[1]
    return rval[0][-1], rval[1]


def foldl(fn: Callable[..., Any], sequences: Any, outputs_info: Any, non_sequences: Any = None, mode: Any = None,
          name: str | None = None) -> tuple[Any, OrderedUpdates]:
    """theano.foldl: reduce from the first element."""
    return reduce(fn=fn, sequences=sequences, outputs_info=outputs_info, non_sequences=non_sequences,
                  go_backwards=False, mode=mode, name=name)


def foldr(fn: Callable[..., Any], sequences: Any, outputs_info: Any, non_sequences: Any = None, mode: Any = None,
          name: str | None = None) -> tuple[Any, OrderedUpdates]:
    """theano.foldr: reduce from the last element."""
    return reduce(fn=fn, sequences=sequences, outputs_info=outputs_info, non_sequences=non_sequences,
                  go_backwards=True, mode=mode, name=name)


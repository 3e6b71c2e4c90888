"""Compare our results for a spec with the oracle's, and match mismatches to known differences.

A mismatch is ``(kind, detail)``: kind is one of ``status`` (one side raised, the other did not),
``error`` (both raised, different classes), ``digest`` (different input values), ``nout``,
``dtype``, ``vdtype``, ``bcast``, ``shape``, ``value``, ``print:<printer>``.

Each entry of known_differences.json (schema: id / what / reason) has a matcher here, keyed by
its id, that recognises the mismatch from spec properties (the ops used, dtypes), never from
graph numbers.
"""
from __future__ import annotations

import json
import os
import re
from typing import Callable

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KNOWN_PATH = os.path.join(HERE, "known_differences.json")

# Tolerances: stricter than theano.tensor.basic._allclose (float32 1e-3/1e-4, float64 1e-4/1e-3),
# which is loose for test-harness use; differences here come from XLA's own transcendental
# functions and summation order only.
TOL = {"float16": (1e-2, 1e-3), "float32": (1e-4, 1e-5), "float64": (1e-7, 1e-9)}


def low_precision(spec: dict) -> bool:
    """Whether float32 takes part in the graph: a float32 input or cast, or a small int or bool input
    (Theano computes their float functions in float32); a float64 output then carries float32 error."""
    small = {"float32", "int8", "int16", "uint8", "bool"}
    return any(i["dtype"] in small for i in spec["inputs"]) or "float32" in json.dumps(spec["nodes"])


def values_match(ref: np.ndarray, got: np.ndarray, f32: bool = False) -> bool:
    """Exact for ints and bools, allclose for floats (NaN equals NaN, inf equals inf); ``f32``: the
    float32 tolerance even for a float64 result."""
    ref, got = np.asarray(ref), np.asarray(got)
    if ref.shape != got.shape:
        return False
    if ref.dtype.kind in "biu" and got.dtype.kind in "biu":
        return bool(np.array_equal(ref, got))
    names = {str(ref.dtype), str(got.dtype)} | ({"float32"} if f32 else set())
    rtol, atol = next(TOL[dt] for dt in ("float16", "float32", "float64") if dt in names or dt == "float64")
    try:
        return bool(np.allclose(got.astype("float64"), ref.astype("float64"), rtol=rtol, atol=atol,
                                equal_nan=True))
    except (TypeError, ValueError):
        return False


def _builtin_base(mro: list[str]) -> str:
    """The first builtin exception class of an MRO: numpy's UFuncTypeError counts as TypeError."""
    import builtins
    return next(n for n in mro if isinstance(getattr(builtins, n, None), type))


def compare(spec: dict, ref: dict, ref_arrays, ours: dict, our_arrays) -> list[tuple[str, str]]:
    """The mismatches between the oracle's result ``ref`` and ``ours`` for ``spec``."""
    sid = str(spec["id"])
    out: list[tuple[str, str]] = []
    if "digest" in ref and "digest" in ours and ref["digest"] != ours["digest"]:
        out.append(("digest", "input values differ"))
    ids_only = _strip_ids(ref.get("print", {}).get("debugprint")) == _strip_ids(
        ours.get("print", {}).get("debugprint"))
    for key, text in ref.get("print", {}).items():
        if ours.get("print", {}).get(key) != text:
            out.append(("print:" + key, "labels only" if ids_only else "text"))
    if ref["status"] != ours["status"]:
        what = ref.get("error") or ours.get("error")
        out.append(("status", "oracle %s, ours %s (%s: %s)" % (
            ref["status"], ours["status"], what, ref.get("msg") or ours.get("msg"))))
        return out
    if ref["status"] == "error":
        if _builtin_base(ref["mro"]) not in ours["mro"]:
            out.append(("error", "oracle %s, ours %s: %s" % (ref["error"], ours["error"], ours["msg"])))
        return out
    if len(ref["outs"]) != len(ours["outs"]):
        return out + [("nout", "%d vs %d outputs" % (len(ref["outs"]), len(ours["outs"])))]
    for k, (r, o) in enumerate(zip(ref["outs"], ours["outs"])):
        for field in ("dtype", "vdtype", "bcast", "shape"):
            if r[field] != o[field]:
                out.append((field, "out %d: oracle %s, ours %s" % (k, r[field], o[field])))
        if r["shape"] == o["shape"]:
            key = "%s_%d" % (sid, k)
            if not values_match(ref_arrays[key], our_arrays[key], low_precision(spec)):
                suffix = _value_detail(ref_arrays[key], our_arrays[key])
                out.append(("value", "out %d%s" % (k, suffix)))
    return out


def _value_detail(ref: np.ndarray, got: np.ndarray) -> str:
    """A suffix saying how the values differ where the difference has one simple form."""
    if _inf_sign_only(ref, got):
        return ": sign of infinity only"
    ref, got = np.asarray(ref), np.asarray(got)
    if ref.dtype.kind != "f" or got.dtype.kind != "f" or ref.shape != got.shape:
        return ""
    with np.errstate(invalid="ignore"):
        differ = ~((ref == got) | (np.isnan(ref) & np.isnan(got)))
    if not differ.any():
        return ""
    if np.all(np.isnan(got[differ]) & np.isfinite(ref[differ])):
        return ": nan where the oracle is finite"
    if np.all(np.isnan(ref[differ]) & np.isfinite(got[differ])):
        return ": finite where the oracle is nan"
    return ""


def _inf_sign_only(ref: np.ndarray, got: np.ndarray) -> bool:
    """Whether every entry where ``ref`` and ``got`` differ is an infinity of the opposite sign."""
    ref, got = np.asarray(ref), np.asarray(got)
    if ref.dtype.kind != "f" or got.dtype.kind != "f" or ref.shape != got.shape:
        return False
    with np.errstate(invalid="ignore"):
        differ = ~((ref == got) | (np.isnan(ref) & np.isnan(got)))
    return bool(differ.any()) and bool(np.all(np.isinf(ref[differ]) & (got[differ] == -ref[differ])))


def _strip_ids(text: str | None) -> str | None:
    """debugprint text without its `[id X]` labels (they number variables in order of appearance)."""
    return None if text is None else re.sub(r"\[id [A-Z]+\]", "[id]", text)


def _ops(spec: dict) -> set[str]:
    return {n[0] for n in spec["nodes"]}


def _mixed_advanced_index(spec: dict) -> bool:
    """An advanced (list) index together with other index entries (slices or integers)."""
    return any("idx" in kw and any("a" in i for i in kw["idx"]) and len(kw["idx"]) > 1
               for _, _, kw in spec["nodes"])


def _index_past_size_one(spec: dict) -> bool:
    """An index entry that is empty or out of range on a dim of size 1 (which may be broadcastable)."""
    for op, args, kw in spec["nodes"]:
        if "idx" not in kw:
            continue
        shape = spec["model_shapes"][args[0]]
        for d, entry in zip(shape, kw["idx"]):
            if d != 1:
                continue
            if "s" in entry and len(range(*slice(*entry["s"]).indices(1))) == 0:
                return True
            if any(k not in (-1, 0) for k in entry.get("a", [entry.get("i", 0)])):
                return True
    return False


def _value_needed(spec: dict) -> set[int]:
    """Indices of the spec's variables whose values (not only their shapes) the outputs need: shape_i,
    arange_shape and alloc_shape read only their argument's shape, and an argmax/argmin over axes of
    length 1 is a constant 0."""
    n_in = len(spec["inputs"])
    needed: set[int] = set()
    stack = list(spec["outputs"])
    while stack:
        k = stack.pop()
        if k in needed:
            continue
        needed.add(k)
        if k < n_in:
            continue
        op, args, kw = spec["nodes"][k - n_in]
        if op in ("shape_i", "arange_shape"):
            continue
        if op == "alloc_shape":
            args = args[1:]
        if op in ("argmax", "argmin"):
            shape = spec["model_shapes"][args[0]]
            axis = kw.get("axis")
            axes = range(len(shape)) if axis is None else [axis] if isinstance(axis, int) else axis
            if all(shape[a] == 1 for a in axes):
                continue
        stack.extend(args)
    return needed


def _unused_inc_subtensor_cast(spec: dict, kind: str, detail: str) -> bool:
    """Theano's `x[idx] += y` casting error from an inc_subtensor whose value no output needs."""
    if kind != "status" or not detail.startswith("oracle error, ours ok (UFuncTypeError: Cannot cast ufunc 'add'"):
        return False
    n_in = len(spec["inputs"])
    needed = _value_needed(spec)
    return any(op == "inc_subtensor" and n_in + j not in needed for j, (op, _, _) in enumerate(spec["nodes"]))


def _argmax_of_softmax_off_its_axis(spec: dict) -> bool:
    """An argmax taken directly of a softmax over other axes than the softmax's own (axis 1)."""
    n_in = len(spec["inputs"])
    for op, args, kw in spec["nodes"]:
        if op != "argmax" or args[0] < n_in or spec["nodes"][args[0] - n_in][0] != "softmax":
            continue
        axis = kw.get("axis")
        axes = [0, 1] if axis is None else [axis] if isinstance(axis, int) else list(axis)
        if sorted(a % 2 for a in axes) != [1]:
            return True
    return False


def _std_over_length_one_axes(spec: dict) -> bool:
    """A std whose reduced axes all have length 1 (its variance is 0 for any input)."""
    for op, args, kw in spec["nodes"]:
        if op != "std":
            continue
        shape = spec["model_shapes"][args[0]]
        axis = kw.get("axis")
        axes = range(len(shape)) if axis is None else [axis] if isinstance(axis, int) else axis
        if all(shape[a] == 1 for a in axes):
            return True
    return False


def _printing(kind: str, *printers: str) -> bool:
    return kind in ["print:" + p for p in printers]


# id -> predicate(spec, mismatch kind, detail): does this known difference explain the mismatch?
MATCHERS: dict[str, Callable[[dict, str, str], bool]] = {
    "index-past-broadcastable-dim": lambda spec, kind, detail: not kind.startswith("print:")
    and _index_past_size_one(spec),
    # "text": the debugprint texts differ beyond [id X] labels, i.e. the graphs differ
    "pp-format": lambda spec, kind, detail: kind == "print:pp" and detail == "text",
    "print-advanced-index": lambda spec, kind, detail: _printing(kind, "debugprint", "min_informative_str")
    and _mixed_advanced_index(spec),
    "print-tensordot": lambda spec, kind, detail: _printing(kind, "debugprint", "min_informative_str")
    and bool(_ops(spec) & {"tensordot", "batched_dot", "dot"}),
    "float32-stabilized-crossentropy": lambda spec, kind, detail: kind == "value" and low_precision(spec)
    and bool(_ops(spec) & {"binary_crossentropy", "categorical_crossentropy", "softplus"}),
    "nonfinite-self-algebra": lambda spec, kind, detail: kind == "value"
    and any(len(args) == 2 and args[0] == args[1] for _, args, _ in spec["nodes"]),
    "dot-signed-zero": lambda spec, kind, detail: kind == "value" and detail.endswith("sign of infinity only")
    and bool(_ops(spec) & {"tensordot", "batched_dot", "dot"}),
    "unused-inc-subtensor-cast": _unused_inc_subtensor_cast,
    "theano-argmax-softmax-pushdown": lambda spec, kind, detail: kind == "value"
    and _argmax_of_softmax_off_its_axis(spec),
    "std-grad-at-zero-variance": lambda spec, kind, detail: kind == "value" and spec["grad"]
    and detail.endswith("finite where the oracle is nan") and _std_over_length_one_axes(spec),
    "dot-skips-zero-terms": lambda spec, kind, detail: kind == "value"
    and detail.endswith("nan where the oracle is finite") and bool(_ops(spec) & {"tensordot", "batched_dot", "dot"}),
    "integer-division-by-zero-raises": lambda spec, kind, detail: kind == "status"
    and detail.startswith("oracle ok, ours error (ZeroDivisionError") and bool(_ops(spec) & {"int_div", "mod"}),
    "incsubtensor-grad-assert": lambda spec, kind, detail: kind == "status" and spec["grad"]
    and detail.startswith("oracle error, ours ok (AssertionError") and bool(_ops(spec) & {"set_subtensor", "inc_subtensor"}),
}


def load_known() -> list[dict]:
    """The known differences, in the schema docs/compatibility.md shows."""
    with open(KNOWN_PATH) as f:
        return json.load(f)["differences"]


def explain(spec: dict, mismatch: tuple[str, str]) -> str | None:
    """The id of the known difference that explains ``mismatch``, or None."""
    for kid, pred in MATCHERS.items():
        if pred(spec, *mismatch):
            return kid
    return None

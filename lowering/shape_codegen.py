"""A host shape program of integer scalar arithmetic, compiled to one Python function over Python ints.

The minibatch idiom's shape program (`data[i * B:(i + 1) * B]`: slice bounds normalised by about thirty scalar
Elemwise steps and a few Shape_i) is evaluated for every new index value. Run step by step through numpy
scalars it costs ~100 us; written out as straight-line Python over ints it costs a few microseconds, which
matters on a GPU step of 0.3 ms. The result is exactly numpy's: each step computes in the dtype Theano computes
in (inputs cast to it only where the cast is exact), integer results wrap around to their dtype as numpy's do,
integer division and remainder by zero give 0 as numpy's do (with errstate ignore). Any other step (a float, an
array, a cast that could change a value) leaves the program to the step-by-step evaluator.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from theano.frontend.evaluate import MISSING, GraphPlan

# scalar op name -> (arity or -1 for n-ary, Python expression over a, b, c / the list xs)
_OPS: dict[str, tuple[int, str]] = {
    "add": (-1, " + "), "mul": (-1, " * "),
    "sub": (2, "{a} - {b}"), "neg": (1, "-{a}"), "abs_": (1, "abs({a})"),
    "int_div": (2, "({a} // {b} if {b} else 0)"), "mod": (2, "({a} % {b} if {b} else 0)"),
    "maximum": (2, "({a} if {a} >= {b} else {b})"), "minimum": (2, "({a} if {a} <= {b} else {b})"),
    "lt": (2, "{a} < {b}"), "gt": (2, "{a} > {b}"), "le": (2, "{a} <= {b}"), "ge": (2, "{a} >= {b}"),
    "eq": (2, "{a} == {b}"), "neq": (2, "{a} != {b}"),
    "switch": (3, "({b} if {a} else {c})"), "identity": (1, "{a}"),
}
_BOOL_OK = {"lt", "gt", "le", "ge", "eq", "neq", "switch", "identity", "maximum", "minimum"}  # bool results exact
_SELECTS = {"switch", "identity", "maximum", "minimum"}  # the result is one of the (exactly cast) inputs: in range


def _int_kind(dtype: Any) -> bool:
    return np.dtype(dtype).kind in "iub"


def _step_expr(node: Any, names: list[str]) -> str | None:
    """The Python expression of one scalar integer Elemwise step over its inputs' names, or None."""
    from theano.frontend.ops.elemwise import SCALAR_OPS, Elemwise, input_cast_dtypes

    op = node.op
    if type(op) is not Elemwise or len(node.outputs) != 1:
        return None
    sop = op.scalar_op
    name = getattr(sop, "name", None)
    if name not in _OPS or SCALAR_OPS.get(name) is not sop and type(SCALAR_OPS.get(name)) is not type(sop):
        return None
    out = node.outputs[0]
    if out.ndim != 0 or not _int_kind(out.dtype) or any(v.ndim != 0 or not _int_kind(v.dtype) for v in node.inputs):
        return None
    if out.dtype == "bool" and name not in _BOOL_OK:
        return None
    casts = input_cast_dtypes(sop, [v.dtype for v in node.inputs], out.dtype)
    for v, c in zip(node.inputs, casts):  # numpy casts the inputs first: only casts that keep every value
        if c is not None and (not _int_kind(c) or not np.can_cast(v.dtype, c, casting="safe")):
            return None
    arity, form = _OPS[name]
    if arity == -1:
        return "(" + form.join(names) + ")"
    if arity != len(names):
        return None
    return form.format(**dict(zip("abc", names)))


def compile_python(plan: GraphPlan) -> Callable[[Any], list] | None:
    """`run(values) -> output values` equal to `plan.run(values, host_impl)` for a plan of scalar integer
    arithmetic and Shape_i steps; None when any step is something else."""
    from theano.frontend.ops.shape import Shape_i

    if plan.missing or not plan.steps:
        return None
    n_in = plan._n_inputs
    template = plan._template
    consts: dict[str, Any] = {"_shape": np.shape}
    names: dict[int, str] = {}
    lines: list[str] = []

    def int_name(slot: int) -> str | None:
        """The name of the Python int held by `slot` (an input read once, a constant, a step's result)."""
        known = names.get(slot)
        if known is not None:
            return known
        if slot < n_in:
            names[slot] = f"i{slot}"
            lines.append(f"    i{slot} = int(values[{slot}])")
            return names[slot]
        value = template[slot]
        if value is MISSING or np.ndim(value) != 0 or not _int_kind(np.asarray(value).dtype):
            return None
        names[slot] = f"k{slot}"
        consts[f"k{slot}"] = int(value)
        return names[slot]

    for node, ins, outs in plan.steps:
        out = outs[0]
        if isinstance(node.op, Shape_i):
            src = ins[0]
            if src >= n_in and template[src] is MISSING:
                return None  # the shape of a computed value: not integer arithmetic
            arg = f"values[{src}]" if src < n_in else f"k{src}"
            if src >= n_in:
                consts[f"k{src}"] = template[src]
            lines.append(f"    t{out} = _shape({arg})[{int(node.op.i)}]")
            names[out] = f"t{out}"
            continue
        in_names = [int_name(s) for s in ins]
        if any(n is None for n in in_names):
            return None
        expr = _step_expr(node, in_names)  # type: ignore[arg-type]
        if expr is None:
            return None
        lines.append(f"    t{out} = {expr}")
        dtype = np.dtype(node.outputs[0].dtype)
        if dtype.kind in "iu" and node.op.scalar_op.name not in _SELECTS:  # wrap around as numpy's integers do
            info = np.iinfo(dtype)
            lo, span = int(info.min), int(info.max) - int(info.min) + 1
            lines.append(f"    if not {lo} <= t{out} <= {int(info.max)}: t{out} = (t{out} - {lo}) % {span} + {lo}")
        names[out] = f"t{out}"
    results = []
    for slot in plan.out_slots:
        name = int_name(slot) if slot not in names else names[slot]
        if name is None:
            return None
        results.append(name)
    source = "def run(values):\n" + "\n".join(lines) + f"\n    return [{', '.join(results)}]\n"
    namespace = dict(consts)
    exec(compile(source, "<theano shape program>", "exec"), namespace)  # noqa: S102 - our own generated code
    run = namespace["run"]
    run.source = source  # type: ignore[attr-defined]
    return run

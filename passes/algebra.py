"""Algebraic canonical forms of sums and products (Theano's add/mul canonizers).

A sum (add, sub, neg) is read as constant + sum of coefficient * term, looking through inner sums
that nothing else uses; like terms are collected (`(x+y)+(x+y) -> 2*(x+y)`, `x - x -> 0`), constants
are summed, and the result is rebuilt as `add(positive terms) - add(negative terms)` with terms in
a fixed order (so equal sums merge). A product (mul, true_div, inv, neg) is read as
coefficient * prod(factor ** k); factors cancel (`x/x -> 1`, `x*y/x -> y`), constants multiply
(`x*1 -> x`, `x*0 -> 0`), and it is rebuilt as `c * num / den`. When cancelling removes the terms
that gave the result its shape, the result is broadcast back with `second` (fill).
Each canonizer first plans the result and compares it with the node: an already canonical node is
left alone, so the rules reach a fixed point.
"""
from __future__ import annotations

import math
import weakref
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import rewrite_constant
from theano.frontend.graph import Apply, Variable
from theano.frontend.type import TensorType
from theano.frontend.variable import TensorConstant
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.passes.engine import Revisit
from theano.passes.pattern import Match, scalar_constant

ADD_GROUP = ("add", "sub", "neg")
MUL_GROUP = ("mul", "true_div", "inv", "neg")


def scalar_name(v: Variable) -> str | None:
    """The scalar op name of the Elemwise computing `v` (None otherwise)."""
    node = v.owner
    if node is None or not isinstance(node.op, Elemwise):
        return None
    return getattr(node.op.scalar_op, "name", None)


def creation_key(v: Variable) -> int:
    """A stable order for terms: creation order of the variables (constants first)."""
    name = v.auto_name
    return int(name[5:]) if name.startswith("auto_") else 0


def scalar_like_constant(v: Variable) -> Any:
    """The value of a constant that broadcasts like a scalar (all dims broadcastable), else None."""
    if not all(getattr(v, "broadcastable", (False,))):
        return None
    val = scalar_constant(v)
    if val is None:
        return None
    return val.item() if hasattr(val, "item") else val


def only_client(fgraph: Any, var: Variable, node: Apply) -> bool:
    """Whether `node` is the only user of `var` (reading it once), and `var` is not a graph output."""
    cl = fgraph.clients.get(var, []) if fgraph is not None else []
    return len(cl) == 1 and cl[0][0] is node


class Cst:
    """A constant in a plan (built in the result's dtype)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def realizes(plan: Any, var: Variable) -> bool:
    """Whether `var` is already the graph that `plan` describes."""
    stack = [(plan, var)]
    while stack:
        p, v = stack.pop()
        if isinstance(p, Variable):
            if p is not v:
                return False
            continue
        if isinstance(p, Cst):
            val = scalar_like_constant(v)
            if val is None or val != np.asarray(p.value).astype(v.dtype).item():
                return False
            continue
        kind, args = p
        if scalar_name(v) != kind or len(v.owner.inputs) != len(args):
            return False
        stack.extend(zip(args, v.owner.inputs))
    return True


_CONSTANT_TYPES: dict[tuple[str, int], TensorType] = {}


def padded_constant(value: Any, dtype: str, ndim: int) -> TensorConstant:
    """`value` as a constant of `dtype` and rank `ndim`, every dim broadcastable (what constant folding makes of a
    padded scalar, so there is no DimShuffle left to fold); the constant cache's when it has it (as Theano's
    canonizers built theirs with `T.constant`)."""
    ttype = _CONSTANT_TYPES.get((dtype, ndim))
    if ttype is None:
        ttype = _CONSTANT_TYPES[(dtype, ndim)] = TensorType(dtype, (True,) * ndim)
    return rewrite_constant(ttype, np.asarray(value, dtype=ttype.numpy_dtype).reshape((1,) * ndim))


def materialize(plan: Any, dtype: str, ndim: int = 0) -> Variable:
    """Build the graph a plan describes (constants in `dtype`, padded to rank `ndim`)."""
    if isinstance(plan, Variable):
        return plan
    if isinstance(plan, Cst):
        return padded_constant(plan.value, dtype, ndim)
    kind, args = plan
    return ELEMWISE_OPS[kind](*[materialize(a, dtype, ndim) for a in args])


def broadcast_back(result: Variable, like: Variable, refs: list[Variable]) -> Variable | None:
    """`result` broadcast to `like`'s shape using `second(ref, ...)` with refs that have the missing dims."""
    from theano.frontend import tensor as T
    from theano.frontend.tensor import cast

    if result.ndim < like.ndim:
        result = T.shape_padleft(result, like.ndim - result.ndim)
    if result.ndim != like.ndim:
        return None
    missing = [d for d, (rb, lb) in enumerate(zip(result.broadcastable, like.broadcastable)) if rb and not lb]
    while missing:
        best = max(refs, key=lambda r: sum(1 for d in missing if not r.broadcastable[d]), default=None)
        if best is None or all(best.broadcastable[d] for d in missing):
            return None
        result = ELEMWISE_OPS["second"](best, result)
        missing = [d for d in missing if best.broadcastable[d]]
    if result.dtype != like.dtype:
        result = cast(result, like.dtype)
    return result


def absorbed_by_client(fgraph: Any, var: Variable, group: tuple[str, ...]) -> Revisit | None:
    """If the only user of `var` is a node of the same group and dtype, which will expand it anyway, a
    request to revisit that user (canonicalizing only the top of a chain keeps long chains linear)."""
    cl = fgraph.clients.get(var, []) if fgraph is not None else []
    if len(cl) != 1 or cl[0][0] == "output":
        return None
    user = cl[0][0].outputs[0]
    if scalar_name(user) in group and user.dtype == var.dtype:
        return Revisit([cl[0][0]])
    return None


def _finite(*values: Any) -> bool:
    try:
        return all(math.isfinite(v) for v in values)
    except TypeError:  # complex values (or odd types): numpy decides
        try:
            return all(np.isfinite(v) for v in values)
        except TypeError:
            return False


def _fits(dtype: str, *values: Any) -> bool:
    """Whether integer constants can be written in `dtype` (a sum of many int8 terms may not)."""
    if dtype not in _dt.integer_dtypes:
        return True
    info = np.iinfo(dtype)
    return all(info.min <= v <= info.max and -info.max <= v for v in values)


def _sum_of(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else ("add", items)


def _prod_of(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else ("mul", items)


# --------------------------------------------------------------------------- sums

def _coef_term(t: Variable) -> tuple[Any, Variable]:
    """mul(c, t) with a scalar constant c -> (c, t); anything else -> (1, t)."""
    if scalar_name(t) == "mul" and len(t.owner.inputs) == 2:
        a, b = t.owner.inputs
        for k, u in ((a, b), (b, a)):
            val = scalar_like_constant(k)
            if val is not None and scalar_like_constant(u) is None and u.dtype == t.dtype and u.broadcastable == t.broadcastable:
                return val, u
    return 1, t


def _sum_terms(root: Variable, fgraph: Any) -> tuple[dict[Variable, Any], Any, list[Variable], bool]:
    """(coefficient per term, constant, every leaf, whether inner sums were expanded) of a sum."""
    dtype = root.dtype
    coefs: dict[Variable, Any] = {}
    const = 0
    leaves: list[Variable] = []
    expanded = False
    node = root.owner
    counts: dict[Variable, int] = {}
    for v in node.inputs:
        counts[v] = counts.get(v, 0) + 1
    stack: list[tuple[Variable, Any, Apply]] = []
    kind = scalar_name(root)
    signs = {"add": [1] * len(node.inputs), "sub": [1, -1], "neg": [-1]}[kind]
    for v, s in zip(reversed(node.inputs), reversed(signs)):
        stack.append((v, s, node))
    while stack:
        v, s, parent = stack.pop()
        k = scalar_name(v)
        if (k in ADD_GROUP and v.dtype == dtype and only_client(fgraph, v, parent)
                and (parent is not node or counts.get(v, 0) == 1)):
            expanded = True
            inner = v.owner
            inner_signs = {"add": [1] * len(inner.inputs), "sub": [1, -1], "neg": [-1]}[k]
            for u, su in zip(reversed(inner.inputs), reversed(inner_signs)):
                stack.append((u, s * su, inner))
            continue
        leaves.append(v)
        val = scalar_like_constant(v)
        if val is not None:
            const = const + s * val
            continue
        c, t = _coef_term(v)
        coefs[t] = coefs.get(t, 0) + s * c
    return coefs, const, leaves, expanded


def _expand_for_cancellation(coefs: dict[Variable, Any], leaves: list[Variable], dtype: str) -> Any:
    """Expand shared inner sums whose terms cancel against the others (`(x+y) - x` with x+y used elsewhere)."""
    const = 0
    for t in [t for t in coefs if scalar_name(t) in ("add", "sub") and t.dtype == dtype]:
        ct = coefs.get(t)
        if not ct:
            continue
        inner = t.owner
        signs = [1] * len(inner.inputs) if scalar_name(t) == "add" else [1, -1]
        parts = [(_coef_term(u), s) for u, s in zip(inner.inputs, signs)]
        if not any(coefs.get(u, 0) * c * s * ct < 0 for (c, u), s in parts if u is not t):
            continue
        del coefs[t]
        for ((c, u), s), raw in zip(parts, inner.inputs):
            leaves.append(raw)
            val = scalar_like_constant(raw)
            if val is not None:
                const = const + ct * s * val
            else:
                coefs[u] = coefs.get(u, 0) + ct * s * c
    return const


def canonical_sum(m: Match) -> Variable | None:
    """add/sub/neg -> the canonical sum (see module docstring)."""
    root = m.var
    dtype = root.dtype
    if dtype == "bool" or dtype in _dt.complex_dtypes:
        return None
    defer = absorbed_by_client(m.fgraph, root, ADD_GROUP)
    if defer is not None:
        return defer
    coefs, const, leaves, _ = _sum_terms(root, m.fgraph)
    const = const + _expand_for_cancellation(coefs, leaves, dtype)
    if not _finite(const, *coefs.values()) or not _fits(dtype, const, *coefs.values()):
        return None
    if any(t.dtype == "bool" for t, c in coefs.items() if c != 0):
        return None  # a bool term cannot be negated, and bools summed among themselves would be or-ed
    pos: list[Any] = []
    neg: list[Any] = []
    scaled = {_coef_term(v)[1]: v for v in leaves if scalar_name(v) == "mul"}  # leaves that are c * t, by t
    for t in sorted((t for t, c in coefs.items() if c != 0), key=creation_key):
        c = coefs[t]
        mag = abs(c)
        item = t if mag == 1 else ("mul", [Cst(mag), t])
        if mag != 1 and t in scaled and realizes(item, scaled[t]):
            item = scaled[t]  # already c * t: reused, not built again (and merged away)
        (pos if c > 0 else neg).append(item)
    if const != 0:
        (pos if const > 0 else neg).insert(0, Cst(abs(const)))
    if pos and neg:
        plan: Any = ("sub", [_sum_of(pos), _sum_of(neg)])
    elif pos:
        plan = _sum_of(pos)
    elif neg:
        plan = ("neg", [_sum_of(neg)])
    else:
        plan = Cst(0)
    if realizes(plan, root):
        return None
    return broadcast_back(materialize(plan, dtype, root.ndim), root, leaves)


# --------------------------------------------------------------------------- products

def _product_factors(root: Variable, fgraph: Any) -> tuple[dict[Variable, int], Any, Any, list[Variable]]:
    """(exponent per factor, numerator constant, denominator constant, every leaf) of a product."""
    dtype = root.dtype
    powers: dict[Variable, int] = {}
    num, den = 1, 1
    leaves: list[Variable] = []
    node = root.owner
    stack: list[tuple[Variable, int, Apply]] = []

    def push_inputs(n: Apply, kind: str, e: int) -> None:
        nonlocal num
        if kind == "mul":
            ins = [(v, e) for v in n.inputs]
        elif kind == "true_div":
            ins = [(n.inputs[0], e), (n.inputs[1], -e)]
        elif kind == "inv":
            ins = [(n.inputs[0], -e)]
        else:  # neg
            num = -num
            ins = [(n.inputs[0], e)]
        for v, ev in reversed(ins):
            stack.append((v, ev, n))

    push_inputs(node, scalar_name(root), 1)
    while stack:
        v, e, parent = stack.pop()
        k = scalar_name(v)
        if k in MUL_GROUP and v.dtype == dtype and only_client(fgraph, v, parent) and parent is not None:
            push_inputs(v.owner, k, e)
            continue
        leaves.append(v)
        val = scalar_like_constant(v)
        if val is not None:
            if e > 0:
                num = num * val
            else:
                den = den * val
            continue
        powers[v] = powers.get(v, 0) + e
    return powers, num, den, leaves


_LEFT_TO_SUM: "weakref.WeakSet[Apply]" = weakref.WeakSet()  # products already deferred once to their sum


def left_to_sum(fgraph: Any, root: Variable) -> Revisit | None:
    """A scaled term `c * u` (or `u * c`) whose only user is a float sum: that sum's canonizer reads it as the
    term (c, u) and builds `mul(c, u)` itself, the form this canonizer would build, so the product is left to it
    (one rewrite where there were two: `tanh(x) * 0.9 + 0.1`). The product is revisited after its sum; if the sum
    left it in place, it is canonicalized then as before."""
    node = root.owner
    if node in _LEFT_TO_SUM or scalar_name(root) != "mul" or len(node.inputs) != 2 or root.dtype not in _dt.float_dtypes:
        return None
    cl = fgraph.clients.get(root, ()) if fgraph is not None else ()
    if len(cl) != 1 or cl[0][0] == "output":
        return None
    user = cl[0][0]
    if scalar_name(user.outputs[0]) not in ADD_GROUP or user.outputs[0].dtype != root.dtype:
        return None
    c, u = _coef_term(root)
    if u is node.inputs[1] and c > 0:
        return None  # already c * u, the canonical order: nothing to leave
    if u is root or c in (0, 1, -1) or not _finite(c) or scalar_name(u) in MUL_GROUP or scalar_name(u) == "second":
        return None  # not a plain scaled term: the product's own canonical form may differ from the sum's
    _LEFT_TO_SUM.add(node)
    return Revisit([user, node])


def _product_plan(coef: Any, powers: dict[Variable, int], order: list[Variable]) -> Any:
    """The plan of coef * prod(t ** powers[t]) with the factors in `order`: c * num / den."""
    numer: list[Any] = [t for t in order for _ in range(max(powers[t], 0))]
    denom = [t for t in order for _ in range(max(-powers[t], 0))]
    if coef not in (1, -1):
        numer.insert(0, Cst(coef))
    if not numer and not denom:
        return Cst(coef)
    top: Any = _prod_of(numer) if numer else Cst(1)
    plan: Any = ("true_div", [top, _prod_of(denom)]) if denom else top
    return ("neg", [plan]) if coef == -1 else plan


def _x_over_abs_x(powers: dict[Variable, int]) -> None:
    """x ** k / abs(x) ** k -> sgn(x) ** k in a product's factors (Theano's check_for_x_over_absX)."""
    for t in list(powers):
        if scalar_name(t) != "abs_" or powers[t] >= 0:
            continue
        u = t.owner.inputs[0]
        k = min(-powers[t], powers.get(u, 0))
        if k <= 0 or u.dtype in _dt.complex_dtypes or u.dtype != t.dtype:
            continue
        powers[t] += k
        powers[u] -= k
        s = ELEMWISE_OPS["sgn"](u)
        powers[s] = powers.get(s, 0) + k


def canonical_product(m: Match) -> Variable | None:
    """mul/true_div/inv/neg of floats -> the canonical product (see module docstring)."""
    root = m.var
    dtype = root.dtype
    integer = dtype in _dt.integer_dtypes  # mul/neg of integers (and bools): x * 1 -> x, b * 1 -> cast(b)
    if dtype not in _dt.continuous_dtypes and not integer:
        return None
    if not integer and any(v.dtype not in _dt.continuous_dtypes and scalar_like_constant(v) is None
                           for v in root.owner.inputs):
        return None  # int / int: the division is what makes the float
    defer = absorbed_by_client(m.fgraph, root, MUL_GROUP)
    if defer is not None:
        return defer
    defer = left_to_sum(m.fgraph, root)
    if defer is not None:
        return defer
    powers, num, den, leaves = _product_factors(root, m.fgraph)
    _x_over_abs_x(powers)
    if integer:
        # only mul and neg make integers; a bool factor is multiplied as 0/1 (the result casts it), but not negated
        if den != 1 or any(e < 0 for e in powers.values()) or not _fits(dtype, num):
            return None
        if num == -1 and any(t.dtype == "bool" for t in powers):
            return None
    elif any(t.dtype == "bool" for t in powers):
        return None  # a bool factor cannot be negated or multiplied on its own as a float would be
    if not _finite(num, den):
        return None
    if den == 0:
        return None  # x / 0 keeps its inf/nan
    coef = num if den == 1 else num / den
    if coef == 0:
        plan: Any = Cst(0)
    else:
        # a product that is canonical with its factors in the order they appear is left as written (Theano's
        # canonizer keeps an unchanged product); one that changes gets the factors in creation order
        if realizes(_product_plan(coef, powers, list(powers)), root):
            return None
        plan = _product_plan(coef, powers, sorted(powers, key=creation_key))
    if realizes(plan, root):
        return None
    return broadcast_back(materialize(plan, dtype, root.ndim), root, leaves)

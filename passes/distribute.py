"""Theano's local_greedy_distributor (canonicalize, stabilize): distribute a product over a sum when that
saves multiplications and divisions, e.g. (a/x + b/y) * x * y -> a*y + b*x and (a/x + b) * x -> a + b*x.

Theano 1.0.5's algorithm: a product's numerator/denominator factors (through mul, true_div, inv) are offered,
one at a time, to each sum among its factors (terms through add, sub, neg); a factor goes into the sum when the
count of saved operations, a division counting 1.5, is positive. (a + b) * x is left alone: it saves nothing.
"""
from __future__ import annotations

from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import P

_DIV_COST = 1.5  # a division weighs 1.5 multiplications (Theano's informal measure)
_MUL = ("mul", "true_div", "inv")
_ADD = ("add", "sub", "neg")


def _scalar_op_name(v: Variable) -> str | None:
    """The scalar op's name of an elementwise node (not of a reduction: Sum and Prod have a scalar_op too)."""
    op = v.owner.op if v.owner is not None else None
    return op.scalar_op.name if isinstance(op, Elemwise) else None


def _leading_axes_inner(v: Variable) -> Variable | None:
    """The input of a DimShuffle that only adds leading broadcastable axes (looked through, as Theano does)."""
    if v.owner is not None and isinstance(v.owner.op, DimShuffle):
        inner = v.owner.inputs[0]
        if tuple(v.owner.op.new_order) == ("x",) * (v.ndim - inner.ndim) + tuple(range(inner.ndim)):
            return inner
    return None


def num_denum(v: Variable, ops: tuple[str, str, str]) -> tuple[list[Variable], list[Variable]]:
    """Theano's Canonizer.get_num_denum for (main, inverse, reciprocal): v = main(num) inverse main(denum).
    Walked with an explicit stack (a chain of 10,000 products must not hit Python's recursion limit), in the
    order Theano's recursion gives."""
    main, inverse, reciprocal = ops
    num: list[Variable] = []
    denum: list[Variable] = []
    stack: list[tuple[Variable, bool]] = [(v, False)]
    while stack:
        u, flipped = stack.pop()
        name = _scalar_op_name(u)
        if name not in ops:
            inner = _leading_axes_inner(u)
            if inner is not None:
                stack.append((inner, flipped))
            else:
                (denum if flipped else num).append(u)
            continue
        ins = u.owner.inputs
        if name == reciprocal:
            stack.append((ins[0], not flipped))
        elif name == inverse:
            stack.append((ins[1], not flipped))
            stack.append((ins[0], flipped))
        else:
            stack.extend((i, flipped) for i in reversed(ins))
    return num, denum


def _sum_near(var: Variable, depth: int = 3) -> bool:
    """A sum among the first levels of var's factors: only then can distributing save anything (a cheap test
    before walking the whole product, which a long chain of products would make quadratic)."""
    frontier = [var]
    for _ in range(depth):
        nxt = []
        for u in frontier:
            inner = _leading_axes_inner(u)
            u = inner if inner is not None else u
            name = _scalar_op_name(u)
            if name in _ADD and u is not var:
                return True
            if name in _MUL:
                nxt.extend(u.owner.inputs)
        frontier = nxt
    for u in frontier:
        inner = _leading_axes_inner(u)
        if _scalar_op_name(u if inner is None else inner) in _ADD:
            return True
    return False


def _simplify(num: list[Variable], denum: list[Variable]) -> tuple[list[Variable], list[Variable]]:
    """The same variable in both lists cancels (Theano's simplify_factors)."""
    num, denum = list(num), list(denum)
    for v in list(num):
        if v in denum:
            num.remove(v)
            denum.remove(v)
    return num, denum


def merge_num_denum(num: list[Variable], denum: list[Variable], ops: tuple[str, str, str], like: Variable) -> Variable:
    """main(num) inverse main(denum) as a graph (Theano's Canonizer.merge_num_denum)."""
    main, inverse, reciprocal = (ELEMWISE_OPS[n] for n in ops)
    if not num and not denum:
        from theano.frontend import tensor as T

        return T.ones_like(like) if ops[0] == "mul" else T.zeros_like(like)
    if not num:
        return reciprocal(merge_num_denum(denum, [], ops, like))
    if not denum:
        return num[0] if len(num) == 1 else main(*num)
    return inverse(merge_num_denum(num, [], ops, like), merge_num_denum(denum, [], ops, like))


def _distribute(pos: list, neg: list, num: list, denum: list) -> tuple[bool, list, list]:
    """Put num/denum into every term's (num, denum) pair when that saves operations (Theano's distribute_greedy)."""
    score = len(num) + _DIV_COST * len(denum)
    new_pos = [_simplify(n + num, d + denum) for n, d in pos]
    new_neg = [_simplify(n + num, d + denum) for n, d in neg]
    for (n, d), (nn, dd) in zip(pos + neg, new_pos + new_neg):
        score += len(n) + _DIV_COST * len(d) - len(nn) - _DIV_COST * len(dd)
    if score <= 0:
        return False, pos, neg
    return True, new_pos, new_neg


def _attempt(factor: Variable, num: list, denum: list) -> tuple[bool, Variable, list, list]:
    """Distribute what of num/denum pays off into `factor` when it is a sum (Theano's attempt_distribution)."""
    pos, neg = num_denum(factor, _ADD)
    if len(pos) == 1 and not neg:
        return False, factor, num, denum
    pos_pairs = [num_denum(t, _MUL) for t in pos]
    neg_pairs = [num_denum(t, _MUL) for t in neg]
    change = False
    for n in list(num):
        ok, pos_pairs, neg_pairs = _distribute(pos_pairs, neg_pairs, [n], [])
        if ok:
            change = True
            num.remove(n)
    for d in list(denum):
        ok, pos_pairs, neg_pairs = _distribute(pos_pairs, neg_pairs, [], [d])
        if ok:
            change = True
            denum.remove(d)
    if not change:
        return False, factor, num, denum
    terms = ([merge_num_denum(n, d, _MUL, factor) for n, d in pos_pairs],
             [merge_num_denum(n, d, _MUL, factor) for n, d in neg_pairs])
    return True, merge_num_denum(*terms, _ADD, factor), num, denum


def _is_not_sum(v: Variable) -> bool:
    return _scalar_op_name(v) not in _ADD


def _offer_each(own: list, other: list) -> tuple[list, bool]:
    """Each factor of `own` (sums first), taken out of it, offered what is left of `own` and `other` (both
    shrink, in place, by what a sum takes in); the factors as they come out, and whether one changed."""
    out: list[Variable] = []
    change = False
    for candidate in sorted(own, key=_is_not_sum):
        if candidate not in own:
            continue
        own.remove(candidate)
        changed, candidate, _, _ = _attempt(candidate, own, other)
        change |= changed
        out.append(candidate)
    return out, change


def greedy_distributor(var: Variable) -> Variable | None:
    """The product `var` with its factors distributed into its sums where that saves operations, else None."""
    if not _sum_near(var):
        return None
    num, denum = num_denum(var, _MUL)
    if len(num) == 1 and not denum:
        return None
    # the sums are offered the other factors first (Theano visits the factors in their order, and its canonizer
    # puts the sum first where ours may not: this keeps the result independent of the order of the factors)
    new_num, num_changed = _offer_each(num, denum)
    new_denum, denum_changed = _offer_each(denum, num)
    change = num_changed or denum_changed
    if not change:
        return None
    out = merge_num_denum(new_num + num, new_denum + denum, _MUL, var)
    return out if out.type == var.type else None


RULES: list[Rule] = tagged(("canonicalize", "stabilize", "fast_run"), [
    Rule(P.any_of(P.mul(...), P.true_div(...), P.inv(...)), lambda var: greedy_distributor(var),
         name="local_greedy_distributor"),  # (a/x + b/y) * x * y -> a*y + b*x
])

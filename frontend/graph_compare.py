"""Graph helpers of Theano's scan_utils: structural comparison of two graphs (equal_computations),
a whole-graph copy with substitutions (clone), and which outputs of a subgraph depend on which of its
inputs (io_connection_pattern). All walks are iterative."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Constant, Variable, io_toposort

_DEPRECATED = object()


def _is_const(v: Variable) -> bool:
    return isinstance(v, Constant)


def _leaves_equal(dx: Variable, dy: Variable, common: set) -> bool:
    """Two owner-less variables match: the same variable, constants of equal value, or a given pair."""
    if dx is dy or (dx, dy) in common:
        return True
    if _is_const(dx) and _is_const(dy):
        return bool(dx.equals(dy))
    return False


def equal_computations(xs: Sequence[Variable], ys: Sequence[Variable], in_xs: Sequence[Variable] | None = None,
                       in_ys: Sequence[Variable] | None = None) -> bool:
    """True when each x in `xs` computes the same thing as the y at its position in `ys`: equal ops on
    pairwise-equal inputs, constants compared by value, in_xs[i] taken as equal to in_ys[i]."""
    if len(xs) != len(ys):
        raise AssertionError("equal_computations: xs and ys must have the same length, got %d and %d"
                             % (len(xs), len(ys)))
    in_xs = list(in_xs or [])
    in_ys = list(in_ys or [])
    for x, y in zip(xs, ys):
        if (x.owner is None) != (y.owner is None):
            return False
        if x.owner is not None and x.owner.outputs.index(x) != y.owner.outputs.index(y):
            return False
        if x not in in_xs and x.type != y.type:
            return False
    if len(in_xs) != len(in_ys):
        return False
    if any(a.type != b.type for a, b in zip(in_xs, in_ys)):
        return False
    common: set = set(zip(in_xs, in_ys))
    different: set = set()
    for dx, dy in zip(xs, ys):
        if dx.owner is None and not _leaves_equal(dx, dy, common):
            return False
    for x, y in zip(xs, ys):
        if x.owner is not None and not _compare_nodes(x.owner, y.owner, common, different):
            return False
    return True


def _shallow_mismatch(nx: Any, ny: Any) -> bool:
    return nx.op != ny.op or len(nx.inputs) != len(ny.inputs) or len(nx.outputs) != len(ny.outputs)


def _compare_nodes(root_x: Any, root_y: Any, common: set, different: set) -> bool:
    """Whether two Apply nodes compute the same outputs; pairs found equal are added to `common`
    (a cache shared between calls), pairs found unequal to `different`. Depth-first, with an explicit stack."""
    stack: list[tuple[Any, Any, int]] = [(root_x, root_y, 0)]
    while stack:
        nx, ny, pos = stack.pop()
        if pos == 0:
            if _shallow_mismatch(nx, ny):
                return _fail(stack, different)
            pairs = list(zip(nx.outputs, ny.outputs))
            if any(p in different for p in pairs):
                return _fail(stack, different)
            if all(p in common for p in pairs):
                continue
        descended = False
        while pos < len(nx.inputs):
            dx, dy = nx.inputs[pos], ny.inputs[pos]
            pos += 1
            if (dx, dy) in common:
                continue
            if dx.owner is not None and dy.owner is not None:
                if dx.owner.outputs.index(dx) != dy.owner.outputs.index(dy):
                    return _fail(stack + [(nx, ny, pos)], different)
                stack.append((nx, ny, pos))
                stack.append((dx.owner, dy.owner, 0))
                descended = True
                break
            if dx.owner is None and dy.owner is None:
                if dx is not dy and not (_is_const(dx) and _is_const(dy) and dx.equals(dy)):
                    return _fail(stack + [(nx, ny, pos)], different)
                continue
            return _fail(stack + [(nx, ny, pos)], different)
        if descended:
            continue
        common.update(zip(nx.outputs, ny.outputs))
    return True


def _fail(stack: list, different: set) -> bool:
    """Unwind a failed comparison: every pending parent pair whose input pair failed is marked different."""
    for nx, ny, pos in stack:
        if pos > 0:
            different.add((nx.inputs[pos - 1], ny.inputs[pos - 1]))
    return False


def clone(output: Any, replace: Any = None, strict: bool = True, share_inputs: bool = True,
          copy_inputs: Any = _DEPRECATED) -> Any:
    """A fresh copy of the graph of `output` with the variables in `replace` substituted (scan_utils.clone).

    Replacements are not applied inside the replacing graphs. With share_inputs=False the leaves
    (inputs and shared variables, not constants) are cloned too.
    """
    if copy_inputs is not _DEPRECATED:
        warnings.warn("In `clone()` function, the argument `copy_inputs` has been deprecated and renamed into "
                      "`share_inputs`")
        assert share_inputs
        share_inputs = copy_inputs
    if isinstance(replace, dict):
        items = list(replace.items())
    elif isinstance(replace, (list, tuple)):
        items = list(replace)
    elif replace is None:
        items = []
    else:
        raise ValueError("replace is neither a dictionary, list, tuple or None ! The value provided is %s,of type %s"
                         % (str(replace), str(type(replace))))
    memo: dict = {}
    for old, new in items:
        if not isinstance(old, Variable):
            raise TypeError("given keys must be Variable", old)
        if not isinstance(new, Variable):
            new = as_tensor_variable(new)
        if not share_inputs:  # Theano copies the replacing graph too, its inputs included
            new = clone(new, share_inputs=False)
        memo[old] = new
    single = isinstance(output, Variable)
    outs = [output] if single else list(output)
    for node in io_toposort(list(memo), outs):
        for v in node.inputs:
            if v not in memo:
                memo[v] = v if (share_inputs or _is_const(v)) else v.clone()
        new_node = node.clone_with_new_inputs([memo[v] for v in node.inputs], strict=strict)
        for old, new in zip(node.outputs, new_node.outputs):
            memo[old] = new
    for v in outs:
        if v not in memo:
            memo[v] = v if (share_inputs or _is_const(v)) else v.clone()
    result = [memo[v] for v in outs]
    return result[0] if single else result


def io_connection_pattern(inputs: Sequence[Variable], outputs: Sequence[Variable]) -> list[list[bool]]:
    """pattern[i][j]: whether outputs[j] depends on inputs[i] through connected op inputs (gof.graph)."""
    n = len(inputs)
    by_var: dict = {}
    for i, v in enumerate(inputs):
        by_var[v] = [i == j for j in range(n)]
    for node in io_toposort(inputs, outputs):
        cp = getattr(node.op, "connection_pattern", None)
        op_pattern = cp(node) if cp is not None else [[True] * len(node.outputs)] * len(node.inputs)
        for k, out in enumerate(node.outputs):
            conn = [False] * n
            for j, inp in enumerate(node.inputs):
                src = by_var.get(inp)
                if src is not None and op_pattern[j][k]:
                    conn = [a or b for a, b in zip(conn, src)]
            by_var[out] = conn
    result: list[list[bool]] = [[] for _ in range(n)]
    for out in outputs:
        conn = by_var.get(out, [False] * n)
        for i in range(n):
            result[i].append(conn[i])
    return result

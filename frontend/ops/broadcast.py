"""Broadcastable patterns: Rebroadcast (patternbroadcast, addbroadcast, unbroadcast) and the symbolic shape of a
broadcast. Elementwise ops build on this module, and the shape ops on those: it depends on neither.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.type import TensorType


class AxisFlags(dict):
    """Rebroadcast's `axis`: {axis: broadcastable} in axis order, a dict as Theano's (`op.axis == {0: True}`),
    hashable (an op prop)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def __reduce__(self) -> Any:
        return (AxisFlags, (list(self.items()),))


class Rebroadcast(Op):
    """Changes the broadcastable flags of some axes; checks at run time that forced axes have length 1."""

    __props__ = ("axis",)

    def __init__(self, *axis: tuple[int, bool]):
        items = sorted(dict(axis).items())
        self.axis = AxisFlags((int(k), bool(v)) for k, v in items)

    def __setstate__(self, state: dict) -> None:
        """Our state, Theano's (axis an OrderedDict) or an older one of ours (axis a tuple of pairs)."""
        axis = state.get("axis", ()) if isinstance(state, dict) else ()
        super().__setstate__(state)
        self.axis = AxisFlags((int(k), bool(v)) for k, v in sorted(dict(axis).items()))
        self.__dict__.pop("_props_hash", None)

    def __str__(self) -> str:
        if not self.axis:
            pattern: list[str] = []
        else:
            pattern = ["?"] * (1 + max(self.axis))
        for k, v in self.axis.items():
            pattern[k] = str(int(v))
        return "Rebroadcast{%s}" % ",".join(pattern)

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if self.axis and max(self.axis) >= x.ndim:
            raise ValueError(f"Trying to rebroadcast non-existent dimension {max(self.axis)} of {x}")
        d = dict(self.axis)
        bcast = tuple(d.get(i, b) for i, b in enumerate(x.broadcastable))
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        d = dict(self.axis)
        return [tuple(constant(1, dtype="int64") if d.get(i) else s for i, s in enumerate(shapes[0]))]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        x, = inputs
        back = [(k, x.broadcastable[k]) for k in self.axis]
        return [Rebroadcast(*back)(gouts[0])]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self(*eval_points, return_list=True)

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        for k, v in self.axis.items():
            if v and x.shape[k] != 1:
                raise ValueError(f"Dimension {k} in Rebroadcast's input was supposed to be 1 (got {x.shape[k]} instead)")
        return x


def _rebroadcast(x: Variable, pattern: Sequence[bool]) -> Variable:
    """x with broadcastable `pattern`, as Theano 1.0.5's apply_rebroadcast_opt leaves it: a Rebroadcast
    over a Rebroadcast is merged into one, and only the flags that change something are kept."""
    if tuple(map(bool, pattern)) == x.broadcastable:
        return x
    while x.owner is not None and isinstance(x.owner.op, Rebroadcast):
        x = x.owner.inputs[0]
    changes = [(i, bool(b)) for i, b in enumerate(pattern) if x.broadcastable[i] != bool(b)]
    return Rebroadcast(*changes)(x) if changes else x


def patternbroadcast(x: Any, broadcastable: Sequence[bool]) -> Variable:
    x = as_tensor_variable(x)
    if len(broadcastable) > x.ndim:
        raise ValueError(f"patternbroadcast: pattern {tuple(broadcastable)} has {len(broadcastable)} entries for a {x.ndim}-d input")
    # as Theano, a shorter pattern sets the leading dimensions (an empty one changes nothing)
    return _rebroadcast(x, tuple(broadcastable) + x.broadcastable[len(broadcastable):])


def convert_variable(self: TensorType, var: Variable) -> Variable | None:
    """TensorType.convert_variable: `var` as a variable of this type when its type is this one or more specific
    (the same dtype and ndim, broadcastable wherever this type is), through patternbroadcast as Theano 1.0.5;
    else None."""
    vt = var.type
    if (type(self) is type(vt) and self.dtype == vt.dtype and self.ndim == vt.ndim
            and all(sb == ob or ob for sb, ob in zip(self.broadcastable, vt.broadcastable))):
        return patternbroadcast(var, self.broadcastable)
    return None


TensorType.convert_variable = convert_variable  # type: ignore[method-assign]


def _check_axes(x: Variable, axes: Sequence[int]) -> None:
    if axes and max(axes) >= x.ndim:
        raise ValueError("Trying to rebroadcast non-existent dimension")


def addbroadcast(x: Any, *axes: int) -> Variable:
    x = as_tensor_variable(x)
    _check_axes(x, axes)
    pattern = [b or i in axes for i, b in enumerate(x.broadcastable)]
    return _rebroadcast(x, pattern)


def unbroadcast(x: Any, *axes: int) -> Variable:
    x = as_tensor_variable(x)
    _check_axes(x, axes)
    pattern = [b and i not in axes for i, b in enumerate(x.broadcastable)]
    return _rebroadcast(x, pattern)


def broadcast_shape(shapes: Sequence[tuple], bcasts: Sequence[tuple[bool, ...]]) -> tuple:
    """The symbolic output shape of broadcasting inputs with these shapes and broadcastable patterns."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for d in range(ndim):
        entry = None
        for shp, bc in zip(shapes, bcasts):
            if not bc[d]:
                entry = shp[d]
                break
        out.append(entry if entry is not None else constant(1, dtype="int64"))
    return tuple(out)

"""tensor/type_other.py's None type (NoneTypeT, the NoneConst placeholder ops take for "no argument") and its
SliceType (a Python slice as a graph value: theano.typed_list's GetItem takes one)."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Type, Variable
from theano.frontend.type import Generic, TensorType

__all__ = ["NoneTypeT", "none_type_t", "NoneConst", "SliceType", "SliceConstant", "slicetype", "MakeSlice",
           "make_slice", "as_int_none_variable", "SliceBounds", "slice_bounds", "as_python_slice"]


class NoneTypeT(Generic):
    """The type whose only value is None."""

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        if data is None:
            return data
        raise TypeError(f"Expected None, got {data!r} of type {type(data).__name__}")


none_type_t = NoneTypeT()
NoneConst = Constant(none_type_t, None, name="NoneConst")


class SliceType(Type):
    """The type of a Python `slice` value. Inside a compiled program a slice is static: its start, stop and step
    are part of the compiled signature (a new slice value compiles once more, as a new shape does)."""

    def filter(self, x: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        if isinstance(x, slice):
            return x
        raise TypeError(f"Expected a slice! Got {x!r} of type {type(x).__name__}")

    def __str__(self) -> str:
        return "slice"

    __repr__ = __str__

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    @staticmethod
    def may_share_memory(a: Any, b: Any) -> bool:
        return isinstance(a, slice) and a is b


slicetype = SliceType()


def _plain_bound(v: Any) -> Any:
    """A slice bound as an int or None (a 0-d integer ndarray becomes its int, as Theano's SliceConstant does)."""
    if isinstance(v, np.ndarray):
        if v.ndim != 0 or v.dtype.kind not in "iu":
            raise TypeError(f"SliceConstant: a slice bound must be an integer scalar, got {v!r}")
        return int(v)
    return v


class SliceConstant(Constant):
    """A constant slice, printed `SliceConstant{start, stop, step}` (tensor.type_other.SliceConstant)."""

    def __init__(self, type: Type, data: Any, name: str | None = None):
        if not isinstance(data, slice):
            raise TypeError(f"SliceConstant: expected a slice, got {data!r}")
        data = slice(_plain_bound(data.start), _plain_bound(data.stop), _plain_bound(data.step))
        super().__init__(type, data, name)

    def signature(self) -> Any:
        return (SliceConstant, self.data.start, self.data.stop, self.data.step)

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return "%s{%s, %s, %s}" % (type(self).__name__, self.data.start, self.data.stop, self.data.step)


SliceType.Constant = SliceConstant


def as_int_none_variable(x: Any) -> Variable:
    """A slice bound as a graph variable: NoneConst for None, else an integer scalar (TypeError otherwise)."""
    if x is None:
        return NoneConst
    if NoneConst.equals(x):
        return x
    x = as_tensor_variable(x, ndim=0)
    if not str(x.type.dtype).startswith(("int", "uint")):
        raise TypeError("index must be integers")
    return x


class MakeSlice(Op):
    """slice(start, stop, step) from integer scalars (or None) as a graph value (tensor.type_other.make_slice).

    Inside a compiled program a slice is static (theano.lowering.typed_list_values.StaticSlice): with symbolic
    bounds, the host shape program computes them for each call and the program is compiled per slice value."""

    __props__ = ()

    def make_node(self, slc: Any, stop: Any = None, step: Any = None) -> Apply:
        if isinstance(slc, slice):
            if stop is not None or step is not None:
                raise AssertionError("MakeSlice: give a slice, or start/stop/step, not both")
            inp = [slc.start, slc.stop, slc.step]
        else:
            inp = [slc, stop, step]
        return Apply(self, [as_int_none_variable(v) for v in inp], [slicetype()])

    def host_impl(self, node: Apply, *bounds: Any) -> slice:
        return slice(*[None if b is None else int(b) for b in bounds])

    def value_dependent_shape(self, node: Apply) -> bool:
        return any(not isinstance(v, Constant) for v in node.inputs)

    def host_extras(self, node: Apply, input_shapes: Any) -> list[Variable]:
        """The bounds that are not None, as the host computes them for a call."""
        return [v for v in node.inputs if not isinstance(v.type, NoneTypeT)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Variable]:
        return [DisconnectedType()() for _ in inputs]


make_slice = MakeSlice()


# A bound that stands for None: past either end of any axis, so numpy's clamping gives None's meaning.
_PAST_END = 2 ** 62


class SliceBounds(Op):
    """A slice value's (start, stop, step) as three int64 scalars, None resolved for the step's sign (start None
    is 0 or +inf, stop None is +inf or -inf, step None is 1), so `x[start:stop:step]` is `x[slc]`.

    This is how a symbolic slice (a `slicetype()` input) indexes a tensor: `x[slc]` is a Subtensor of these
    bounds (Theano builds an AdvancedSubtensor with the slice as input; the values are the same)."""

    __props__ = ()

    def make_node(self, slc: Any) -> Apply:
        if not (isinstance(slc, Variable) and isinstance(slc.type, SliceType)):
            raise TypeError(f"SliceBounds: expected a slice variable (theano.tensor.slicetype()), got {slc!r}")
        return Apply(self, [slc], [TensorType("int64", ())() for _ in range(3)])

    def host_impl(self, node: Apply, slc: Any) -> list[np.ndarray]:
        slc = getattr(slc, "slice", slc)  # the lowering hands slices over wrapped (a StaticSlice)
        return [np.asarray(b, dtype=np.int64) for b in resolve_none_bounds(slc)]

    def infer_shape(self, node: Apply, shapes: list[Any]) -> list[tuple]:
        return [(), (), ()]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Variable]:
        return [DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False, False, False]]


slice_bounds = SliceBounds()


def resolve_none_bounds(slc: Any) -> tuple[int, int, int]:
    """(start, stop, step) of a Python slice as ints with the same meaning on any axis shorter than 2**62."""
    if not isinstance(slc, slice):
        raise TypeError(f"Expected a slice! Got {slc!r} of type {type(slc).__name__}")
    step = 1 if slc.step is None else int(slc.step)
    if step == 0:
        raise ValueError("slice step cannot be zero")
    start = (0 if step > 0 else _PAST_END) if slc.start is None else int(slc.start)
    stop = (_PAST_END if step > 0 else -_PAST_END) if slc.stop is None else int(slc.stop)
    return start, stop, step


def as_python_slice(a: Any) -> Any:
    """An index entry with slice variables made Python slices: a SliceConstant its data, a MakeSlice its bounds
    (None stays None), any other slice variable (a `slicetype()` input) the bounds SliceBounds reads from it."""
    if not (isinstance(a, Variable) and isinstance(a.type, SliceType)):
        return a
    if isinstance(a, Constant):
        return a.data
    if a.owner is not None and isinstance(a.owner.op, MakeSlice):
        return slice(*[None if isinstance(v.type, NoneTypeT) else v for v in a.owner.inputs])
    return slice(*slice_bounds(a))

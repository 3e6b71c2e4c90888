"""theano.typed_list's variables and ops: GetItem, Append, Extend, Insert, Remove, Reverse, Index, Count, Length,
MakeList (theano.typed_list.basic), with Theano 1.0.5's make_node checks, props and printing.

The `inplace` flavours (installed by `typed_list_inplace_opt`, passes/typed_list_rewrites.py) compute out of
place: XLA assigns the buffers, so they differ from the plain ops only in their props and printing.

Ops whose result depends on values get the integers their lowering needs from the host shape program
(`host_extras`, computed per call by `ListKey`): GetItem with a symbolic index and Insert with a symbolic
position, when the list's elements differ in shape (elements of one shape are indexed inside the program,
so one compiled program serves every index), and Remove (the position of the first equal element). See
docs/typed_list.md.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Apply, Constant, Op, Variable, backend
from theano.frontend.type import TensorType
from theano.frontend.type_other import SliceConstant, SliceType
from theano.frontend.typed_list.type import TypedListType

__all__ = ["TypedListVariable", "TypedListConstant", "GetItem", "getitem", "Append", "append", "Extend", "extend",
           "Insert", "insert", "Remove", "remove", "Reverse", "reverse", "Index", "index_", "Count", "count",
           "Length", "length", "MakeList", "make_list"]


def _check_list(x: Any, op: Any) -> None:
    if not isinstance(getattr(x, "type", None), TypedListType):
        raise AssertionError(f"{op}: the first input must be a typed list (a TypedListType variable); got {x!r} "
                             f"of type {getattr(x, 'type', type(x).__name__)}")


def _as_element(x: Variable, y: Any, op: Any, what: str) -> Variable:
    """`y` as a variable of x's element type (a value becomes a constant of it); Theano asserts the types agree."""
    if not isinstance(y, Variable):
        return x.ttype.filter_variable(y)
    if y.type != x.ttype:
        raise AssertionError((x.ttype, y.type), f"{op}: {what} must have the list's element type {x.ttype}, "
                                                f"got {y.type}")
    return y


def _as_index(index: Any, op: Any) -> Variable:
    if not isinstance(index, Variable):
        return constant(index, ndim=0, dtype="int64")
    if not (isinstance(getattr(index, "type", None), TensorType) and index.ndim == 0 and index.dtype == "int64"):
        raise AssertionError(f"{op}: the index must be an int64 scalar, got {index.type}")
    return index


class _typed_list_py_operators:
    """The list methods of typed list variables (Python's names; `ind` is list.index)."""

    def __getitem__(self, index: Any) -> Variable:
        return getitem(self, index)

    def __len__(self) -> Variable:  # as in Theano: len(x) itself fails (Python wants an int); x.__len__() works
        return length(self)

    def append(self, toAppend: Any) -> Variable:
        return append(self, toAppend)

    def extend(self, toAppend: Any) -> Variable:
        return extend(self, toAppend)

    def insert(self, index: Any, toInsert: Any) -> Variable:
        return insert(self, index, toInsert)

    def remove(self, toRemove: Any) -> Variable:
        return remove(self, toRemove)

    def reverse(self) -> Variable:
        return reverse(self)

    def count(self, elem: Any) -> Variable:
        return count(self, elem)

    def ind(self, elem: Any) -> Variable:  # the name "index" is taken by Variable.index
        return index_(self, elem)

    ttype = property(lambda self: self.type.ttype)
    dtype = property(lambda self: self.type.ttype.dtype)
    ndim = property(lambda self: self.type.ttype.ndim + 1)


class TypedListVariable(_typed_list_py_operators, Variable):
    """A symbolic typed list."""


TypedListType.Variable = TypedListVariable


def _frozen(value: Any) -> Any:
    """A hashable image of a list value (for merging equal constants)."""
    if isinstance(value, (list, tuple)):
        return ("list",) + tuple(_frozen(v) for v in value)
    if hasattr(value, "indptr"):  # a scipy matrix
        return ("sparse", value.format, value.shape, str(value.dtype), value.data.tobytes(), value.indices.tobytes(),
                value.indptr.tobytes())
    a = np.asarray(value)
    return (str(a.dtype), a.shape, a.tobytes())


class TypedListConstant(_typed_list_py_operators, Constant):
    """A constant typed list."""

    def signature(self) -> Any:
        return (self.type, _frozen(self.data))


TypedListType.Constant = TypedListConstant


class _NamedOp(Op):
    """Printed by class name only, as Theano's typed list ops are (the inplace flag does not show)."""

    def __str__(self) -> str:
        return type(self).__name__


class _MaybeInplace(_NamedOp):
    __props__ = ("inplace",)

    def __init__(self, inplace: bool = False):
        self.inplace = bool(inplace)
        if self.inplace:
            self.destroy_map = {0: [0]}
        else:
            self.view_map = {0: [0]}


class _SliceIndex(SliceConstant):
    """GetItem's constant slice, printed `Constant{slice(0, 1, None)}` as Theano's plain Constant is."""

    def __str__(self) -> str:
        return self.name if self.name is not None else "Constant{%s}" % (self.data,)


class GetItem(_NamedOp):
    """x[index]: an element (index an int64 scalar or int) or a sub-list (index a slice)."""

    view_map = {0: [0]}
    __props__ = ()

    def make_node(self, x: Any, index: Any) -> Apply:
        _check_list(x, self)
        if not isinstance(index, Variable):
            if isinstance(index, slice):
                if any(isinstance(b, Variable) for b in (index.start, index.stop, index.step)):
                    raise TypeError(f"GetItem: a slice of a typed list needs constant bounds, got {index}")
                return Apply(self, [x, _SliceIndex(SliceType(), index)], [x.type()])
            index = constant(index, ndim=0, dtype="int64")
            return Apply(self, [x, index], [x.ttype()])
        if isinstance(index.type, SliceType):
            return Apply(self, [x, index], [x.type()])
        if isinstance(index.type, TensorType) and index.ndim == 0:
            if index.dtype != "int64":
                raise AssertionError(f"GetItem: the index must be int64, got {index.dtype}")
            return Apply(self, [x, index], [x.ttype()])
        raise TypeError("Expected scalar or slice as index.")

    def host_impl(self, node: Apply, x: Any, index: Any) -> Any:
        if isinstance(index, slice):
            return [list(x[index])]  # one output: a list (host_impl's list is its outputs)
        if not -len(x) <= int(index) < len(x):
            raise IndexError("list index out of range")
        return [x[int(index)]]

    def value_dependent_shape(self, node: Apply) -> bool:
        """A symbolic integer index: the host says whether the elements share one shape (then the program indexes
        them, whatever the index) and, when not, which element it is."""
        index = node.inputs[1]
        return isinstance(index.type, TensorType) and not isinstance(index, Constant)

    def host_extras(self, node: Apply, input_shapes: Sequence[Any]) -> list[Variable]:
        return [ListKey("getitem")(*node.inputs)]


getitem = GetItem()


class Append(_MaybeInplace):
    """x + [toAppend]."""

    def make_node(self, x: Any, toAppend: Any) -> Apply:
        _check_list(x, self)
        toAppend = _as_element(x, toAppend, self, "the appended element")
        return Apply(self, [x, toAppend], [x.type()])

    def host_impl(self, node: Apply, x: Any, toAppend: Any) -> list:
        return [list(x) + [toAppend]]


append = Append()


class Extend(_MaybeInplace):
    """x + toAppend (two lists of one type)."""

    def make_node(self, x: Any, toAppend: Any) -> Apply:
        _check_list(x, self)
        if not isinstance(toAppend, Variable):
            toAppend = x.type.filter_variable(toAppend)
        if x.type != toAppend.type:
            raise AssertionError(f"Extend: both lists must have one type, got {x.type} and {toAppend.type}")
        return Apply(self, [x, toAppend], [x.type()])

    def host_impl(self, node: Apply, x: Any, toAppend: Any) -> list:
        return [list(x) + list(toAppend)]


extend = Extend()


class Insert(_MaybeInplace):
    """x.insert(index, toInsert), with Python's rules for the position (negative counts from the end, past
    the end appends)."""

    def make_node(self, x: Any, index: Any, toInsert: Any) -> Apply:
        _check_list(x, self)
        toInsert = _as_element(x, toInsert, self, "the inserted element")
        index = _as_index(index, self)
        return Apply(self, [x, index, toInsert], [x.type()])

    def host_impl(self, node: Apply, x: Any, index: Any, toInsert: Any) -> list:
        out = list(x)
        out.insert(int(index), toInsert)
        return [out]

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[1], Constant)

    def host_extras(self, node: Apply, input_shapes: Sequence[Any]) -> list[Variable]:
        return [ListKey("insert")(*node.inputs)]


insert = Insert()


class Remove(_MaybeInplace):
    """x without the first element equal to toRemove (unchanged when none is); elements are compared by value."""

    def make_node(self, x: Any, toRemove: Any) -> Apply:
        _check_list(x, self)
        toRemove = _as_element(x, toRemove, self, "the element to remove")
        return Apply(self, [x, toRemove], [x.type()])

    value_dependent_shape = True  # the length of the result depends on the values compared

    def host_extras(self, node: Apply, input_shapes: Sequence[Any]) -> list[Variable]:
        return [ListKey("remove")(*node.inputs)]


remove = Remove()


class Reverse(_MaybeInplace):
    """x reversed."""

    def make_node(self, x: Any) -> Apply:
        _check_list(x, self)
        return Apply(self, [x], [x.type()])

    def host_impl(self, node: Apply, x: Any) -> list:
        return [list(x)[::-1]]


reverse = Reverse()


class Index(_NamedOp):
    """The position of the first element equal to elem (a floatX scalar, as Theano's); ValueError when none is."""

    __props__ = ()

    def make_node(self, x: Any, elem: Any) -> Apply:
        _check_list(x, self)
        elem = _as_element(x, elem, self, "the element looked for")
        return Apply(self, [x, elem], [TensorType(config.floatX, ())()])

    def infer_shape(self, node: Apply, shapes: Sequence[Any]) -> list[tuple]:
        return [()]


index_ = Index()


class Count(_NamedOp):
    """How many elements equal elem (a floatX scalar, as Theano's)."""

    __props__ = ()

    def make_node(self, x: Any, elem: Any) -> Apply:
        _check_list(x, self)
        elem = _as_element(x, elem, self, "the element counted")
        return Apply(self, [x, elem], [TensorType(config.floatX, ())()])

    def infer_shape(self, node: Apply, shapes: Sequence[Any]) -> list[tuple]:
        return [()]


count = Count()


class Length(_NamedOp):
    """len(x), an int64 scalar."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        _check_list(x, self)
        return Apply(self, [x], [TensorType("int64", ())()])

    def host_impl(self, node: Apply, x: Any) -> np.ndarray:
        return np.asarray(len(x), "int64")

    def infer_shape(self, node: Apply, shapes: Sequence[Any]) -> list[tuple]:
        return [()]


length = Length()


class MakeList(Op):
    """A typed list of the given variables (all of one type; values become constants)."""

    __props__ = ()

    def make_node(self, a: Any) -> Apply:
        if not isinstance(a, (tuple, list)):
            raise AssertionError(f"MakeList takes a tuple or list of variables, got {type(a).__name__}")
        a2 = [elem if isinstance(elem, Variable) else as_tensor_variable(elem) for elem in a]
        if not a2:
            raise TypeError("MakeList needs at least one variable: the list's element type comes from them")
        if not all(a2[0].type == elem.type for elem in a2):
            raise TypeError("MakeList need all input variable to be of the same type.")
        return Apply(self, a2, [TypedListType(a2[0].type)()])

    def host_impl(self, node: Apply, *inputs: Any) -> list:
        return [[np.array(v) if isinstance(v, np.ndarray) else v for v in inputs]]


make_list = MakeList()


def element_signature(v: Any) -> Any:
    """What must agree for the program to select among list elements (host values, traced values or constants):
    a tensor's shape and dtype; a sparse matrix's format, shape, stored-entry capacity and dtype; a list's
    elements' signatures."""
    if isinstance(v, (list, tuple)):
        return ("list",) + tuple(element_signature(e) for e in v)
    if hasattr(v, "indptr"):  # a sparse matrix (scipy, or the program's padded arrays)
        return ("sparse", v.format, tuple(v.shape), tuple(v.data.shape), v.data.dtype)
    dtype = getattr(v, "dtype", None)
    return (tuple(np.shape(v)), dtype if dtype is not None else np.asarray(v).dtype)


def uniform(values: Sequence[Any]) -> bool:
    """True when every element has one signature (the program can select among them with a traced index)."""
    if not values:
        return True
    first = element_signature(values[0])
    return all(element_signature(v) == first for v in values[1:])


def _insert_position(i: int, n: int) -> int:
    """Python's list.insert position for index i into a list of length n."""
    return max(i + n, 0) if i < 0 else min(i, n)


class ListKey(Op):
    """The integer a value-dependent list op's lowering needs, computed by the host shape program per call:
    for "getitem" / "insert", the (normalized) position when the elements differ in shape, else -1 (the program
    indexes a stack of them); for "remove", the position of the first equal element, or -1. Never part of a
    user's graph; its rule runs eagerly on the call's values (theano.lowering.rules.typed_list)."""

    __props__ = ("kind",)

    def __init__(self, kind: str = "getitem"):
        if kind not in ("getitem", "insert", "remove"):
            raise ValueError(f"ListKey: unknown kind {kind!r}")
        self.kind = kind

    def make_node(self, x: Variable, *rest: Variable) -> Apply:
        return Apply(self, [x, *rest], [TensorType("int64", ())()])

    def host_impl(self, node: Apply, x: Any, *rest: Any) -> np.ndarray:
        """getitem / insert read shapes only; remove compares values (the lowering rule does, eagerly)."""
        n = len(x)
        if self.kind == "getitem":
            i = int(rest[0])
            if not -n <= i < n:
                raise IndexError("list index out of range")
            return np.asarray(-1 if uniform(x) else i % n, dtype="int64")
        if self.kind == "insert":
            p = _insert_position(int(rest[0]), n)
            return np.asarray(-1 if uniform(list(x) + [rest[1]]) else p, dtype="int64")
        return backend["eval_node"](node, [x, *rest])[0]

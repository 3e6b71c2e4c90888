"""A call's arguments of non-array types as the program takes them: a sparse matrix as padded arrays, a typed
list as a tuple of arrays, a slice as a StaticSlice; a bad one is Theano's "Bad input argument" error."""
from __future__ import annotations

from typing import Any


def name_bad_input(err: Exception, fn: Any, k: int, argument: str = "argument", where: str = "") -> None:
    """Prefix `err`'s message with Theano's "Bad input argument to theano function ... at index k (0-based). "."""
    fname = "theano function" + (f' with name "{fn.name}"' if fn.name else "")
    head = f"Bad input {argument} to {fname} at index {k} (0-based). {where}"
    err.args = (head + str(err.args[0]),) + tuple(err.args[1:]) if err.args else (head,)


def sparse_input(stype: Any, strict: bool, downcast: Any, arg: Any, fn: Any, k: int) -> Any:
    """A sparse argument as the padded arrays the program takes; a program's own sparse value passes as it is."""
    from theano.lowering.sparse_values import from_scipy, is_sparse_arrays
    if is_sparse_arrays(arg) and arg.format == stype.format and str(arg.dtype) == stype.dtype:
        return arg
    try:
        value = stype.filter(arg, strict=strict, allow_downcast=downcast)
    except Exception as err:
        name_bad_input(err, fn, k)
        raise
    return from_scipy(value)


def boundary_input(itype: Any, strict: bool, downcast: Any, arg: Any, fn: Any, k: int) -> Any:
    """A typed list argument as a tuple of arrays, a slice as a StaticSlice (lowering/typed_list_values.py); other
    non-array types (Generic) pass through their filter."""
    from theano.lowering.typed_list_values import StaticSlice, is_list_type, is_slice_type, to_program
    try:
        if is_list_type(itype):
            return to_program(itype, arg, strict=strict, allow_downcast=downcast)
        value = itype.filter(arg, strict=strict, allow_downcast=downcast)
    except Exception as err:
        name_bad_input(err, fn, k)
        raise
    return StaticSlice(value) if is_slice_type(itype) else value

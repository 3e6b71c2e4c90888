"""Making tensor variables: as_tensor_variable, constant, and the constructors scalar ... tensor7 (+ prefixes, plurals)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Apply, Variable
from theano.frontend.type import TensorType


class AsTensorError(TypeError):
    """Raised when as_tensor_variable cannot turn its argument into a tensor."""


_SequenceConverter = Callable[[list], Variable]
_sequence_converter: list[_SequenceConverter] = []


def register_sequence_converter(convert: _SequenceConverter) -> None:
    """Install how a list of tensors becomes one tensor (join.stack, which itself converts with as_tensor_variable).

    The joining ops sit above this module, so they hand it the converter instead of being imported here.
    """
    _sequence_converter[:] = [convert]


def constant(x: Any, name: str | None = None, ndim: int | None = None, dtype: Any = None) -> Variable:
    """A TensorConstant holding `x`; Python scalars get Theano's autocast dtype (2 -> int8, 2.0 -> float32)."""
    if isinstance(x, (bool, int, float, complex, np.generic)):
        data = _dt.convert_python_scalar(x, dtype)
    else:
        if dtype is not None:
            data = np.asarray(x, dtype=_dt.check_dtype(dtype))
        else:
            try:
                data = np.asarray(x)
            except ValueError:  # a ragged nested list
                raise TypeError(f"Could not convert {x!r} to a tensor constant") from None
            if data.size == 0 and not hasattr(x, "dtype"):  # an empty list or tuple: floatX, as Theano
                data = np.asarray(x, dtype=config.floatX)
            if data.dtype == object:
                raise TypeError(f"Could not convert {x!r} to a tensor constant")
            if data.dtype.kind == "U" or data.dtype.kind == "S":
                raise TypeError(f"Could not convert {x!r} (of dtype {data.dtype}) to a tensor constant")
    if ndim is not None:
        while data.ndim > ndim and data.shape[0] == 1:
            data = data[0]
        if data.ndim < ndim:
            data = data.reshape((1,) * (ndim - data.ndim) + data.shape)
        if data.ndim != ndim:
            raise ValueError(f"constant {x!r} has {data.ndim} dimensions, expected {ndim}")
    bcast = tuple(s == 1 for s in data.shape)
    try:
        ttype = TensorType(str(data.dtype), bcast)
    except TypeError:
        raise TypeError(f"Could not convert {x!r} to a tensor constant: unsupported dtype {data.dtype}") from None
    if not constant.enable:
        return ttype.make_constant(data, name=name)
    key = (ttype, data.shape, data.tobytes())  # only one-element constants are cached: same bits, same value
    cached = constant_cache.get(key) if data.size == 1 else None
    if cached is not None:
        return cached
    return _remembered(key, ttype.make_constant(data, name=name))


def rewrite_constant(ttype: TensorType, data: np.ndarray) -> Variable:
    """A constant of `ttype` holding `data`, for the rewrite passes: a one-element value comes from the constant
    cache when it holds an unnamed constant of that type and value (a rewrite that builds a constant the graph
    already has puts that same variable back, leaving nothing for the merge pass to do), and a new one is cached
    on the same terms as `constant`'s. A named cached constant is not reused (its name would show where Theano
    printed the value)."""
    if data.size != 1 or not constant.enable:
        return ttype.make_constant(data)
    key = (ttype, data.shape, data.tobytes())
    cached = constant_cache.get(key)
    if cached is not None and cached.name is None:
        return cached
    ret = ttype.make_constant(data)
    return _remembered(key, ret) if cached is None else ret


def _remembered(key: tuple, ret: Variable) -> Variable:
    """`ret`, put in the constant cache under `key` when Theano's rule caches its value."""
    if _cacheable(ret.data):
        constant_cache[key] = ret
        ret.cached = True
    return ret


def _cacheable(data: np.ndarray) -> bool:
    """Theano 1.0.5's rule: one-element [u]int constants in [-10, 10] (floats too while the cache is small)."""
    if data.size != 1 or data.dtype.kind not in "iuf" or not -10 <= data.item() <= 10:
        return False
    return data.dtype.kind != "f" or len(constant_cache) < 10000


# Theano's tensor.basic.constant_cache: small scalar constants are shared nodes, keyed by type and value (not
# name), so repeated uses print as one variable. Unlike Theano's signature key, -0.0 and 0.0 stay apart (the
# first one built would otherwise stand for both, making graphs depend on what was built before).
constant.enable = True  # type: ignore[attr-defined]


class ConstantCache(dict):
    """The cache's dict; a constant's `signature()` also finds its entry (Theano's key), as user code such as
    `del constant_cache[c.signature()]` expects."""

    @staticmethod
    def _key(key: Any) -> Any:
        # a TensorConstantSignature (frontend/variable.py, which imports this module) gives its own key
        return getattr(key, "constant_cache_key", key)

    def __getitem__(self, key: Any) -> Any:
        return dict.__getitem__(self, self._key(key))

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, self._key(key))

    def __contains__(self, key: Any) -> bool:
        return dict.__contains__(self, self._key(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self, self._key(key), default)

    def pop(self, key: Any, *default: Any) -> Any:
        return dict.pop(self, self._key(key), *default)


constant_cache: dict[Any, Variable] = ConstantCache()


def as_tensor_variable(x: Any, name: str | None = None, ndim: int | None = None) -> Variable:
    """`x` as a tensor Variable: variables pass through, lists of variables are stacked, data becomes a constant."""
    if hasattr(x, "_as_TensorVariable"):
        return x._as_TensorVariable()
    if isinstance(x, Apply):
        if len(x.outputs) != 1 and x.op.default_output is None:
            raise ValueError("It is ambiguous which output of a multi-output Op has to be fetched.", x)
        x = x.out
    if isinstance(x, Variable):
        if not isinstance(x.type, TensorType):
            raise AsTensorError(f"Variable type field must be a TensorType, not {x.type}", x, x.type)
        if ndim is None:
            return x  # type: ignore[return-value]
        if x.ndim > ndim:
            first_non_b = next((i for i, b in enumerate(x.broadcastable) if not b), x.ndim)
            if x.ndim - ndim > first_non_b:
                raise ValueError(f"TensorType could not be cast to have {ndim} dimensions", x.type)
            return x.dimshuffle(list(range(x.ndim - ndim, x.ndim)))  # type: ignore[attr-defined]
        if x.ndim < ndim:
            return x.dimshuffle(["x"] * (ndim - x.ndim) + list(range(x.ndim)))  # type: ignore[attr-defined]
        return x  # type: ignore[return-value]
    if isinstance(x, (list, tuple)) and any(isinstance(e, Variable) for e in _flatten(x)):
        if not _sequence_converter:
            raise AsTensorError("Cannot convert a list of variables: no sequence converter is registered "
                                "(import theano.frontend.ops.join)")
        return _sequence_converter[0]([as_tensor_variable(e) for e in x])
    if isinstance(x, bool):
        raise TypeError("Cannot cast True or False as a tensor variable. Please use np.array(True) or "
                        "np.array(False) if you need these constants. This error might be caused by using the "
                        "== operator on Variables. v == w does not do what you think it does, use "
                        "theano.tensor.eq(v, w) instead.")
    try:
        return constant(x, name=name, ndim=ndim)
    except TypeError:
        text = str(x)
        if len(text) > 80:
            text = text[:77] + "..."
        raise AsTensorError(f"Cannot convert {text} to TensorType", type(x)) from None


_as_tensor_variable = as_tensor_variable
as_tensor = as_tensor_variable


def _flatten(seq: Any) -> list[Any]:
    out, stack = [], [seq]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            out.append(item)
    return out


def tensor(*args: Any, **kwargs: Any) -> Variable:
    """T.tensor(dtype, broadcastable, name=None)."""
    name = kwargs.pop("name", None)
    return TensorType(*args, **kwargs)(name=name)  # type: ignore[return-value]


def _make(bcast: tuple[bool, ...]):  # noqa: ANN202
    def ctor(name: str | None = None, dtype: Any = None) -> Variable:
        return TensorType(dtype if dtype is not None else config.floatX, bcast)(name)  # type: ignore[return-value]
    return ctor


def _make_ndim(ndim: int):  # noqa: ANN202
    def ctor(name: str | None = None, dtype: Any = None) -> Variable:
        return TensorType(dtype if dtype is not None else config.floatX, (False,) * ndim)(name)  # type: ignore[return-value]
    return ctor


def _fixed(dtype: str, bcast: tuple[bool, ...]) -> TensorType:
    """T.dmatrix and friends are TensorType instances, as in Theano (callable with a name)."""
    return TensorType(dtype, bcast)


def _multi(fn):  # noqa: ANN001, ANN202
    """Theano's plural constructors: `matrices('a', 'b')`, `matrices(3)`, `scalars('xy')` (one per letter)."""
    def many(*names: Any) -> Any:
        if names and isinstance(names[0], int):
            return fn() if names[0] == 1 else [fn() for _ in range(names[0])]
        if len(names) == 1:
            names = names[0]
        if len(names) == 1:
            return fn(names)
        return [fn(n) for n in names]
    return many


PATTERNS = {
    "scalar": (), "vector": (False,), "matrix": (False, False), "row": (True, False), "col": (False, True),
    "tensor3": (False,) * 3, "tensor4": (False,) * 4, "tensor5": (False,) * 5,
    "tensor6": (False,) * 6, "tensor7": (False,) * 7,  # issue 10: Theano 1.0.5 has them too
}
PLURALS = {"scalar": "scalars", "vector": "vectors", "matrix": "matrices", "row": "rows", "col": "cols",
           "tensor3": "tensor3s", "tensor4": "tensor4s", "tensor5": "tensor5s", "tensor6": "tensor6s",
           "tensor7": "tensor7s"}


def _build_namespace() -> dict[str, Any]:
    ns: dict[str, Any] = {}
    for kind, bcast in PATTERNS.items():
        ns[kind] = _make(bcast)
        ns[PLURALS[kind]] = _multi(ns[kind])
        for prefix, dtype in _dt.prefix_dtypes.items():
            ns[prefix + kind] = _fixed(dtype, bcast)
            ns[prefix + PLURALS[kind]] = _multi(ns[prefix + kind])
    return ns


_CTORS = _build_namespace()
globals().update(_CTORS)
CONSTRUCTOR_NAMES = sorted(_CTORS)

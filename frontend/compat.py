"""The Python 2/3 compatibility names of Theano 1.0.5 that legacy code imports from theano.compat (Python 3 values)."""
from __future__ import annotations

import configparser  # noqa: F401
from collections import OrderedDict  # noqa: F401
from collections.abc import Callable, Iterable, Mapping, ValuesView  # noqa: F401
from collections.abc import MutableMapping as DictMixin  # noqa: F401
from importlib import reload  # noqa: F401
from io import BytesIO  # noqa: F401
from operator import truediv as operator_div  # noqa: F401
from typing import Any, Iterator

__all__ = ["configparser", "OrderedDict", "Callable", "Iterable", "Mapping", "ValuesView", "DictMixin", "reload",
           "BytesIO", "operator_div", "PY3", "integer_types", "string_types", "izip", "imap", "ifilter", "next", "b",
           "exc_message", "cmp", "get_unbound_function", "decode", "decode_iter", "decode_with", "DefaultOrderedDict",
           "local_bitwidth", "python_int_bitwidth"]

PY3 = True
integer_types = (int,)
string_types = (str,)
izip = zip
imap = map
ifilter = filter
next = next  # noqa: A001,PLW0127 - Theano re-exported six.next


def b(s: str) -> bytes:
    """six.b: a latin-1 byte string."""
    return s.encode("latin-1")


def exc_message(e: BaseException) -> Any:
    """The first argument of an exception (recursing into wrapped exceptions)."""
    msg = e.args[0]
    while isinstance(msg, BaseException):
        msg = msg.args[0]
    return msg


def cmp(x: Any, y: Any) -> int:
    """Python 2's cmp: -1, 0 or 1."""
    return (x > y) - (x < y)


def get_unbound_function(unbound: Any) -> Any:
    """The plain function behind a method."""
    return getattr(unbound, "__func__", unbound)


def decode(x: bytes) -> str:
    """bytes -> str."""
    return x.decode()


def decode_iter(itr: Iterable[bytes]) -> Iterator[str]:
    """Decode each item of an iterable of bytes."""
    for x in itr:
        yield x.decode()


def decode_with(x: bytes, encoding: str) -> str:
    """bytes -> str with the given encoding."""
    return x.decode(encoding)


class DefaultOrderedDict(OrderedDict):
    """An OrderedDict with a default factory (collections.defaultdict semantics)."""

    def __init__(self, default_factory: Callable[[], Any] | None = None, *a: Any, **kw: Any) -> None:
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable")
        super().__init__(*a, **kw)
        self.default_factory = default_factory

    def __missing__(self, key: Any) -> Any:
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def __reduce__(self) -> Any:
        args = (self.default_factory,) if self.default_factory is not None else ()
        return type(self), args, None, None, iter(self.items())

    def copy(self) -> "DefaultOrderedDict":
        return type(self)(self.default_factory, self)

    __copy__ = copy


# issue 10: theano.configdefaults' platform helpers (Theano's tests and some user code ask for them)
def local_bitwidth() -> int:
    """The width in bits of a C pointer on this platform (64 on every platform JAX runs on)."""
    import struct
    return struct.calcsize("P") * 8


def python_int_bitwidth() -> int:
    """The width in bits of a numpy default integer (numpy's intp)."""
    import numpy as np
    return int(np.dtype(np.intp).itemsize * 8)

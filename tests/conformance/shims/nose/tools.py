"""nose.tools stub: PEP 8 names for unittest's assertions, plus raises/ok_/eq_/with_setup/istest."""
from __future__ import annotations

import functools
import re
import unittest
from typing import Any, Callable

__all__ = ["ok_", "eq_", "raises", "with_setup", "istest", "nottest", "make_decorator", "timed", "set_trace"]


class _Dummy(unittest.TestCase):
    def nop(self) -> None:
        """Placeholder test method; the instance only lends its assert methods."""


_t = _Dummy("nop")
_t.maxDiff = None


def _pep8(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


for _name in dir(_t):
    if _name.startswith("assert") and "_" not in _name:
        globals()[_pep8(_name)] = getattr(_t, _name)
        __all__.append(_pep8(_name))
del _name


def ok_(expr: Any, msg: str | None = None) -> None:
    """Fail unless expr is true."""
    if not expr:
        raise AssertionError(msg)


def eq_(a: Any, b: Any, msg: str | None = None) -> None:
    """Fail unless a == b."""
    if not a == b:
        raise AssertionError(msg or f"{a!r} != {b!r}")


def make_decorator(func: Callable) -> Callable:
    """Wraps a test decorator so the decorated test keeps its name and attributes."""
    def decorate(newfunc: Callable) -> Callable:
        newfunc = functools.wraps(func)(newfunc)
        newfunc.__dict__.update(func.__dict__)
        return newfunc
    return decorate


def raises(*exceptions: type) -> Callable:
    """The decorated test passes only if it raises one of `exceptions`."""
    names = " or ".join(e.__name__ for e in exceptions)

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def newfunc(*args: Any, **kw: Any) -> None:
            try:
                func(*args, **kw)
            except exceptions:
                return
            raise AssertionError(f"{func.__name__}() did not raise {names}")
        return newfunc
    return decorate


def with_setup(setup: Callable | None = None, teardown: Callable | None = None) -> Callable:
    """Run setup before and teardown after the decorated test function."""
    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def newfunc(*args: Any, **kw: Any) -> Any:
            if setup is not None:
                setup()
            try:
                return func(*args, **kw)
            finally:
                if teardown is not None:
                    teardown()
        return newfunc
    return decorate


def istest(func: Callable) -> Callable:
    """Mark func as a test."""
    func.__test__ = True
    return func


def nottest(func: Callable) -> Callable:
    """Mark func as not a test."""
    func.__test__ = False
    return func


def timed(limit: float) -> Callable:
    """Fail if the decorated test takes longer than `limit` seconds."""
    import time

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def newfunc(*args: Any, **kw: Any) -> Any:
            start = time.time()
            result = func(*args, **kw)
            if time.time() - start > limit:
                raise AssertionError(f"Time limit ({limit}) exceeded")
            return result
        return newfunc
    return decorate


def set_trace() -> None:
    """nose.tools.set_trace: pdb."""
    import pdb
    pdb.set_trace()

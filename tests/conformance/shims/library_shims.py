"""The shims of conformance_shims for numpy, SciPy and standard-library names that Theano 1.0.5's and Lasagne 0.1's
test files use and today's stack removed (numpy aliases and stack generators, numpy.testing.dec,
scipy.linalg.kron, imp, mock, pkg_resources). Each `install_*` adds what is missing and says what it added;
none touches an expected value. conformance_shims.install calls them (this folder is on the run's path)."""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any, Callable

# ---------------------------------------------------------------------------------------------- numpy


def _cast_table() -> Any:
    """`np.cast[dtype](x)`: numpy's old dict of converters (removed in numpy 2.0)."""
    import numpy as np

    class _Cast:
        def __getitem__(self, dtype: Any) -> Callable[[Any], Any]:
            return lambda x: np.asarray(x).astype(dtype)

    return _Cast()


def _find_common_type() -> Callable[[Any, Any], Any]:
    """numpy 1.x's `find_common_type(array_types, scalar_types)` (removed in numpy 2.0), same algorithm."""
    import numpy as np
    test_types = "?" + "bBhHiIlLqQ" + "efdgFDG" + "O"
    kinds = ["b", "u", "i", "f", "c", "S", "U", "V", "O", "M", "m"]

    def can_coerce_all(dtypes: list, start: int = 0) -> Any:
        if not dtypes:
            return None
        if len(dtypes) == 1:
            return dtypes[0]
        for code in test_types[start:]:
            candidate = np.dtype(code)
            if all(candidate >= d for d in dtypes):
                return candidate
        return None

    def find_common_coerce(a: Any, b: Any) -> Any:
        if a > b:
            return a
        if a.char not in test_types:
            return None
        return can_coerce_all([a, b], start=test_types.index(a.char))

    def find_common_type(array_types: Any, scalar_types: Any) -> Any:
        maxa = can_coerce_all([np.dtype(x) for x in array_types])
        maxsc = can_coerce_all([np.dtype(x) for x in scalar_types])
        if maxa is None:
            return maxsc
        if maxsc is None:
            return maxa
        try:
            index_a, index_sc = kinds.index(maxa.kind), kinds.index(maxsc.kind)
        except ValueError:
            return None
        return find_common_coerce(maxsc, maxa) if index_sc > index_a else maxa

    return find_common_type


def install_numpy_aliases() -> list[str]:
    """Restore the numpy aliases that 2017-era code uses; returns the names it added."""
    import numpy as np
    aliases: dict[str, Any] = {
        "float": float, "int": int, "bool": bool, "object": object, "complex": complex, "str": str,
        "long": int, "unicode": str, "float_": np.float64, "complex_": np.complex128, "string_": np.bytes_,
        "unicode_": np.str_, "int0": np.intp, "uint0": np.uintp, "bool8": np.bool_, "object0": np.object_,
        "NaN": np.nan, "NAN": np.nan, "Inf": np.inf, "Infinity": np.inf, "PINF": np.inf, "NINF": -np.inf,
        "infty": np.inf, "round_": np.round, "product": np.prod, "cumproduct": np.cumprod,
        "alltrue": np.all, "sometrue": np.any, "asscalar": lambda a: np.asarray(a).item(),
        "sctype2char": lambda t: np.dtype(t).char, "row_stack": np.vstack, "in1d": np.isin,
        "trapz": getattr(np, "trapezoid", None), "mat": np.asmatrix, "find_common_type": _find_common_type(),
    }
    added = []
    for name, value in aliases.items():
        if value is None or name in np.__dict__:
            continue
        setattr(np, name, value)
        added.append(name)
    if "MAXDIMS" not in np.__dict__:   # numpy 2 keeps it private (and raised it from 32 to 64)
        np.MAXDIMS = getattr(np._core._multiarray_umath, "MAXDIMS", 64)
        added.append("MAXDIMS")
    if "cast" not in np.__dict__:
        np.cast = _cast_table()
        added.append("cast")
    if "linalg" not in np.linalg.__dict__:  # numpy 2 renamed numpy.linalg.linalg (np.linalg.linalg.LinAlgError)
        np.linalg.linalg = importlib.import_module("numpy.linalg._linalg")
        added.append("linalg.linalg")
    return added


def _scipy_kron(a: Any, b: Any) -> Any:
    """scipy.linalg.kron as SciPy < 1.15 defined it (the outer product reshaped and concatenated twice)."""
    import numpy as np
    a, b = np.asarray(a), np.asarray(b)
    o = np.outer(a, b).reshape(a.shape + b.shape)
    return np.concatenate(np.concatenate(o, axis=1), axis=1)


def install_scipy_linalg_kron() -> bool:
    """`scipy.linalg.kron` (removed in SciPy 1.15), which Theano's kron tests compare against."""
    try:
        import scipy.linalg
    except ImportError:
        return False
    if hasattr(scipy.linalg, "kron"):
        return False
    scipy.linalg.kron = _scipy_kron
    return True


def install_numpy_stack_generators() -> list[str]:
    """np.vstack/hstack/stack/... of a generator (`np.vstack(f(i) for i in ...)`), which numpy < 1.24 accepted
    (with a FutureWarning) and later numpy refuses: the generator is turned into a list. Returns the wrapped names."""
    import functools
    import types as _types

    import numpy as np
    try:
        np.vstack(x for x in ([1.0],))
        return []
    except TypeError:
        pass
    wrapped = []
    for name in ("vstack", "hstack", "dstack", "column_stack", "stack", "row_stack"):
        fn = np.__dict__.get(name)
        if fn is None or getattr(fn, "_accepts_generators", False):
            continue

        def make(f: Any) -> Any:
            @functools.wraps(f)
            def stack(tup: Any, *args: Any, **kwargs: Any) -> Any:
                if isinstance(tup, _types.GeneratorType):
                    tup = list(tup)
                return f(tup, *args, **kwargs)
            stack._accepts_generators = True  # type: ignore[attr-defined]
            return stack
        setattr(np, name, make(fn))
        wrapped.append(name)
    return wrapped


def _make_numpy_testing_dec() -> types.ModuleType:
    """numpy.testing.dec: nose-era decorators mapped onto pytest skips."""
    import functools

    mod = types.ModuleType("numpy.testing.dec", "conformance shim for numpy.testing.dec (numpy < 1.25)")

    def _skip(msg: str) -> None:
        import pytest
        pytest.skip(msg)

    def _cond(c: Any) -> bool:
        return bool(c()) if callable(c) else bool(c)

    def skipif(skip_condition: Any, msg: str | None = None) -> Callable:
        def deco(f: Callable) -> Callable:
            @functools.wraps(f)
            def wrapper(*a: Any, **k: Any) -> Any:
                if _cond(skip_condition):
                    _skip(msg or "Test skipped due to test condition")
                return f(*a, **k)
            return wrapper
        return deco

    def knownfailureif(fail_condition: Any, msg: str | None = None, known_exception_class: Any = None) -> Callable:
        def deco(f: Callable) -> Callable:
            @functools.wraps(f)
            def wrapper(*a: Any, **k: Any) -> Any:
                if _cond(fail_condition):
                    _skip("known failure: " + (msg or "Test skipped due to known failure"))
                return f(*a, **k)
            return wrapper
        return deco

    def slow(t: Callable) -> Callable:
        t.slow = True
        return t

    def setastest(tf: bool = True) -> Callable:
        def deco(t: Callable) -> Callable:
            t.__test__ = tf
            return t
        return deco

    def deprecated(conditional: Any = True) -> Callable:
        return lambda f: f

    mod.skipif, mod.knownfailureif, mod.slow, mod.setastest, mod.deprecated = (
        skipif, knownfailureif, slow, setastest, deprecated)
    return mod


def install_numpy_testing_dec() -> bool:
    """Provide `numpy.testing.dec` (removed in numpy 1.25; numpy's own, before that, needs the real nose, which
    does not run on Python 3.10+: the reference Theano's numpy 1.23 gets ours too)."""
    import numpy.testing
    mod = _make_numpy_testing_dec()
    sys.modules["numpy.testing.dec"] = mod
    numpy.testing.dec = mod
    return True


# ------------------------------------------------------------------------------------- stdlib modules


def install_imp_module() -> bool:
    """`imp` (removed in Python 3.12): the few functions old tests call, via importlib."""
    try:
        import imp  # noqa: F401
        return False
    except ImportError:
        pass
    mod = types.ModuleType("imp", "conformance shim for the removed imp module")
    mod.reload = importlib.reload

    def load_source(name: str, path: str) -> types.ModuleType:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    mod.load_source = load_source
    mod.new_module = types.ModuleType
    sys.modules["imp"] = mod
    return True


def install_mock_module() -> bool:
    """`mock` (the PyPI backport) resolves to `unittest.mock` when it is not installed."""
    try:
        import mock  # noqa: F401
        return False
    except ImportError:
        import unittest.mock
        mod = types.ModuleType("mock", "conformance shim: the mock backport is unittest.mock")
        mod.__dict__.update({k: v for k, v in vars(unittest.mock).items() if not k.startswith("__")})
        for name in ("Mock", "MagicMock", "NonCallableMock", "NonCallableMagicMock"):
            setattr(mod, name, _old_spec_mock(getattr(unittest.mock, name)))
        mod.version_info = (4, 0, 0)   # the backport version unittest.mock of Python 3.8+ matches
        mod.mock = mod
        sys.modules["mock"] = mod
        return True


def _old_spec_mock(base: type) -> type:
    """`Mock(instance)` as mock 1.x did it: the spec is `dir(instance)` plus its class.

    Since Python 3.8, unittest.mock reads every attribute of an instance spec (to find coroutine
    functions), which runs properties; Lasagne 0.1's tests spec mocks on layers whose properties raise.
    """
    import inspect

    def __init__(self: Any, spec: Any = None, *args: Any, **kwargs: Any) -> None:
        if spec is None or isinstance(spec, (type, list, tuple, str, types.ModuleType)) or callable(spec) \
                or inspect.isroutine(spec):
            base.__init__(self, spec, *args, **kwargs)
            return
        base.__init__(self, dir(spec), *args, **kwargs)
        self.__dict__["_spec_class"] = type(spec)

    return type(base.__name__, (base,), {"__init__": __init__, "__module__": "mock"})


def install_pkg_resources_module() -> bool:
    """`pkg_resources` (setuptools, being removed): `get_distribution(name).version`, which Lasagne 0.1 calls."""
    try:
        import pkg_resources  # noqa: F401
        return False
    except ImportError:
        pass
    import importlib.metadata

    class DistributionNotFound(Exception):
        """No installed distribution of that name."""

    class _Dist:
        def __init__(self, name: str) -> None:
            try:
                self.version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError as e:
                raise DistributionNotFound(name) from e
            self.project_name = name

    mod = types.ModuleType("pkg_resources", "conformance shim for pkg_resources.get_distribution")
    mod.get_distribution = _Dist
    mod.DistributionNotFound = DistributionNotFound
    sys.modules["pkg_resources"] = mod
    return True

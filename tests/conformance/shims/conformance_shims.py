"""Runner-gap shims for running Theano 1.0.5's and Lasagne 0.1's own test files on today's stack.

Loaded only inside a conformance run (the runner puts this folder on PYTHONPATH and the injected
conftest calls `install`). Each shim is small and named; none touches an expected value:

- `numpy_aliases`: numpy names removed since 2017 (`np.float`, `np.int`, `np.cast`, `np.asscalar`, ...).
- `numpy_testing_dec`: `numpy.testing.dec` (skipif, knownfailureif, slow, setastest), removed in numpy 1.25.
- `scipy_linalg_kron`: `scipy.linalg.kron` (removed in SciPy 1.15), SciPy 1.x's definition.
- `imp_module`, `mock_module`, `pkg_resources_module`: `imp` (gone in Python 3.12), `mock` (now
  `unittest.mock`, with mock 1.x's reading of an instance spec: its dir() and class, no property reads)
  and `pkg_resources.get_distribution` (setuptools is dropping it), if missing.
- `suite_finder`: imports the copied test files under their original dotted names
  (`theano.tensor.tests.test_basic`, `lasagne.tests.layers.test_conv`) without putting the original
  `theano` package on the path; our own `theano.tests` helpers win over theirs.
- `unittest_tools_reexports`: Theano's `theano.tests.unittest_tools` re-exported nose's `attr`,
  `SkipTest`, `assert_raises` and `parameterized`; added to ours for the run if it lacks them.
- `missing_names`: a top-level `from theano... import a, b` whose name our theano lacks binds a
  placeholder that raises when used (called, iterated, compared, tested for truth; its attributes are
  placeholders too), so the file's other tests still run and the ledger counts each test instead of
  one import error. The placeholders used are reported per file.
- `dropped_definitions`: top-level classes/functions listed under "drop" in exclusions.json are removed
  from a test file before it runs (when merely defining them fails on a C-only internal); their test
  methods are counted as excluded, with the reason.
"""
from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from typing import Any

from library_shims import (install_imp_module, install_mock_module, install_numpy_aliases,  # numpy, scipy, stdlib
                           install_numpy_stack_generators, install_numpy_testing_dec, install_pkg_resources_module,
                           install_scipy_linalg_kron)

# ----------------------------------------------------------------------------------- missing names

MISSING_USED: dict[str, list[str]] = {}   # module name -> placeholder names bound at its import


class MissingNameError(Exception):
    """Raised by any use of a MissingName. Deliberately not a NotImplementedError (nor any other exception an
    upstream test could expect): a test must never pass because the feature it checks is missing."""


class MissingName:
    """Stands for a name our theano does not provide; any use raises MissingNameError, naming what is missing."""

    def __init__(self, qualname: str, error: str) -> None:
        object.__setattr__(self, "_qualname", qualname)
        object.__setattr__(self, "_error", error)

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        raise MissingNameError(f"theano-xla does not provide {self._qualname} yet ({self._error})")

    __call__ = _fail
    __iter__ = _fail
    __len__ = _fail
    __bool__ = _fail
    __getitem__ = _fail
    __eq__ = _fail
    __ne__ = _fail
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        # `inplace.add_inplace` at module level must not stop the import: the attribute is a placeholder too
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return MissingName(f"{self._qualname}.{name}", self._error)

    def __mro_entries__(self, bases: tuple) -> tuple:
        self._fail()

    def __repr__(self) -> str:
        return f"<missing {self._qualname}>"


def missing(module_name: str, qualname: str, error: BaseException) -> MissingName:
    """Record and return the placeholder for `qualname`, imported by test module `module_name`."""
    MISSING_USED.setdefault(module_name, []).append(qualname)
    return MissingName(qualname, f"{type(error).__name__}: {error}")


def _is_target(module: str | None, prefixes: tuple[str, ...]) -> bool:
    return module is not None and any(module == p or module.startswith(p + ".") for p in prefixes)


class _ImportGuard(ast.NodeTransformer):
    """Rewrites top-level imports from the library under test into per-name guarded imports."""

    def __init__(self, modname: str, prefixes: tuple[str, ...]) -> None:
        self.modname = modname
        self.prefixes = prefixes

    def _guard(self, node: ast.stmt, fallbacks: list[tuple[str, str]]) -> ast.stmt:
        handler_body: list[ast.stmt] = [
            ast.parse(f"{target} = __conformance_missing__({self.modname!r}, {qual!r}, __conformance_err__)").body[0]
            for target, qual in fallbacks] or [ast.Pass()]
        return ast.Try(
            body=[node],
            handlers=[ast.ExceptHandler(
                type=ast.Tuple(elts=[ast.Name("ImportError", ast.Load()), ast.Name("AttributeError", ast.Load())],
                               ctx=ast.Load()),
                name="__conformance_err__", body=handler_body)],
            orelse=[], finalbody=[])

    def rewrite(self, tree: ast.Module) -> ast.Module:
        body: list[ast.stmt] = []
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and _is_target(stmt.module, self.prefixes) \
                    and not any(a.name == "*" for a in stmt.names):
                for alias in stmt.names:
                    single = ast.ImportFrom(module=stmt.module, names=[alias], level=0)
                    body.append(self._guard(single, [(alias.asname or alias.name, f"{stmt.module}.{alias.name}")]))
            elif isinstance(stmt, ast.Import) and any(_is_target(a.name, self.prefixes) for a in stmt.names):
                for alias in stmt.names:
                    single = ast.Import(names=[alias])
                    if not _is_target(alias.name, self.prefixes):
                        body.append(single)
                    elif alias.asname:
                        body.append(self._guard(single, [(alias.asname, alias.name)]))
                    else:   # `import theano.x.y` binds `theano`, which exists anyway: bind it when x.y is missing
                        guarded = self._guard(single, [])
                        top = alias.name.split(".")[0]
                        guarded.handlers[0].body = [ast.Import(names=[ast.alias(name=top)])]
                        body.append(guarded)
            else:
                body.append(stmt)
        tree.body = body
        return ast.fix_missing_locations(tree)


DROPPED: dict[str, dict[str, dict[str, Any]]] = {}   # module -> dropped definition -> reason, test count


def _count_tests(node: ast.stmt) -> int:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return int(node.name.startswith("test"))
    if isinstance(node, ast.ClassDef):
        return sum(1 for b in node.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and b.name.startswith("test"))
    return 0


def drop_definitions(tree: ast.Module, modname: str, drops: dict[str, str]) -> ast.Module:
    """Remove the top-level classes/functions named in `drops` (name -> reason); records them in DROPPED."""
    if not drops:
        return tree
    kept = []
    for stmt in tree.body:
        name = getattr(stmt, "name", None)
        if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and name in drops:
            DROPPED.setdefault(modname, {})[name] = {"reason": drops[name], "tests": _count_tests(stmt)}
        else:
            kept.append(stmt)
    tree.body = kept
    return tree


def transform_source(source: bytes | str, path: str, modname: str, prefixes: tuple[str, ...] = ("theano",),
                     guard_imports: bool = True, config: Any = None,
                     drops: dict[str, str] | None = None) -> types.CodeType:
    """Compile a test file: drop listed definitions, guard its library imports, rewrite asserts as pytest would."""
    tree = drop_definitions(ast.parse(source, filename=path), modname, drops or {})
    if guard_imports:
        tree = _ImportGuard(modname, prefixes).rewrite(tree)
    if config is not None:
        try:   # pytest's assertion rewriting gives the failures their usual detail
            from _pytest.assertion.rewrite import rewrite_asserts
            src = source.encode() if isinstance(source, str) else source
            rewrite_asserts(tree, src, path, config)
        except Exception:  # noqa: BLE001 - detail only; a plain assert still fails correctly
            pass
    return compile(tree, path, "exec", dont_inherit=True)


def install_unittest_tools_reexports() -> list[str]:
    """Theano's unittest_tools re-exported nose/parameterized helpers (`attr`, `SkipTest`, `parameterized`,
    `assert_raises`); add the ones our theano.tests.unittest_tools lacks, for this run only."""
    try:
        import theano.tests.unittest_tools as utt
    except Exception:  # noqa: BLE001 - then the test files report the import error themselves
        return []
    import unittest as _unittest

    from nose.plugins.attrib import attr
    from nose.tools import assert_raises
    values: dict[str, Any] = {"attr": attr, "SkipTest": _unittest.SkipTest, "assert_raises": assert_raises}
    try:
        from parameterized import parameterized
        values["parameterized"] = parameterized
    except ImportError:
        pass
    added = [name for name in values if not hasattr(utt, name)]
    for name in added:
        setattr(utt, name, values[name])
    return added


# ------------------------------------------------------------------------------------- suite finder


class _SuiteLoader(importlib.abc.SourceLoader):
    """Loads a copied test file (or makes an empty package for a copied tests/ folder)."""

    def __init__(self, finder: "SuiteFinder", fullname: str, path: str, is_package: bool) -> None:
        self.finder, self.fullname, self.path, self._is_package = finder, fullname, path, is_package

    def get_filename(self, fullname: str) -> str:
        return self.path

    def get_data(self, path: str) -> bytes:
        if self._is_package and not os.path.isfile(path):
            return b""
        with open(path, "rb") as fh:
            return fh.read()

    def is_package(self, fullname: str) -> bool:
        return self._is_package

    def source_to_code(self, data: Any, path: Any, *, _optimize: int = -1) -> types.CodeType:  # type: ignore[override]
        return transform_source(data, str(path), self.fullname, self.finder.prefixes, self.finder.guard_imports,
                                self.finder.pytest_config, self.finder.drops.get(self.fullname))

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__["__conformance_missing__"] = missing
        code = self.source_to_code(self.get_data(self.path), self.path)
        exec(code, module.__dict__)


class SuiteFinder(importlib.abc.MetaPathFinder):
    """Maps `<prefix>...tests[.test_x]` module names onto the copied test tree of a suite.

    `roots` maps a top-level name (`theano`, `lasagne`) to the folder that holds the copied tree
    (`<root>/theano/tensor/tests/test_basic.py`). Modules that the installed package provides and the copy
    lacks (e.g. `theano.tests.unittest_tools`) are never taken over, nor are its tests/ packages.
    """

    def __init__(self, roots: dict[str, str], guard_imports: bool = True,
                 drops: dict[str, dict[str, str]] | None = None) -> None:
        self.roots = {k: os.path.abspath(v) for k, v in roots.items()}
        self.drops = drops or {}   # module name -> {definition name: reason}
        self.prefixes: tuple[str, ...] = ("theano",) if guard_imports else ()   # the library under test
        self.guard_imports = guard_imports
        self.pytest_config: Any = None

    def _copied_path(self, fullname: str) -> tuple[str, bool] | None:
        parts = fullname.split(".")
        root = self.roots.get(parts[0])
        if root is None or "tests" not in parts[1:]:
            return None
        base = os.path.join(root, *parts)
        if os.path.isdir(base):
            return os.path.join(base, "__init__.py"), True
        if os.path.isfile(base + ".py"):
            return base + ".py", False
        return None

    def _provided_by_us(self, fullname: str, path: Any) -> bool:
        parent, _, name = fullname.rpartition(".")
        if not parent or path is None:
            return False
        for d in path:
            if os.path.abspath(d).startswith(tuple(self.roots.values())):
                continue
            if os.path.isfile(os.path.join(d, name + ".py")) or os.path.isdir(os.path.join(d, name)):
                return True
        return False

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        found = self._copied_path(fullname)
        if found is None:
            return None
        file, is_pkg = found
        # a copied test file always wins (so the real Theano 1.0.5, which installs its own tests, runs the
        # copied and patched files too); a tests/ package the installed theano has stays its own, so its
        # helpers (theano.tests.unittest_tools) still import from it
        if is_pkg and self._provided_by_us(fullname, path):
            return None
        loader = _SuiteLoader(self, fullname, file, is_pkg)
        spec = importlib.util.spec_from_file_location(
            fullname, file, loader=loader,
            submodule_search_locations=[os.path.dirname(file)] if is_pkg else None)
        return spec

    def module_name_for(self, path: str) -> str | None:
        """The dotted name of a copied test file, or None if it lies outside every root."""
        path = os.path.abspath(path)
        for root in self.roots.values():
            if path.startswith(root + os.sep):
                rel = os.path.relpath(path, root)
                return rel[:-3].replace(os.sep, ".") if rel.endswith(".py") else None
        return None


_FINDER: SuiteFinder | None = None


def install_suite_finder(roots: dict[str, str], guard_imports: bool = True,
                         drops: dict[str, dict[str, str]] | None = None) -> SuiteFinder:
    """Put the suite finder first on sys.meta_path (once)."""
    global _FINDER
    if _FINDER is None:
        _FINDER = SuiteFinder(roots, guard_imports, drops)
        sys.meta_path.insert(0, _FINDER)
    return _FINDER


def install(roots: dict[str, str] | None = None, guard_imports: bool = True,
            drops: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """Install every shim; returns what was installed (for the run report).

    `drops` maps a test file (path inside its sdist, e.g. theano/tensor/tests/test_elemwise.py) to the
    top-level definitions to remove from it, with the reasons.
    """
    done: dict[str, Any] = {
        "numpy_aliases": install_numpy_aliases(),
        "numpy_stack_generators": install_numpy_stack_generators(),
        "numpy_testing_dec": install_numpy_testing_dec(),
        "scipy_linalg_kron": install_scipy_linalg_kron(),
        "imp_module": install_imp_module(),
        "mock_module": install_mock_module(),
        "pkg_resources_module": install_pkg_resources_module(),
    }
    if roots:
        by_module = {f[:-3].replace("/", "."): d for f, d in (drops or {}).items() if f.endswith(".py")}
        install_suite_finder(roots, guard_imports, by_module)
        done["suite_finder"] = sorted(roots)
    if roots and "theano" in roots:
        done["unittest_tools_reexports"] = install_unittest_tools_reexports()
    return done

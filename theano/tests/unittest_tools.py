"""theano.tests.unittest_tools: the helpers Theano-style test suites import (seeded verify_grad, seeds, testers)."""
from __future__ import annotations

import sys
import unittest
from copy import copy, deepcopy
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.gradient_tools import verify_grad as _verify_grad

SkipTest = unittest.SkipTest
DEFAULT_SEED = 666


def fetch_seed(pseed: Any = None) -> int | None:
    """The seed for unit tests: `pseed`, else config.unittests.rseed (666 by default); None for 'random'."""
    seed = pseed
    if not seed:
        try:
            seed = config.unittests.rseed
        except AttributeError:
            seed = DEFAULT_SEED
    if seed == "random":
        return None
    try:
        return int(seed) if seed else None
    except ValueError:
        print("Error: config.unittests.rseed contains invalid seed, using None instead", file=sys.stderr)
        return None


def seed_rng(pseed: Any = None) -> int | None:
    """Seed numpy's global random generator with fetch_seed(pseed); returns the seed."""
    seed = fetch_seed(pseed)
    if pseed and pseed != seed:
        print("Warning: using seed given by config.unittests.rseed=%i instead of seed %i given as parameter"
              % (seed, pseed), file=sys.stderr)
    np.random.seed(seed)
    return seed


def verify_grad(op: Callable[..., Any], pt: Sequence[Any], n_tests: int = 2, rng: Any = None, *args: Any,
                **kwargs: Any) -> None:
    """theano.gradient.verify_grad, seeding numpy's generator and using it when no `rng` is given."""
    if rng is None:
        seed_rng()
        rng = np.random
    _verify_grad(op, pt, n_tests, rng, *args, **kwargs)


verify_grad.E_grad = _verify_grad.E_grad  # type: ignore[attr-defined]


class MockRandomState:
    """A stand-in RandomState returning a constant, to probe values at the boundaries."""

    def __init__(self, val: float):
        self.val = val

    def rand(self, *shape: int) -> np.ndarray:
        return np.zeros(shape, dtype="float64") + self.val

    def randint(self, minval: int, maxval: int | None = None, size: Any = 1) -> np.ndarray:
        if maxval is None:
            minval, maxval = 0, minval
        out = np.zeros(size, dtype="int64")
        return out + minval if self.val == 0 else out + maxval - 1


class TestOptimizationMixin:
    """assertFunctionContains*: count the nodes of an op (or op class) in a compiled function's graph."""

    def assertFunctionContains(self, f: Any, op: Any, min: int = 1, max: int = sys.maxsize) -> None:  # noqa: A002
        toposort = f.maker.fgraph.toposort()
        matches = [node for node in toposort if node.op == op]
        assert min <= len(matches) <= max, (toposort, matches, str(op), len(matches), min, max)

    def assertFunctionContains0(self, f: Any, op: Any) -> None:
        self.assertFunctionContains(f, op, min=0, max=0)

    def assertFunctionContains1(self, f: Any, op: Any) -> None:
        self.assertFunctionContains(f, op, min=1, max=1)

    def assertFunctionContainsN(self, f: Any, op: Any, N: int) -> None:  # noqa: N803
        self.assertFunctionContains(f, op, min=N, max=N)

    def assertFunctionContainsClass(self, f: Any, op: type, min: int = 1, max: int = sys.maxsize) -> None:  # noqa: A002
        toposort = f.maker.fgraph.toposort()
        matches = [node for node in toposort if isinstance(node.op, op)]
        assert min <= len(matches) <= max, (toposort, matches, str(op), len(matches), min, max)

    def assertFunctionContainsClassN(self, f: Any, op: type, N: int) -> None:  # noqa: N803
        self.assertFunctionContainsClass(f, op, min=N, max=N)

    def SkipTest(self, msg: str = "Skip this test") -> None:  # noqa: N802
        raise SkipTest(msg)


class T_OpContractMixin:  # noqa: N801 - Theano's name
    """Checks __eq__/__hash__/__str__ of `self.ops` (instances of one Op class); subclasses define `clone`."""

    ops: list = []

    @property
    def other_op(self) -> Any:
        from theano.frontend import tensor as T
        return T.add

    def copy(self, x: Any) -> Any:
        return copy(x)

    def deepcopy(self, x: Any) -> Any:
        return deepcopy(x)

    def clone(self, op: Any) -> Any:
        raise NotImplementedError("return new instance like `op`")

    def test_eq(self) -> None:
        for i, op_i in enumerate(self.ops):
            assert op_i == op_i
            assert op_i == self.copy(op_i)
            assert op_i == self.deepcopy(op_i)
            assert op_i == self.clone(op_i)
            assert op_i != self.other_op
            for j, op_j in enumerate(self.ops):
                if i != j:
                    assert op_i != op_j

    def test_hash(self) -> None:
        for i, op_i in enumerate(self.ops):
            h_i = hash(op_i)
            assert h_i == hash(op_i) == hash(self.copy(op_i)) == hash(self.deepcopy(op_i)) == hash(self.clone(op_i))
            assert h_i != hash(self.other_op)

    def test_name(self) -> None:
        for op in self.ops:
            assert str(op)


class InferShapeTester(unittest.TestCase):
    """_compile_and_check: an op's infer_shape agrees with the shapes of the values it computes.

    XLA knows every shape of a compiled program, so `o.shape` never calls infer_shape; the shapes
    checked here are built from the op's own infer_shape instead.
    """

    def setUp(self) -> None:
        from theano.lowering.mode import get_default_mode

        seed_rng()
        mode = getattr(self, "mode", None)
        if mode is None:
            mode = get_default_mode()
        self.mode = mode.including("canonicalize")

    def _compile_and_check(self, inputs: list, outputs: list, numeric_inputs: list, cls: type,
                           excluding: Any = None, warn: bool = True, check_topo: bool = True) -> None:
        from theano.frontend import tensor as T
        from theano.lowering.function import function

        mode = self.mode.excluding(*excluding) if excluding else self.mode
        outputs_function = function(inputs, outputs, mode=mode)
        shape_vars = []
        for o in outputs:
            node = o.owner
            if node is not None and isinstance(node.op, cls) and hasattr(node.op, "infer_shape"):
                in_shapes = [tuple(T.shape_i(i, k) for k in range(i.ndim)) if hasattr(i, "ndim") else ()
                             for i in node.inputs]
                shp = node.op.infer_shape(node, in_shapes)[node.outputs.index(o)]
                shp = [T.cast(T.as_tensor_variable(s), "int64") for s in shp]
                shape_vars.append(T.stack(shp) if shp else T.constant(np.zeros(0, dtype="int64")))
            else:
                shape_vars.append(o.shape)
        shapes_function = function(inputs, shape_vars, mode=mode, on_unused_input="ignore")
        topo_out = outputs_function.maker.fgraph.toposort()
        assert any(isinstance(t.op, cls) for t in topo_out)
        numeric_outputs = outputs_function(*numeric_inputs)
        numeric_shapes = shapes_function(*numeric_inputs)
        for out, shape in zip(numeric_outputs, numeric_shapes):
            assert np.all(np.asarray(out).shape == tuple(shape)), (np.asarray(out).shape, shape)


def _get_atol_rtol(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    if "float16" in (str(a.dtype), str(b.dtype)):
        return 1e-3, 1e-3
    if any(str(d) in ("float32", "complex64") for d in (a.dtype, b.dtype)):
        return 1e-5, 1e-5
    return 1e-8, 1.0000000000000001e-05


class WrongValue(Exception):
    """assert_allclose found values too far apart."""

    def __init__(self, expected_val: Any, val: Any, rtol: float | None, atol: float | None):
        Exception.__init__(self)
        self.val1, self.val2, self.rtol, self.atol = expected_val, val, rtol, atol

    def __str__(self) -> str:
        a, b = np.asarray(self.val1), np.asarray(self.val2)
        atol, rtol = _get_atol_rtol(a, b)
        return ("WrongValue\n  expected    : %s\n  value    : %s\n  rtol, atol: %s %s"
                % (a, b, self.rtol if self.rtol is not None else rtol, self.atol if self.atol is not None else atol))


def assert_allclose(expected: Any, value: Any, rtol: float | None = None, atol: float | None = None) -> None:
    """Raise WrongValue unless `value` is close to `expected` (Theano's dtype-dependent tolerances)."""
    a, b = np.asarray(expected), np.asarray(value)
    atol_, rtol_ = _get_atol_rtol(a, b)
    if not np.allclose(a, b, rtol=rtol if rtol is not None else rtol_, atol=atol if atol is not None else atol_):
        raise WrongValue(expected, value, rtol, atol)


def assertFailure_fast(f: Callable) -> Callable:
    """Decorator for tests that fail under cycle_detection='fast' (then the failure is expected)."""
    if getattr(config, "cycle_detection", "regular") == "fast":
        def test_with_assert(*args: Any, **kwargs: Any) -> None:
            try:
                f(*args, **kwargs)
            except Exception:
                return
            raise AssertionError(f"{f.__name__} was expected to fail under cycle_detection='fast'")
        return test_with_assert
    return f


def custom_name_func(testcase_func: Callable, param_num: int, param: Any) -> str:
    """Test names for parameterized tests: the function name plus the parameters."""
    safe = "".join(c if c.isalnum() else "_" for c in "_".join(str(x) for x in param.args))
    return "%s_%s" % (testcase_func.__name__, safe)

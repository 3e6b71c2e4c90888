"""theano.tests.unittest_tools: the helpers Theano-style test suites import (seeded verify_grad, seeds, testers).

Theano 1.0.5's own test files (run by the conformance harness) import these, so each helper is exactly as
strict as upstream's: a weaker helper would let an upstream test pass without checking what it checks there.
"""
from __future__ import annotations

import logging
import re
import sys
import unittest
from copy import copy, deepcopy
from functools import wraps
from io import StringIO
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.config import config
from theano.frontend.gradient_tools import verify_grad as _verify_grad

SkipTest = unittest.SkipTest
_logger = logging.getLogger("theano.tests.unittest_tools")


def custom_name_func(testcase_func: Callable, param_num: int, param: Any) -> str:
    """Test names for parameterized tests: the function name plus the parameters (parameterized.to_safe_name)."""
    safe = re.sub("[^a-zA-Z0-9_]+", "_", "_".join(str(x) for x in param.args))
    return "%s_%s" % (testcase_func.__name__, safe)


def fetch_seed(pseed: Any = None) -> int | None:
    """The seed for unit tests: `pseed`, else config.unittests.rseed (666 by default); None for 'random'."""
    seed = pseed or config.unittests.rseed
    if seed == "random":
        seed = None
    try:
        seed = int(seed) if seed else None
    except ValueError:
        print("Error: config.unittests.rseed contains invalid seed, using None instead", file=sys.stderr)
        seed = None
    return seed


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
        return self.assertFunctionContains(f, op, min=0, max=0)

    def assertFunctionContains1(self, f: Any, op: Any) -> None:
        return self.assertFunctionContains(f, op, min=1, max=1)

    def assertFunctionContainsN(self, f: Any, op: Any, N: int) -> None:  # noqa: N803
        return self.assertFunctionContains(f, op, min=N, max=N)

    def assertFunctionContainsClass(self, f: Any, op: type, min: int = 1, max: int = sys.maxsize) -> None:  # noqa: A002
        toposort = f.maker.fgraph.toposort()
        matches = [node for node in toposort if isinstance(node.op, op)]
        assert min <= len(matches) <= max, (toposort, matches, str(op), len(matches), min, max)

    def assertFunctionContainsClassN(self, f: Any, op: type, N: int) -> None:  # noqa: N803
        return self.assertFunctionContainsClass(f, op, min=N, max=N)

    def SkipTest(self, msg: str = "Skip this test") -> None:  # noqa: N802
        raise SkipTest(msg)


class T_OpContractMixin:  # noqa: N801 - Theano's name; it must not start with Test (collectors would run it)
    """Checks __eq__/__hash__/__str__ of `self.ops` (instances of one Op class); subclasses define `clone`."""

    ops: list = []
    other_op = T.add  # an op different from every op in self.ops

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
                if i == j:
                    continue
                assert op_i != op_j

    def test_hash(self) -> None:
        for i, op_i in enumerate(self.ops):
            h_i = hash(op_i)
            assert h_i == hash(op_i)
            assert h_i == hash(self.copy(op_i))
            assert h_i == hash(self.deepcopy(op_i))
            assert h_i == hash(self.clone(op_i))
            assert h_i != hash(self.other_op)
            for j, op_j in enumerate(self.ops):
                if i == j:
                    continue
                assert op_i != hash(op_j)  # upstream's assertion, as written there

    def test_name(self) -> None:
        for op in self.ops:
            s = str(op)  # str works
            assert s  # and names are not empty


def inferred_shapes(inputs: Sequence[Any], outputs: Sequence[Any]) -> list:
    """One int64 shape vector per output, built from each op's infer_shape (what Theano's ShapeFeature puts
    in place of `o.shape`): the graph from `inputs` to `outputs` is walked in order and every node's output
    shapes come from its op's infer_shape on its inputs' shapes (ops without one keep `Shape_i` of their
    output, as upstream's feature does)."""
    from theano.frontend.graph import io_toposort
    from theano.frontend.ops.shape import MakeVector
    from theano.lowering.shape_program import symbolic_shapes

    shape_of = symbolic_shapes(list(inputs), io_toposort(list(inputs), list(outputs)))
    vectors = []
    for o in outputs:
        shape = shape_of[o] if o in shape_of else symbolic_shapes([o], [])[o]  # [o]: a constant output
        vectors.append(MakeVector("int64")(*shape) if shape else T.constant(np.zeros(0, dtype="int64")))
    return vectors


class InferShapeTester(unittest.TestCase):
    """_compile_and_check: an op's infer_shape agrees with the shapes of the values it computes, and (check_topo)
    the shapes are computed without running the op, as upstream checks."""

    def setUp(self) -> None:
        from theano.lowering.mode import get_default_mode

        seed_rng()
        # Take into account any mode that may be defined in a child class (it can be None).
        mode = getattr(self, "mode", None)
        if mode is None:
            mode = get_default_mode()
        # The minimal mode including the shape rewrites.
        self.mode = mode.including("canonicalize")

    def _compile_and_check(self, inputs: list, outputs: list, numeric_inputs: list, cls: type,
                           excluding: Any = None, warn: bool = True, check_topo: bool = True) -> None:
        """Tests the infer_shape of `cls` only.

        The checked shapes are computed from the infer_shape of every op of the graph (upstream compiles
        `[o.shape for o in outputs]`, which its ShapeFeature rewrites into exactly that), compiled and run
        on `numeric_inputs`. With `check_topo` (False to test a not-implemented case), `cls` must be absent
        from the compiled shape graph. With `warn`, inputs whose non-broadcastable dimensions repeat a
        value (a square matrix) are logged: they cannot show a width mixed up with a height.
        """
        from theano.lowering.function import function

        mode = self.mode
        if excluding:
            mode = mode.excluding(*excluding)
        if warn:
            for var, inp in zip(inputs, numeric_inputs):
                if isinstance(inp, (int, float, list, tuple)):
                    inp = var.type.filter(inp)
                if not hasattr(inp, "shape"):
                    continue
                # broadcastable dims cannot be mixed up: leave them out
                if hasattr(var.type, "broadcastable"):
                    shp = [inp.shape[i] for i in range(inp.ndim) if not var.type.broadcastable[i]]
                else:
                    shp = inp.shape
                if len(set(shp)) != len(shp):
                    _logger.warning(
                        "While testing shape inference for %r, we received an input with a shape that has some "
                        "repeated values: %r, like a square matrix. This makes it impossible to check if the "
                        "values for these dimensions have been correctly used, or if they have been mixed up.",
                        cls, inp.shape)
                    break

        outputs_function = function(inputs, outputs, mode=mode)
        shapes_function = function(inputs, inferred_shapes(inputs, outputs), mode=mode, on_unused_input="ignore")
        # The op is removed from the compiled shape function.
        if check_topo:
            topo_shape = shapes_function.maker.fgraph.toposort()
            assert not any(isinstance(t.op, cls) for t in topo_shape)
        topo_out = outputs_function.maker.fgraph.toposort()
        assert any(isinstance(t.op, cls) for t in topo_out)
        # The inferred shape agrees with the actual shape.
        numeric_outputs = outputs_function(*numeric_inputs)
        numeric_shapes = shapes_function(*numeric_inputs)
        for out, shape in zip(numeric_outputs, numeric_shapes):
            assert np.all(out.shape == shape), (out.shape, shape)


def _get_atol_rtol(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """theano.tensor.basic's comparison tolerances for these dtypes (looser under config.tensor.cmp_sloppy)."""
    sloppy = int(config.tensor.cmp_sloppy)
    if "float16" in (str(a.dtype), str(b.dtype)):
        return {0: (1e-3, 1e-3), 1: (5e-3, 1e-2)}.get(sloppy, (1e-2, 5e-2))
    if str(a.dtype) in ("float32", "complex64") or str(b.dtype) in ("float32", "complex64"):
        return {0: (1e-5, 1e-5), 1: (1e-4, 1e-3)}.get(sloppy, (5e-4, 1e-3))
    return (1e-8, 1.0000000000000001e-05) if sloppy == 0 else (1e-3, 1e-4)


def _allclose(a: Any, b: Any, rtol: float | None = None, atol: float | None = None) -> bool:
    """theano.tensor.basic._allclose: numpy.allclose with the dtype-dependent tolerances unless given."""
    a, b = np.asarray(a), np.asarray(b)
    atol_, rtol_ = _get_atol_rtol(a, b)
    if rtol is not None:
        rtol_ = rtol
    if atol is not None:
        atol_ = atol
    return bool(np.allclose(a, b, atol=atol_, rtol=rtol_))


def _stats_line(label: str, v: Any) -> str:
    """' label : shape dtype strides min max n_inf n_nan', raising when `v` is not an array."""
    return "  %s : %s %s %s %s %s %s %s" % (label, v.shape, v.dtype, v.strides, v.min(), v.max(),
                                            np.isinf(v).sum(), np.isnan(v).sum())


def str_diagnostic(expected: Any, value: Any, rtol: float | None, atol: float | None) -> str:
    """A multi-line description of why `value` is not close to `expected` (statistics, differences, tolerances)."""
    sio = StringIO()
    lines = []
    for label, v in (("Expected", expected), ("Value   ", value)):
        try:
            lines.append(_stats_line(label, v))
        except Exception:  # noqa: BLE001 - as upstream: only what can be computed is shown
            pass
    if lines:
        print("           : shape, dtype, strides, min, max, n_inf, n_nan:", file=sio)
        for line in lines:
            print(line, file=sio)
    print("  expected    :", expected, file=sio)
    print("  value    :", value, file=sio)
    try:
        ov, nv = np.asarray(expected), np.asarray(value)
        absdiff = np.absolute(nv - ov)
        reldiff = np.absolute(nv - ov) / np.absolute(ov)
        ssio = StringIO()
        for name, diff in (("Abs", absdiff), ("Rel", reldiff)):
            for stat, fn in (("Max", np.max), ("Mean", np.mean), ("Median", np.median), ("Std", np.std)):
                print("  %s %s Diff: " % (stat, name), fn(diff), file=ssio)
        print(ssio.getvalue(), file=sio)
    except Exception:  # noqa: BLE001
        pass
    atol_, rtol_ = _get_atol_rtol(np.asarray(expected), np.asarray(value))
    if rtol is not None:
        rtol_ = rtol
    if atol is not None:
        atol_ = atol
    print("  rtol, atol:", rtol_, atol_, file=sio)
    return sio.getvalue()


class WrongValue(Exception):
    """assert_allclose found values too far apart."""

    def __init__(self, expected_val: Any, val: Any, rtol: float | None, atol: float | None):
        Exception.__init__(self)
        self.val1, self.val2, self.rtol, self.atol = expected_val, val, rtol, atol

    def __str__(self) -> str:
        return "WrongValue\n" + str_diagnostic(self.val1, self.val2, self.rtol, self.atol)


def assert_allclose(expected: Any, value: Any, rtol: float | None = None, atol: float | None = None) -> None:
    """Raise WrongValue unless `value` is close to `expected` (Theano's dtype-dependent tolerances)."""
    if not _allclose(expected, value, rtol, atol):
        raise WrongValue(expected, value, rtol, atol)


class AttemptManyTimes:
    """Decorator: the test passes when `n_req_successes` of at most `n_attempts` runs pass, each run with
    the next unit-test seed (a test in a class gets setUp/tearDown around each run)."""

    def __init__(self, n_attempts: int, n_req_successes: int = 1):
        assert n_attempts >= n_req_successes
        self.n_attempts = n_attempts
        self.n_req_successes = n_req_successes

    def __call__(self, fct: Callable) -> Callable:
        @wraps(fct)
        def attempt_multiple_times(*args: Any, **kwargs: Any) -> None:
            original_seed = config.unittests.rseed
            current_seed = original_seed
            test_in_class = len(args) == 1 and hasattr(args[0], "_testMethodName")
            class_instance = args[0] if test_in_class else None
            n_fail = n_success = 0
            for _ in range(self.n_attempts):
                try:
                    config.unittests.rseed = current_seed
                    if test_in_class and hasattr(class_instance, "setUp"):
                        class_instance.setUp()
                    fct(*args, **kwargs)
                    n_success += 1
                    if n_success == self.n_req_successes:
                        break
                except Exception:
                    n_fail += 1
                    # too few attempts left to reach the required successes: the original error propagates
                    if n_fail + self.n_req_successes > self.n_attempts:
                        raise
                finally:
                    config.unittests.rseed = original_seed
                    if test_in_class and hasattr(class_instance, "tearDown"):
                        class_instance.tearDown()
                    if current_seed not in [None, "random"]:
                        current_seed = str(int(current_seed) + 1)

        return attempt_multiple_times


def assertFailure_fast(f: Callable) -> Callable:  # noqa: N802 - Theano's name
    """Decorator for tests that fail under cycle_detection='fast' (then the failure is expected)."""
    if config.cycle_detection == "fast":
        def test_with_assert(*args: Any, **kwargs: Any) -> None:
            try:
                f(*args, **kwargs)
            except Exception:
                return
            raise AssertionError(f"{f.__name__} was expected to fail under cycle_detection='fast'")
        return test_with_assert
    return f

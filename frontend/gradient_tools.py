"""The rest of theano.gradient, built on `grad`: gradient-shaping ops, jacobian/hessian, numeric checks.

- `zero_grad`, `disconnected_grad`, `consider_constant`, `undefined_grad`, `grad_clip`, `grad_scale`: identity
  ops (ViewOp subclasses, so they lower as identities) whose only effect is on the gradient.
- `jacobian`, `hessian`: as Theano, a scan over the rows (`arange(n)`), each step one `grad` of a row, so the
  number of rows may be known only at run time (unrolling one grad per row when the length is static was
  measured: no faster to compile, sometimes faster per call, slower to compile from about 30 rows).
- `numeric_grad`, `verify_grad`: finite-difference checks of symbolic gradients (compiled through the
  evaluator that theano.lowering registers as `backend["function"]`).
"""
from __future__ import annotations

import builtins
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.graph import Apply, Variable, backend
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.compile_ops import ViewOp
from theano.frontend.ops.math import clip, zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.shared import shared
from theano.frontend.type import TensorType
from theano.frontend.grad_types import GradientError, disconnected_type, grad_undefined  # noqa: F401
from theano.frontend.gradient import Lop, format_as, grad  # noqa: F401
from theano.frontend.rop import Rop  # noqa: F401
from theano.frontend.scan import scan

__all__ = ["Rop", "Lop", "grad", "numeric_grad", "verify_grad", "jacobian", "hessian", "consider_constant"]


# --------------------------------------------------------------------------- ops that only shape the gradient

class ConsiderConstant(ViewOp):
    """Identity whose gradient is zero (deprecated form of zero_grad)."""

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [zeros_like(g) for g in g_outs]


consider_constant_ = ConsiderConstant()


def consider_constant(x: Any) -> Variable:
    """DEPRECATED: use zero_grad() or disconnected_grad(). `x`, with its gradient truncated to 0."""
    warnings.warn("consider_constant() is deprecated, use zero_grad() or disconnected_grad() instead.", stacklevel=3)
    return consider_constant_(x)


class ZeroGrad(ViewOp):
    """Identity whose gradient is zero (the graph below still counts as connected)."""

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [zeros_like(g) for g in g_outs]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [zeros_like(eval_points[0])]


zero_grad_ = ZeroGrad()


def zero_grad(x: Any) -> Variable:
    """`x`, whose gradient is truncated to 0 when it is differentiated through."""
    return zero_grad_(x)


class UndefinedGrad(ViewOp):
    """Identity whose gradient is undefined: differentiating through it raises NullTypeGradError."""

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [grad_undefined(self, i, arg) for i, arg in enumerate(args)]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [None]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]]


undefined_grad_ = UndefinedGrad()


def undefined_grad(x: Any) -> Variable:
    """`x`, whose gradient is undefined (an error if a gradient is taken through it)."""
    return undefined_grad_(x)


class DisconnectedGrad(ViewOp):
    """Identity that gradients do not flow through: its input counts as disconnected."""

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [disconnected_type() for _ in g_outs]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [None]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False]]


disconnected_grad_ = DisconnectedGrad()


def disconnected_grad(x: Any) -> Variable:
    """`x`, not backpropagated through (faster than zero_grad: the graph below is not visited)."""
    return disconnected_grad_(x)


class GradClip(ViewOp):
    """Identity whose gradient is clipped to [clip_lower_bound, clip_upper_bound]; printed GradClip."""

    __props__ = ("clip_lower_bound", "clip_upper_bound")

    def __init__(self, clip_lower_bound: Any, clip_upper_bound: Any):
        self.clip_lower_bound = clip_lower_bound
        self.clip_upper_bound = clip_upper_bound
        assert self.clip_upper_bound >= self.clip_lower_bound

    def __str__(self) -> str:
        return "GradClip"

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [clip(g, self.clip_lower_bound, self.clip_upper_bound) for g in g_outs]


def grad_clip(x: Any, lower_bound: Any, upper_bound: Any) -> Variable:
    """`x` in the forward pass; its gradient clipped to [lower_bound, upper_bound] in the backward pass."""
    return GradClip(lower_bound, upper_bound)(x)


class GradScale(ViewOp):
    """Identity whose gradient is multiplied by `multiplier`; printed GradScale."""

    __props__ = ("multiplier",)

    def __init__(self, multiplier: Any):
        self.multiplier = multiplier

    def __str__(self) -> str:
        return "GradScale"

    def grad(self, args: list[Variable], g_outs: list[Variable]) -> list[Variable]:
        return [self.multiplier * g for g in g_outs]


def grad_scale(x: Any, multiplier: Any) -> Variable:
    """`x` in the forward pass; its gradient scaled by `multiplier` (-1 reverses it)."""
    return GradScale(multiplier)(x)


# --------------------------------------------------------------------------- jacobian / hessian (scan over rows)

def _rows(fn: Callable[..., Any], length: Variable, non_sequences: list[Variable]) -> list[Variable]:
    """The rows fn(i, *non_sequences) for i in range(length), stacked: scan(fn, sequences=arange(length),
    non_sequences=...), as Theano builds jacobian and hessian."""
    rows, updates = scan(fn, sequences=arange(length), non_sequences=non_sequences, return_list=True)
    assert not updates, ("Scan has returned a list of updates. This should not happen! Report this to "
                         "theano-users (also include the script that generated the error)")
    return rows


def jacobian(expression: Variable, wrt: Any, consider_constant: Sequence[Variable] | None = None,
             disconnected_inputs: str = "raise") -> Any:
    """The Jacobian of the vector `expression` with respect to each of `wrt`: a scan of one grad per row."""
    assert isinstance(expression, Variable), "tensor.jacobian expects a Variable as `expression`"
    assert expression.ndim < 2, ("tensor.jacobian expects a 1 dimensional variable as `expression`. If not use "
                                 "flatten to make it a vector")
    using_list = isinstance(wrt, list)
    using_tuple = isinstance(wrt, tuple)
    wrt = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    if expression.ndim == 0:
        return format_as(using_list, using_tuple, grad(expression, wrt, consider_constant=consider_constant,
                                                        disconnected_inputs=disconnected_inputs))

    def row(idx: Variable, expr: Variable, *inps: Variable) -> list[Variable]:
        return [grad(expr[idx], inp, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
                for inp in inps]

    jacobs = _rows(row, expression.shape[0], [expression] + wrt)
    return format_as(using_list, using_tuple, jacobs)


def hessian(cost: Variable, wrt: Any, consider_constant: Sequence[Variable] | None = None,
            disconnected_inputs: str = "raise") -> Any:
    """The Hessian of the scalar `cost` with respect to each vector of `wrt`: a scan over its gradient's rows."""
    assert isinstance(cost, Variable), "tensor.hessian expects a Variable as `cost`"
    assert cost.ndim == 0, "tensor.hessian expects a 0 dimensional variable as `cost`"
    using_list = isinstance(wrt, list)
    using_tuple = isinstance(wrt, tuple)
    wrt = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    hessians = []
    for inp in wrt:
        assert isinstance(inp, Variable), "tensor.hessian expects a (list of) Variable as `wrt`"
        assert inp.ndim == 1, "tensor.hessian expects a (list of) 1 dimensional variable as `wrt`"
        expr = grad(cost, inp, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)

        def row(i: Variable, y: Variable, x: Variable) -> Variable:
            # wrt may be disconnected from the gradient even when connected to the cost: not an error
            return grad(y[i], x, consider_constant=consider_constant, disconnected_inputs="ignore")

        hessians.append(_rows(row, expr.shape[0], [expr, inp])[0])
    return format_as(using_list, using_tuple, hessians)


# --------------------------------------------------------------------------- numeric checks

class numeric_grad:  # noqa: N801 - Theano's name
    """The gradient of a scalar function at a point, by one-sided finite differences (`self.gf`)."""

    type_eps = {"float64": 1e-7, "float32": 3e-4, "float16": 1e-1,
                np.dtype("float64"): 1e-7, np.dtype("float32"): 3e-4, np.dtype("float16"): 1e-1}

    def __init__(self, f: Callable[..., Any], pt: Any, eps: float | None = None, out_type: str | None = None):
        packed_pt = False
        if not isinstance(pt, (list, tuple)):
            pt = [pt]
            packed_pt = True
        apt = [np.array(p) for p in pt]
        shapes = [p.shape for p in apt]
        dtypes = [str(p.dtype) for p in apt]
        total_size = builtins.sum(int(np.prod(sh)) for sh in shapes)
        working_dtype = builtins.min((self.type_eps[dt], dt) for dt in dtypes)[1]
        x = np.ndarray((total_size,), dtype=working_dtype)
        if out_type is not None and out_type.startswith("complex"):
            gx = np.ndarray((total_size,), dtype=out_type)
        else:
            gx = np.ndarray((total_size,), dtype=working_dtype)
        if eps is None:
            eps = builtins.max(self.type_eps[dt] for dt in dtypes)
        # apt[i] and self.gf[i] are views into x and gx
        cur_pos = 0
        self.gf = []
        for i, p in enumerate(apt):
            p_size = int(np.prod(p.shape))
            apt[i] = x[cur_pos:cur_pos + p_size].reshape(p.shape)
            self.gf.append(gx[cur_pos:cur_pos + p_size].reshape(p.shape))
            apt[i][...] = p
            cur_pos += p_size
        f_x = f(*[p.copy() for p in apt])
        x_copy = x.copy()
        for i in range(total_size):
            x[:] = x_copy
            x[i] += eps
            f_eps = f(*apt)
            gx[i] = (f_eps - f_x) / eps
        if packed_pt:
            self.gf = self.gf[0]

    @staticmethod
    def abs_rel_err(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
        """(abs(a - b), abs(a - b) / max(abs(a) + abs(b), 1e-8))."""
        abs_err = abs(a - b)
        rel_err = abs_err / np.maximum(abs(a) + abs(b), [1e-8])
        return np.asarray(abs_err), np.asarray(rel_err)

    def abs_rel_errors(self, g_pt: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The abs and rel errors of each array of the gradient estimate `g_pt` against self.gf."""
        if len(g_pt) != len(self.gf):
            raise ValueError("argument has wrong number of elements", len(g_pt))
        errs = []
        for i, (a, b) in enumerate(zip(g_pt, self.gf)):
            if a.shape != b.shape:
                raise ValueError("argument element %i has wrong shape %s" % (i, str((a.shape, b.shape))))
            errs.append(numeric_grad.abs_rel_err(a, b))
        return errs

    def max_err(self, g_pt: Sequence[np.ndarray], abs_tol: float, rel_tol: float) -> tuple[int, int, Any, Any]:
        """(argument, flat position, abs error, rel error) of the worst violation of min(abs/abs_tol, rel/rel_tol)."""
        pos, errs, abs_errs, rel_errs = [], [], [], []
        for abs_err, rel_err in self.abs_rel_errors(g_pt):
            if not np.all(np.isfinite(abs_err)):
                raise ValueError("abs_err not finite", repr(abs_err))
            if not np.all(np.isfinite(rel_err)):
                raise ValueError("rel_err not finite", repr(rel_err))
            scaled_err = np.minimum(abs_err / abs_tol, rel_err / rel_tol)
            max_i = scaled_err.argmax()
            pos.append(max_i)
            errs.append(scaled_err.flatten()[max_i])
            abs_errs.append(abs_err.flatten()[max_i])
            rel_errs.append(rel_err.flatten()[max_i])
        max_arg = int(np.argmax(errs))
        return max_arg, pos[max_arg], abs_errs[max_arg], rel_errs[max_arg]


def mode_not_slow(mode: Any) -> Any:
    """`mode`, with FAST_COMPILE and DebugMode replaced by FAST_RUN (for the many finite-difference calls).

    A mode object says it is slow with a true `runs_slowly` attribute (DebugMode sets it): frontend cannot
    import the lowering's mode classes.
    """
    if mode == "FAST_COMPILE" or mode in ("DebugMode", "DEBUG_MODE") or getattr(mode, "runs_slowly", False):
        return "FAST_RUN"
    return mode


def verify_grad(fun: Callable[..., Any], pt: Sequence[Any], n_tests: int = 2, rng: Any = None, eps: float | None = None,
                out_type: str | None = None, abs_tol: float | None = None, rel_tol: float | None = None,
                mode: Any = None, cast_to_output_type: bool = False, no_debug_ref: bool = True) -> None:
    """Check the symbolic gradient of `fun` at `pt` against finite differences; raises GradientError on mismatch.

    What is checked is the gradient of sum(u * fun(*pt)) for random projections u drawn from `rng`.
    """

    assert isinstance(pt, (list, tuple))
    pt = [np.array(p) for p in pt]
    for i, p in enumerate(pt):
        if p.dtype not in ("float16", "float32", "float64"):
            raise TypeError(('verify_grad can work only with floating point inputs, but input %i has dtype "%s".')
                            % (i, p.dtype))
    _type_tol = dict(float16=5e-2, float32=1e-2, float64=1e-4)
    if abs_tol is None:
        abs_tol = builtins.max(_type_tol[str(p.dtype)] for p in pt)
    if rel_tol is None:
        rel_tol = builtins.max(_type_tol[str(p.dtype)] for p in pt)
    if rng is None:
        raise TypeError("rng should be a valid instance of numpy.random.RandomState. You may want to use "
                        "theano.tests.unittest_tools.verify_grad instead of theano.gradient.verify_grad.")
    compile_fn = backend["function"]

    def function(inputs: list, output: Any, name: str, mode: Any = mode) -> Any:
        return compile_fn(inputs, output, accept_inplace=True, allow_input_downcast=True, mode=mode,
                          on_unused_input="ignore", name=name)

    tensor_pt = [TensorType(str(p.dtype), tuple(s == 1 for s in p.shape))(name="input %i" % i) for i, p in enumerate(pt)]
    o_output = fun(*tensor_pt)
    if isinstance(o_output, list):
        raise NotImplementedError("cant (yet) autotest gradient of fun with multiple outputs")
    o_fn = function(tensor_pt, o_output, name="gradient.py fwd")
    o_fn_out = o_fn(*[p.copy() for p in pt])
    if isinstance(o_fn_out, (tuple, list)):
        raise TypeError("It seems like you are trying to use verify_grad on an op or a function which outputs a list: "
                        "there should be a single (array-like) output instead")

    def random_projection() -> np.ndarray:
        plain = rng.rand(*o_fn_out.shape) + 0.5
        if cast_to_output_type and o_output.dtype == "float32":
            return np.array(plain, o_output.dtype)
        return plain

    t_r = shared(random_projection(), borrow=True)
    t_r.name = "random_projection"
    cost = tensor_sum(t_r * o_output)
    cost_fn = function(tensor_pt, cost, name="gradient.py cost", mode=mode_not_slow(mode) if no_debug_ref else mode)
    symbolic_grad = grad(cost, tensor_pt, disconnected_inputs="ignore")
    grad_fn = function(tensor_pt, symbolic_grad, name="gradient.py symbolic grad")

    for test_num in range(n_tests):
        try:
            num_grad = numeric_grad(cost_fn, [p.copy() for p in pt], eps, out_type)
            analytic_grad = grad_fn(*[p.copy() for p in pt])
            assert isinstance(analytic_grad, list)
            max_arg, max_err_pos, max_abs_err, max_rel_err = num_grad.max_err(analytic_grad, abs_tol, rel_tol)
            if max_abs_err > abs_tol and max_rel_err > rel_tol:
                raise verify_grad.E_grad(max_arg, max_err_pos, analytic_grad[max_arg].shape,
                                         analytic_grad[max_arg].flatten()[max_err_pos],
                                         num_grad.gf[max_arg].flatten()[max_err_pos],
                                         max_abs_err, max_rel_err, abs_tol, rel_tol)
            if test_num < n_tests - 1:
                t_r.set_value(random_projection(), borrow=True)
        except Exception as e:
            e.args += ("\nThe error happened with the following inputs:", pt, "\nThe value of eps is:", eps,
                       "\nThe out_type is:", out_type)
            raise


verify_grad.E_grad = GradientError  # type: ignore[attr-defined]


"""DebugMode: every call is checked against the unrewritten graph, run op by op.

A DebugMode function runs its rewritten, jitted program as usual, then evaluates the graph as the
user wrote it (before any rewrite) one op at a time through the same lowering rules, eagerly, and
checks that every output (and shared-variable update) agrees within a tolerance. Along the way it
checks that each op's output shape matches its `infer_shape` and (check_isfinite) that no op of
the rewritten graph turns finite inputs into NaN or Inf. On a disagreement it replays the rewrite
log and names the first rewrite whose replacement changes a value (BadOptimization).
A rewrite may turn an unrewritten NaN/Inf into a finite value (Theano's `x/x -> 1` does).
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import numpy as np

from theano.frontend.config import config
from theano.frontend.evaluate import as_output_list, evaluate
from theano.frontend.graph import Apply, Constant, Variable, perform_node
from theano.lowering.device import x64_scope
from theano.lowering.function import Function
from theano.lowering.interpreter import apply_rule, lower_graph
from theano.lowering.mode import Mode, predefined_modes
from theano.lowering.precision import policy_scope, under_policy
from theano.lowering.sparse_callback import (as_compared, has_sparse_values, host_sparse_arrays, is_sparse_type,
                                             to_program_value, to_scipy_value, value_shape)
from theano.passes.optdb import BadOptimization as _BadOptimization


class DebugModeError(Exception):
    """Base of the errors DebugMode raises."""


class BadOptimization(DebugModeError, _BadOptimization):
    """A rewrite replaced a variable by one with a different value (also a theano.gof.toolbox.BadOptimization)."""

    def __init__(self, message: str, old_r: Variable | None = None, new_r: Variable | None = None,
                 reason: str | None = None):
        _BadOptimization.__init__(self, message, old_r, new_r, reason)


class InvalidValueError(DebugModeError):
    """An op of the rewritten graph produced NaN or Inf from finite inputs."""


class BadShapeError(DebugModeError):
    """An op's output shape differs from what its infer_shape says."""


class BadDestroyMap(DebugModeError):
    """An op's `perform` wrote into an input that its destroy_map does not name."""

    def __init__(self, node: Apply, idx: int, message: str):
        super().__init__(message)
        self.node, self.idx = node, idx


class BadViewMap(DebugModeError):
    """An op's `perform` returned an output aliasing an input (or another output) that its view_map does not name."""

    def __init__(self, node: Apply, output_idx: int, message: str):
        super().__init__(message)
        self.node, self.output_idx = node, output_idx


class BadThunkOutput(DebugModeError):
    """Two implementations of one op disagree (Theano: C against Python); kept for `except` clauses."""


class StochasticOrder(DebugModeError):
    """The rewrites gave different graphs on repeated runs (Theano's stability check); kept for `except` clauses."""


class DebugMode(Mode):
    """Mode that runs the rewritten function and checks it against the unrewritten graph, op by op."""

    record_rewrites = True
    runs_slowly = True  # gradient_tools.mode_not_slow swaps it for FAST_RUN in verify_grad's many calls

    def __init__(self, optimizer: Any = "fast_run", stability_patience: Any = None, check_c_code: Any = None,
                 check_py_code: Any = None, check_isfinite: bool | None = None, check_preallocated_output: Any = None,
                 require_matching_strides: Any = None, linker: Any = None, rtol: float | None = None,
                 atol: float | None = None):
        # a user's optimizer object (gof.EquilibriumDB().query(...)) runs alone, after the graph is recorded
        self.user_optimizer = None if optimizer is None or isinstance(optimizer, str) else optimizer
        super().__init__(linker="debug" if linker is None else linker,
                         optimizer=None if self.user_optimizer is not None else optimizer)
        flags = config.DebugMode
        # Arguments left None take config.DebugMode.*. Only check_finite and check_py/check_c change what
        # runs here; the others are kept for introspection (no C code, strides, inplace or preallocation).
        self.check_isfinite = flags.check_finite if check_isfinite is None else bool(check_isfinite)
        self.check_c_code = flags.check_c if check_c_code is None else bool(check_c_code)
        self.check_py_code = flags.check_py if check_py_code is None else bool(check_py_code)
        self.stability_patience = flags.patience if stability_patience is None else stability_patience
        self.require_matching_strides = (flags.check_strides if require_matching_strides is None
                                         else require_matching_strides)
        prealloc = flags.check_preallocated_output if check_preallocated_output is None else check_preallocated_output
        self.check_preallocated_output = prealloc.split(":") if isinstance(prealloc, str) else list(prealloc)
        if not (self.check_c_code or self.check_py_code):
            raise ValueError("DebugMode has to check at least one of c and py code")
        self.rtol = rtol
        self.atol = atol

    def wrap_function(self, fn: Function) -> "DebugFunction":
        """The checking version of a compiled function (lowering/function.py calls this)."""
        wrapped = DebugFunction.__new__(DebugFunction)
        wrapped.__dict__.update(fn.__dict__)
        wrapped._debug_mode = self
        if self.user_optimizer is not None:
            fg = wrapped.maker.fgraph
            self._check_stability(getattr(fg, "unrewritten", None))
            self.user_optimizer.optimize(fg)
        if self.user_optimizer is not None or any(
                _runs_perform(n) and getattr(n.op, "infer_shape", None) is None for n in fn.maker.fgraph.apply_nodes):
            wrapped._compile()  # the program of the rewritten graph, with the shapes of the op-by-op run
        return wrapped

    def _check_stability(self, graph: Any) -> None:
        """StochasticOrder when the user's optimizer, run on fresh copies of the graph, gives different graphs
        (Theano's stability_patience, default config.DebugMode.patience)."""
        if graph is None:
            return
        from theano.frontend.config import config

        patience = self.stability_patience if self.stability_patience is not None else config.DebugMode.patience
        first = None
        for run in range(max(int(patience), 1)):
            trial = graph.clone()
            self.user_optimizer.optimize(trial)
            signature = [(str(n.op), [str(i.type) for i in n.inputs]) for n in trial.toposort()]
            if first is None:
                first = signature
            elif signature != first:
                raise StochasticOrder(f"DebugMode: the optimizer {self.user_optimizer!r} gave a different graph on "
                                      f"run {run + 1} of {patience} over the same input graph: "
                                      f"{[op for op, _ in first]} then {[op for op, _ in signature]}")


def _tolerance(dtype: str, mode: DebugMode) -> tuple[float, float]:
    if mode.rtol is not None or mode.atol is not None:
        return mode.rtol or 0.0, mode.atol or 0.0
    if dtype in ("float16",):
        return 1e-2, 1e-2
    if dtype in ("float32", "complex64"):
        return 1e-3, 1e-4
    return 1e-5, 1e-7


def _mismatch(ref: Any, new: Any, dtype: str, mode: DebugMode) -> str | None:
    """Why `new` is not `ref` (None if they agree). A NaN/Inf reference may become finite."""
    if isinstance(ref, (list, tuple)) or isinstance(new, (list, tuple)):  # typed lists: element by element
        if not (isinstance(ref, (list, tuple)) and isinstance(new, (list, tuple))) or len(ref) != len(new):
            return f"{new!r} instead of the list {ref!r}"
        while not isinstance(dtype, str) and hasattr(dtype, "dtype"):  # a list's dtype is its element type
            dtype = dtype.dtype
        for k, (r, n) in enumerate(zip(ref, new)):
            why = _mismatch(r, n, dtype, mode)
            if why is not None:
                return f"list element {k}: {why}"
        return None
    a, b = as_compared(ref), as_compared(new)  # a sparse value: scipy's toarray()
    if a.shape != b.shape:
        return f"shape {b.shape} instead of {a.shape}"
    if a.dtype.kind not in "fc":
        if not np.array_equal(a, b):
            return "values differ"
        return None
    rtol, atol = _tolerance(dtype, mode)
    ok = np.isclose(b, a, rtol=rtol, atol=atol, equal_nan=True) | ~np.isfinite(a)
    if not ok.all():
        bad = np.argwhere(~ok)[0] if a.ndim else ()
        idx = tuple(int(i) for i in bad)
        return (f"max abs difference {np.nanmax(np.abs(np.where(ok, 0, b - a))):.6g} "
                f"(at index {idx}: {b[idx].item()!r} instead of {a[idx].item()!r})")
    return None


def check_infer_shape(node: Apply, in_values: Sequence[Any], out_values: Sequence[Any]) -> None:
    """BadShapeError if `node`'s infer_shape disagrees with the shapes it produced."""
    from theano.frontend.tensor import constant

    infer = getattr(node.op, "infer_shape", None)
    if infer is None or not all(hasattr(v.type, "ndim") and not getattr(v.type, "is_typed_list", False)
                                for v in node.inputs + node.outputs):
        return
    shapes = [tuple(constant(int(d), dtype="int64") for d in value_shape(val)) for val in in_values]
    try:
        inferred = infer(node, shapes)
    except NotImplementedError:
        return
    for k, (out, val) in enumerate(zip(node.outputs, out_values)):
        if inferred[k] is None:
            continue
        try:
            want = tuple(_eval_shape_entry(e, node, in_values) for e in inferred[k])
        except Exception as err:  # noqa: BLE001
            raise BadShapeError(f"DebugMode: infer_shape of {node.op} could not be evaluated: {err}") from err
        if want != value_shape(val):
            raise BadShapeError(f"DebugMode: op {node.op} produced output {k} of shape {value_shape(val)}, "
                                f"but its infer_shape says {want} (node {node})")


def _eval_shape_entry(entry: Any, node: Apply, in_values: Sequence[Any]) -> int:
    if not isinstance(entry, Variable):
        return int(entry)
    if isinstance(entry, Constant):
        return int(entry.data)
    value = evaluate(node.inputs, in_values, [entry], _host_or_rule)
    if value is None:
        raise ValueError(f"{entry} depends on more than the inputs of {node}")
    return int(np.asarray(value[0]))


def _host_or_rule(node: Apply, values: list) -> list[Any]:
    """A node's outputs from its numpy host_impl, else from its lowering rule (shape entries)."""
    host = getattr(node.op, "host_impl", None)
    return as_output_list(host(node, *values)) if host is not None else apply_rule(node, values)


def _show(var: Variable, limit: int = 120) -> str:
    """A short infix rendering of a variable's expression, for error messages."""
    from theano.frontend.printing import pprint

    try:
        text = pprint(var)
    except Exception:  # noqa: BLE001 - printing must not hide the real error
        text = str(var)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _finite(value: Any) -> bool:
    if isinstance(value, (list, tuple)):  # a typed list
        return all(_finite(v) for v in value)
    arr = as_compared(value)
    return arr.dtype.kind not in "fc" or bool(np.isfinite(arr).all())


class EagerGraph:
    """Evaluates variables of a graph op by op from given input values (memoized), with DebugMode's checks.
    With `fgraph`, the users' numpy `perform` ops are also checked for undeclared in-place writes and views."""

    def __init__(self, inputs: Sequence[Variable], values: Sequence[Any], check_shapes: bool = True,
                 check_isfinite: bool = False, fgraph: Any = None):
        self.values: dict[int, Any] = {id(v): val for v, val in zip(inputs, values)}
        self.inputs = list(inputs)
        self.check_shapes = check_shapes
        self.check_isfinite = check_isfinite
        self.fgraph = fgraph
        self.current: Apply | None = None  # the node being evaluated (to name it when it fails)

    def value(self, var: Variable) -> Any:
        if isinstance(var, Constant):
            return var.data
        if id(var) not in self.values:
            self._compute([var])
        return self.values[id(var)]

    def _compute(self, variables: list[Variable]) -> None:
        evaluate(self.inputs, [self.values[id(v)] for v in self.inputs], variables, self._apply,
                 memo=self.values, after=self._check_node)

    def _apply(self, node: Apply, values: list) -> list[Any]:
        """A user's `perform` op runs as it is, in numpy, on copies of its inputs (checked for aliasing);
        every other op runs its lowering rule eagerly."""
        self.current = node
        if _runs_perform(node):
            if has_sparse_values(node):  # a user's numpy op takes and gives scipy matrices
                outs = run_perform_checked(node, [to_scipy_value(v) for v in values], self.fgraph)
                return [to_program_value(o, var) if is_sparse_type(var.type) else o
                        for o, var in zip(outs, node.outputs)]
            return run_perform_checked(node, values, self.fgraph)
        return _eager_apply(node, values)

    def _check_node(self, node: Apply, ins: list, outs: list) -> None:
        """DebugMode's per-node checks: infer_shape agrees, and (check_isfinite) no NaN/Inf from finite inputs."""
        if self.check_shapes:
            check_infer_shape(node, ins, outs)
        if self.check_isfinite and all(_finite(v) for v in ins) and not all(_finite(v) for v in outs):
            raise InvalidValueError(f"DebugMode: op {node.op} produced NaN or Inf from finite inputs (node {node})")


def _rewrite_behind(fgraph: Any, node: Apply | None) -> str | None:
    """The reason of the last logged rewrite whose replacement computes `node` (None if no rewrite did)."""
    from theano.frontend.graph import ancestors

    if node is None:
        return None
    for old, new, reason in reversed(getattr(fgraph, "rewrite_log", None) or []):
        if any(o in ancestors([new], blockers=fgraph.inputs) for o in node.outputs):
            return reason
    return None


def _runs_perform(node: Apply) -> bool:
    from theano.lowering.callback import perform_callback_rule
    from theano.lowering.registry import rule_for

    try:
        return rule_for(node.op) is perform_callback_rule
    except Exception:  # noqa: BLE001 - an op without any rule fails in _eager_apply with its own message
        return False


def run_perform_checked(node: Apply, values: Sequence[Any], fgraph: Any = None) -> list[Any]:
    """Run `node.op.perform` on writable copies of its inputs, as Theano's DebugMode does: an input it changed
    that no destroy_map names is a BadDestroyMap; an output that is a view of an input its view_map does not
    name, or of another output that the graph goes on using, is a BadViewMap (with `fgraph` to see the uses)."""
    op = node.op
    ins = [np.array(v, copy=True) if isinstance(v, np.ndarray) or hasattr(v, "__array__") and hasattr(v, "dtype")
           else v for v in values]
    before = [np.array(v, copy=True) if isinstance(v, np.ndarray) else None for v in ins]
    storage: list[list[Any]] = [[None] for _ in node.outputs]
    perform_node(node, ins, storage)
    destroy_map = getattr(op, "destroy_map", None) or {}
    view_map = getattr(op, "view_map", None) or {}
    destroyed = {i for idx in destroy_map.values() for i in idx}
    for k, (old, new) in enumerate(zip(before, ins)):
        if old is not None and k not in destroyed and not _same_array(old, new):
            raise BadDestroyMap(node, k, f"DebugMode: {op}.perform changed its input {k} ({node.inputs[k]}) in place, "
                                         f"but its destroy_map ({destroy_map}) does not say so (node {node})")
    outs = [cell[0] for cell in storage]
    for o, out in enumerate(outs):
        if not isinstance(out, np.ndarray):
            continue
        allowed = set(view_map.get(o, ())) | set(destroy_map.get(o, ()))
        for k, inp in enumerate(ins):
            if isinstance(inp, np.ndarray) and k not in allowed and np.may_share_memory(out, inp):
                raise BadViewMap(node, o, f"DebugMode: output {o} of {op}.perform is a view of its input {k} "
                                          f"({node.inputs[k]}), but its view_map ({view_map}) does not say so "
                                          f"(node {node})")
    for i, j in ((i, j) for i in range(len(outs)) for j in range(i + 1, len(outs))):
        a, b = outs[i], outs[j]
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.may_share_memory(a, b)):
            continue
        if set(view_map.get(i, ())) & set(view_map.get(j, ())):
            continue  # both declared views of one input: the destroy handler protects them together
        if fgraph is None or not _destroyable(node.outputs[i], fgraph) or not _destroyable(node.outputs[j], fgraph):
            continue
        raise BadViewMap(node, j, f"DebugMode: outputs {i} and {j} of {op}.perform share memory, and the graph uses "
                                  f"both later, but the op's view_map ({view_map}) does not say so (node {node})")
    return [np.asarray(v, dtype=out.type.dtype) if hasattr(out.type, "dtype") and v is not None
            and not is_sparse_type(out.type) else v for v, out in zip(outs, node.outputs)]


def _same_array(a: np.ndarray, b: Any) -> bool:
    b = np.asarray(b)
    return a.shape == b.shape and (np.array_equal(a, b, equal_nan=a.dtype.kind in "fc") if a.dtype.kind in "fc"
                                   else np.array_equal(a, b))


def _destroyable(var: Variable, fgraph: Any) -> bool:
    """Whether a later op of `fgraph` reads `var` (and it is not an output of the function, which is never
    overwritten): only then can two aliased outputs corrupt each other."""
    if var in fgraph.outputs:
        return False
    return bool(fgraph.clients.get(var))


def _eager_apply(node: Apply, values: list) -> list[Any]:
    """One node's lowering rule run eagerly (x64 on), as numpy arrays."""
    with x64_scope():
        outs = apply_rule(node, values)
    return [host_sparse_arrays(o) for o in outs]  # a sparse value stays a SparseArrays (of numpy arrays)


class _EagerShapes:
    """A shape program whose last targets (users' perform ops without infer_shape) get the output shapes that the
    DebugFunction's op-by-op run of this call found."""

    empty = False

    def __init__(self, base: Any, extra: list[Apply], function: "DebugFunction"):
        self._base = base
        self._extra = extra
        self._function = function
        self.targets = ([] if base.empty else list(base.targets)) + extra

    def evaluate(self, values: Sequence[Any]) -> tuple:
        eager = self._function._last_eager
        if eager is None:
            raise ValueError("DebugMode: the op-by-op run did not precede the compiled call")
        head = () if self._base.empty else tuple(self._base.evaluate(values))
        return head + tuple(tuple(value_shape(eager.values[id(o)]) for o in n.outputs) for n in self._extra)


class DebugFunction(Function):
    """A Function whose calls are checked by DebugMode (built by DebugMode.wrap_function)."""

    _debug_mode: DebugMode
    _last_eager: "EagerGraph | None" = None

    def _compile(self) -> None:
        """Function's program, except that users' `perform` ops without infer_shape take their output shapes from
        the op-by-op run that precedes every call (the compiled program cannot guess them)."""
        Function._compile(self)
        fg = self.maker.fgraph
        nodes = fg.toposort()
        base = self._shape_program
        base_targets = [] if base.empty else list(base.targets)
        extra = [n for n in nodes if n not in base_targets and _runs_perform(n)
                 and getattr(n.op, "infer_shape", None) is None]
        if not extra:
            return

        def traced() -> None:
            self.n_compilations += 1

        self._shape_program = _EagerShapes(base, extra, self)
        run = lower_graph(fg.inputs, fg.outputs, nodes, base_targets + extra, on_trace=traced)
        run = under_policy(run, self.matmul_precision)  # the policy Function._compile read
        self._jitted = jax.jit(run, static_argnums=(0,))  # host code runs: no buffer is donated

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs or len(args) != self._n_explicit:
            values = self._bind_slow(args, kwargs)
        else:
            values = [conv(a) for conv, a in zip(self._converters, args)]
        shared_before = [host_sparse_arrays(s._value) for s in self._shared]
        if self._debug_mode.check_isfinite:
            self._check_inputs_finite(values)
        # the op-by-op run of the rewritten graph comes first: its checks (aliasing, shapes, NaN) name the op
        # that is wrong before the compiled program meets it
        with policy_scope(self.matmul_precision):  # the op-by-op runs use the function's precision policy too
            new_eval = self._eager_rewritten(values + shared_before)
            self._last_eager = new_eval
            result = Function.__call__(self, *values)
            new_updates = [host_sparse_arrays(t._value) for t in self._update_targets]
            outs = result if isinstance(result, list) else \
                list(result.values()) if isinstance(result, dict) else [result]
            self._check(values + shared_before, [as_compared(o) for o in outs] + new_updates, new_eval)
        return result

    def _check_inputs_finite(self, values: list[Any]) -> None:
        """InvalidValueError for a NaN or Inf in an explicit input (Theano's DebugMode check_isfinite)."""
        for k, value in enumerate(values):
            if not _finite(value):
                raise InvalidValueError(f"DebugMode: input {k} ({self._inputs[k].variable}) of the function holds NaN "
                                        "or Inf (check_isfinite=True; DebugMode(check_isfinite=False) lets it through)")

    def _eager_rewritten(self, input_values: list[Any]) -> EagerGraph:
        """The rewritten graph run op by op, with every per-op check."""
        fg = self.maker.fgraph
        new_eval = EagerGraph(fg.inputs, input_values, check_shapes=True,
                              check_isfinite=self._debug_mode.check_isfinite, fgraph=fg)
        try:
            for out in fg.outputs:
                new_eval.value(out)
        except DebugModeError:
            raise
        except Exception as err:  # an op that fails: name the rewrite that put it there, as Theano's DebugMode
            reason = _rewrite_behind(fg, new_eval.current)
            if reason is not None and err.args and isinstance(err.args[0], str):
                err.args = (f"{err.args[0]}\nDebugMode: the failing node {new_eval.current} was put in the graph by "
                            f"the rewrite {reason!r}",) + tuple(err.args[1:])
            raise
        return new_eval

    def _check(self, input_values: list[Any], produced: list[Any], new_eval: EagerGraph) -> None:
        mode = self._debug_mode
        fg = self.maker.fgraph
        reference = getattr(fg, "unrewritten", None)
        if reference is None:
            return
        ref_eval = EagerGraph(reference.inputs, input_values, check_shapes=True)
        for k, (ref_out, out) in enumerate(zip(reference.outputs, fg.outputs)):
            why = _mismatch(ref_eval.value(ref_out), produced[k], out.dtype, mode)
            if why is not None:
                self._blame(new_eval, k, why)

    def _blame(self, new_eval: EagerGraph, k: int, why: str) -> None:
        """Raise BadOptimization for the first logged rewrite that changes a value, else for output k."""
        mode = self._debug_mode
        fg = self.maker.fgraph
        for old, new, reason in getattr(fg, "rewrite_log", None) or []:
            try:
                a, b = new_eval.value(old), new_eval.value(new)
            except DebugModeError:
                raise
            except Exception:  # noqa: BLE001 - a variable that cannot be evaluated alone
                continue
            diff = _mismatch(a, b, old.dtype if hasattr(old, "dtype") else "float64", mode)
            if diff is not None:
                old_op = old.owner.op if old.owner is not None else "an input"
                new_op = new.owner.op if new.owner is not None else "a constant" if isinstance(new, Constant) else "an input"
                raise BadOptimization(f"DebugMode: rewrite {reason!r} replaced {_show(old)} (op {old_op}) with "
                                      f"{_show(new)} (op {new_op}), which has a different value: {diff}",
                                      old, new, reason)
        raise BadOptimization(f"DebugMode: output {k} of the rewritten function differs from the unrewritten graph: "
                              f"{why}; no single logged rewrite explains it (lowering or jit issue?)")


predefined_modes["DEBUG_MODE"] = DebugMode()

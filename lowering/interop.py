"""A compiled theano.function as a pure JAX function: `f.as_jax()` / `theano.compile.to_jax(f)`.

`g = f.as_jax()` is `g(shared_values, *inputs) -> (outputs, new_shared_values)`, the same program f runs
(same graph after our rewrites, same precision policy), with the state passed in and out instead of held by
shared variables, so it composes with `jax.jit`, `jax.vmap`, `jax.grad` and `lax.scan`:

- `shared_values`: a tuple with one value per shared variable of `g.shared_variables` (the order of
  `f.get_shared()`), or a dict keyed by the shared variables' names (every name given and unique).
  `g.shared_values()` gives (copies of) the current values in either form (`as_dict=True`).
- `outputs`: as f returns them: one array for `theano.function([...], y)`, a tuple for a list of outputs,
  a dict for a dict of outputs.
- `new_shared_values`: every shared value again, in the form it came in, the updated ones replaced: feed it
  to the next step (a `lax.scan` carry).

Inputs are converted to the dtypes of f's inputs; the program traces with x64 on (Theano's float64), whatever
the surrounding JAX code uses. f's run-time checks (integer division by zero, an index out of range) stay: a
call outside any trace raises Theano's error; inside a trace the check reports through `jax.debug.callback`,
so a failed check aborts the computation with a JaxRuntimeError carrying Theano's message. As in f, a failed
check returns the old shared values.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from theano.lowering.device import x64_scope
from theano.lowering.interpreter import lower_graph
from theano.lowering.precision import under_policy
from theano.lowering.runtime_checks import checked_program, raise_from_flag


class InteropError(ValueError):
    """A compiled function cannot be turned into a pure JAX function (or exported) as asked."""


class JaxFunction:
    """The pure JAX function of a compiled theano.function (see the module docstring)."""

    def __init__(self, fn: Any):
        self.function = fn
        fg = fn.maker.fgraph
        if fn._input_updates:
            raise InteropError(f"{fn}: inputs with In(update=...) keep state outside shared variables; as_jax and "
                               "export handle the state of shared variables only (use a shared variable and updates=)")
        if any(fn._implicit):
            raise InteropError(f"{fn}: implicit inputs (In(implicit=True)) are not supported by as_jax / export")
        for v in list(fg.inputs) + list(fg.outputs):
            if getattr(v.type, "is_sparse", False):
                raise InteropError(f"{fn}: {v} is sparse ({v.type}); as_jax / export take and return dense arrays only")
            if not hasattr(v.type, "dtype"):
                raise InteropError(f"{fn}: {v} has type {v.type}, not an array type; as_jax / export handle tensors only")
        self.shared_variables: list[Any] = list(fn._shared)
        self.n_inputs = fn._n_explicit
        self.n_outputs = fn._n_outputs
        self.input_types = list(fn._types[:self.n_inputs])
        self.shared_types = [s.type for s in self.shared_variables]
        self._targets = [self.shared_variables.index(t) for t in fn._update_targets]
        self._fgraph = fg
        self._shape_program = fn._shape_program
        nodes = fg.toposort()
        shape_nodes = self._shape_program.targets if not self._shape_program.empty else ()
        run = under_policy(lower_graph(fg.inputs, fg.outputs, nodes, shape_nodes), fn.matmul_precision)
        n_res = self.n_outputs + len(self._targets)
        self._program = checked_program(run, self.n_outputs, [1 + self.n_inputs + k for k in self._targets])
        self._n_results = n_res
        self._jitted = jax.jit(self._program, static_argnums=(0,))
        self.__name__ = f"as_jax({fn.name})" if fn.name else "as_jax(theano.function)"

    # ------------------------------------------------------------------ the state

    def shared_values(self, as_dict: bool = False, borrow: bool = False) -> Any:
        """The current values of the shared variables as device arrays: a tuple, or a dict by name. They are
        copies unless borrow=True (the function's next call donates its shared buffers that it updates)."""
        values = tuple(s.get_value(borrow=True, return_internal_type=True) for s in self.shared_variables)
        if not borrow:
            with x64_scope():
                values = tuple(jnp.array(v, copy=True) if isinstance(v, jax.Array) else v for v in values)
        return self._pack_state(values, as_dict)

    def _names(self) -> list[str]:
        names = [s.name for s in self.shared_variables]
        if any(not n for n in names) or len(set(names)) != len(names):
            raise InteropError(f"{self.function}: shared values as a dict need every shared variable named, and the "
                               f"names unique; got {names}. Pass a tuple in the order of f.get_shared() instead")
        return names

    def _pack_state(self, values: Sequence[Any], as_dict: bool) -> Any:
        return dict(zip(self._names(), values)) if as_dict else tuple(values)

    def _unpack_state(self, state: Any) -> tuple[list[Any], bool]:
        n = len(self.shared_variables)
        if isinstance(state, dict):
            names = self._names()
            missing = [k for k in names if k not in state]
            extra = [k for k in state if k not in names]
            if missing or extra:
                raise InteropError(f"{self.__name__}: shared_values has keys {sorted(map(str, state))}; expected "
                                   f"{names}" + (f" (missing {missing})" if missing else "")
                                   + (f" (unknown {extra})" if extra else ""))
            return [state[k] for k in names], True
        if state is None and n == 0:
            return [], False
        if not isinstance(state, (tuple, list)) or len(state) != n:
            got = f"{type(state).__name__} of length {len(state)}" if isinstance(state, (tuple, list)) \
                else type(state).__name__
            raise InteropError(f"{self.__name__}: shared_values must be a tuple of {n} value(s) (one per shared "
                               f"variable: {[str(s) for s in self.shared_variables]}) or a dict by name; got {got}")
        return list(state), False

    # ------------------------------------------------------------------ calling

    def apply(self, shared: Sequence[Any], inputs: Sequence[Any]) -> tuple[list[Any], list[Any], Any]:
        """The program on flat lists: (outputs, new shared values (all of them), error flag or None).
        Call inside `x64_scope()`."""
        if len(inputs) != self.n_inputs:
            raise InteropError(f"{self.__name__} takes {self.n_inputs} input(s) after shared_values; got {len(inputs)}")
        values = [_as_typed(x, t, f"input {k}") for k, (x, t) in enumerate(zip(inputs, self.input_types))]
        svals = [_as_typed(x, t, f"shared value {k} ({s})") for k, (x, t, s)
                 in enumerate(zip(shared, self.shared_types, self.shared_variables))]
        key = self.static_key(values + svals)
        outs = list(self._jitted(key, *values, *svals))
        flag = outs[self._n_results] if len(outs) > self._n_results else None
        new_shared = list(svals)
        for k, new in zip(self._targets, outs[self.n_outputs:self._n_results]):
            new_shared[k] = new
        return outs[:self.n_outputs], new_shared, flag

    def static_key(self, values: Sequence[Any]) -> tuple:
        """The host shape program's result for these values; a clear error where it needs traced values."""
        if self._shape_program.empty:
            return ()
        try:
            return self._shape_program.evaluate(values)
        except (jax.errors.ConcretizationTypeError, jax.errors.TracerIntegerConversionError,
                jax.errors.TracerArrayConversionError, jax.errors.TracerBoolConversionError) as err:
            names = ", ".join(sorted({str(n.op) for n in self._shape_program.targets}))
            raise InteropError(f"{self.__name__}: output shapes of {names} depend on input values, which are traced "
                               "here (inside jax.jit / vmap / grad / scan or an export); they must be concrete. "
                               "Compute those values outside the trace, or make the shapes depend on input shapes "
                               f"only. ({type(err).__name__})") from None

    def __call__(self, shared_values: Any, *inputs: Any) -> tuple[Any, Any]:
        shared, as_dict = self._unpack_state(shared_values)
        with x64_scope():
            outs, new_shared, flag = self.apply(shared, inputs)
            if flag is not None:
                self._report(flag, [*inputs, *shared])
        fn = self.function
        if fn._output_keys is not None:
            result: Any = dict(zip(fn._output_keys, outs))
        elif fn._unpack_single:
            result = outs[0]
        else:
            result = tuple(outs)
        return result, self._pack_state(new_shared, as_dict)

    def _report(self, flag: Any, call_values: list) -> None:
        fgraph = self._fgraph
        if isinstance(flag, jax.core.Tracer):
            def raise_failed(f: Any) -> None:
                for row in np.asarray(f).reshape(-1, 2):  # vmap batches the flag
                    raise_from_flag(row, fgraph)
            jax.debug.callback(raise_failed, flag)
        else:
            raise_from_flag(flag, fgraph, [np.asarray(v) for v in call_values])

    def __repr__(self) -> str:
        return f"<{self.__name__}: (shared_values[{len(self.shared_variables)}], {self.n_inputs} input(s)) -> " \
               f"(outputs, new_shared_values)>"


def _as_typed(x: Any, ttype: Any, what: str) -> Any:
    """`x` as an array of the Theano type's dtype and rank (a clear error naming the input otherwise)."""
    dtype = np.dtype(ttype.dtype)
    nd = np.ndim(x) if not hasattr(x, "ndim") else x.ndim
    if nd != ttype.ndim:
        raise InteropError(f"{what}: expected a {ttype.ndim}-d array ({ttype}), got a {nd}-d value of shape "
                           f"{np.shape(x)}")
    for i, b in enumerate(ttype.broadcastable):
        if b and np.shape(x)[i] != 1:
            raise InteropError(f"{what}: dimension {i} of {ttype} is broadcastable (size 1); got shape {np.shape(x)}")
    if getattr(x, "dtype", None) == dtype:
        return x
    return jnp.asarray(x, dtype=dtype)


def to_jax(fn: Any) -> JaxFunction:
    """A compiled theano.function as a pure JAX function `(shared_values, *inputs) -> (outputs, new_shared_values)`
    (see theano.lowering.interop)."""
    if isinstance(fn, JaxFunction):
        return fn
    if not hasattr(fn, "maker") or not hasattr(fn, "_shared"):
        raise TypeError(f"to_jax: expected a compiled theano.function, got {type(fn).__name__}")
    return JaxFunction(fn)

"""StableHLO export of a compiled theano.function: `f.export(...)`, `theano.compile.export(f, ...)`, `f.as_text()`.

The artifact is a serialized `jax.export.Exported`: the StableHLO module of f's program with its input and
output shapes and dtypes, lowered for each platform asked for (a CUDA lowering needs no GPU: jax.export lowers
across platforms, so `platforms=('cpu', 'cuda')` works on a CPU-only machine). A loader needs only `jax`:

    exp = jax.export.deserialize(open(path, "rb").read())
    results = exp.call(*inputs, *shared_values)

Calling convention of the exported function (`exp.in_avals` / `exp.out_avals` show it):
- shared='argument' (the default): arguments are f's explicit inputs, then the shared values in the order of
  `f.get_shared()`; results are f's outputs, then every shared value after the call (updated ones replaced),
  so a training step can be driven from outside by feeding the new values back. Parameters stay data: the
  artifact does not grow with them, they can be replaced, and a training function keeps its updates.
- shared='embed': the shared values are baked into the module as constants; arguments are f's explicit inputs
  only and results f's outputs only (a self-contained inference artifact). A function with updates cannot be
  embedded (its new state would have nowhere to go): an error says so.
- When f carries run-time checks (integer division, index bounds, ...), one more result follows: an int32[2]
  error flag, [0, 0] when every check passed (Theano's error is not raised by a bare loader).
The leading axis of the inputs is a symbolic dimension `batch` (jax.export.symbolic_shape) when every input of
rank >= 1 shares it in the example and the graph lowers for any size; otherwise the example's shapes are fixed
(a warning says why). Inputs are float64 where Theano's are: a loader enables `jax_enable_x64` for such a module.
"""
from __future__ import annotations

import importlib.util
import os
import warnings
from typing import Any, Sequence

import jax
import numpy as np

from theano.lowering.device import x64_scope
from theano.lowering.interop import InteropError, to_jax

__all__ = ["export", "exported", "as_text", "stablehlo", "ExportError"]

_PLATFORMS = {"cpu": "cpu", "cuda": "cuda", "gpu": "cuda", "rocm": "rocm", "tpu": "tpu"}


class ExportError(InteropError):
    """A compiled function cannot be exported as asked."""


def _platforms(platforms: Any) -> tuple[str, ...]:
    if isinstance(platforms, str):
        platforms = (platforms,)
    out = []
    for p in platforms:
        name = _PLATFORMS.get(str(p).lower())
        if name is None:
            raise ExportError(f"export: unknown platform {p!r}; expected some of {sorted(_PLATFORMS)}")
        if name not in out:
            out.append(name)
    if not out:
        raise ExportError("export: platforms is empty; give at least one of 'cpu', 'cuda'")
    return tuple(out)


def _example_specs(jf: Any, inputs: Sequence[Any] | None) -> list[Any]:
    """One jax.ShapeDtypeStruct per explicit input, from the examples (arrays or ShapeDtypeStructs)."""
    types = jf.input_types
    if inputs is None:
        if any(t.ndim and not all(t.broadcastable) for t in types):
            raise ExportError(f"export of {jf.function}: give example inputs (inputs=[...], arrays or "
                              "jax.ShapeDtypeStruct) to fix the shapes of its inputs "
                              f"({', '.join(str(t) for t in types)}); the leading axis becomes a symbolic batch size")
        return [jax.ShapeDtypeStruct((1,) * t.ndim, np.dtype(t.dtype)) for t in types]
    if len(inputs) != len(types):
        raise ExportError(f"export of {jf.function}: it takes {len(types)} input(s); {len(inputs)} example(s) given")
    specs = []
    for k, (x, t) in enumerate(zip(inputs, types)):
        shape = tuple(int(d) for d in np.shape(x)) if not hasattr(x, "shape") else tuple(int(d) for d in x.shape)
        if len(shape) != t.ndim:
            raise ExportError(f"export of {jf.function}: example input {k} has shape {shape}; its type is {t} "
                              f"({t.ndim}-d)")
        specs.append(jax.ShapeDtypeStruct(shape, np.dtype(t.dtype)))
    return specs


def _batched(specs: list[Any]) -> list[Any] | None:
    """The specs with the shared leading axis made symbolic, or None when the inputs share no leading axis."""
    ranked = [s for s in specs if len(s.shape) >= 1]
    if not ranked or len({s.shape[0] for s in ranked}) != 1:
        return None
    batch, = jax.export.symbolic_shape("batch")
    return [jax.ShapeDtypeStruct((batch,) + tuple(s.shape[1:]), s.dtype) if len(s.shape) >= 1 else s for s in specs]


def exported(fn: Any, inputs: Sequence[Any] | None = None, platforms: Any = ("cpu", "cuda"),
             shared: str = "argument", batch: bool = True) -> Any:
    """The `jax.export.Exported` of compiled function `fn` (see the module docstring for its calling convention)."""
    if shared not in ("argument", "embed"):
        raise ExportError(f"export: shared={shared!r}; expected 'argument' (shared values are arguments and "
                          "results) or 'embed' (their current values become constants)")
    plats = _platforms(platforms)
    jf = to_jax(fn)
    if getattr(fn, "_runs_host_code", False):
        raise ExportError(f"export of {fn}: its program calls back into Python (an as_op / perform op, Print, ...): "
                          "a StableHLO module cannot carry host callbacks")
    sp = jf._shape_program
    if not sp.empty and sp._value_pos:
        names = ", ".join(sorted({str(n.op) for n in sp.targets}))
        raise ExportError(f"export of {fn}: output shapes of {names} depend on input values, which a StableHLO module "
                          "cannot compute (its shapes are fixed or symbolic in input shapes only)")
    n_in = jf.n_inputs
    embed = shared == "embed"
    if embed and jf._targets:
        raise ExportError(f"export of {fn}: it updates shared variables "
                          f"({', '.join(str(jf.shared_variables[k]) for k in jf._targets)}); with shared='embed' the new "
                          "values would be lost. Use shared='argument' (the default), or compile without updates")
    state = [s.get_value(borrow=True, return_internal_type=True) for s in jf.shared_variables]

    def program(*args: Any) -> tuple:
        svals = state if embed else args[n_in:]
        outs, new_shared, flag = jf.apply(svals, args[:n_in])
        results = list(outs) + ([] if embed else list(new_shared))
        return tuple(results + ([flag] if flag is not None else []))

    specs = _example_specs(jf, inputs)
    shared_specs = [] if embed else [jax.ShapeDtypeStruct(np.shape(v), np.dtype(t.dtype))
                                     for v, t in zip(state, jf.shared_types)]
    attempts = []
    first_error: Any = None
    b = _batched(specs) if batch else None
    if b is not None and sp.empty:
        attempts.append(b)
    elif b is not None:  # a Reshape / Alloc whose shape the host computes from the input shapes
        first_error = ExportError("output shapes of " + ", ".join(sorted({str(n.op) for n in sp.targets}))
                                  + " are computed on the host from the input shapes")
    attempts.append(specs)
    for k, arg_specs in enumerate(attempts):
        try:
            with x64_scope():
                exp = jax.export.export(jax.jit(program), platforms=plats)(*arg_specs, *shared_specs)
        except InteropError:
            raise
        except Exception as err:  # noqa: BLE001 - reported below, with the platform that failed
            if k + 1 < len(attempts):
                first_error = err
                continue
            raise ExportError(f"export of {fn} for platforms {plats} failed: {type(err).__name__}: "
                              f"{str(err).splitlines()[0] if str(err) else ''}") from err
        if first_error is not None:
            warnings.warn(f"export of {fn}: the batch size is fixed at the example's ({specs[0].shape[0] if specs else '?'}"
                          f"); a symbolic batch axis does not lower for this graph: {type(first_error).__name__}: "
                          f"{str(first_error).splitlines()[0] if str(first_error) else ''}", stacklevel=_caller_level())
        return exp
    raise AssertionError("unreachable")


def _caller_level() -> int:
    """The warnings stacklevel of the first frame outside this package (f.export, theano.compile.export, ...)."""
    import sys

    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("theano."):
        level += 1
        frame = frame.f_back
    return level


def _need_flatbuffers() -> None:
    if importlib.util.find_spec("flatbuffers") is None:
        raise ImportError("export: serializing a jax.export artifact needs the `flatbuffers` package; install it "
                          "with `pip install theano-xla[export]` (or `pip install flatbuffers`)")


def export(fn: Any, path: str | os.PathLike | None = None, platforms: Any = ("cpu", "cuda"), shared: str = "argument",
           inputs: Sequence[Any] | None = None, batch: bool = True) -> bytes | None:
    """Serialize compiled function `fn` as a jax.export artifact (StableHLO): the bytes when `path` is None, else
    written to `path` (and None returned). `inputs`: example inputs (arrays or jax.ShapeDtypeStruct) fixing the
    shapes; their common leading axis is exported as a symbolic batch size where the graph allows (`batch`)."""
    _need_flatbuffers()
    data = bytes(exported(fn, inputs=inputs, platforms=platforms, shared=shared, batch=batch).serialize())
    if path is None:
        return data
    with open(os.fspath(path), "wb") as out:
        out.write(data)
    return None


def as_text(fn: Any, *inputs: Any, shared: str = "argument") -> str:
    """The StableHLO module of compiled function `fn` (for the CPU), as text; example inputs fix the input
    shapes where the function has non-scalar inputs (their leading axis stays symbolic where the graph allows)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exp = exported(fn, inputs=inputs if inputs else None, platforms=("cpu",), shared=shared)
    return _without_locations(exp.mlir_module())


def _without_locations(text: str) -> str:
    """The module text without its debug locations (file paths and line numbers of the tracing Python code)."""
    try:
        from jax._src.interpreters import mlir
        from jax._src.lib.mlir import ir

        with mlir.make_ir_context():
            return ir.Module.parse(text).operation.get_asm(enable_debug_info=False)
    except Exception:  # noqa: BLE001 - a JAX without these internals: the text with its locations
        return text


def stablehlo(fn: Any, *inputs: Any) -> str:
    """theano.printing.stablehlo(f, *example_inputs): the StableHLO module text of compiled function `f`."""
    return as_text(fn, *inputs)

"""The matmul / convolution precision policy (`config.matmul_precision`): the one place contractions read it.

Every contraction rule (Dot, BatchedDot, tensordot, the convolutions, pooling's window contractions, the linear
algebra rules) passes `dot_precision(dtype)` or `conv_precision()` to JAX. The default, `highest`, keeps
Theano's numerics: full float32 products, as Theano's cuBLAS sgemm and cuDNN calls computed them. `high` and
`default` let XLA use TF32 / bf16 tensor-core passes on GPUs (about 1e-3 relative error on float32 products);
on CPUs every setting computes in full precision.

A compiled function keeps the policy it was built with: `Function._compile` reads the flag once and traces its
program inside `policy_scope(name)`, so a later change of the flag neither changes nor reuses that program
(a function built under another setting is another program). The scope also sets JAX's own
`jax_default_matmul_precision`, which covers the products inside JAX's library functions (linalg) and is part of
JAX's jit cache key.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
from typing import Any, Callable, Iterator

import jax
import numpy as np
from jax import lax

from theano.frontend.config import config
from theano.frontend.config_flags import MATMUL_PRECISIONS

# Theano-style and JAX's legacy names -> lax.Precision (JAX's own table: jax._src.lax.lax._precision_strings)
_LEGACY = {
    "highest": lax.Precision.HIGHEST, "float32": lax.Precision.HIGHEST,
    "high": lax.Precision.HIGH, "tensorfloat32": lax.Precision.HIGH, "bfloat16_3x": lax.Precision.HIGH,
    "default": lax.Precision.DEFAULT, "bfloat16": lax.Precision.DEFAULT, "fastest": lax.Precision.DEFAULT,
}

# a dot algorithm preset's nearest lax.Precision, for the convolutions (lax.conv takes no algorithm) and for
# contractions in other dtypes than float32 (a preset would cast their operands)
_PRESET_NEAREST = {
    "F32_F32_F32": lax.Precision.HIGHEST, "F64_F64_F64": lax.Precision.HIGHEST,
    "BF16_BF16_F32_X6": lax.Precision.HIGHEST, "BF16_BF16_F32_X9": lax.Precision.HIGHEST,
    "TF32_TF32_F32_X3": lax.Precision.HIGHEST,
    "BF16_BF16_F32_X3": lax.Precision.HIGH, "TF32_TF32_F32": lax.Precision.HIGH,
}



def _jax_default_name(name: str) -> str:
    """The jax_default_matmul_precision value for policy `name`: a legacy name, never a preset, since JAX applies
    a preset default to products of every dtype (a float64 product in a linalg rule would be cast to float32)."""
    if name in _LEGACY:
        return {"fastest": "default", "bfloat16_3x": "high"}.get(name, name)
    return _PRESET_NEAREST.get(name, lax.Precision.DEFAULT).name.lower()


_scoped: contextvars.ContextVar[str | None] = contextvars.ContextVar("theano_matmul_precision", default=None)


def policy_name() -> str:
    """The policy in force: the one of the program being traced (policy_scope), else config.matmul_precision."""
    name = _scoped.get()
    return config.matmul_precision if name is None else name


def check_policy(name: str) -> str:
    """`name` if it is an accepted policy, else a ValueError naming the accepted ones."""
    if name not in MATMUL_PRECISIONS:
        raise ValueError(f"matmul_precision: invalid value {name!r}; expected one of "
                         f"{', '.join(map(repr, MATMUL_PRECISIONS))}")
    return name


def dot_precision(dtype: Any = "float32") -> Any:
    """The `precision=` argument of a dot_general / tensordot / einsum on operands of `dtype`.

    A lax.Precision, or for float32 operands under a preset name the lax.DotAlgorithmPreset itself.
    """
    name = policy_name()
    if name in _LEGACY:
        return _LEGACY[name]
    if np.dtype(dtype) == np.float32:
        return lax.DotAlgorithmPreset[name]
    return _PRESET_NEAREST.get(name, lax.Precision.DEFAULT)


def conv_precision() -> Any:
    """The `precision=` argument of a convolution: a lax.Precision (convolutions take no algorithm preset)."""
    name = policy_name()
    return _LEGACY[name] if name in _LEGACY else _PRESET_NEAREST.get(name, lax.Precision.DEFAULT)


@contextlib.contextmanager
def policy_scope(name: str | None = None) -> Iterator[str]:
    """Trace under policy `name` (default: the current one): our rules and JAX's default precision follow it."""
    name = check_policy(policy_name() if name is None else name)
    token = _scoped.set(name)
    try:
        with jax.default_matmul_precision(_jax_default_name(name)):
            yield name
    finally:
        _scoped.reset(token)


def under_policy(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
    """`fn` traced (or run) under policy `name`, whatever the flag says when it runs: a program keeps its policy."""
    check_policy(name)

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with policy_scope(name):
            return fn(*args, **kwargs)
    return run

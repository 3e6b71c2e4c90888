"""Loading the GPU objects Theano pickled: theano.gpuarray's GpuArrayType / GpuArraySharedVariable (a pygpu
GpuArray payload) and the old back-end's theano.sandbox.cuda CudaNdarrayType / CudaNdarraySharedVariable (a
CudaNdarray payload).

As in Theano 1.0.5 without pygpu, a GPU array payload loads as a numpy array only with
`config.experimental.unpickle_gpu_on_cpu=True` (with Theano's warning); otherwise it is an ImportError that
names the flag. The types load as our TensorType and the shared variables as our TensorSharedVariable, whose
value lives on our configured device (CPU or a GPU through XLA).
"""
from __future__ import annotations

import sys
import types
import warnings
from typing import Any

import numpy as np

from theano.frontend.config import config
from theano.frontend.shared import TensorSharedVariable
from theano.frontend.type import TensorType
from theano.frontend import theano_pickles

_FLAG = "config.experimental.unpickle_gpu_on_cpu"
_CONVERTERS = theano_pickles  # imported for its converters, which the shared variables below load through


def _payload(npa: Any, kind: str) -> np.ndarray:
    if config.experimental.unpickle_gpu_on_cpu:
        warnings.warn(f"{_FLAG} is set to True. Unpickling {kind} as numpy.ndarray")
        return npa
    raise ImportError(f"Cannot unpickle a {kind}: theano-xla has no {'pygpu' if kind == 'GpuArray' else 'CUDA'} "
                      f"arrays. Set {_FLAG}=True (THEANO_FLAGS=experimental.unpickle_gpu_on_cpu=True) to load it "
                      "as a numpy array; shared variables then live on the configured device")


def GpuArray_unpickler(npa: Any, ctx_name: Any = None) -> np.ndarray:  # noqa: N802 - Theano's name
    """theano.gpuarray.type.GpuArray_unpickler: a pygpu GpuArray Theano pickled (as its numpy value)."""
    return _payload(npa, "GpuArray")


def CudaNdarray_unpickler(npa: Any) -> np.ndarray:  # noqa: N802 - Theano's name
    """theano.sandbox.cuda.type.CudaNdarray_unpickler: a CudaNdarray Theano 0.x pickled (as its numpy value)."""
    return _payload(npa, "CudaNdarray")


class _LoadsAsTensorType(TensorType):
    """A GPU tensor type Theano pickled: it loads as our TensorType of the same dtype and broadcastable."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            raise TypeError(f"theano-xla has no {cls.__name__}: use theano.tensor.TensorType (tensors live on "
                            "config.device)")
        return object.__new__(cls)

    def __setstate__(self, state: dict) -> None:
        fresh = TensorType(state.get("dtype", "float32"), state["broadcastable"], name=state.get("name"))
        self.__class__ = TensorType
        self.__dict__.update(fresh.__dict__)


class GpuArrayType(_LoadsAsTensorType):
    """theano.gpuarray.type.GpuArrayType, as pickled by Theano."""


class CudaNdarrayType(_LoadsAsTensorType):
    """theano.sandbox.cuda.type.CudaNdarrayType, as pickled by Theano 0.x (its dtype is float32)."""


class _LoadsAsTensorShared(TensorSharedVariable):
    """A GPU shared variable Theano pickled: it loads as our TensorSharedVariable on the configured device."""

    def __init__(self, *args: Any, **kwargs: Any):
        raise TypeError(f"theano-xla has no {type(self).__name__}: theano.shared(value) puts the value on "
                        "config.device")

    def __setstate__(self, state: dict) -> None:
        self.__class__ = TensorSharedVariable
        TensorSharedVariable.__setstate__(self, state)


class GpuArraySharedVariable(_LoadsAsTensorShared):
    """theano.gpuarray.type.GpuArraySharedVariable, as pickled by Theano."""


class CudaNdarraySharedVariable(_LoadsAsTensorShared):
    """theano.sandbox.cuda.var.CudaNdarraySharedVariable, as pickled by Theano 0.x."""


class ContextNotDefined(ValueError):
    """theano.gpuarray.type.ContextNotDefined: a GPU context name that is not defined (there are none here)."""


def register_cuda_pickle_modules() -> None:
    """Make theano.sandbox.cuda.type / .var (the paths Theano 0.x pickled CUDA objects under) importable by
    pickle while `import theano.sandbox.cuda` itself still raises (the back-end is removed, as in Theano 1.0.5):
    pickle imports the full dotted name, which Python finds in sys.modules without importing the package."""
    for name, names in (("theano.sandbox.cuda.type", {"CudaNdarrayType": CudaNdarrayType,
                                                      "CudaNdarray_unpickler": CudaNdarray_unpickler}),
                        ("theano.sandbox.cuda.var", {"CudaNdarraySharedVariable": CudaNdarraySharedVariable})):
        if name not in sys.modules:
            mod = types.ModuleType(name, "Theano 0.x's CUDA names, for loading its pickles only (docs/pickles.md).")
            mod.__dict__.update(names)
            sys.modules[name] = mod

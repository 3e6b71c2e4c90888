"""theano.gpuarray.type: the names Theano 1.0.5 pickled for GPU arrays, types and shared variables; they load as
numpy arrays (with config.experimental.unpickle_gpu_on_cpu), TensorType and TensorSharedVariable (docs/pickles.md)."""
from theano.frontend.theano_pickles_gpu import (ContextNotDefined, GpuArray_unpickler,  # noqa: F401
                                                GpuArraySharedVariable, GpuArrayType)

"""theano.gpuarray.dnn: cuDNN through libgpuarray; never available in theano-xla (XLA calls cuDNN itself)."""


def dnn_available(context_name: object = None) -> bool:
    """False: there is no libgpuarray cuDNN wrapper; `dnn_available.msg` says why."""
    return False


dnn_available.msg = "theano-xla has no libgpuarray back-end; XLA uses cuDNN itself on GPUs"  # type: ignore[attr-defined]
dnn_present = dnn_available

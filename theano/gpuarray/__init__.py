"""theano.gpuarray: Theano's libgpuarray GPU back-end, which theano-xla does not use.

`pygpu_activated` is False, as in a Theano 1.0.5 without pygpu; code that checks it takes its CPU
path. theano-xla runs on GPUs through XLA (`THEANO_FLAGS=device=cuda`).
"""
pygpu_activated = False
pygpu = None
move_to_gpu = None


def use(device: str, force: bool = False, default_to_move_computation_to_gpu: bool = True,
        move_shared_to_gpu: bool = True, preallocate: object = None) -> None:
    """Theano's gpuarray.use: not available (no pygpu); select a GPU with config.device instead."""
    raise ValueError(f"theano.gpuarray.use({device!r}): there is no libgpuarray back-end in theano-xla; "
                     "set THEANO_FLAGS=device=cuda to run on a GPU through XLA")

"""theano.distributed: one script on several processes or hosts (a thin layer over jax.distributed;
docs/scaling.md "Many hosts")."""
from theano.lowering.distributed import (global_devices, initialize, is_initialized, local_devices,  # noqa: F401
                                         process_count, process_index, shutdown)

__all__ = ["initialize", "shutdown", "is_initialized", "process_index", "process_count", "local_devices",
           "global_devices"]

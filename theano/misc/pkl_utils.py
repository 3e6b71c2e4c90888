"""theano.misc.pkl_utils (re-exports): pickle to a zip of `.npy` arrays, StripPickler."""
from theano.frontend.pkl_utils import (  # noqa: F401
    DEFAULT_PROTOCOL, HIGHEST_PROTOCOL, CompatUnpickler, Pickler, PersistentGpuArrayID, PersistentNdarrayID,
    PersistentNdarrayLoad, PersistentSharedVariableID, StripPickler, dump, load, zipadd)

__all__ = ["DEFAULT_PROTOCOL", "HIGHEST_PROTOCOL", "CompatUnpickler", "Pickler", "PersistentGpuArrayID",
           "PersistentNdarrayID", "PersistentNdarrayLoad", "PersistentSharedVariableID", "StripPickler", "dump",
           "load", "zipadd"]

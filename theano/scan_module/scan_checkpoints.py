"""theano.scan_module.scan_checkpoints (re-export)."""
from theano.frontend.scan_checkpoints import scan_checkpoints

__all__ = ["scan_checkpoints"]

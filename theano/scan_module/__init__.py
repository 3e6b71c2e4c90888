"""theano.scan_module: symbolic loops (re-exports)."""
from theano.frontend.scan import foldl, foldr, map, reduce, scan, until  # noqa: F401,A004
from theano.scan_module import scan_op, scan_opt, scan_utils  # noqa: F401
from theano.scan_module.scan_checkpoints import scan_checkpoints  # noqa: F401

"""theano.scan_module: symbolic loops (re-exports)."""
import theano.scan_module.scan  # noqa: F401 - the submodule loads first, so the name `scan` below stays the function
from theano.frontend.scan import foldl, foldr, map, reduce, scan, until  # noqa: F401,A004,E402
from theano.scan_module import scan_op, scan_utils  # noqa: F401,E402
from theano.scan_module import scan_opt, scan_views  # noqa: F401,E402 - submodules as attributes, as in Theano
from theano.scan_module.scan_checkpoints import scan_checkpoints  # noqa: F401,E402

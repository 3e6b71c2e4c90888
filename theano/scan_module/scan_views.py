"""theano.scan_module.scan_views: map, reduce, foldl and foldr, the scan shortcuts (re-exports)."""
from theano.frontend.scan import foldl, foldr, map, reduce  # noqa: F401,A004

__docformat__ = "restructedtext en"
__all__ = ["map", "reduce", "foldl", "foldr"]

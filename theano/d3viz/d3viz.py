"""theano.d3viz.d3viz: re-exports theano.frontend.d3viz.d3viz."""
from theano.frontend.d3viz.d3viz import d3viz, d3write, replace_patterns, safe_json

__all__ = ["d3viz", "d3write", "replace_patterns", "safe_json"]

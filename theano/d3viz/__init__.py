"""theano.d3viz: re-exports theano.frontend.d3viz (interactive HTML views of graphs)."""
from theano.frontend.d3viz import d3viz, d3write

__all__ = ["d3viz", "d3write"]

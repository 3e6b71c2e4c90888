"""Interactive HTML views of graphs (theano.d3viz): d3viz writes the page, d3write a DOT file."""
from theano.frontend.d3viz.d3viz import d3viz, d3write

__all__ = ["d3viz", "d3write"]

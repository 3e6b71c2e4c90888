"""theano.scan_module.scan as a module (`from theano.scan_module.scan import scan`).

The attribute `theano.scan_module.scan` stays the function, as in Theano: theano/scan_module/__init__.py loads
this module first and then binds the name to the function.
"""
from theano.frontend.scan import scan  # noqa: F401

__docformat__ = "restructedtext en"
__all__ = ["scan"]

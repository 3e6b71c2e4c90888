"""theano.compile.function as a module (`from theano.compile.function import function, function_dump`).

The attribute `theano.compile.function` stays the function, as in Theano: theano/compile/__init__.py loads this
module first and then binds the name to the function (as it does for pfunc).
"""
from theano.lowering.function import function  # noqa: F401
from theano.lowering.function_copy import function_dump  # noqa: F401
from theano.compile.pfunc import pfunc  # noqa: F401 - Theano's module imports it too

__docformat__ = "restructuredtext en"
__all__ = ["function", "function_dump"]

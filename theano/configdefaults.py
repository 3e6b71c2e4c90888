"""theano.configdefaults (re-exports): the config object and the platform bit-width helpers."""
from theano.frontend.compat import local_bitwidth, python_int_bitwidth  # noqa: F401
from theano.frontend.config import config  # noqa: F401
from theano.frontend.compiledir import (compiledir_format_dict, default_compiledir,  # noqa: F401,E402
                                        default_compiledirname, short_platform)

__all__ = ["config", "local_bitwidth", "python_int_bitwidth", "compiledir_format_dict", "default_compiledir",
           "default_compiledirname", "short_platform"]

"""theano.gof.utils: the tag class and the optional-method error (re-exports)."""
from theano.frontend.graph import MethodNotDefined
from theano.frontend.graph import Scratchpad as scratchpad
from theano.frontend.graph import ValidatingScratchpad
from theano.frontend.tag_trace import add_tag_trace

__all__ = ["MethodNotDefined", "scratchpad", "ValidatingScratchpad", "add_tag_trace"]
from theano.frontend.gof_utils import (ABORT, ANY_TYPE, FAILURE, FALL_THROUGH, RETRY, D, Keyword,  # noqa: F401,E402
                                       MetaObject, comm_guard, deprecated, difference, flatten, from_return_values,
                                       give_variables_names, hash_from_code, hash_from_file, hashtype, hist,
                                       memoize, object2, remove, simple_types, to_return_values, toposort,
                                       type_guard, undef, uniq, unique)

"""theano.sparse: sparse matrices (scipy.sparse values) in Theano graphs (re-exports theano.frontend.sparse)."""
from theano.frontend.sparse import enable_sparse  # noqa: F401
from theano.sparse.type import *  # noqa: F401,F403
from theano.sparse.basic import *  # noqa: F401,F403
from theano.sparse import basic, opt, sharedvar, type, utils  # noqa: F401
from theano.sparse.sharedvar import sparse_constructor as shared  # noqa: F401

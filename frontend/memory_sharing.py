"""theano.misc.may_share_memory: whether two values (ndarrays, scipy.sparse matrices, device arrays) may share
memory, as Theano's check (a sparse matrix shares memory through its data, indices and indptr arrays)."""
from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse

from theano.frontend.graph import backend
from theano.frontend.sparse.type import SparseType


def _is_device(a: Any) -> bool:
    check = backend.get("is_device_array")
    return bool(check is not None and check(a))


def may_share_memory(a: Any, b: Any, raise_other_type: bool = True) -> bool:
    """True when `a` and `b` may share memory. ndarrays: numpy's check; sparse matrices: any of their arrays;
    device arrays (the internal values of shared variables, Theano's GpuArray place): only with themselves.
    Another type raises TypeError (raise_other_type=True) or gives False."""
    a_nd, b_nd = isinstance(a, np.ndarray), isinstance(b, np.ndarray)
    if a_nd and b_nd:
        return bool(np.may_share_memory(a, b))
    a_dev, b_dev = _is_device(a), _is_device(b)
    if a_dev and b_dev:
        return a is b
    a_sp, b_sp = scipy.sparse.issparse(a), scipy.sparse.issparse(b)
    if not (a_nd or a_sp or a_dev) or not (b_nd or b_sp or b_dev):
        if raise_other_type:
            raise TypeError("may_share_memory support only ndarray and scipy.sparse or GpuArray type")
        return False
    if a_dev or b_dev:
        return False
    return SparseType.may_share_memory(a, b)

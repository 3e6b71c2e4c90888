"""Theano's slice arithmetic for local_subtensor_merge (passes/subtensor_rewrites.py): `merge_two_slices` gives
one index equivalent to x[slice1][slice2], for any sign of bounds and steps, symbolic or constant, keeping numpy's
empty results and out-of-range errors."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.ops.indexing import get_canonical_form_slice
from theano.frontend.ops.subtensor import _add, _gt, _lt, _mul, _sub, _switch, known_int, slice_length


def _ge(a: Any, b: Any) -> Any:
    r = _lt(a, b)
    return (not r) if isinstance(r, (bool, np.bool_)) else T.invert(r)


def _and(a: Any, b: Any) -> Any:
    if isinstance(a, (bool, np.bool_)):
        return b if a else False
    if isinstance(b, (bool, np.bool_)):
        return a if b else False
    return T.and_(a, b)


def _sign_product(d1: Any, d2: Any) -> Any:
    return _mul(d1, d2)


def merge_two_slices(slice1: slice, len1: Any, slice2: Any) -> Any:
    """One index equivalent to `[slice1][slice2]` on an axis of length len1 (slice2 a slice or an integer).

    An integer slice2 out of bounds of the first slice's result becomes the out-of-bounds index len1, so the
    merged Subtensor raises IndexError where the pair did."""
    (start1, stop1, step1), dir1 = (lambda c: ((c[0].start, c[0].stop, c[0].step), c[1]))(
        get_canonical_form_slice(slice1, len1))
    len2 = slice_length(slice1.start, slice1.stop, slice1.step, len1)
    if not isinstance(slice2, slice):
        i = slice2
        ki = known_int(i)
        if ki is not None:  # a constant index needs only one of the two bounds
            valid = _lt(i, len2) if ki >= 0 else _ge(i, _mul(len2, -1))
        else:
            valid = _and(_ge(i, _mul(len2, -1)), _lt(i, len2))
        ic = _switch(_lt(i, 0), _add(i, len2), i)
        forward = _add(start1, _mul(ic, step1))
        backward = _sub(_sub(stop1, 1), _mul(ic, step1))
        k = known_int(dir1)
        val = forward if k == 1 else backward if k == -1 else _switch(_lt(dir1, 0), backward, forward)
        return _switch(valid, val, len1)
    (start2, _stop2, step2), dir2 = (lambda c: ((c[0].start, c[0].stop, c[0].step), c[1]))(
        get_canonical_form_slice(slice2, len2))
    m = slice_length(slice2.start, slice2.stop, slice2.step, len2)
    # the picked positions of x are A + j*D for j in 0..m-1, in the order of the first slice
    k1 = known_int(dir1)
    d = _mul(step1, step2)
    a_fwd = _add(start1, _mul(start2, step1))
    a_bwd = _sub(_sub(stop1, 1), _mul(start2, step1))
    if k1 is not None:
        a = a_fwd if k1 == 1 else a_bwd
        d = d if k1 == 1 else _mul(d, -1)
    else:
        a = _switch(_lt(dir1, 0), a_bwd, a_fwd)
        d = _mul(d, dir1)
    # the second slice may read them backwards
    last_j = _sub(m, 1)
    k2 = known_int(dir2)
    if k2 == 1:
        first, step = a, d
    elif k2 == -1:
        first, step = _add(a, _mul(last_j, d)), _mul(d, -1)
    else:
        first = _switch(_lt(dir2, 0), _add(a, _mul(last_j, d)), a)
        step = _mul(d, dir2)
    last = _add(first, _mul(last_j, step))
    stop_up = _add(last, 1)
    below = _sub(last, 1)
    stop_down = _switch(_lt(below, 0), _sub(_mul(len1, -1), 1), below)  # -len1-1: down to position 0 included
    sign = _sign_product(dir1, dir2)
    ks = known_int(sign)
    stop = stop_up if ks == 1 else stop_down if ks == -1 else _switch(_gt(sign, 0), stop_up, stop_down)
    nonempty = _gt(m, 0)
    return slice(_switch(nonempty, first, 0), _switch(nonempty, stop, 0), step)

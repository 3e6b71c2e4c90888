"""config.warn_float64: what happens when a float64 TensorVariable is made (Theano 1.0.5's TensorVariable check).

A GPU of the gamer kind runs float64 slowly, so a float32 model can ask to hear about every float64
variable: `warn` (a UserWarning pointing at the user's line), `raise` (an Exception) or `pdb`.
"""
from __future__ import annotations

import os
import traceback
import warnings

from theano.frontend.config import config

MESSAGE = ("You are creating a TensorVariable with float64 dtype. You requested an action via the Theano flag "
           "warn_float64={ignore,warn,raise,pdb}.")


def _package_dirs() -> tuple[str, ...]:
    """The folders of our own packages, whose frames the warning skips to point at the user's code."""
    here = os.path.dirname(os.path.abspath(__file__))  # frontend/ (or site-packages/theano/frontend)
    parent = os.path.dirname(here)
    dirs = [here] + [os.path.join(parent, name) for name in ("theano", "passes", "lowering")]
    if os.path.basename(parent) == "theano":  # an installed wheel: every package lives under theano/
        dirs.append(parent)
    return tuple(d + os.sep for d in dirs)


def check_float64(dtype: str) -> None:
    """Act on config.warn_float64 for a new TensorVariable of `dtype` (nothing unless it is float64)."""
    action = config.warn_float64
    if action == "ignore" or dtype != "float64":
        return
    if action == "raise":
        raise Exception(MESSAGE)
    if action == "pdb":
        import pdb

        pdb.set_trace()
        return
    dirs = _package_dirs()
    stack = traceback.extract_stack()[:-1]  # without this function's own frame
    skipped = 2
    while stack and os.path.abspath(stack[-1].filename).startswith(dirs):
        stack.pop()
        skipped += 1
    warnings.warn(MESSAGE, stacklevel=skipped)

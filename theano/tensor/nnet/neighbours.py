"""theano.tensor.nnet.neighbours: sliding-window patches (re-exports)."""
from theano.frontend.ops.neighbours import Images2Neibs, images2neibs, neibs2images  # noqa: F401

"""theano.sandbox.neighbours: Theano 1.0.5's old path of tensor.nnet.neighbours (re-exports)."""
from theano.tensor.nnet.neighbours import Images2Neibs, images2neibs, neibs2images  # noqa: F401

__all__ = ["images2neibs", "neibs2images", "Images2Neibs"]

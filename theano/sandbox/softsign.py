"""theano.sandbox.softsign: Theano 1.0.5's old path of tensor.nnet.nnet.softsign (re-export)."""
from theano.tensor.nnet.nnet import softsign  # noqa: F401

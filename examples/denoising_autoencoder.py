"""A denoising autoencoder on the 8x8 digits, as in the deeplearning.net tutorial ("Denoising Autoencoders").

The dA class of the tutorial: tied weights (W' = W^T), sigmoid units, the input corrupted by a binomial
mask drawn from `RandomStreams` inside the training function (a new mask on every call), and the
cross-entropy reconstruction cost. It runs unchanged on Theano 1.0.5 and on theano-xla.

    python examples/denoising_autoencoder.py                   # a few seconds on two CPU cores
    python examples/denoising_autoencoder.py --epochs 30 --corruption 0.5
    THEANO_FLAGS=device=cuda,floatX=float32 python examples/denoising_autoencoder.py
"""
from __future__ import print_function

import argparse
import os
import sys

import numpy

import theano
import theano.tensor as T
from theano.tensor.shared_randomstreams import RandomStreams

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasets import load_digits_splits  # noqa: E402


class dA(object):
    """Denoising autoencoder: corrupt the input, encode with W, decode with W^T, reconstruct the clean input."""

    def __init__(self, numpy_rng, theano_rng=None, input=None, n_visible=64, n_hidden=32,
                 W=None, bhid=None, bvis=None):
        self.n_visible = n_visible
        self.n_hidden = n_hidden
        if not theano_rng:
            theano_rng = RandomStreams(numpy_rng.randint(2 ** 30))
        if not W:
            initial_W = numpy.asarray(
                numpy_rng.uniform(
                    low=-4 * numpy.sqrt(6. / (n_hidden + n_visible)),
                    high=4 * numpy.sqrt(6. / (n_hidden + n_visible)),
                    size=(n_visible, n_hidden)
                ),
                dtype=theano.config.floatX
            )
            W = theano.shared(value=initial_W, name='W', borrow=True)
        if not bvis:
            bvis = theano.shared(value=numpy.zeros(n_visible, dtype=theano.config.floatX), name='bvis', borrow=True)
        if not bhid:
            bhid = theano.shared(value=numpy.zeros(n_hidden, dtype=theano.config.floatX), name='bhid', borrow=True)

        self.W = W
        self.b = bhid
        self.b_prime = bvis
        self.W_prime = self.W.T  # tied weights
        self.theano_rng = theano_rng
        self.x = T.matrix(name='input') if input is None else input
        self.params = [self.W, self.b, self.b_prime]

    def get_corrupted_input(self, input, corruption_level):
        """Keep each input unit with probability 1 - corruption_level, zero it otherwise."""
        return self.theano_rng.binomial(size=input.shape, n=1, p=1 - corruption_level,
                                        dtype=theano.config.floatX) * input

    def get_hidden_values(self, input):
        return T.nnet.sigmoid(T.dot(input, self.W) + self.b)

    def get_reconstructed_input(self, hidden):
        return T.nnet.sigmoid(T.dot(hidden, self.W_prime) + self.b_prime)

    def reconstruction_cost(self, x, z):
        """Mean over the minibatch of the cross-entropy between x and its reconstruction z."""
        L = - T.sum(x * T.log(z) + (1 - x) * T.log(1 - z), axis=1)
        return T.mean(L)

    def get_cost_updates(self, corruption_level, learning_rate):
        tilde_x = self.get_corrupted_input(self.x, corruption_level)
        y = self.get_hidden_values(tilde_x)
        z = self.get_reconstructed_input(y)
        cost = self.reconstruction_cost(self.x, z)
        gparams = T.grad(cost, self.params)
        updates = [(param, param - learning_rate * gparam) for param, gparam in zip(self.params, gparams)]
        return cost, updates


def main(argv=None):
    parser = argparse.ArgumentParser(description="denoising autoencoder on the 8x8 digits")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--n-hidden", type=int, default=32)
    parser.add_argument("--corruption", type=float, default=0.3)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    args = parser.parse_args(argv)

    (train_x, _), _, (test_x, _) = load_digits_splits()
    train_set_x = theano.shared(numpy.asarray(train_x, dtype=theano.config.floatX), borrow=True)
    test_set_x = theano.shared(numpy.asarray(test_x, dtype=theano.config.floatX), borrow=True)
    n_train_batches = train_x.shape[0] // args.batch_size

    index = T.lscalar()
    x = T.matrix('x')
    rng = numpy.random.RandomState(123)
    theano_rng = RandomStreams(rng.randint(2 ** 30))
    da = dA(numpy_rng=rng, theano_rng=theano_rng, input=x, n_visible=train_x.shape[1], n_hidden=args.n_hidden)
    cost, updates = da.get_cost_updates(corruption_level=args.corruption, learning_rate=args.learning_rate)
    train_da = theano.function(
        [index], cost, updates=updates,
        givens={x: train_set_x[index * args.batch_size: (index + 1) * args.batch_size]})
    clean_cost = theano.function(
        [], da.reconstruction_cost(x, da.get_reconstructed_input(da.get_hidden_values(x))),
        givens={x: test_set_x})

    print("test reconstruction cost before training: %f" % clean_cost())
    for epoch in range(1, args.epochs + 1):
        c = [train_da(batch_index) for batch_index in range(n_train_batches)]
        print("epoch %d, training cost %f" % (epoch, numpy.mean(c)))
    print("test reconstruction cost: %f" % clean_cost())


if __name__ == "__main__":
    main()

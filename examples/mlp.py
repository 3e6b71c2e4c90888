"""A multilayer perceptron (tanh hidden layers, softmax output, L2 penalty) on the 8x8 digits.

Written exactly as the classic deeplearning.net Theano tutorial ("Multilayer Perceptron"): a
HiddenLayer class, a LogisticRegression output layer, shared parameters, T.grad over all
parameters, an updates list and the `givens` minibatch idiom. It runs unchanged on Theano 1.0.5
and on theano-xla; this is the project's main example.

    python examples/mlp.py                      # a few seconds on two CPU cores
    python examples/mlp.py --epochs 50 --n-hidden 128,64
    THEANO_FLAGS=device=cuda,floatX=float32 python examples/mlp.py
"""
from __future__ import print_function

import os
import sys

import numpy

import theano
import theano.tensor as T

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logistic_regression import LogisticRegression  # noqa: E402
from training import sgd_train_digits, training_arg_parser  # noqa: E402


class HiddenLayer(object):
    """A fully connected layer: output = activation(input W + b), W initialised as in Glorot & Bengio."""

    def __init__(self, rng, input, n_in, n_out, W=None, b=None, activation=T.tanh):
        self.input = input
        if W is None:
            W_values = numpy.asarray(
                rng.uniform(
                    low=-numpy.sqrt(6. / (n_in + n_out)),
                    high=numpy.sqrt(6. / (n_in + n_out)),
                    size=(n_in, n_out)
                ),
                dtype=theano.config.floatX
            )
            if activation == T.nnet.sigmoid:
                W_values *= 4
            W = theano.shared(value=W_values, name='W', borrow=True)
        if b is None:
            b_values = numpy.zeros((n_out,), dtype=theano.config.floatX)
            b = theano.shared(value=b_values, name='b', borrow=True)
        self.W = W
        self.b = b

        lin_output = T.dot(input, self.W) + self.b
        self.output = (
            lin_output if activation is None
            else activation(lin_output)
        )
        self.params = [self.W, self.b]


class MLP(object):
    """Multi-layer perceptron: tanh hidden layers followed by a softmax (logistic regression) layer."""

    def __init__(self, rng, input, n_in, n_hidden, n_out):
        self.hiddenLayers = []
        layer_input, layer_n_in = input, n_in
        for n_units in n_hidden:
            layer = HiddenLayer(rng=rng, input=layer_input, n_in=layer_n_in, n_out=n_units, activation=T.tanh)
            self.hiddenLayers.append(layer)
            layer_input, layer_n_in = layer.output, n_units

        self.logRegressionLayer = LogisticRegression(input=layer_input, n_in=layer_n_in, n_out=n_out)

        # L1 norm and square of the L2 norm of the weights, for regularization
        weights = [layer.W for layer in self.hiddenLayers] + [self.logRegressionLayer.W]
        self.L1 = sum(abs(W).sum() for W in weights)
        self.L2_sqr = sum((W ** 2).sum() for W in weights)

        self.negative_log_likelihood = self.logRegressionLayer.negative_log_likelihood
        self.errors = self.logRegressionLayer.errors
        self.params = sum((layer.params for layer in self.hiddenLayers), []) + self.logRegressionLayer.params
        self.input = input


def test_mlp(learning_rate=0.1, L1_reg=0.00, L2_reg=0.0001, n_epochs=20, batch_size=20, n_hidden=(100,)):
    """Train the MLP with minibatch SGD; print validation error per epoch and the final test accuracy."""
    def build_model(x, y):
        rng = numpy.random.RandomState(1234)
        classifier = MLP(rng=rng, input=x, n_in=8 * 8, n_hidden=list(n_hidden), n_out=10)
        # the cost we minimize: negative log-likelihood plus the regularization terms
        cost = (
            classifier.negative_log_likelihood(y)
            + L1_reg * classifier.L1
            + L2_reg * classifier.L2_sqr
        )
        return cost, classifier.errors(y), classifier.params

    return sgd_train_digits(build_model, learning_rate, n_epochs, batch_size)


def main(argv=None):
    parser = training_arg_parser(__doc__, learning_rate=0.1)
    parser.add_argument('--n-hidden', type=str, default='100',
                        help='hidden layer sizes, comma-separated (default 100)')
    parser.add_argument('--l2', type=float, default=0.0001, help='L2 penalty weight (default 1e-4)')
    args = parser.parse_args(argv)
    n_hidden = [int(n) for n in args.n_hidden.split(',') if n]
    test_mlp(learning_rate=args.learning_rate, L2_reg=args.l2, n_epochs=args.epochs,
             batch_size=args.batch_size, n_hidden=n_hidden)


if __name__ == '__main__':
    main()

"""Multiclass logistic regression on the 8x8 digits, trained by minibatch SGD.

Written exactly as the classic deeplearning.net Theano tutorial ("Classifying MNIST digits using
Logistic Regression"): shared weights, a symbolic negative log-likelihood, T.grad, an updates list
and the `givens` minibatch idiom. It runs unchanged on Theano 1.0.5 and on theano-xla.

    python examples/logistic_regression.py --epochs 20
    THEANO_FLAGS=floatX=float32 python examples/logistic_regression.py
"""
from __future__ import print_function

import os
import sys

import numpy

import theano
import theano.tensor as T

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from training import sgd_train_digits, training_arg_parser  # noqa: E402


class LogisticRegression(object):
    """Multi-class logistic regression: P(Y=i|x) = softmax(x W + b)_i."""

    def __init__(self, input, n_in, n_out):
        # weights and biases start at zero, held as shared variables so they live between calls
        self.W = theano.shared(
            value=numpy.zeros((n_in, n_out), dtype=theano.config.floatX),
            name='W',
            borrow=True
        )
        self.b = theano.shared(
            value=numpy.zeros((n_out,), dtype=theano.config.floatX),
            name='b',
            borrow=True
        )
        # symbolic expression for the matrix of class-membership probabilities
        self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
        # symbolic prediction: the class of maximal probability
        self.y_pred = T.argmax(self.p_y_given_x, axis=1)
        self.params = [self.W, self.b]
        self.input = input

    def negative_log_likelihood(self, y):
        """Mean negative log-likelihood of the labels y under the model."""
        # T.arange(y.shape[0]) is [0, 1, ..., n-1]; T.log(p)[T.arange(n), y] picks log P(y_i | x_i)
        return -T.mean(T.log(self.p_y_given_x)[T.arange(y.shape[0]), y])

    def errors(self, y):
        """Fraction of minibatch examples the model gets wrong (zero-one loss)."""
        if y.ndim != self.y_pred.ndim:
            raise TypeError('y should have the same shape as self.y_pred',
                            ('y', y.type, 'y_pred', self.y_pred.type))
        if y.dtype.startswith('int'):
            return T.mean(T.neq(self.y_pred, y))
        else:
            raise NotImplementedError()


def sgd_optimization_digits(learning_rate=0.5, n_epochs=20, batch_size=20):
    """Train the model with minibatch SGD; print validation error per epoch and the final test accuracy."""
    def build_model(x, y):
        classifier = LogisticRegression(input=x, n_in=8 * 8, n_out=10)
        return classifier.negative_log_likelihood(y), classifier.errors(y), classifier.params

    return sgd_train_digits(build_model, learning_rate, n_epochs, batch_size)


def main(argv=None):
    args = training_arg_parser(__doc__, learning_rate=0.5).parse_args(argv)
    sgd_optimization_digits(learning_rate=args.learning_rate, n_epochs=args.epochs, batch_size=args.batch_size)


if __name__ == '__main__':
    main()

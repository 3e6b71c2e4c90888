"""Multiclass logistic regression on the 8x8 digits, trained by minibatch SGD.

Written exactly as the classic deeplearning.net Theano tutorial ("Classifying MNIST digits using
Logistic Regression"): shared weights, a symbolic negative log-likelihood, T.grad, an updates list
and the `givens` minibatch idiom. It runs unchanged on Theano 1.0.5 and on theano-xla.

    python examples/logistic_regression.py --epochs 20
    THEANO_FLAGS=floatX=float32 python examples/logistic_regression.py
"""
from __future__ import print_function

import argparse
import os
import sys
import timeit

import numpy

import theano
import theano.tensor as T

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasets import load_digits_splits  # noqa: E402


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


def shared_dataset(data_xy, borrow=True):
    """Load a dataset into shared variables, so minibatches are sliced where the data lives."""
    data_x, data_y = data_xy
    shared_x = theano.shared(numpy.asarray(data_x, dtype=theano.config.floatX), borrow=borrow)
    shared_y = theano.shared(numpy.asarray(data_y, dtype=theano.config.floatX), borrow=borrow)
    # labels are stored as floatX (the GPU idiom of the tutorial) and cast back to ints for indexing
    return shared_x, T.cast(shared_y, 'int32')


def sgd_optimization_digits(learning_rate=0.5, n_epochs=20, batch_size=20):
    """Train the model with minibatch SGD; print validation error per epoch and the final test accuracy."""
    datasets = [shared_dataset(d) for d in load_digits_splits()]
    train_set_x, train_set_y = datasets[0]
    valid_set_x, valid_set_y = datasets[1]
    test_set_x, test_set_y = datasets[2]

    n_train_batches = train_set_x.get_value(borrow=True).shape[0] // batch_size
    n_valid_batches = valid_set_x.get_value(borrow=True).shape[0] // batch_size
    n_test_batches = test_set_x.get_value(borrow=True).shape[0] // batch_size

    print('... building the model')
    index = T.lscalar()  # index to a [mini]batch
    x = T.matrix('x')    # rasterized images
    y = T.ivector('y')   # labels

    classifier = LogisticRegression(input=x, n_in=8 * 8, n_out=10)
    cost = classifier.negative_log_likelihood(y)

    test_model = theano.function(
        inputs=[index],
        outputs=classifier.errors(y),
        givens={
            x: test_set_x[index * batch_size: (index + 1) * batch_size],
            y: test_set_y[index * batch_size: (index + 1) * batch_size]
        }
    )
    validate_model = theano.function(
        inputs=[index],
        outputs=classifier.errors(y),
        givens={
            x: valid_set_x[index * batch_size: (index + 1) * batch_size],
            y: valid_set_y[index * batch_size: (index + 1) * batch_size]
        }
    )

    g_W = T.grad(cost=cost, wrt=classifier.W)
    g_b = T.grad(cost=cost, wrt=classifier.b)
    updates = [(classifier.W, classifier.W - learning_rate * g_W),
               (classifier.b, classifier.b - learning_rate * g_b)]

    train_model = theano.function(
        inputs=[index],
        outputs=cost,
        updates=updates,
        givens={
            x: train_set_x[index * batch_size: (index + 1) * batch_size],
            y: train_set_y[index * batch_size: (index + 1) * batch_size]
        }
    )

    print('... training the model')
    start_time = timeit.default_timer()
    best_validation_loss = numpy.inf
    for epoch in range(1, n_epochs + 1):
        costs = [train_model(minibatch_index) for minibatch_index in range(n_train_batches)]
        validation_losses = [validate_model(i) for i in range(n_valid_batches)]
        this_validation_loss = numpy.mean(validation_losses)
        best_validation_loss = min(best_validation_loss, this_validation_loss)
        print('epoch %i, minibatch %i/%i, train cost %f, validation error %f %%' %
              (epoch, n_train_batches, n_train_batches, numpy.mean(costs), this_validation_loss * 100.))
    end_time = timeit.default_timer()

    test_losses = [test_model(i) for i in range(n_test_batches)]
    test_score = numpy.mean(test_losses)
    print('Optimization complete: best validation error %f %%, %d epochs in %.1fs' %
          (best_validation_loss * 100., n_epochs, end_time - start_time))
    print('test accuracy: %.4f' % (1.0 - test_score))
    return 1.0 - test_score


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=20, help='training epochs (default 20)')
    parser.add_argument('--learning-rate', type=float, default=0.5, help='SGD step size (default 0.5)')
    parser.add_argument('--batch-size', type=int, default=20, help='minibatch size (default 20)')
    args = parser.parse_args(argv)
    sgd_optimization_digits(learning_rate=args.learning_rate, n_epochs=args.epochs, batch_size=args.batch_size)


if __name__ == '__main__':
    main()

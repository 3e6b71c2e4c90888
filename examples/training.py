"""The minibatch SGD training loop the examples share, written as the deeplearning.net Theano tutorials
write it: the data sets live in shared variables, minibatches are selected with `givens`, and the
parameters are updated through an updates list.

Plain Python, numpy and the Theano API only, so the examples run unchanged on Theano 1.0.5 and on
theano-xla.
"""
from __future__ import print_function

import argparse
import timeit

import numpy

import theano
import theano.tensor as T

from datasets import load_digits_splits


def shared_dataset(data_xy, borrow=True):
    """Load a dataset into shared variables, so minibatches are sliced where the data lives."""
    data_x, data_y = data_xy
    shared_x = theano.shared(numpy.asarray(data_x, dtype=theano.config.floatX), borrow=borrow)
    shared_y = theano.shared(numpy.asarray(data_y, dtype=theano.config.floatX), borrow=borrow)
    # labels are stored as floatX (the GPU idiom of the tutorial) and cast back to ints for indexing
    return shared_x, T.cast(shared_y, 'int32')


def training_arg_parser(doc, learning_rate):
    """An argument parser (described by the first line of `doc`) with the options every example takes:
    --epochs, --learning-rate (default `learning_rate`) and --batch-size."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=20, help='training epochs (default 20)')
    parser.add_argument('--learning-rate', type=float, default=learning_rate,
                        help='SGD step size (default %g)' % learning_rate)
    parser.add_argument('--batch-size', type=int, default=20, help='minibatch size (default 20)')
    return parser


def sgd_train_digits(build_model, learning_rate, n_epochs, batch_size):
    """Train a model on the digits by minibatch SGD; print the validation error per epoch and the final
    test accuracy, and return that accuracy.

    build_model(x, y) returns (cost, errors, params) for the symbolic images x and integer labels y.
    """
    print('... building the model')
    x = T.matrix('x')    # rasterized images
    y = T.ivector('y')   # labels
    cost, errors, params = build_model(x, y)
    datasets = [shared_dataset(d) for d in load_digits_splits()]
    n_batches = [set_x.get_value(borrow=True).shape[0] // batch_size for set_x, _ in datasets]
    index = T.lscalar()  # index to a [mini]batch

    def minibatch_function(dataset, outputs, updates=None):
        set_x, set_y = dataset
        return theano.function(
            inputs=[index],
            outputs=outputs,
            updates=updates,
            givens={
                x: set_x[index * batch_size: (index + 1) * batch_size],
                y: set_y[index * batch_size: (index + 1) * batch_size]
            }
        )

    test_model = minibatch_function(datasets[2], errors)
    validate_model = minibatch_function(datasets[1], errors)
    gparams = [T.grad(cost, param) for param in params]
    updates = [(param, param - learning_rate * gparam) for param, gparam in zip(params, gparams)]
    train_model = minibatch_function(datasets[0], cost, updates)

    print('... training the model')
    n_train_batches, n_valid_batches, n_test_batches = n_batches
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

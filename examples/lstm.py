"""An LSTM (theano.scan) learns to recall the first symbol of a sequence after a delay of distractors.

Written as a legacy Theano user writes a recurrent net: an LSTM layer class whose step function runs under
`theano.scan`, shared parameters, `T.grad` through the loop (backpropagation through time), RMSprop written
as an updates list, and the `givens` minibatch idiom over time-major sequences held in shared variables.
The data are generated with a fixed numpy seed (no download): each sequence is `--seq-len` one-hot symbols
drawn from `--n-symbols`; the label is the first symbol, so the net must carry it across every later step
while the later symbols try to overwrite it. Chance is 1/n-symbols. It runs unchanged on Theano 1.0.5 and
on theano-xla, and works with floatX=float32.

    python examples/lstm.py                   # a few seconds on two CPU cores
    python examples/lstm.py --seq-len 30 --epochs 20
    THEANO_FLAGS=floatX=float32 python examples/lstm.py
"""
from __future__ import print_function

import argparse
import timeit

import numpy

import theano
import theano.tensor as T


def generate_recall_data(n_sequences, seq_len, n_symbols, rng):
    """Time-major one-hot sequences (seq_len, n_sequences, n_symbols) and their labels: the first symbol."""
    symbols = rng.randint(0, n_symbols, size=(seq_len, n_sequences))
    x = numpy.zeros((seq_len, n_sequences, n_symbols), dtype=theano.config.floatX)
    t_idx, n_idx = numpy.meshgrid(numpy.arange(seq_len), numpy.arange(n_sequences), indexing='ij')
    x[t_idx, n_idx, symbols] = 1.
    return x, symbols[0].astype('int32')


def shared_dataset(data_xy, borrow=True):
    """Keep a data set in shared variables, so minibatches are sliced where the data live."""
    data_x, data_y = data_xy
    shared_x = theano.shared(numpy.asarray(data_x, dtype=theano.config.floatX), borrow=borrow)
    shared_y = theano.shared(numpy.asarray(data_y, dtype=theano.config.floatX), borrow=borrow)
    return shared_x, T.cast(shared_y, 'int32')


def uniform_weight(rng, n_in, n_out, name):
    """A Glorot-uniform weight matrix as a shared variable of floatX."""
    bound = numpy.sqrt(6. / (n_in + n_out))
    value = rng.uniform(low=-bound, high=bound, size=(n_in, n_out)).astype(theano.config.floatX)
    return theano.shared(value=value, name=name, borrow=True)


def orthogonal_weight(rng, n, name):
    """An orthogonal square matrix (the usual recurrent-weight initialisation) as a shared variable."""
    u, _, _ = numpy.linalg.svd(rng.normal(0., 1., size=(n, n)))
    return theano.shared(value=u.astype(theano.config.floatX), name=name, borrow=True)


class LSTM(object):
    """An LSTM layer over a time-major (time, batch, features) input; self.output is every hidden state."""

    def __init__(self, rng, input, n_in, n_hidden):
        self.input = input
        self.n_hidden = n_hidden
        # the four gates (input, forget, output, cell candidate) side by side
        self.W = theano.shared(numpy.concatenate([uniform_weight(rng, n_in, n_hidden, 'w').get_value()
                                                  for _ in range(4)], axis=1), name='W', borrow=True)
        self.U = theano.shared(numpy.concatenate([orthogonal_weight(rng, n_hidden, 'u').get_value()
                                                  for _ in range(4)], axis=1), name='U', borrow=True)
        b_values = numpy.zeros((4 * n_hidden,), dtype=theano.config.floatX)
        b_values[n_hidden:2 * n_hidden] = 1.  # forget-gate bias 1: remember by default
        self.b = theano.shared(value=b_values, name='b', borrow=True)
        self.params = [self.W, self.U, self.b]

        def slice_gate(m, k):
            return m[:, k * n_hidden:(k + 1) * n_hidden]

        def step(x_proj_t, h_tm1, c_tm1, U):
            preact = x_proj_t + T.dot(h_tm1, U)
            i = T.nnet.sigmoid(slice_gate(preact, 0))
            f = T.nnet.sigmoid(slice_gate(preact, 1))
            o = T.nnet.sigmoid(slice_gate(preact, 2))
            c_tilde = T.tanh(slice_gate(preact, 3))
            c_t = f * c_tm1 + i * c_tilde
            h_t = o * T.tanh(c_t)
            return h_t, c_t

        # the input projection of every step at once, outside the loop
        x_proj = T.dot(input, self.W) + self.b
        n_batch = input.shape[1]
        zero = numpy.asarray(0., dtype=theano.config.floatX)
        h0 = T.alloc(zero, n_batch, n_hidden)
        c0 = T.alloc(zero, n_batch, n_hidden)
        [h, c], _ = theano.scan(step, sequences=x_proj, outputs_info=[h0, c0], non_sequences=[self.U],
                                name='lstm', strict=True)
        self.output = h


class SoftmaxClassifier(object):
    """A softmax layer on the last hidden state, with the negative log-likelihood and the error rate."""

    def __init__(self, rng, input, n_in, n_out):
        self.W = uniform_weight(rng, n_in, n_out, 'W_out')
        self.b = theano.shared(numpy.zeros((n_out,), dtype=theano.config.floatX), name='b_out', borrow=True)
        self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
        self.y_pred = T.argmax(self.p_y_given_x, axis=1)
        self.params = [self.W, self.b]

    def negative_log_likelihood(self, y):
        return -T.mean(T.log(self.p_y_given_x)[T.arange(y.shape[0]), y])

    def errors(self, y):
        return T.mean(T.neq(self.y_pred, y))


def rmsprop_updates(cost, params, learning_rate, rho=0.9, epsilon=1e-6):
    """RMSprop written in Theano: one running mean of squared gradients per parameter (shared)."""
    updates = []
    lr = numpy.asarray(learning_rate, dtype=theano.config.floatX)
    one_minus_rho = numpy.asarray(1. - rho, dtype=theano.config.floatX)
    rho = numpy.asarray(rho, dtype=theano.config.floatX)
    eps = numpy.asarray(epsilon, dtype=theano.config.floatX)
    for param, grad in zip(params, T.grad(cost, params)):
        acc = theano.shared(numpy.zeros(param.get_value(borrow=True).shape, dtype=param.dtype),
                            broadcastable=param.broadcastable)
        acc_new = rho * acc + one_minus_rho * grad ** 2
        updates.append((acc, acc_new))
        updates.append((param, param - lr * grad / T.sqrt(acc_new + eps)))
    return updates


def train_lstm(n_epochs=10, seq_len=20, n_symbols=4, n_hidden=32, batch_size=32, learning_rate=0.01,
               n_train=2048, seed=1234):
    """Train the LSTM by minibatch RMSprop; print the cost and validation accuracy per epoch and the final
    test accuracy, and return that accuracy."""
    rng = numpy.random.RandomState(seed)
    train, valid, test = [shared_dataset(generate_recall_data(n, seq_len, n_symbols, rng))
                          for n in (n_train, 512, 512)]

    print('... building the model')
    index = T.lscalar('index')
    x = T.tensor3('x')  # (time, batch, symbol) one-hot
    y = T.ivector('y')
    lstm = LSTM(rng, x, n_symbols, n_hidden)
    classifier = SoftmaxClassifier(rng, lstm.output[-1], n_hidden, n_symbols)
    cost = classifier.negative_log_likelihood(y)
    params = lstm.params + classifier.params
    updates = rmsprop_updates(cost, params, learning_rate)

    def minibatch_function(dataset, outputs, updates=None):
        set_x, set_y = dataset
        return theano.function([index], outputs, updates=updates,
                               givens={x: set_x[:, index * batch_size:(index + 1) * batch_size],
                                       y: set_y[index * batch_size:(index + 1) * batch_size]})

    train_model = minibatch_function(train, cost, updates)
    validate_model = minibatch_function(valid, classifier.errors(y))
    test_model = minibatch_function(test, classifier.errors(y))
    n_train_batches = n_train // batch_size
    n_eval_batches = 512 // batch_size

    print('... training the model')
    start_time = timeit.default_timer()
    for epoch in range(1, n_epochs + 1):
        costs = [train_model(i) for i in range(n_train_batches)]
        valid_error = numpy.mean([validate_model(i) for i in range(n_eval_batches)])
        print('epoch %i, train cost %f, validation accuracy %f' % (epoch, numpy.mean(costs), 1. - valid_error))
    end_time = timeit.default_timer()
    test_error = numpy.mean([test_model(i) for i in range(n_eval_batches)])
    print('Optimization complete: %d epochs in %.1fs' % (n_epochs, end_time - start_time))
    print('test accuracy: %.4f' % (1. - test_error))
    return 1. - test_error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=10, help='training epochs (default 10)')
    parser.add_argument('--seq-len', type=int, default=20, help='sequence length (default 20)')
    parser.add_argument('--n-symbols', type=int, default=4, help='alphabet size (default 4)')
    parser.add_argument('--n-hidden', type=int, default=32, help='LSTM units (default 32)')
    parser.add_argument('--batch-size', type=int, default=32, help='minibatch size (default 32)')
    parser.add_argument('--learning-rate', type=float, default=0.01, help='RMSprop step size (default 0.01)')
    parser.add_argument('--seed', type=int, default=1234, help='numpy seed for data and weights (default 1234)')
    args = parser.parse_args(argv)
    train_lstm(n_epochs=args.epochs, seq_len=args.seq_len, n_symbols=args.n_symbols, n_hidden=args.n_hidden,
               batch_size=args.batch_size, learning_rate=args.learning_rate, seed=args.seed)


if __name__ == '__main__':
    main()

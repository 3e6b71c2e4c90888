"""Lasagne 0.1's examples/mnist.py MLP, with Lasagne's own update rules and layer maths inlined (tests do not import
lasagne): GlorotUniform DenseLayers, DropoutLayer (MRG_RandomStreams seeded from numpy.random, input /= retain_prob),
rectify/softmax, categorical_crossentropy, nesterov_momentum / adam / rmsprop as OrderedDict updates, a
deterministic val_fn with T.eq accuracy (dtype=floatX), shuffled minibatches. Tiny synthetic data.
`/tmp/theano-ref/bin/python tests/legacy/lasagne_style_program.py` prints Theano 1.0.5's numbers.
"""
from __future__ import print_function

from collections import OrderedDict

import numpy as np
import theano
import theano.tensor as T
from theano.sandbox.rng_mrg import MRG_RandomStreams as RandomStreams


def get_or_compute_grads(loss_or_grads, params):
    if isinstance(loss_or_grads, list):
        return loss_or_grads
    return theano.grad(loss_or_grads, params)


def sgd(loss_or_grads, params, learning_rate):
    grads = get_or_compute_grads(loss_or_grads, params)
    updates = OrderedDict()
    for param, grad in zip(params, grads):
        updates[param] = param - learning_rate * grad
    return updates


def apply_nesterov_momentum(updates, params=None, momentum=0.9):
    if params is None:
        params = updates.keys()
    updates = OrderedDict(updates)
    for param in params:
        value = param.get_value(borrow=True)
        velocity = theano.shared(np.zeros(value.shape, dtype=value.dtype), broadcastable=param.broadcastable)
        x = momentum * velocity + updates[param] - param
        updates[velocity] = x
        updates[param] = momentum * x + updates[param]
    return updates


def nesterov_momentum(loss_or_grads, params, learning_rate, momentum=0.9):
    updates = sgd(loss_or_grads, params, learning_rate)
    return apply_nesterov_momentum(updates, momentum=momentum)


def rmsprop(loss_or_grads, params, learning_rate=1.0, rho=0.9, epsilon=1e-06):
    grads = get_or_compute_grads(loss_or_grads, params)
    updates = OrderedDict()
    for param, grad in zip(params, grads):
        value = param.get_value(borrow=True)
        accu = theano.shared(np.zeros(value.shape, dtype=value.dtype), broadcastable=param.broadcastable)
        accu_new = rho * accu + (1 - rho) * grad ** 2
        updates[accu] = accu_new
        updates[param] = param - learning_rate * grad / T.sqrt(accu_new + epsilon)
    return updates


def adam(loss_or_grads, params, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08):
    all_grads = get_or_compute_grads(loss_or_grads, params)
    t_prev = theano.shared(np.asarray(0.0, dtype=theano.config.floatX))
    updates = OrderedDict()
    t = t_prev + 1
    a_t = learning_rate * T.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    for param, g_t in zip(params, all_grads):
        value = param.get_value(borrow=True)
        m_prev = theano.shared(np.zeros(value.shape, dtype=value.dtype), broadcastable=param.broadcastable)
        v_prev = theano.shared(np.zeros(value.shape, dtype=value.dtype), broadcastable=param.broadcastable)
        m_t = beta1 * m_prev + (1 - beta1) * g_t
        v_t = beta2 * v_prev + (1 - beta2) * g_t ** 2
        step = a_t * m_t / (T.sqrt(v_t) + epsilon)
        updates[m_prev] = m_t
        updates[v_prev] = v_t
        updates[param] = param - step
    updates[t_prev] = t
    return updates


class Dense(object):
    def __init__(self, num_inputs, num_units, nonlinearity):
        std = np.sqrt(2.0 / (num_inputs + num_units))
        a = np.sqrt(3.0) * std  # GlorotUniform
        self.W = theano.shared(np.random.uniform(-a, a, size=(num_inputs, num_units)).astype(theano.config.floatX),
                               name='W')
        self.b = theano.shared(np.zeros((num_units,), dtype=theano.config.floatX), name='b', broadcastable=(False,))
        self.nonlinearity = nonlinearity

    def __call__(self, input):
        if input.ndim > 2:
            input = input.flatten(2)
        return self.nonlinearity(T.dot(input, self.W) + self.b.dimshuffle('x', 0))


class Dropout(object):
    def __init__(self, p):
        self._srng = RandomStreams(np.random.randint(1, 2147462579))
        self.p = p

    def __call__(self, input, deterministic=False):
        if deterministic or self.p == 0:
            return input
        retain_prob = 1 - self.p
        input /= retain_prob
        return input * self._srng.binomial(input.shape, p=retain_prob, dtype=theano.config.floatX)


def rectify(x):
    return 0.5 * (x + abs(x))


def iterate_minibatches(inputs, targets, batchsize, shuffle=False):
    if shuffle:
        indices = np.arange(len(inputs))
        np.random.shuffle(indices)
    for start_idx in range(0, len(inputs) - batchsize + 1, batchsize):
        excerpt = indices[start_idx:start_idx + batchsize] if shuffle else slice(start_idx, start_idx + batchsize)
        yield inputs[excerpt], targets[excerpt]


def run(update_rule='nesterov_momentum', num_epochs=3):
    np.random.seed(1)
    rng = np.random.RandomState(42)
    X = rng.rand(120, 1, 4, 4).astype(theano.config.floatX)
    y = (X[:, 0, :2, :].mean(axis=(1, 2)) * 6).astype(np.uint8) % 3
    input_var = T.tensor4('inputs')
    target_var = T.ivector('targets')
    layers = [Dropout(0.2), Dense(16, 12, rectify), Dropout(0.5), Dense(12, 3, T.nnet.softmax)]

    def forward(deterministic):
        h = input_var
        for layer in layers:
            h = layer(h, deterministic) if isinstance(layer, Dropout) else layer(h)
        return h
    params = [p for layer in layers if isinstance(layer, Dense) for p in (layer.W, layer.b)]
    prediction = forward(False)
    loss = T.nnet.categorical_crossentropy(prediction, target_var).mean()
    if update_rule == 'nesterov_momentum':
        updates = nesterov_momentum(loss, params, learning_rate=0.1, momentum=0.9)
    elif update_rule == 'adam':
        updates = adam(loss, params, learning_rate=0.01)
    else:
        updates = rmsprop(loss, params, learning_rate=0.01)
    test_prediction = forward(True)
    test_loss = T.nnet.categorical_crossentropy(test_prediction, target_var).mean()
    test_acc = T.mean(T.eq(T.argmax(test_prediction, axis=1), target_var), dtype=theano.config.floatX)
    train_fn = theano.function([input_var, target_var], loss, updates=updates)
    val_fn = theano.function([input_var, target_var], [test_loss, test_acc])
    train_losses = []
    for epoch in range(num_epochs):
        train_err = 0
        train_batches = 0
        for inputs, targets in iterate_minibatches(X[:80], y[:80], 20, shuffle=True):
            train_err += train_fn(inputs, targets)
            train_batches += 1
        train_losses.append(float(train_err / train_batches))
    err, acc = val_fn(X[80:], y[80:])
    return dict(train_losses=train_losses, val_loss=float(err), val_acc=float(acc), acc_dtype=str(acc.dtype),
                W_sum=float(params[0].get_value().sum()))


if __name__ == '__main__':
    for rule in ['nesterov_momentum', 'adam', 'rmsprop']:
        print(repr(run(rule)))

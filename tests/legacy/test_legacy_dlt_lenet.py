"""convolutional_mlp.py (LeNetConvPoolLayer) runs unchanged: conv2d(input=, filters=, filter_shape=, input_shape=),
pool.pool_2d(input=, ws=, ignore_border=True), the older downsample.max_pool_2d (Lasagne 0.1 imports it), the
dimshuffle('x', 0, 'x', 'x') bias and a givens minibatch loop. Theano 1.0.5 without scipy cannot run its Python conv,
so the layer output is checked against numpy and training against a decreasing cost."""
import os
import sys
import warnings

import numpy
import numpy as np

import theano
import theano.tensor as T
from theano.tensor.nnet import conv2d
from theano.tensor.signal import pool

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lowering'))
import conv_reference  # noqa: E402  (tests/lowering's numpy convolution)


class LeNetConvPoolLayer(object):
    def __init__(self, rng, input, filter_shape, image_shape, poolsize=(2, 2), old_pool=False):
        assert image_shape[1] == filter_shape[1]
        self.input = input
        fan_in = numpy.prod(filter_shape[1:])
        fan_out = (filter_shape[0] * numpy.prod(filter_shape[2:]) // numpy.prod(poolsize))
        W_bound = numpy.sqrt(6. / (fan_in + fan_out))
        self.W = theano.shared(numpy.asarray(rng.uniform(low=-W_bound, high=W_bound, size=filter_shape),
                                             dtype=theano.config.floatX), borrow=True)
        b_values = numpy.zeros((filter_shape[0],), dtype=theano.config.floatX)
        self.b = theano.shared(value=b_values, borrow=True)
        conv_out = conv2d(input=input, filters=self.W, filter_shape=filter_shape, input_shape=image_shape)
        if old_pool:
            from theano.tensor.signal import downsample
            pooled_out = downsample.max_pool_2d(input=conv_out, ds=poolsize, ignore_border=True)
        else:
            pooled_out = pool.pool_2d(input=conv_out, ws=poolsize, ignore_border=True)
        self.output = T.tanh(pooled_out + self.b.dimshuffle('x', 0, 'x', 'x'))
        self.params = [self.W, self.b]


def _lenet(old_pool):
    rng = numpy.random.RandomState(23455)
    data = numpy.random.RandomState(0).rand(40, 8 * 8).astype(theano.config.floatX)
    labels = (data[:, :8].sum(1) > 4).astype('int32')
    train_set_x = theano.shared(data, borrow=True)
    train_set_y = T.cast(theano.shared(labels.astype(theano.config.floatX)), 'int32')
    batch_size = 10
    nkerns = [3, 4]
    index = T.lscalar()
    x = T.matrix('x')
    y = T.ivector('y')
    layer0_input = x.reshape((batch_size, 1, 8, 8))
    layer0 = LeNetConvPoolLayer(rng, input=layer0_input, image_shape=(batch_size, 1, 8, 8),
                                filter_shape=(nkerns[0], 1, 3, 3), poolsize=(2, 2), old_pool=old_pool)
    layer1 = LeNetConvPoolLayer(rng, input=layer0.output, image_shape=(batch_size, nkerns[0], 3, 3),
                                filter_shape=(nkerns[1], nkerns[0], 2, 2), poolsize=(1, 1), old_pool=old_pool)
    layer2_input = layer1.output.flatten(2)
    W = theano.shared(numpy.asarray(rng.uniform(-.1, .1, size=(nkerns[1] * 2 * 2, 2)), dtype=theano.config.floatX))
    b = theano.shared(numpy.zeros(2, dtype=theano.config.floatX))
    p = T.nnet.softmax(T.dot(layer2_input, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    params = [W, b] + layer1.params + layer0.params
    grads = T.grad(cost, params)
    updates = [(param_i, param_i - 0.5 * grad_i) for param_i, grad_i in zip(params, grads)]
    givens = {x: train_set_x[index * batch_size: (index + 1) * batch_size],
              y: train_set_y[index * batch_size: (index + 1) * batch_size]}
    layer0_fn = theano.function([index], layer0.output, givens={x: givens[x]})
    W0 = layer0.W.get_value()
    first = layer0_fn(1)
    train_model = theano.function([index], cost, updates=updates, givens=givens)
    epoch_costs = [numpy.mean([train_model(i) for i in range(4)]) for epoch in range(4)]
    return data, W0, first, epoch_costs


def _pool_max(x, ws):
    n, c, h, w = x.shape
    h, w = h // ws[0] * ws[0], w // ws[1] * ws[1]
    return x[:, :, :h, :w].reshape(n, c, h // ws[0], ws[0], w // ws[1], ws[1]).max(axis=(3, 5))


def test_lenet_layer_matches_numpy_and_training_learns():
    data, W0, first, epoch_costs = _lenet(old_pool=False)
    want = np.tanh(_pool_max(conv_reference.forward(data[10:20].reshape(10, 1, 8, 8), W0, 'valid'), (2, 2)))
    np.testing.assert_allclose(first, want, rtol=1e-7, atol=1e-12)
    assert first.shape == (10, 3, 3, 3) and first.dtype == theano.config.floatX
    assert epoch_costs[-1] < epoch_costs[0]


def test_downsample_max_pool_2d_is_pool_2d():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        data, W0, first, epoch_costs = _lenet(old_pool=True)
    want = np.tanh(_pool_max(conv_reference.forward(data[10:20].reshape(10, 1, 8, 8), W0, 'valid'), (2, 2)))
    np.testing.assert_allclose(first, want, rtol=1e-7, atol=1e-12)
    assert epoch_costs[-1] < epoch_costs[0]

"""A LeNet-style convolutional network (two convolution + max-pooling layers, a tanh layer, softmax) on the 8x8 digits.

Written as the classic deeplearning.net Theano tutorial ("Convolutional Neural Networks (LeNet)"): a
LeNetConvPoolLayer class built on `theano.tensor.nnet.conv2d` and `theano.tensor.signal.pool.pool_2d`, a
HiddenLayer and a LogisticRegression output layer, shared parameters, T.grad over all parameters, an updates
list and the `givens` minibatch idiom. It uses only the Theano 1.0.5 API.

    python examples/lenet.py                     # a few seconds on two CPU cores
    python examples/lenet.py --epochs 20 --nkerns 16,32
    THEANO_FLAGS=device=cuda,floatX=float32 python examples/lenet.py
"""
from __future__ import print_function

import os
import sys

import numpy

import theano
import theano.tensor as T
from theano.tensor.nnet import conv2d
from theano.tensor.signal.pool import pool_2d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logistic_regression import LogisticRegression  # noqa: E402
from mlp import HiddenLayer  # noqa: E402
from training import sgd_train_digits, training_arg_parser  # noqa: E402


class LeNetConvPoolLayer(object):
    """Pool layer of a convolutional network: tanh(max_pool(conv(input, W)) + b)."""

    def __init__(self, rng, input, filter_shape, image_shape, poolsize=(2, 2), border_mode='valid'):
        """filter_shape: (number of filters, input feature maps, filter height, filter width);
        image_shape: (batch size, input feature maps, image height, image width)."""
        assert image_shape[1] == filter_shape[1]
        self.input = input

        # each hidden unit sees "num input feature maps * filter height * filter width" inputs, and each unit
        # of the lower layer receives a gradient from "num output feature maps * filter size / pooling size"
        fan_in = numpy.prod(filter_shape[1:])
        fan_out = (filter_shape[0] * numpy.prod(filter_shape[2:]) // numpy.prod(poolsize))
        W_bound = numpy.sqrt(6. / (fan_in + fan_out))
        self.W = theano.shared(
            numpy.asarray(rng.uniform(low=-W_bound, high=W_bound, size=filter_shape), dtype=theano.config.floatX),
            borrow=True)
        b_values = numpy.zeros((filter_shape[0],), dtype=theano.config.floatX)
        self.b = theano.shared(value=b_values, borrow=True)

        conv_out = conv2d(input=input, filters=self.W, filter_shape=filter_shape, input_shape=image_shape,
                          border_mode=border_mode)
        pooled_out = pool_2d(input=conv_out, ws=poolsize, ignore_border=True)

        # the bias is a 1D tensor: one bias per output feature map, broadcast over the minibatch and the pixels
        self.output = T.tanh(pooled_out + self.b.dimshuffle('x', 0, 'x', 'x'))
        self.params = [self.W, self.b]


def evaluate_lenet5(learning_rate=0.2, n_epochs=10, nkerns=(8, 16), batch_size=20, n_hidden=64):
    """Train the convnet with minibatch SGD; print validation error per epoch and the final test accuracy."""
    def build_model(x, y):
        rng = numpy.random.RandomState(23455)
        # reshape the rasterized (batch_size, 8 * 8) images to a 4D tensor of one feature map
        layer0_input = x.reshape((batch_size, 1, 8, 8))
        # 'half' padding keeps 8x8, pooling gives (batch_size, nkerns[0], 4, 4)
        layer0 = LeNetConvPoolLayer(rng, input=layer0_input, image_shape=(batch_size, 1, 8, 8),
                                    filter_shape=(nkerns[0], 1, 3, 3), poolsize=(2, 2), border_mode='half')
        # 4x4 -> 'half' conv 4x4 -> pooling 2x2: (batch_size, nkerns[1], 2, 2)
        layer1 = LeNetConvPoolLayer(rng, input=layer0.output, image_shape=(batch_size, nkerns[0], 4, 4),
                                    filter_shape=(nkerns[1], nkerns[0], 3, 3), poolsize=(2, 2), border_mode='half')
        # the fully connected tanh layer sees the flattened feature maps: (batch_size, nkerns[1] * 2 * 2)
        layer2 = HiddenLayer(rng, input=layer1.output.flatten(2), n_in=nkerns[1] * 2 * 2, n_out=n_hidden,
                             activation=T.tanh)
        layer3 = LogisticRegression(input=layer2.output, n_in=n_hidden, n_out=10)
        params = layer3.params + layer2.params + layer1.params + layer0.params
        return layer3.negative_log_likelihood(y), layer3.errors(y), params

    return sgd_train_digits(build_model, learning_rate, n_epochs, batch_size)


def main(argv=None):
    parser = training_arg_parser(__doc__, learning_rate=0.2)
    parser.set_defaults(epochs=10)
    parser.add_argument('--nkerns', type=str, default='8,16',
                        help='feature maps of the two convolution layers, comma-separated (default 8,16)')
    parser.add_argument('--n-hidden', type=int, default=64, help='units of the tanh layer (default 64)')
    args = parser.parse_args(argv)
    nkerns = [int(n) for n in args.nkerns.split(',') if n]
    evaluate_lenet5(learning_rate=args.learning_rate, n_epochs=args.epochs, nkerns=nkerns,
                    batch_size=args.batch_size, n_hidden=args.n_hidden)


if __name__ == '__main__':
    main()

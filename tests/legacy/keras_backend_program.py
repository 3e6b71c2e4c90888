"""Keras 1.x's theano backend idioms (keras/backend/theano_backend.py, written from it): placeholders as TensorTypes,
function(..., allow_input_downcast=True, on_unused_input='ignore'), rnn() over theano.scan with go_backwards and
masks, conv2d with 'half'/tuple border modes and dilation, pool_2d with pad, ifelse learning phase, bn, to_one_hot,
batched_tensordot, MRG dropout, set_subtensor, symbolic arange, disconnected_grad.
`/tmp/theano-ref/bin/python tests/legacy/keras_backend_program.py` prints Theano 1.0.5's numbers for run_backend()
(its pure-Python conv/pool cannot run there without scipy/C, so run_conv_pool is checked against numpy).
"""
import numpy as np
import theano
from theano import tensor as T
from theano.tensor.signal import pool
from theano.ifelse import ifelse
from theano.sandbox.rng_mrg import MRG_RandomStreams as RandomStreams
import theano.tensor.nnet.bn  # noqa: F401  (keras reaches T.nnet.bn)
_FLOATX = 'float32'
_EPSILON = 1e-7

def variable(value, dtype=_FLOATX, name=None):
    value = np.asarray(value, dtype=dtype)
    return theano.shared(value=value, name=name, strict=False)

def placeholder(shape=None, ndim=None, dtype=_FLOATX, name=None):
    if shape is None and ndim is None:
        raise Exception('Specify either a shape or ndim value.')
    if shape is not None:
        ndim = len(shape)
    broadcast = (False,) * ndim
    x = T.TensorType(dtype, broadcast)(name)
    x._keras_shape = shape
    return x

def function(inputs, outputs, updates=[], **kwargs):
    return theano.function(inputs, outputs, updates=updates, allow_input_downcast=True, on_unused_input='ignore', **kwargs)

def categorical_crossentropy(output, target, from_logits=False):
    if from_logits:
        output = T.nnet.softmax(output)
    else:
        output /= output.sum(axis=-1, keepdims=True)
    output = T.clip(output, _EPSILON, 1.0 - _EPSILON)
    return T.nnet.categorical_crossentropy(output, target)

def binary_crossentropy(output, target, from_logits=False):
    if from_logits:
        output = T.nnet.sigmoid(output)
    output = T.clip(output, _EPSILON, 1.0 - _EPSILON)
    return T.nnet.binary_crossentropy(output, target)

def batch_normalization(x, mean, var, beta, gamma, epsilon=0.0001):
    return T.nnet.bn.batch_normalization(x, gamma, beta, mean, T.sqrt(var + epsilon), mode='high_mem')

def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.0001):
    var = x.var(reduction_axes)
    mean = x.mean(reduction_axes)
    target_shape = []
    for axis in range(x.ndim):
        if axis in reduction_axes:
            target_shape.append(1)
        else:
            target_shape.append(x.shape[axis])
    target_shape = T.stack(*target_shape)
    broadcast_mean = T.reshape(mean, target_shape)
    broadcast_var = T.reshape(var, target_shape)
    broadcast_beta = T.reshape(beta, target_shape)
    broadcast_gamma = T.reshape(gamma, target_shape)
    normed = batch_normalization(x, broadcast_mean, broadcast_var, broadcast_beta, broadcast_gamma, epsilon)
    return normed, mean, var

def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None, unroll=False, input_length=None):
    ndim = inputs.ndim
    if constants is None:
        constants = []
    axes = [1, 0] + list(range(2, ndim))
    inputs = inputs.dimshuffle(axes)
    if mask is not None:
        if mask.ndim == ndim - 1:
            mask = T.shape_padright(mask)
        mask = mask.dimshuffle(axes)
        initial_output = step_function(inputs[0], initial_states + constants)[0] * 0
        initial_output = T.unbroadcast(initial_output, 0, 1)
        def _step(input, mask, output_tm1, *states):
            output, new_states = step_function(input, states)
            output = T.switch(mask, output, output_tm1)
            return_states = []
            for state, new_state in zip(states, new_states):
                return_states.append(T.switch(mask, new_state, state))
            return [output] + return_states
        results, _ = theano.scan(_step, sequences=[inputs, mask], outputs_info=[initial_output] + initial_states, non_sequences=constants, go_backwards=go_backwards)
    else:
        def _step(input, *states):
            output, new_states = step_function(input, states)
            return [output] + new_states
        results, _ = theano.scan(_step, sequences=inputs, outputs_info=[None] + initial_states, non_sequences=constants, go_backwards=go_backwards)
    if type(results) is list:
        outputs = results[0]
        states = results[1:]
    else:
        outputs = results
        states = []
    outputs = T.squeeze(outputs)
    last_output = outputs[-1]
    axes = [1, 0] + list(range(2, outputs.ndim))
    outputs = outputs.dimshuffle(axes)
    states = [T.squeeze(state[-1]) for state in states]
    return last_output, outputs, states

def conv2d(x, kernel, strides=(1, 1), border_mode='valid', dim_ordering='th', image_shape=None, filter_shape=None, filter_dilation=(1, 1)):
    if border_mode == 'same':
        th_border_mode = 'half'
        np_kernel = kernel.eval()
    elif border_mode == 'valid':
        th_border_mode = 'valid'
    elif isinstance(border_mode, tuple):
        th_border_mode = border_mode
    if dim_ordering == 'tf':
        x = x.dimshuffle((0, 3, 1, 2))
        kernel = kernel.dimshuffle((3, 2, 0, 1))
    conv_out = T.nnet.conv2d(x, kernel, border_mode=th_border_mode, subsample=strides, input_shape=image_shape, filter_shape=filter_shape, filter_dilation=filter_dilation)
    if border_mode == 'same':
        if np_kernel.shape[2] % 2 == 0:
            conv_out = conv_out[:, :, :(x.shape[2] + strides[0] - 1) // strides[0], :]
        if np_kernel.shape[3] % 2 == 0:
            conv_out = conv_out[:, :, :, :(x.shape[3] + strides[1] - 1) // strides[1]]
    if dim_ordering == 'tf':
        conv_out = conv_out.dimshuffle((0, 2, 3, 1))
    return conv_out

def pool2d(x, pool_size, strides=(1, 1), border_mode='valid', dim_ordering='th', pool_mode='max'):
    if border_mode == 'same':
        w_pad = pool_size[0] - 2 if pool_size[0] % 2 == 1 else pool_size[0] - 1
        h_pad = pool_size[1] - 2 if pool_size[1] % 2 == 1 else pool_size[1] - 1
        padding = (w_pad, h_pad)
    elif border_mode == 'valid':
        padding = (0, 0)
    if pool_mode == 'max':
        pool_out = pool.pool_2d(x, ws=pool_size, stride=strides, ignore_border=True, pad=padding, mode='max')
    elif pool_mode == 'avg':
        pool_out = pool.pool_2d(x, ws=pool_size, stride=strides, ignore_border=True, pad=padding, mode='average_exc_pad')
    if border_mode == 'same':
        expected_width = (x.shape[2] + strides[0] - 1) // strides[0]
        expected_height = (x.shape[3] + strides[1] - 1) // strides[1]
        pool_out = pool_out[:, :, :expected_width, :expected_height]
    return pool_out

def dropout(x, level, noise_shape=None, seed=None):
    if seed is None:
        seed = np.random.randint(1, 10e6)
    rng = RandomStreams(seed=seed)
    retain_prob = 1. - level
    if noise_shape is None:
        random_tensor = rng.binomial(x.shape, p=retain_prob, dtype=x.dtype)
    else:
        random_tensor = rng.binomial(noise_shape, p=retain_prob, dtype=x.dtype)
        random_tensor = T.patternbroadcast(random_tensor, [dim == 1 for dim in noise_shape])
    x *= random_tensor
    x /= retain_prob
    return x

def in_train_phase(x, alt):
    _LEARNING_PHASE = T.scalar(dtype='uint8', name='keras_learning_phase')
    x = ifelse(_LEARNING_PHASE, x, alt)
    x._uses_learning_phase = True
    return x, _LEARNING_PHASE

def one_hot(indices, nb_classes):
    input_shape = tuple((indices.shape[i] for i in range(indices.ndim)))
    indices = T.flatten(indices)
    oh = T.extra_ops.to_one_hot(indices, nb_classes)
    oh = T.reshape(oh, input_shape + (nb_classes,))
    return oh

def repeat_elements(x, rep, axis):
    return T.repeat(x, rep, axis=axis)

def temporal_padding(x, padding=1):
    input_shape = x.shape
    output_shape = (input_shape[0], input_shape[1] + 2 * padding, input_shape[2])
    output = T.zeros(output_shape)
    return T.set_subtensor(output[:, padding:x.shape[1] + padding, :], x)

def batch_dot(x, y, axes=None):
    if type(axes) == int:
        axes = (axes, axes)
    if axes is None:
        axes = [x.ndim - 1, y.ndim - 2]
    out = T.batched_tensordot(x, y, axes=axes)
    if out.ndim == 1:
        out = T.shape_padright(out)
    return out



def run_conv_pool():
    """Keras' conv2d (border modes 'valid', 'same' -> 'half', tuples; strides; dilation) and pool2d (pad, avg)."""
    rng = np.random.RandomState(0)
    x4 = placeholder(ndim=4)
    kv = rng.randn(3, 2, 3, 3) * 0.1
    k = variable(kv)
    xv = rng.rand(2, 2, 6, 6).astype('float32')
    out = dict(xv=xv, kv=kv.astype('float32'))
    for bm in ['valid', 'same', (1, 2)]:
        out['conv', bm] = function([x4], conv2d(x4, k, border_mode=bm))(xv)
    k2v = rng.randn(3, 2, 2, 2) * 0.1
    out['k2v'] = k2v.astype('float32')
    out['conv_even_same_stride2'] = function([x4], conv2d(x4, variable(k2v), border_mode='same', strides=(2, 2)))(xv)
    out['conv_dilated'] = function([x4], conv2d(x4, k, filter_dilation=(2, 2)))(xv)
    for bm in ['valid', 'same']:
        for pm in ['max', 'avg']:
            out['pool', bm, pm] = function([x4], pool2d(x4, (2, 2), strides=(2, 2), border_mode=bm, pool_mode=pm))(xv)
    return out


def run_backend():
    """The rest of keras/backend/theano_backend.py's idioms, with results Theano 1.0.5 computes the same way."""
    rng = np.random.RandomState(0)
    rng.rand(2, 2, 6, 6), rng.randn(3, 2, 3, 3), rng.randn(3, 2, 2, 2)  # the draws run_conv_pool makes
    out = {}
    x3 = placeholder(ndim=3)
    W = variable(rng.randn(4, 5) * 0.3)
    U = variable(rng.randn(5, 5) * 0.3)

    def step(inp, states):
        h = T.tanh(T.dot(inp, W) + T.dot(states[0], U))
        return h, [h]
    xs = rng.rand(2, 7, 4).astype('float32')
    msk = np.ones((2, 7), dtype='float32')
    msk[1, 4:] = 0
    m = placeholder(ndim=2)
    for gb in [False, True]:
        init = T.zeros((x3.shape[0], 5))
        last, outs, states = rnn(step, x3, [init], go_backwards=gb)
        a, b, c = function([x3], [last, outs, states[0]])(xs)
        out['rnn', gb] = (a.shape, b.shape, float(a.sum()), float(b.sum()), str(a.dtype))
        last, outs, states = rnn(step, x3, [init], go_backwards=gb, mask=m)
        a, b = function([x3, m], [last, outs])(xs, msk)
        out['rnn_mask', gb] = (float(a.sum()), float(b.sum()))
        out['rnn_grad', gb] = float(function([x3, m], T.grad(last.sum(), W))(xs, msk).sum())
    x2 = placeholder(ndim=2)
    t2 = placeholder(ndim=2)
    pv = rng.rand(4, 3).astype('float32')
    tv = np.eye(3, dtype='float32')[[0, 1, 2, 1]]
    out['cce'] = float(function([x2, t2], categorical_crossentropy(x2, t2).mean())(pv, tv))
    out['cce_logits'] = float(function([x2, t2], categorical_crossentropy(x2, t2, from_logits=True).mean())(pv, tv))
    out['bce'] = float(function([x2, t2], binary_crossentropy(x2, t2).mean())(pv, tv))
    gamma = variable(np.ones(3))
    beta = variable(np.zeros(3))
    normed, mean, var = normalize_batch_in_training(x2, gamma, beta, [0])
    r = function([x2], [normed, mean, var])(pv)
    out['bn'] = ([a.shape for a in r], float((r[0] ** 2).sum()), str(r[0].dtype))
    y, lp = in_train_phase(x2 * 2, x2 * 3)
    f = function([x2, lp], y)
    out['phase'] = (float(f(pv, 1).sum()), float(f(pv, 0).sum()))
    iv = T.imatrix()
    out['one_hot'] = function([iv], one_hot(iv, 4))(np.array([[0, 3], [1, 2]], dtype='int32')).tolist()
    out['repeat'] = function([x3], repeat_elements(x3, 2, 1))(xs).shape
    out['temporal_padding'] = function([x3], temporal_padding(x3, 2))(xs).sum()
    out['batch_dot'] = (function([x3], batch_dot(x3, x3, axes=2))(xs).sum(),
                        function([x3], batch_dot(x3, x3.dimshuffle(0, 2, 1)))(xs).shape)
    out['batched_dot'] = float(function([x3], T.batched_dot(x3, x3.dimshuffle(0, 2, 1)))(xs).sum())
    r = function([x2], dropout(x2, 0.5, seed=3))(np.ones((50, 40), dtype='float32'))
    out['dropout'] = (sorted(set(np.unique(r).tolist())), float((r > 0).mean()))
    sv = variable(np.ones((3, 4)))
    function([x2], [], updates=[(sv, T.set_subtensor(sv[0], x2[0]))])(np.zeros((1, 4)))
    out['set_subtensor'] = sv.get_value().tolist()
    n = T.iscalar()
    out['arange'] = (function([n], T.arange(n, 2 * n))(3).tolist(), function([x2], T.arange(x2.shape[0] * 2 - 1))(pv).tolist())
    dg = theano.gradient.disconnected_grad(x2 ** 2)
    out['disconnected_grad'] = function([x2], T.grad((dg * x2).sum(), x2))(pv).tolist()
    out['cumsum'] = function([x2], T.extra_ops.cumsum(x2, axis=1))(pv).tolist()
    out['argmax'] = function([x2], T.argmax(x2, axis=-1, keepdims=True))(pv).tolist()
    out['std'] = function([x2], T.std(x2, axis=0, keepdims=True))(pv).tolist()
    out['argsort'] = function([x2], T.argsort(x2, axis=-1)[:, -2:])(pv).tolist()
    p = variable(np.zeros(3))
    lr = variable(0.1)
    function([x2], x2.sum(), updates=[(p, p - lr * x2.mean(axis=0))])(pv.astype('float64'))
    out['update'] = (str(p.get_value().dtype), p.get_value().tolist())
    return out


if __name__ == '__main__':
    print(repr(run_backend()))

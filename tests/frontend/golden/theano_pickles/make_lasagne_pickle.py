"""Make lasagne_mlp_p2.pkl (a Lasagne 0.1 network pickled whole by Theano 1.0.5) and lasagne_mlp_out.npy (its
deterministic output on arange(8).reshape(2, 4)). Lasagne 0.1 imports theano.tensor.signal.downsample, which
Theano 1.0 removed: a shim gives it pool_2d. Run with the oracle and Lasagne 0.1 on the path:
    cd /tmp && PYTHONPATH=/path/to/Lasagne-0.1 /tmp/theano-ref/bin/python .../make_lasagne_pickle.py
"""
import os
import pickle
import sys
import types

import numpy as np
import theano
import theano.tensor.signal as signal
from theano.tensor.signal import pool

shim = types.ModuleType("theano.tensor.signal.downsample")
shim.max_pool_2d = pool.pool_2d
sys.modules[shim.__name__] = signal.downsample = shim
import lasagne  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
lasagne.random.set_rng(np.random.RandomState(0))
net = lasagne.layers.InputLayer((None, 4))
net = lasagne.layers.DenseLayer(net, 5, nonlinearity=lasagne.nonlinearities.rectify)
net = lasagne.layers.DropoutLayer(net, 0.5)
net = lasagne.layers.DenseLayer(net, 3, nonlinearity=lasagne.nonlinearities.softmax)
with open(os.path.join(HERE, "lasagne_mlp_p2.pkl"), "wb") as fh:
    pickle.dump(net, fh, 2)
x = theano.tensor.matrix("x")
f = theano.function([x], lasagne.layers.get_output(net, x, deterministic=True))
np.save(os.path.join(HERE, "lasagne_mlp_out.npy"), f(np.arange(8.0).reshape(2, 4)))

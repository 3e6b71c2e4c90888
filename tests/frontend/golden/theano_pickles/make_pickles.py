"""Make the golden Theano 1.0.5 pickles of tests/frontend/test_theano_pickles.py.

Run with the real Theano 1.0.5 (the oracle), from a directory outside the repository:
    cd /tmp && /tmp/theano-ref/bin/python /path/to/tests/frontend/golden/theano_pickles/make_pickles.py
It writes <case>_p<protocol>.pkl (protocols 0, 2 and the highest) and expected.npz (the oracle's outputs on
the inputs in `INPUTS`) beside this file.
"""
import os
import pickle

import numpy as np
import scipy.sparse as sp
import theano
import theano.sparse  # noqa: F401 - registers the sparse shared constructor, as a sparse user had it
import theano.tensor as T
from theano.misc import pkl_utils
from theano.sandbox.rng_mrg import MRG_RandomStreams
from theano.tensor.shared_randomstreams import RandomStreams
from theano.tensor.signal.pool import pool_2d

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOLS = (0, 2, pickle.HIGHEST_PROTOCOL)
rng = np.random.RandomState(1234)
INPUTS = {
    "x": rng.rand(3, 4),
    "img": rng.rand(2, 1, 6, 6),
    "ivec": np.array([2, 0, 1], dtype="int64"),
    "lab": np.array([1, 0, 2], dtype="int64"),
}
expected = {}
cases = {}

# 1. shared variables
W = theano.shared(rng.rand(4, 3), name="W")
W.tag.note = "weights"
s = theano.shared(np.float64(1.5), name="s")
i32 = theano.shared(np.arange(5, dtype="int32"), name="i32")
row = theano.shared(np.ones((1, 3)), name="row", broadcastable=(True, False))
counter = theano.shared(np.int64(0), name="counter")
counter.default_update = counter + 1
spm = theano.shared(sp.csr_matrix(np.array([[0, 1.0, 0], [2.0, 0, 3.0]])), name="spm")
rstate = theano.shared(np.random.RandomState(7), name="rstate")
cases["shared"] = [W, s, i32, row, counter, spm, rstate]

# 2. symbolic graphs: (inputs, outputs), outputs evaluated on INPUTS
x = T.matrix("x")
img = T.tensor4("img")
ivec = T.lvector("ivec")
lab = T.lvector("lab")
b = theano.shared(np.linspace(-1, 1, 3), name="b")
h = T.tanh(T.dot(x, W) + b)
p_y = T.nnet.softmax(h)
graphs = {
    "g_elemwise": ([x], [T.exp(x) * 2 - T.log1p(abs(x)), T.maximum(x, 0.5), T.switch(x > 0.5, x, -x),
                         T.cast(x * 10, "int32"), x.T, x.dimshuffle(1, 0, "x")]),
    "g_reduce": ([x], [x.sum(), x.sum(axis=0), T.max(x, axis=1), T.argmax(x, axis=1), x.mean(), x.prod(axis=1),
                       x.var(axis=0), T.min(x)]),
    "g_dot": ([x], [T.dot(x, W), T.dot(x, W.T.T) * 2 + b, T.outer(x[0], x[1])]),
    "g_index": ([x, ivec], [x[1:, ::2], x[ivec], x[ivec, 1], T.inc_subtensor(x[0], 5.0), T.set_subtensor(x[:, 1], 0.0),
                            x[-1], T.advanced_inc_subtensor1(x, x[:3], ivec)]),
    "g_shape": ([x], [x.reshape((2, 6)), x.shape, T.alloc(np.float64(3), x.shape[0], 2), T.flatten(x),
                      T.concatenate([x, x], axis=0), T.stack([x.sum(), x.max()]), T.zeros_like(x),
                      T.arange(x.shape[0])]),
    "g_nnet": ([x, lab], [p_y, T.nnet.categorical_crossentropy(p_y, lab[:3]).mean(), T.nnet.sigmoid(x),
                          T.nnet.relu(x - 0.5), T.nnet.softplus(x),
                          T.nnet.crossentropy_softmax_1hot(T.dot(x, W), lab[:3])[0],
                          T.nnet.softmax_with_bias(h, b), T.grad(T.nnet.categorical_crossentropy(p_y, lab[:3]).mean(), W)]),
    # (conv2d and pool_2d are left out: the oracle has no C compiler and their Python perform fails here;
    #  test_pool.py::test_old_pool_interface loads a real pickled pool function)
}
_r, _ = theano.scan(lambda v, acc: acc + v, sequences=x, outputs_info=T.zeros_like(x[0]))
graphs["g_scan"] = ([x], [_r])
for name, (ins, outs) in graphs.items():
    cases[name] = (ins, outs)
    vals = theano.function(ins, outs, on_unused_input="ignore", mode="FAST_COMPILE")(*[INPUTS[v.name] for v in ins])
    for k, v in enumerate(vals):
        expected["%s_%d" % (name, k)] = v

# 3. compiled functions
acc = theano.shared(np.zeros(3), name="acc")
f_train = theano.function([x, theano.In(lab, value=np.array([0, 1, 2], dtype="int64"))],
                          [T.nnet.categorical_crossentropy(p_y, lab).mean(), p_y],
                          updates=[(W, W - 0.1 * T.grad(T.nnet.categorical_crossentropy(p_y, lab).mean(), W)),
                                   (acc, acc + h.sum(axis=0))])
cases["f_train"] = f_train
cases["f_scan"] = theano.function([x], _r)
cases["f_keys"] = theano.function([x], {"s": x.sum(), "m": x.max()})
cases["f_counter"] = theano.function([], counter * 2)  # default update of counter

# random streams pickled inside a "model"
mrg = MRG_RandomStreams(seed=42)
rs = RandomStreams(seed=42)
u = mrg.uniform((3,))
n = rs.normal((2,))
cases["streams"] = {"mrg": mrg, "rs": rs, "u": u, "n": n, "fu": theano.function([], u), "fn": theano.function([], n)}


class Model(object):
    pass


PROTOCOL0_CASES = ("shared", "g_elemwise", "g_index", "f_train")  # protocol 0 (text) is large: a few cases

for proto in PROTOCOLS:
    for name, obj in cases.items():
        if proto == 0 and name not in PROTOCOL0_CASES:
            continue
        with open(os.path.join(HERE, "%s_p%d.pkl" % (name, proto)), "wb") as fh:
            pickle.dump(obj, fh, proto)

# the function outputs on INPUTS, from fresh unpickled copies (a call updates their shared variables)
for name in ("f_train", "f_scan", "f_keys", "f_counter"):
    f = pickle.loads(pickle.dumps(cases[name], 2))
    args = {"f_train": [INPUTS["x"]], "f_scan": [INPUTS["x"]], "f_keys": [INPUTS["x"]], "f_counter": []}[name]
    for call in range(2):
        out = f(*args)
        if isinstance(out, dict):
            out = [out[k] for k in sorted(out)]
        for k, v in enumerate(out if isinstance(out, list) else [out]):
            expected["%s_call%d_%d" % (name, call, k)] = v
f = pickle.loads(pickle.dumps(cases["f_train"], 2))
f(INPUTS["x"])
expected["f_train_W_after"] = [i.variable for i in f.maker.inputs if i.variable.name == "W"][0].get_value()

# pkl_utils.dump zip
with open(os.path.join(HERE, "pkl_utils_dump.zip"), "wb") as fh:
    pkl_utils.dump({"W": W, "b": b, "arr": np.arange(4.0), "f": cases["f_scan"]}, fh)

# a GPU model: GpuArraySharedVariable / GpuArrayType / a pygpu GpuArray payload, as Theano 1.0.5 with pygpu pickled
# them (the oracle has no pygpu: the objects are made without their constructors, with the state Theano's have;
# the payload reduces to GpuArray_pickler's value, (GpuArray_unpickler, (numpy array, context name)))
import theano.gpuarray.type as gpu_type  # noqa: E402
from theano.gof.link import Container  # noqa: E402


class _GpuArrayPayload(object):
    def __init__(self, array):
        self.array = array

    def __reduce__(self):
        return (gpu_type.GpuArray_unpickler, (self.array, None))


gtype = object.__new__(gpu_type.GpuArrayType)
gtype.__dict__.update(dtype="float32", broadcastable=(False, False), ndim=2, name=None, context_name=None,
                      typecode=11)
gsv = object.__new__(gpu_type.GpuArraySharedVariable)
gcont = object.__new__(Container)
gcont.__dict__.update(type=gtype, name="gW", storage=[_GpuArrayPayload(np.arange(6, dtype="float32").reshape(2, 3))],
                      readonly=False, strict=False, allow_downcast=None)
gsv.__dict__.update(type=gtype, owner=None, index=None, name="gW", tag=theano.gof.utils.scratchpad(),
                    auto_name="auto_gpu", container=gcont)
with open(os.path.join(HERE, "gpuarray_shared_p2.pkl"), "wb") as fh:
    pickle.dump(gsv, fh, 2)

for k, v in INPUTS.items():
    expected["input_" + k] = v
np.savez(os.path.join(HERE, "expected.npz"), **expected)
print("wrote", len(cases) * 2 + len(PROTOCOL0_CASES), "pickles and", len(expected), "expected arrays")

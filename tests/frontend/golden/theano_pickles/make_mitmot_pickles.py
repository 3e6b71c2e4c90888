"""Make the golden Theano 1.0.5 pickles holding Scans with mit_mot outputs (what Theano's scan gradient builds),
for tests/frontend/test_theano_pickles_mitmot.py.

Run with the real Theano 1.0.5 (the oracle), from a directory outside the repository:
    cd /tmp && /tmp/theano-ref/bin/python /path/to/tests/frontend/golden/theano_pickles/make_mitmot_pickles.py
It writes mitmot_<case>_p<protocol>.pkl.gz (gzip-compressed pickles: the graphs in protocols 2 and the highest,
the function, ten times larger in protocol 2, in the highest only) and
expected_mitmot.npz (the oracle's values) beside this file.

- grads: the symbolic gradients (T.grad) of three small scan RNNs: an Elman RNN (sit_sot), an RNN with taps
  [-2, -1] and a per-step output (mit_sot + nit_sot: a mit_mot with three input taps and two output taps), and the
  Elman RNN with truncate_gradient=2; plus a second-order gradient (a mit_mot scan of a mit_mot scan).
- train: a compiled SGD training function of an Elman RNN over a sequence (cPickle.dump(train_fn) as the Deep
  Learning Tutorials do), pickled before its first call; the oracle's costs of three calls and the parameters
  after them are recorded.
"""
import gzip
import os
import pickle

import numpy as np
import theano
import theano.tensor as T

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOLS = (2, pickle.HIGHEST_PROTOCOL)
rng = np.random.RandomState(4321)
T_LEN, N_IN, N_H = 5, 3, 4
expected = {"input_x": rng.rand(T_LEN, N_IN) - 0.5, "input_y": rng.rand(T_LEN) - 0.5}
# the oracle has no C compiler: its scipy Ger leaves a BLAS function in a node's tag, which does not pickle
# (with a C compiler Theano uses CGer); the graphs the pickles hold are the user's, not these rewritten ones
MODE = theano.compile.get_default_mode().excluding("scipy_blas", "make_scipy_blas_destructive")

x = T.matrix("x")
y = T.vector("y")


def elman(truncate=-1, prefix=""):
    Wx = theano.shared(rng.rand(N_IN, N_H) - 0.5, name=prefix + "Wx")
    Wh = theano.shared(rng.rand(N_H, N_H) - 0.5, name=prefix + "Wh")
    h0 = theano.shared(rng.rand(N_H) - 0.5, name=prefix + "h0")

    def step(xt, hprev, Wx, Wh):
        return T.tanh(T.dot(xt, Wx) + T.dot(hprev, Wh))
    h, _ = theano.scan(step, sequences=x, outputs_info=h0, non_sequences=[Wx, Wh], truncate_gradient=truncate)
    cost = ((h.sum(axis=1) - y) ** 2).sum()
    return cost, [Wx, Wh, h0, x]


def taps_rnn():
    W = theano.shared(rng.rand(N_IN, N_H) - 0.5, name="tW")
    U = theano.shared(rng.rand(N_H, N_H) - 0.5, name="tU")
    init = theano.shared(rng.rand(2, N_H) - 0.5, name="tinit")

    def step(xt, h2, h1, W, U):
        return T.tanh(T.dot(xt, W) + T.dot(h1, U) - 0.5 * h2), T.dot(h1, U).sum()
    (h, s), _ = theano.scan(step, sequences=x, outputs_info=[dict(initial=init, taps=[-2, -1]), None],
                            non_sequences=[W, U])
    cost = ((h.sum(axis=1) - y) ** 2).sum() + (s ** 2).sum()
    return cost, [W, U, init, x]


cost_e, wrt_e = elman()
cost_t, wrt_t = taps_rnn()
cost_tr, wrt_tr = elman(truncate=2, prefix="tr_")
g_e = T.grad(cost_e, wrt_e)
g_t = T.grad(cost_t, wrt_t)
g_tr = T.grad(cost_tr, wrt_tr)
second = T.grad((g_e[1] ** 2).sum(), wrt_e[0])  # d/dWx of |d cost/dWh|^2: a scan over the gradient scan
outs = [cost_e] + g_e + [cost_t] + g_t + [cost_tr] + g_tr + [second]
cases = {"grads": ([x, y], outs)}
vals = theano.function([x, y], outs, mode=MODE)(expected["input_x"], expected["input_y"])
for k, v in enumerate(vals):
    expected["grads_%d" % k] = v
# the second-order gradient of the Elman RNN's cost, which the test takes with theano.grad of the loaded gradient:
# Theano's own symbolic value (a grad of its scan gradient) and central differences of the first-order gradient
# (they differ: Theano 1.0.5's gradient of this scan gradient is not the derivative; theano-xla's is)
hess_obj = (g_e[0] ** 2).sum()
expected["grads_hess_Wh"] = theano.function([x, y], T.grad(hess_obj, wrt_e[1]), mode=MODE)(
    expected["input_x"], expected["input_y"])
f_obj = theano.function([x, y], hess_obj, mode=MODE)
Wh0 = wrt_e[1].get_value()
fd = np.zeros_like(Wh0)
for ij in np.ndindex(*Wh0.shape):
    vals = []
    for sign in (1, -1):
        W = Wh0.copy()
        W[ij] += sign * 1e-6
        wrt_e[1].set_value(W)
        vals.append(f_obj(expected["input_x"], expected["input_y"]))
    fd[ij] = (vals[0] - vals[1]) / 2e-6
wrt_e[1].set_value(Wh0)
expected["grads_hess_Wh_fd"] = fd

# an Elman RNN trained by SGD: h_t = tanh(x_t Wx + h_{t-1} Wh + bh), y_t = h_t . Wy + by, squared error
lr = T.scalar("lr")
Wx = theano.shared(rng.rand(N_IN, N_H) - 0.5, name="Wx")
Wh = theano.shared(rng.rand(N_H, N_H) - 0.5, name="Wh")
bh = theano.shared(np.zeros(N_H), name="bh")
Wy = theano.shared(rng.rand(N_H) - 0.5, name="Wy")
by = theano.shared(np.float64(0.0), name="by")
h0 = theano.shared(np.zeros(N_H), name="h0")
params = [Wx, Wh, bh, Wy, by, h0]


def rnn_step(xt, hprev):
    return T.tanh(T.dot(xt, Wx) + T.dot(hprev, Wh) + bh)


h, _ = theano.scan(rnn_step, sequences=x, outputs_info=h0)
pred = T.dot(h, Wy) + by
cost = T.mean((pred - y) ** 2)
grads = T.grad(cost, params)
train = theano.function([x, y, theano.In(lr, value=0.1)], [cost, pred],
                        updates=[(p, p - lr * g) for p, g in zip(params, grads)], mode=MODE, name="train")
cases["train"] = train
for k, p in enumerate(params):
    expected["train_param_before_%d" % k] = p.get_value()

for proto in PROTOCOLS:
    for name, obj in cases.items():
        if name == "train" and proto != pickle.HIGHEST_PROTOCOL:
            continue
        with gzip.open(os.path.join(HERE, "mitmot_%s_p%d.pkl.gz" % (name, proto)), "wb") as fh:
            pickle.dump(obj, fh, proto)

# three calls of a fresh unpickled copy of the training function (a call updates its shared variables)
with gzip.open(os.path.join(HERE, "mitmot_train_p%d.pkl.gz" % pickle.HIGHEST_PROTOCOL), "rb") as fh:
    f = pickle.load(fh)
for call in range(3):
    c, p = f(expected["input_x"], expected["input_y"])
    expected["train_call%d_cost" % call] = c
    expected["train_call%d_pred" % call] = p
for k, v in enumerate(i.variable for i in f.maker.inputs if i.update is not None):
    expected["train_param_after_%d" % k] = v.get_value()
    expected["train_param_name_%d" % k] = np.array(v.name)

np.savez(os.path.join(HERE, "expected_mitmot.npz"), **expected)
print("wrote", len(cases) * len(PROTOCOLS) - 1, "pickles and", len(expected), "expected arrays")

"""The MLP training step the sharding tests run on 1 device, 4 devices and 2 processes (imported by
sharding_cases.py and run as a script by test_distributed.py; no test in here)."""
from __future__ import annotations

import sys
from typing import Any

import numpy as np

N, D, H, K, BS = 64, 6, 16, 4, 16  # 4 minibatches of 16 rows: 4 rows per device on 4 devices


def dataset(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    return rng.randn(N, D), rng.randint(0, K, N).astype("int32")


def build(sharding: Any, seed: int = 1, explicit_inputs: bool = False) -> tuple[Any, list[Any]]:
    """The tutorial-style MLP: a step function over minibatch index i (givens slices of a shared dataset), or over
    explicit (x, y) inputs; returns (step, params)."""
    import theano
    import theano.tensor as T

    rng = np.random.RandomState(seed)
    W1 = theano.shared(rng.randn(D, H) * 0.3, name="W1")
    b1 = theano.shared(np.zeros(H), name="b1")
    W2 = theano.shared(rng.randn(H, K) * 0.3, name="W2")
    b2 = theano.shared(np.zeros(K), name="b2")
    params = [W1, b1, W2, b2]
    x, y = T.matrix("x"), T.ivector("y")
    h = T.tanh(T.dot(x, W1) + b1)
    p = T.nnet.softmax(T.dot(h, W2) + b2)
    cost = T.nnet.categorical_crossentropy(p, y).mean() + 1e-3 * (W1 ** 2).sum()
    updates = [(v, v - 0.5 * g) for v, g in zip(params, T.grad(cost, params))]
    if explicit_inputs:
        return theano.function([x, y], cost, updates=updates, sharding=sharding), params
    X, Y = dataset()
    data_x, data_y = theano.shared(X, name="data_x"), theano.shared(Y, name="data_y")
    i = T.lscalar("i")
    step = theano.function([i], cost, updates=updates, sharding=sharding,
                           givens={x: data_x[i * BS:(i + 1) * BS], y: data_y[i * BS:(i + 1) * BS]})
    return step, params


def train(step: Any, n_steps: int) -> list[float]:
    return [float(step(k % (N // BS))) for k in range(n_steps)]


if __name__ == "__main__":  # python sharding_mlp.py OUT.npz MODE [N_STEPS]; MODE: single | distributed
    out, mode = sys.argv[1], sys.argv[2]
    n_steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    import theano

    if mode == "distributed":
        theano.distributed.initialize()  # JAX_COORDINATOR_ADDRESS, JAX_NUM_PROCESSES, JAX_PROCESS_ID
        sharding = theano.sharding.data_parallel()
    else:
        sharding = False
    import jax

    step, params = build(sharding)
    costs = train(step, n_steps)
    info = dict(process_index=theano.distributed.process_index(), process_count=theano.distributed.process_count(),
                n_devices=len(jax.devices()), n_local=len(jax.local_devices()))
    if mode == "distributed":
        info["param_sharding"] = str(params[0].get_value(return_internal_type=True).sharding)
    np.savez(out, costs=np.array(costs), **{p.name: p.get_value() for p in params},
             info=np.array(repr(info)))
    if mode == "distributed":
        theano.distributed.shutdown()

"""A dropout MLP training step: masks drawn from MRG_RandomStreams inside theano.function vs the same step
hand-written in JAX (jax.random masks, key and parameters donated, jitted).

    python benchmarks/dropout_mlp.py            # full run
    python benchmarks/dropout_mlp.py --quick    # smoke run
    THEANO_FLAGS=device=cuda python benchmarks/dropout_mlp.py

784-512-512-10 tanh MLP, dropout p=0.5 on both hidden layers, softmax cross-entropy, batch 128, float32.
The random state of each mask is a shared variable updated on the device by every call (no host round trip).
Prints the step time of each side and the ratio (target <= 1.10x). A benchmark, never an assertion.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import LEARNING_RATE, PARAM_NAMES, mlp_data, per_call_seconds  # noqa: E402

KEEP = 0.5
TARGET = 1.10


def bench_theano(cfg: dict[str, int]) -> float:
    """theano-xla: the step as a Theano user writes it, masks from MRG_RandomStreams (seconds per step)."""
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams

    theano.config.floatX = "float32"
    d = mlp_data()
    srng = MRG_RandomStreams(seed=1234)
    W1, b1, W2, b2, W3, b3 = params = [theano.shared(d[k], name=k) for k in PARAM_NAMES]
    x, y = T.matrix("x"), T.ivector("y")

    def dropout(h: Any) -> Any:
        return h * srng.binomial(size=h.shape, p=KEEP, dtype="float32") / np.float32(KEEP)

    h1 = dropout(T.tanh(T.dot(x, W1) + b1))
    h2 = dropout(T.tanh(T.dot(h1, W2) + b2))
    p_y = T.nnet.softmax(T.dot(h2, W3) + b3)
    cost = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
    grads = T.grad(cost, params)
    step = theano.function([x, y], cost, updates=[(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)])
    step(d["x"], d["y"])
    return per_call_seconds(lambda: step(d["x"], d["y"]), cfg["step_number"], cfg["repeats"])


def bench_jax(cfg: dict[str, int]) -> float:
    """Hand-written JAX: jax.random masks, parameters and key donated, one jitted step (seconds per step)."""
    import jax
    import jax.numpy as jnp

    try:
        from theano.lowering.device import current_device
        device = current_device()
    except Exception:
        device = jax.devices()[0]

    def loss_fn(params: dict[str, Any], key: Any, x: Any, y: Any) -> Any:
        k1, k2 = jax.random.split(key)
        h1 = jnp.tanh(x @ params["W1"] + params["b1"])
        h1 = h1 * jax.random.bernoulli(k1, KEEP, h1.shape).astype(jnp.float32) / KEEP
        h2 = jnp.tanh(h1 @ params["W2"] + params["b2"])
        h2 = h2 * jax.random.bernoulli(k2, KEEP, h2.shape).astype(jnp.float32) / KEEP
        logp = jax.nn.log_softmax(h2 @ params["W3"] + params["b3"])
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    def sgd_step(params: dict[str, Any], key: Any, x: Any, y: Any) -> tuple:
        key, sub = jax.random.split(key)
        loss, grads = jax.value_and_grad(loss_fn)(params, sub, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads), key, loss

    d = mlp_data()
    step = jax.jit(sgd_step, donate_argnums=(0, 1))
    state = {"params": {k: jax.device_put(d[k], device) for k in PARAM_NAMES},
             "key": jax.device_put(jax.random.PRNGKey(1234), device)}

    def one_step() -> Any:
        state["params"], state["key"], loss = step(state["params"], state["key"], d["x"], d["y"])
        return loss

    one_step().block_until_ready()
    return per_call_seconds(one_step, cfg["step_number"], cfg["repeats"], sync=lambda o: o.block_until_ready())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dropout MLP step: MRG_RandomStreams in theano-xla vs jax.random")
    parser.add_argument("--quick", action="store_true", help="fast smoke run: fewer steps and repeats")
    args = parser.parse_args(argv)
    cfg = {"step_number": 5, "repeats": 3} if args.quick else {"step_number": 30, "repeats": 7}

    import jax
    import theano

    jax.jit(lambda v: v + 1)(np.float32(0)).block_until_ready()
    ours = bench_theano(cfg)
    ref = bench_jax(cfg)
    ratio = ours / ref
    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind}) | {'quick' if args.quick else 'full'} run")
    print("dropout MLP SGD step 784-512-512-10, batch 128, float32, masks drawn on the device")
    print(f"  theano-xla (MRG_RandomStreams.binomial)   {ours * 1e3:.2f} ms")
    print(f"  jax (hand-written, jax.random, donated)   {ref * 1e3:.2f} ms")
    print(f"  ratio ours/jax {ratio:.2f}x (target <= {TARGET:.2f}x {'ok' if ratio <= TARGET else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

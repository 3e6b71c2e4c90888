"""A LeNet-style convnet training step: theano-xla next to hand-written JAX.

    python benchmarks/convnet.py            # full run (about a minute on two CPU cores)
    python benchmarks/convnet.py --quick    # smoke run: fewer repeats
    THEANO_FLAGS=device=cuda python benchmarks/convnet.py   # both sides on the GPU

The network is the deeplearning.net LeNet on 28x28 images: conv 5x5 (20 maps) + 2x2 max-pool + tanh, conv 5x5
(50 maps) + 2x2 max-pool + tanh, a 800-500 tanh layer and a 500-10 softmax; batch 128, float32. The theano-xla
side is written as a Theano user writes it (`T.nnet.conv2d`, `pool_2d`, shared parameters, `T.grad`, an updates
list); the JAX side uses `lax.conv_general_dilated`, `lax.reduce_window` and a `jax.jit` step with donated
parameters. Both run the same arithmetic (the JAX filters are flipped as Theano's conv2d flips them). Times are
medians over repeats after warm-up; the ratio's target is <= 1.10x. Benchmarks are never assertions.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import fmt, per_call_seconds, run_guarded  # noqa: E402

BATCH, IMAGE, NKERNS, N_HIDDEN, N_OUT = 128, 28, (20, 50), 500, 10
LEARNING_RATE = 0.01
TARGET = 1.10
SHAPES = {"W0": (NKERNS[0], 1, 5, 5), "b0": (NKERNS[0],), "W1": (NKERNS[1], NKERNS[0], 5, 5), "b1": (NKERNS[1],),
          "W2": (NKERNS[1] * 4 * 4, N_HIDDEN), "b2": (N_HIDDEN,), "W3": (N_HIDDEN, N_OUT), "b3": (N_OUT,)}
PARAM_NAMES = tuple(SHAPES)


def convnet_data(seed: int = 0) -> dict[str, np.ndarray]:
    """Uniform float32 parameters (zero biases) and one random float32 batch with int32 labels."""
    rng = np.random.RandomState(seed)
    d = {}
    for k, shp in SHAPES.items():
        if k.startswith("b"):
            d[k] = np.zeros(shp, np.float32)
        else:
            fan = np.prod(shp[1:]) + shp[0] if len(shp) == 4 else shp[0] + shp[1]
            bound = np.sqrt(6.0 / fan)
            d[k] = rng.uniform(-bound, bound, size=shp).astype(np.float32)
    d["x"] = rng.rand(BATCH, 1, IMAGE, IMAGE).astype(np.float32)
    d["y"] = rng.randint(0, N_OUT, size=BATCH).astype(np.int32)
    return d


def bench_theano(cfg: dict[str, int]) -> dict[str, float]:
    """theano-xla: the step as a Theano user writes it (seconds per step, and compile time)."""
    import theano
    import theano.tensor as T
    from theano.tensor.nnet import conv2d
    from theano.tensor.signal.pool import pool_2d

    theano.config.floatX = "float32"
    d = convnet_data()
    t0 = time.perf_counter()
    W0, b0, W1, b1, W2, b2, W3, b3 = params = [theano.shared(d[k], name=k) for k in PARAM_NAMES]
    x, y = T.tensor4("x"), T.ivector("y")
    h0 = T.tanh(pool_2d(conv2d(x, W0), ws=(2, 2), ignore_border=True) + b0.dimshuffle("x", 0, "x", "x"))
    h1 = T.tanh(pool_2d(conv2d(h0, W1), ws=(2, 2), ignore_border=True) + b1.dimshuffle("x", 0, "x", "x"))
    h2 = T.tanh(T.dot(h1.flatten(2), W2) + b2)
    p = T.nnet.softmax(T.dot(h2, W3) + b3)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    grads = T.grad(cost, params)
    step = theano.function([x, y], cost, updates=[(q, q - LEARNING_RATE * g) for q, g in zip(params, grads)])
    step(d["x"], d["y"])
    res = {"compile": time.perf_counter() - t0}
    res["step"] = per_call_seconds(lambda: step(d["x"], d["y"]), cfg["step_number"], cfg["repeats"])
    return res


def jax_step(params: dict[str, Any], x: Any, y: Any) -> tuple[dict[str, Any], Any]:
    """The same SGD step written directly in JAX: (new parameters, loss)."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    def conv_pool_tanh(h: Any, w: Any, b: Any) -> Any:
        c = lax.conv_general_dilated(h, w[:, :, ::-1, ::-1], (1, 1), "VALID",
                                     dimension_numbers=("NCHW", "OIHW", "NCHW"), precision=lax.Precision.HIGHEST)
        m = lax.reduce_window(c, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
        return jnp.tanh(m + b[None, :, None, None])

    def loss_fn(ps: dict[str, Any], x: Any, y: Any) -> Any:
        h0 = conv_pool_tanh(x, ps["W0"], ps["b0"])
        h1 = conv_pool_tanh(h0, ps["W1"], ps["b1"])
        h2 = jnp.tanh(h1.reshape(h1.shape[0], -1) @ ps["W2"] + ps["b2"])
        logp = jax.nn.log_softmax(h2 @ ps["W3"] + ps["b3"])
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    return jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads), loss


def bench_jax(cfg: dict[str, int]) -> dict[str, float]:
    """Hand-written JAX: the donated-parameter step and its compile time."""
    import jax

    try:  # the device theano-xla is configured for, so both sides compare like with like
        from theano.lowering.device import current_device
        device = current_device()
    except Exception:
        device = jax.devices()[0]
    d = convnet_data()
    t0 = time.perf_counter()
    step = jax.jit(jax_step, donate_argnums=(0,))
    state = {"params": {k: jax.device_put(d[k], device) for k in PARAM_NAMES}}

    def one_step() -> Any:
        state["params"], loss = step(state["params"], d["x"], d["y"])
        return loss

    one_step().block_until_ready()
    res = {"compile": time.perf_counter() - t0}
    res["step"] = per_call_seconds(one_step, cfg["step_number"], cfg["repeats"], sync=lambda o: o.block_until_ready())
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="LeNet-style convnet step: theano-xla vs hand-written JAX")
    parser.add_argument("--quick", action="store_true", help="fast smoke run: fewer steps and repeats")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failing columns")
    args = parser.parse_args(argv)
    cfg = {"step_number": 3, "repeats": 3} if args.quick else {"step_number": 10, "repeats": 5}

    import jax
    import theano

    errors: list[str] = []
    ours = run_guarded("theano-xla convnet step", lambda: bench_theano(cfg), errors)
    ref = run_guarded("jax convnet step", lambda: bench_jax(cfg), errors)
    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind}) | {'quick' if args.quick else 'full'} run")
    print(f"LeNet-style convnet SGD step (conv5x5x{NKERNS[0]}+pool, conv5x5x{NKERNS[1]}+pool, {N_HIDDEN} tanh, "
          f"softmax), batch {BATCH}, float32")
    print(f"  theano-xla step {fmt(ours.get('step'), 'ms')} (compile {fmt(ours.get('compile'), 's')})")
    print(f"  jax        step {fmt(ref.get('step'), 'ms')} (compile {fmt(ref.get('compile'), 's')})")
    if "step" in ours and "step" in ref:
        ratio = ours["step"] / ref["step"]
        print(f"  ratio ours/jax {ratio:.2f}x (target <= {TARGET:.2f}x{' ok' if ratio <= TARGET else ' MISSED'})")
    for e in errors:
        print("FAILED", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())

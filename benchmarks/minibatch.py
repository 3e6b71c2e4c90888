"""The tutorial's minibatch idiom against the same training step written by hand in JAX.

    python benchmarks/minibatch.py            # both models, about half a minute on two CPU cores
    python benchmarks/minibatch.py --quick
    THEANO_FLAGS=device=cuda python benchmarks/minibatch.py   # both sides on the GPU

The idiom (deeplearning.net's logistic regression and MLP tutorials): the dataset lives in shared variables
(on the device), the function takes the minibatch index and slices the data through `givens`, its updates
train the shared parameters, and each call returns the cost:

    train = theano.function([index], cost, updates=updates,
                            givens={x: data_x[index * B:(index + 1) * B], y: data_y[index * B:(index + 1) * B]})

Per call only the index goes in and the cost comes out; the slice bounds are computed in the program (a
`lax.dynamic_slice`), so one compilation serves every index. The hand-written side is a jax.jit step with donated
parameters that slices the device-resident data with `lax.dynamic_slice` and returns the cost, fetched with
np.asarray each step (the contract theano.function keeps); its matmuls use the precision theano-xla's policy
gives float32 products, so both sides do the same arithmetic. The sides alternate, one epoch each per round,
and the best epoch of each is kept (target <= 1.05x); an epoch is at least MIN_STEPS calls. Hand-written JAX without fetching the cost each step is
printed beside it, and compared with theano-xla's `return_device_arrays=True` (the cost stays on the device and
a call does not wait; only the last cost of the epoch is read).
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

import numpy as np

N_IN, N_OUT = 784, 10
LEARNING_RATE = np.float32(0.13)
MODELS = {"mb_logreg": (None, 600), "mb_mlp": (500, 20)}  # name: (hidden units or None, batch size)
N_EXAMPLES = 12000
MIN_STEPS = 200  # the logistic regression's 20 minibatches are too few calls to time on a GPU (a few ms)


def dataset(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-shaped random data: float32 inputs in [0, 1), int32 labels."""
    rng = np.random.RandomState(seed)
    return rng.rand(N_EXAMPLES, N_IN).astype(np.float32), rng.randint(0, N_OUT, size=N_EXAMPLES).astype(np.int32)


def initial_params(hidden: int | None, seed: int = 1) -> list[np.ndarray]:
    """[W, b] (logistic regression, zeros as in the tutorial) or [W1, b1, W2, b2] (tanh MLP, uniform W1)."""
    if hidden is None:
        return [np.zeros((N_IN, N_OUT), np.float32), np.zeros(N_OUT, np.float32)]
    rng = np.random.RandomState(seed)
    bound = np.sqrt(6.0 / (N_IN + hidden))
    return [rng.uniform(-bound, bound, size=(N_IN, hidden)).astype(np.float32), np.zeros(hidden, np.float32),
            np.zeros((hidden, N_OUT), np.float32), np.zeros(N_OUT, np.float32)]


def theano_train(hidden: int | None, batch: int, data: tuple[np.ndarray, np.ndarray],
                 device_arrays: bool = False) -> Callable[[int], Any]:
    """The tutorial's train_model: theano.function([index], cost, updates=..., givens={x: ..., y: ...});
    `device_arrays`: built with return_device_arrays=True (the cost stays on the device, no wait per call)."""
    import theano
    import theano.tensor as T

    with theano.config.change_flags(floatX="float32"):
        data_x = theano.shared(data[0], name="data_x", borrow=True)
        data_y = theano.shared(data[1], name="data_y", borrow=True)
        params = [theano.shared(p, name=f"p{k}") for k, p in enumerate(initial_params(hidden))]
        index = T.lscalar("index")
        x, y = T.matrix("x"), T.ivector("y")
        h = x if hidden is None else T.tanh(T.dot(x, params[0]) + params[1])
        W, b = params[-2:]
        p_y = T.nnet.softmax(T.dot(h, W) + b)
        cost = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
        grads = T.grad(cost, params)
        return theano.function([index], cost, updates=[(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)],
                               givens={x: data_x[index * batch:(index + 1) * batch],
                                       y: data_y[index * batch:(index + 1) * batch]},
                               return_device_arrays=device_arrays)


def jax_train(hidden: int | None, batch: int, data: tuple[np.ndarray, np.ndarray]) -> tuple[Callable[[int], Any], Any]:
    """The same step in JAX: (step(i) -> the cost as a device array, params holder); the data on the device."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    try:  # theano-xla's device and its float32 matmul precision, so both sides do the same work
        from theano.lowering.device import current_device
        device = current_device()
    except Exception:
        device = jax.devices()[0]
    try:  # the precision theano-xla's policy (config.matmul_precision) gives a float32 product
        from theano.lowering.precision import dot_precision
        precision = dot_precision("float32")
    except Exception:
        precision = lax.Precision.HIGHEST

    def step(params: list[Any], dx: Any, dy: Any, i: Any) -> tuple[list[Any], Any]:
        xb = lax.dynamic_slice_in_dim(dx, i * batch, batch)
        yb = lax.dynamic_slice_in_dim(dy, i * batch, batch)

        def loss(ps: list[Any]) -> Any:
            h = xb if hidden is None else jnp.tanh(jnp.dot(xb, ps[0], precision=precision) + ps[1])
            logp = jax.nn.log_softmax(jnp.dot(h, ps[-2], precision=precision) + ps[-1])
            return -jnp.mean(jnp.take_along_axis(logp, yb[:, None], axis=1))

        cost, grads = jax.value_and_grad(loss)(params)
        return [p - LEARNING_RATE * g for p, g in zip(params, grads)], cost

    jitted = jax.jit(step, donate_argnums=(0,))
    dx, dy = jax.device_put(data[0], device), jax.device_put(data[1], device)
    state = {"params": [jax.device_put(p, device) for p in initial_params(hidden)]}

    def train(i: int) -> Any:
        state["params"], cost = jitted(state["params"], dx, dy, i)
        return cost
    return train, state


def bench_minibatch(cfg: dict[str, int]) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds per minibatch step for each model: (theano-xla column, hand-written JAX column); the JAX column's
    `<model>_async` entries time the steps without fetching the cost (one block per epoch)."""
    import jax

    data = dataset()
    ours: dict[str, float] = {}
    ref: dict[str, float] = {}
    rounds = max(cfg["repeats"], 3)
    for name, (hidden, batch) in MODELS.items():
        n_batches = N_EXAMPLES // batch
        steps = max(n_batches, MIN_STEPS)  # a timed "epoch": at least MIN_STEPS calls, cycling over the minibatches
        order = [k % n_batches for k in range(steps)]
        train = theano_train(hidden, batch, data)
        train_dev = theano_train(hidden, batch, data, device_arrays=True)
        jtrain, _ = jax_train(hidden, batch, data)
        if abs(float(train(0)) - float(np.asarray(jtrain(0)))) > 1e-4:
            raise AssertionError(f"{name}: the two sides disagree on the first cost")
        compilations = train.n_compilations

        def epoch_ours() -> None:
            for i in order:
                train(i)

        def epoch_ours_device() -> None:  # return_device_arrays=True: read the last cost only
            cost = None
            for i in order:
                cost = train_dev(i)
            float(cost)
            train_dev.sync()

        def epoch_jax() -> None:
            for i in order:
                np.asarray(jtrain(i))

        def epoch_jax_async() -> None:
            cost = None
            for i in order:
                cost = jtrain(i)
            jax.block_until_ready(cost)

        sides = {"ours": epoch_ours, "jax": epoch_jax, "ours_device": epoch_ours_device, "jax_async": epoch_jax_async}
        best = {k: float("inf") for k in sides}
        for fn in sides.values():  # warm-up epoch
            fn()
        for _ in range(rounds):
            for k, fn in sides.items():
                t0 = time.perf_counter()
                fn()
                best[k] = min(best[k], (time.perf_counter() - t0) / steps)
        if train.n_compilations != compilations:
            raise AssertionError(f"{name}: theano-xla compiled again during the epochs "
                                 f"({train.n_compilations - compilations} times): the index must stay dynamic")
        ours[name] = best["ours"]
        ours[name + "_device"] = best["ours_device"]
        ref[name] = best["jax"]
        ref[name + "_async"] = best["jax_async"]
    return ours, ref


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the minibatch idiom: theano-xla vs hand-written JAX")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args(argv)
    import jax
    import theano

    # many short alternating rounds (an epoch of at least MIN_STEPS calls each): a GPU host's timings are noisy
    ours, ref = bench_minibatch({"repeats": 9 if args.quick else 21})
    dev = jax.devices()[0]
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | device {theano.config.device} "
          f"({dev.platform}: {dev.device_kind})")
    for name, (hidden, batch) in MODELS.items():
        model = "logistic regression 784-10" if hidden is None else f"MLP 784-{hidden}-10 tanh"
        ratio = ours[name] / ref[name]
        print(f"{model}, batch {batch}: theano-xla {ours[name] * 1e3:.3f} ms/step, hand-written JAX "
              f"{ref[name] * 1e3:.3f} ms/step, ratio {ratio:.2f}x (target <= 1.05x{' ok' if ratio <= 1.05 else ' MISSED'});"
              f" JAX without fetching the cost {ref[name + '_async'] * 1e3:.3f} ms/step")
        dev_ratio = ours[name + "_device"] / ref[name + "_async"]
        print(f"  without waiting per step: theano-xla return_device_arrays=True {ours[name + '_device'] * 1e3:.3f} "
              f"ms/step, JAX without fetching the cost {ref[name + '_async'] * 1e3:.3f} ms/step, ratio {dev_ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

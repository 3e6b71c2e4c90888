"""Issue 15 figures: StableHLO export time of the tutorial's logistic regression (predict and train functions),
artifact size, and the round trip: the artifact deserialized and run by jax alone vs the theano.function, max
abs difference at batch 1, 128 and 1000 (one artifact, symbolic batch axis). Prints one line per figure."""
from __future__ import annotations

import time

import jax
import numpy as np

import theano
import theano.tensor as T


def main() -> None:
    rng = np.random.RandomState(0)
    feats = 784
    x, y = T.dmatrix("x"), T.dvector("y")
    w = theano.shared(rng.randn(feats) * 0.01, name="w")
    b = theano.shared(0.0, name="b")
    p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))
    xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)
    cost = xent.mean() + 0.01 * (w ** 2).sum()
    gw, gb = T.grad(cost, [w, b])
    train = theano.function([x, y], [p_1 > 0.5, xent], updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    predict = theano.function([x], p_1)
    example = [rng.randn(4, feats)]
    for name, f, ex in (("predict", predict, example), ("train", train, example + [np.zeros(4)])):
        t0 = time.perf_counter()
        data = f.export(inputs=ex, platforms=("cpu", "cuda"))
        t1 = time.perf_counter()
        exp = jax.export.deserialize(data)
        print(f"export {name}: {1e3 * (t1 - t0):.0f} ms for cpu+cuda, {len(data)} bytes, inputs {exp.in_avals[0]}")
    exp = jax.export.deserialize(predict.export(inputs=example, platforms="cpu"))
    state = [s.get_value() for s in predict.get_shared()]
    for n in (1, 128, 1000):
        X = rng.randn(n, feats)
        with jax.enable_x64(True):
            got = np.asarray(exp.call(X, *state)[0])
        print(f"round trip batch {n}: max abs difference {np.max(np.abs(got - predict(X))):.3g}")


if __name__ == "__main__":
    main()

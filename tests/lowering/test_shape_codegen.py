"""lowering/shape_codegen.py: the shape program of integer scalar arithmetic as one Python function must give
exactly what the ops' numpy implementations give (wraparound, division by zero, bools, mixed dtypes)."""

import numpy as np
import pytest

import theano.tensor as T
from theano import function, shared
from theano.frontend.evaluate import GraphPlan, host_or_backend
from theano.lowering.shape_codegen import compile_python

DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "bool"]
BINARY = [T.add, T.sub, T.mul, T.int_div, T.mod, T.maximum, T.minimum, T.lt, T.gt, T.le, T.ge, T.eq, T.neq]
UNARY = [T.neg, abs]
BOOL_RESULTS = {"lt", "gt", "le", "ge", "eq", "neq", "switch", "maximum", "minimum"}


def _extremes(dtype: str) -> list:
    if dtype == "bool":
        return [False, True]
    info = np.iinfo(dtype)
    return [int(info.min), int(info.max), 0, 1, -1 if info.min < 0 else 2, 7, int(info.max) // 3]


def _random_graph(rng: np.random.RandomState, inputs: list, depth: int):
    """A random integer scalar expression over `inputs` (every op Theano allows for the dtypes drawn)."""
    pool = list(inputs)
    for _ in range(depth):
        kind = rng.randint(4)
        try:
            if kind == 0:
                out = UNARY[rng.randint(len(UNARY))](pool[rng.randint(len(pool))])
            elif kind == 1:
                out = T.switch(pool[rng.randint(len(pool))], pool[rng.randint(len(pool))], pool[rng.randint(len(pool))])
            else:
                a, b = pool[rng.randint(len(pool))], pool[rng.randint(len(pool))]
                out = BINARY[rng.randint(len(BINARY))](a, b)
        except (TypeError, ValueError, NotImplementedError):
            continue  # an op refused for these dtypes (sub of bools, say)
        if out.dtype == "bool" and out.owner.op.scalar_op.name not in BOOL_RESULTS:
            continue  # arithmetic on bools (logical in numpy): left to the numpy evaluator, checked below
        if out.dtype.startswith(("int", "uint", "bool")):
            pool.append(out)
    return pool[len(inputs):] or [inputs[0] + 0]


@pytest.mark.parametrize("seed", range(12))
def test_random_integer_programs_match_numpy(seed):
    rng = np.random.RandomState(seed)
    dtypes = [DTYPES[k] for k in rng.randint(len(DTYPES), size=3)]
    inputs = [T.scalar(f"s{k}", dtype=d) for k, d in enumerate(dtypes)]
    outputs = _random_graph(rng, inputs, 12)
    plan = GraphPlan(inputs, outputs)
    run = compile_python(plan)
    assert run is not None, [str(n.op) for n, _, _ in plan.steps]
    for _ in range(30):
        values = [np.asarray(_extremes(d)[rng.randint(len(_extremes(d)))], dtype=d) for d in dtypes]
        with np.errstate(all="ignore"):
            expected = plan.run(values, host_or_backend)
        got = run(values)
        assert [int(v) for v in got] == [int(v) for v in expected], (values, plan.steps)


def test_float_steps_and_casts_leave_the_numpy_evaluator():
    i = T.lscalar("i")
    plan = GraphPlan([i], [T.cast(T.sqrt(T.cast(i, "float64")), "int64")])
    assert compile_python(plan) is None
    j = T.iscalar("j")
    assert compile_python(GraphPlan([i], [T.cast(i, "int8") + 1])) is None  # a narrowing cast
    assert compile_python(GraphPlan([i, j], [i * j + 3])) is not None
    b = T.scalar("b", dtype="bool")
    assert compile_python(GraphPlan([b], [b + b])) is None  # logical or in numpy, 2 in Python


def test_minibatch_shape_program_is_generated_code():
    data = shared(np.zeros((10, 3)))
    index = T.lscalar("index")
    f = function([index], data[index * 4:(index + 1) * 4].sum(0))
    assert f._shape_program._python is not None
    assert np.allclose(f(2), 0) and f(2).shape == (3,)
    data.set_value(np.arange(30.0).reshape(10, 3))
    assert np.allclose(f(1), np.arange(30.0).reshape(10, 3)[4:8].sum(0))
    assert np.allclose(f(2), np.arange(30.0).reshape(10, 3)[8:].sum(0))  # the short last batch
    assert np.allclose(f(-1), np.arange(30.0).reshape(10, 3)[-4:0].sum(0))

"""Seeded generator of random Theano expression graphs, as plain JSON-serialisable specs.

A spec is data, not code: a list of typed inputs (dtype, broadcastable pattern, shape and the
seed of their values) and a list of nodes ``[op, [argument refs], {keyword args}]``, where a ref
indexes the inputs followed by the nodes.  ``builder.py`` turns a spec into a graph with the
public Theano API, so the same spec runs under the real Theano 1.0.5 and under ours.

The generator models shapes with numpy (each node is applied to zero arrays of the tracked
shapes) and keeps a conservative broadcastable pattern (True only where Theano certainly says
True), so almost every graph is valid; the few that are not are compared as errors.  It never
imports theano: a spec does not depend on which Theano generated it.
"""
from __future__ import annotations

import random
from typing import Any

import numpy as np

#: Bump when the generator changes what a seed produces; the cached oracle data records it.
GENERATOR_VERSION = 2

FLOATS = ["float64", "float32"]
INTS = ["int8", "int16", "int32", "int64", "uint8"]
FLOAT_UNARY = ["exp", "tanh", "sin", "cos", "sqr", "abs", "neg", "sqrt_abs", "log_abs1",
               "log1p_abs", "expm1", "erf", "sgn", "floor", "ceil", "round_even", "sigmoid",
               "softplus", "relu", "inv"]
INT_UNARY = ["neg", "abs", "sqr", "sgn", "invert"]
ARITH = ["add", "sub", "mul", "true_div", "maximum", "minimum", "pow_sq"]
INT_ARITH = ["int_div", "mod"]
COMPARE = ["lt", "gt", "le", "ge", "eq", "neq"]
LOGIC = ["and", "or", "xor"]
REDUCE = ["sum", "prod", "max", "min", "mean", "var", "std", "argmax", "argmin", "all", "any"]


class _Var:
    """What the generator knows of a variable: shape, dtype kind and a safe broadcastable."""

    def __init__(self, shape: tuple, dtype: str, bcast: tuple):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.bcast = tuple(bcast)

    @property
    def kind(self) -> str:
        return "f" if self.dtype.startswith("float") else ("b" if self.dtype == "bool" else "i")


def _np_dtype_of(kinds: list[str]) -> str:
    """A rough upcast, only used to choose later ops (kind matters, width does not)."""
    if "f" in kinds:
        return "float64"
    if "i" in kinds:
        return "int64"
    return "bool"


class GraphGen:
    """Builds one random spec from a seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.inputs: list[dict] = []
        self.nodes: list[list] = []
        self.vars: list[_Var] = []
        self._is_node: list[bool] = []

    # -- inputs ---------------------------------------------------------------------------
    def new_input(self, shape: tuple | None = None, kind: str | None = None,
                  bcast: tuple | None = None) -> int:
        r = self.rng
        if shape is None:
            nd = r.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
            shape = tuple(r.choice([1, 2, 3, 4]) for _ in range(nd))
        if bcast is None:
            bcast = tuple(s == 1 and r.random() < 0.6 for s in shape)
        if kind is None:
            kind = r.choice("ffffffiib")
        dtype = {"f": lambda: r.choice(FLOATS + ["float64"]), "i": lambda: r.choice(INTS),
                 "b": lambda: "bool"}[kind]()
        name = "abcdefghijklmnopqrstuvwxyz"[len(self.inputs) % 26] + (
            str(len(self.inputs) // 26) if len(self.inputs) >= 26 else "")
        self.inputs.append({"name": name, "dtype": dtype, "bcast": list(bcast),
                            "shape": list(shape), "seed": r.randrange(2**31)})
        self.vars.append(_Var(shape, dtype, bcast))
        self._is_node.append(False)
        return len(self.vars) - 1

    def _add(self, op: str, args: list[int], kw: dict, shape: tuple, dtype: str,
             bcast: tuple | None = None) -> int:
        self.nodes.append([op, args, kw])
        self.vars.append(_Var(shape, dtype, bcast if bcast is not None else (False,) * len(shape)))
        self._is_node.append(True)
        return len(self.vars) - 1

    def pick(self, pred=lambda v: True) -> int | None:
        cands = [i for i, v in enumerate(self.vars) if pred(v)]
        if not cands:
            return None
        # favour recent variables so graphs get deep, not wide
        return cands[-1] if self.rng.random() < 0.5 else self.rng.choice(cands)

    def partner(self, a: int, kind: str | None = None) -> int:
        """A variable that broadcasts with ``a`` under Theano's rule; made if none exists."""
        va = self.vars[a]

        def ok(v: _Var) -> bool:
            if kind is not None and v.kind != kind:
                return False
            n = max(len(v.shape), len(va.shape))
            s1 = (1,) * (n - len(va.shape)) + va.shape
            b1 = (True,) * (n - len(va.shape)) + va.bcast
            s2 = (1,) * (n - len(v.shape)) + v.shape
            b2 = (True,) * (n - len(v.shape)) + v.bcast
            return all(x == y or bx or by for x, y, bx, by in zip(s1, s2, b1, b2))

        if self.rng.random() < 0.5:
            b = self.pick(ok)
            if b is not None:
                return b
        r = self.rng
        drop = r.choice([0, 0, 0, 1]) if va.shape else 0
        shape, bcast = [], []
        for s in va.shape[drop:]:
            if r.random() < 0.25:
                shape.append(1); bcast.append(True)
            else:
                shape.append(s); bcast.append(s == 1 and r.random() < 0.5)
        return self.new_input(tuple(shape), kind or r.choice("fffi"), tuple(bcast))

    # -- node makers: each returns the new var index or None ------------------------------
    def elemwise(self) -> int | None:
        r = self.rng
        a = self.pick()
        va = self.vars[a]
        choice = r.random()
        if choice < 0.3:
            if va.kind == "f":
                op = r.choice(FLOAT_UNARY)
            elif va.kind == "i":
                op = r.choice(INT_UNARY + ["cast"])
            else:
                op = r.choice(["invert", "cast"])
            kw = {}
            dt = va.dtype
            if op == "cast":
                dt = r.choice(FLOATS + INTS)
                kw = {"dtype": dt}
            elif va.kind != "f" and op in ("sqrt_abs",):
                dt = "float64"
            return self._add(op, [a], kw, va.shape, dt, va.bcast)
        if choice < 0.4:
            c = r.choice([2, -1, 3, 0.5, 1.5, -2.5, 1e-3])
            op = r.choice(["add_c", "mul_c", "sub_c", "rsub_c", "maximum_c"])
            k = "f" if isinstance(c, float) else va.kind
            return self._add(op, [a], {"c": c}, va.shape, _np_dtype_of([va.kind, k]), va.bcast)
        if choice < 0.47 and va.kind == "f":
            lo = r.choice([-1.0, -0.5, 0.0])
            return self._add("clip", [a], {"lo": lo, "hi": lo + r.choice([0.5, 1.0, 2.0])},
                             va.shape, va.dtype, va.bcast)
        b = self.partner(a, kind=r.choice([None, va.kind]))
        vb = self.vars[b]
        shape = np.broadcast_shapes(va.shape, vb.shape)
        n = len(shape)
        b1 = (True,) * (n - len(va.shape)) + va.bcast
        b2 = (True,) * (n - len(vb.shape)) + vb.bcast
        bc = tuple(x and y for x, y in zip(b1, b2))
        if choice < 0.55:
            c = self.new_input(shape, "b", bc) if r.random() < 0.5 else None
            if c is None:
                c = self._add(r.choice(COMPARE), [a, b], {}, shape, "bool", bc)
            return self._add("switch", [c, a, b], {}, shape, _np_dtype_of([va.kind, vb.kind]), bc)
        pool = ARITH + COMPARE
        if va.kind != "f" and vb.kind != "f":
            pool = pool + INT_ARITH + LOGIC
        op = r.choice(pool)
        dt = "bool" if op in COMPARE else _np_dtype_of([va.kind, vb.kind])
        if op == "true_div":
            dt = "float64"
        return self._add(op, [a, b], {}, shape, dt, bc)

    def reduce(self) -> int | None:
        r = self.rng
        a = self.pick(lambda v: len(v.shape) >= 1)
        if a is None:
            return None
        va = self.vars[a]
        nd = len(va.shape)
        op = r.choice(REDUCE)
        mode = r.choice(["none", "int", "int", "tuple"])
        if op in ("argmax", "argmin") and mode == "tuple":
            mode = "int"
        axis: Any
        if mode == "none":
            axis = None
            axes = tuple(range(nd))
        elif mode == "int":
            axis = r.randrange(-nd, nd)
            axes = (axis % nd,)
        else:
            axes = tuple(sorted(r.sample(range(nd), r.randint(1, nd))))
            axis = list(axes)
        keep = r.random() < 0.4
        zero = np.zeros(va.shape)
        shape = np.sum(zero, axis=axes, keepdims=keep).shape
        if keep:
            bc = tuple(True if i in axes else va.bcast[i] for i in range(nd))
        else:
            bc = tuple(va.bcast[i] for i in range(nd) if i not in axes)
        dt = {"argmax": "int64", "argmin": "int64", "all": "bool", "any": "bool"}.get(op, va.dtype)
        if op in ("mean", "var", "std") and va.kind != "f":
            dt = "float64"
        return self._add(op, [a], {"axis": axis, "keepdims": keep}, shape, dt, bc)

    def _index(self, shape: tuple) -> list:
        r = self.rng
        idx = []
        used_adv = False
        for d in shape[: r.randint(1, len(shape))]:
            k = r.random()
            if k < 0.25:
                idx.append({"i": r.randrange(-d, d)})
            elif k < 0.4 and not used_adv:
                used_adv = True
                idx.append({"a": [r.randrange(-d, d) for _ in range(r.randint(1, 4))]})
            else:
                start = r.choice([None, 0, 1, -1, -2])
                stop = r.choice([None, None, 2, -1, 3])
                step = r.choice([None, None, 1, 2, -1, -2])
                idx.append({"s": [start, stop, step]})
        return idx

    def index(self) -> int | None:
        r = self.rng
        a = self.pick(lambda v: len(v.shape) >= 1 and 0 not in v.shape)
        if a is None:
            return None
        va = self.vars[a]
        idx = self._index(va.shape)
        np_idx = tuple(index_to_numpy(idx))
        out_shape = np.zeros(va.shape)[np_idx].shape
        if r.random() < 0.35 and all("a" not in i for i in idx) or r.random() < 0.15:
            if 0 in out_shape:
                return None
            op = r.choice(["set_subtensor", "inc_subtensor"])
            k = len(out_shape) - r.choice([0, 0, 1]) if out_shape else 0
            sub = out_shape[len(out_shape) - k:] if k else ()
            y = self.new_input(sub, va.kind if va.kind != "b" else "i", (False,) * len(sub))
            return self._add(op, [a, y], {"idx": idx}, va.shape, va.dtype, va.bcast)
        return self._add("getitem", [a], {"idx": idx}, out_shape, va.dtype)

    def dot(self) -> int | None:
        r = self.rng
        a = self.pick(lambda v: 1 <= len(v.shape) <= 3 and v.kind != "b")
        if a is None:
            return None
        va = self.vars[a]
        kind = r.choice(["dot", "dot", "tensordot", "batched_dot"])
        if kind == "batched_dot" and len(va.shape) >= 2:
            other = (va.shape[0], va.shape[-1]) + tuple(r.choice([2, 3]) for _ in range(r.randint(0, 1)))
            b = self.new_input(other, va.kind, (False,) * len(other))
            shape = np.matmul(np.zeros(va.shape), np.zeros(other)).shape if len(other) == 3 and len(va.shape) == 3 else None
            if shape is None:
                return None
            return self._add("batched_dot", [a, b], {}, shape, va.dtype)
        if kind == "tensordot" and len(va.shape) >= 2:
            n = r.randint(1, 2) if len(va.shape) >= 2 else 1
            ax_a = sorted(r.sample(range(len(va.shape)), n))
            extra = tuple(r.choice([2, 3]) for _ in range(r.randint(0, 1)))
            other = tuple(va.shape[i] for i in ax_a) + extra
            b = self.new_input(other, r.choice([va.kind, "f"]), (False,) * len(other))
            ax_b = list(range(n))
            shape = np.tensordot(np.zeros(va.shape), np.zeros(other), (ax_a, ax_b)).shape
            return self._add("tensordot", [a, b], {"axes": [ax_a, ax_b]}, shape, "float64")
        if len(va.shape) > 2:
            return None
        k = va.shape[-1]
        other = r.choice([(k,), (k, r.choice([1, 2, 3]))])
        b = self.new_input(other, r.choice([va.kind, "f"]), (False,) * len(other))
        shape = np.dot(np.zeros(va.shape), np.zeros(other)).shape
        return self._add("dot", [a, b], {}, shape, "float64")

    def shape_op(self) -> int | None:
        r = self.rng
        a = self.pick()
        va = self.vars[a]
        nd = len(va.shape)
        op = r.choice(["reshape", "dimshuffle", "dimshuffle", "flatten", "concatenate", "stack",
                       "transpose", "shape_i", "reshape_sym", "zeros_like", "ones_like",
                       "arange_shape", "alloc_shape"])
        if op == "reshape" and 0 not in va.shape:
            size = int(np.prod(va.shape))
            divs = [d for d in range(1, size + 1) if size % d == 0]
            d0 = r.choice(divs)
            shape = r.choice([(size,), (d0, size // d0), (d0, -1), (-1,), (1, size)])
            out = np.zeros(va.shape).reshape(shape).shape
            return self._add("reshape", [a], {"shape": list(shape)}, out, va.dtype)
        if op == "dimshuffle":
            keep = [i for i in range(nd) if not (va.bcast[i] and r.random() < 0.5)]
            r.shuffle(keep)
            pat: list = list(keep)
            for _ in range(r.choice([0, 0, 1, 2])):
                pat.insert(r.randint(0, len(pat)), "x")
            shape = tuple(1 if p == "x" else va.shape[p] for p in pat)
            bc = tuple(True if p == "x" else va.bcast[p] for p in pat)
            return self._add("dimshuffle", [a], {"pattern": pat}, shape, va.dtype, bc)
        if op == "flatten" and nd >= 1:
            k = r.randint(1, nd)
            shape = va.shape[: k - 1] + (int(np.prod(va.shape[k - 1:])),)
            return self._add("flatten", [a], {"ndim": k}, shape, va.dtype)
        if op in ("concatenate", "stack") and nd >= (1 if op == "concatenate" else 0):
            ax = r.randrange(nd) if op == "concatenate" else r.randrange(nd + 1)
            n = r.randint(1, 2)
            args = [a]
            for _ in range(n):
                shp = list(va.shape)
                if op == "concatenate":
                    shp[ax] = r.choice([1, 2, 3])
                args.append(self.new_input(tuple(shp), va.kind, (False,) * nd))
            zs = [np.zeros(self.vars[i].shape) for i in args]
            shape = (np.concatenate(zs, axis=ax) if op == "concatenate" else np.stack(zs, axis=ax)).shape
            return self._add(op, args, {"axis": ax}, shape, va.dtype)
        if op == "transpose":
            return self._add("transpose", [a], {}, va.shape[::-1], va.dtype, va.bcast[::-1])
        if op == "shape_i" and nd >= 1:
            return self._add("shape_i", [a], {"i": r.randrange(nd)}, (), "int64")
        if op == "reshape_sym" and nd >= 2:
            return self._add("reshape_sym", [a], {}, (va.shape[0], int(np.prod(va.shape[1:]))), va.dtype)
        if op in ("zeros_like", "ones_like"):
            return self._add(op, [a], {}, va.shape, va.dtype, va.bcast)
        if op == "arange_shape" and nd >= 1:
            return self._add("arange_shape", [a], {}, (va.shape[0],), "int64")
        if op == "alloc_shape" and nd >= 1:
            return self._add("alloc_shape", [a], {"v": r.choice([0.5, 2, 1.0])}, va.shape, va.dtype)
        return None

    def nnet(self) -> int | None:
        r = self.rng
        op = r.choice(["softmax", "softmax", "categorical_crossentropy", "binary_crossentropy",
                       "sigmoid", "relu", "softplus"])
        if op in ("sigmoid", "relu", "softplus"):
            a = self.pick(lambda v: v.kind == "f")
            if a is None:
                return None
            va = self.vars[a]
            return self._add(op, [a], {}, va.shape, va.dtype, va.bcast)
        a = self.pick(lambda v: len(v.shape) == 2 and v.kind == "f" and 0 not in v.shape)
        if a is None:
            a = self.new_input((r.choice([2, 3]), r.choice([2, 3, 4])), "f", (False, False))
        va = self.vars[a]
        if op == "softmax":
            return self._add("softmax", [a], {}, va.shape, va.dtype)
        if op == "categorical_crossentropy":
            tgt = [r.randrange(va.shape[1]) for _ in range(va.shape[0])]
            return self._add(op, [a], {"target": tgt}, (va.shape[0],), va.dtype)
        tgt = [[float(r.randint(0, 1)) for _ in range(va.shape[1])] for _ in range(va.shape[0])]
        return self._add(op, [a], {"target": tgt}, va.shape, va.dtype)

    def generate(self) -> dict:
        r = self.rng
        self.new_input()
        n_nodes = r.randint(1, 6)
        makers = [self.elemwise] * 5 + [self.reduce] * 2 + [self.index] * 2 + [
            self.dot, self.shape_op, self.shape_op, self.nnet]
        tries = 0
        while len(self.nodes) < n_nodes and tries < 50:
            tries += 1
            try:
                r.choice(makers)()
            except (ValueError, IndexError):  # a shape the model cannot use: try another node
                pass
        if not self.nodes:
            self.elemwise()
        n = len(self.vars)
        outs = [n - 1] + [i for i in range(n - 1) if self._is_node[i] and r.random() < 0.2]
        # refs in a spec index the inputs first, then the nodes (inputs were made along the way)
        order = [i for i in range(n) if not self._is_node[i]] + [i for i in range(n) if self._is_node[i]]
        ref = {old: new for new, old in enumerate(order)}
        nodes = [[op, [ref[a] for a in args], kw] for op, args, kw in self.nodes]
        return {"id": self.seed, "inputs": self.inputs, "nodes": nodes,
                "outputs": [ref[o] for o in outs], "grad": r.random() < 0.5,
                # the generator's own shape model of every ref (the builder ignores it)
                "model_shapes": [list(self.vars[i].shape) for i in order]}


def index_to_numpy(idx: list) -> list:
    """The numpy index of an index descriptor list ({"i": k}, {"a": [..]}, {"s": [a, b, c]})."""
    out: list = []
    for d in idx:
        if "i" in d:
            out.append(d["i"])
        elif "a" in d:
            out.append(np.array(d["a"]))
        else:
            out.append(slice(*d["s"]))
    return out


def generate(seed: int) -> dict:
    """The spec of seed ``seed`` (deterministic for a given GENERATOR_VERSION)."""
    return GraphGen(seed).generate()


def ci_seeds() -> list[int]:
    """The fixed seed set checked in CI."""
    return list(range(1200))


def nightly_seeds() -> list[int]:
    """The longer developer run: ten times the CI set, disjoint from it."""
    return list(range(100000, 112000))

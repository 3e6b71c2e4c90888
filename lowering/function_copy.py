"""Pickling and copying compiled functions, and function_dump.

A compiled Function holds jitted callables and device handles that cannot be pickled: its pickled state is
the rewritten graph, its inputs/outputs and its shared variables (which pickle their values), and loading
compiles again, as Theano 1.0.5 pickles the graph and recompiles. The pickled graph refers to the user's
shared variables, not to the graph's private clones of them, so each value is stored once and two
functions pickled together keep sharing their shared variables after loading.
"""
from __future__ import annotations

import copy as _copy
from typing import Any

from theano.frontend.config import config
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph_utils import rebuild_with
from theano.frontend.pkl_utils import StripPickler
from theano.frontend.shared import SharedVariable

# FunctionGraph attributes rebuilt from (inputs, outputs); any other attribute (a DebugMode log, say) is kept
_FGRAPH_STRUCTURE = ("equiv", "inputs", "outputs", "update_mapping", "_features", "_nodes", "_vars", "clients",
                     "_version", "_topo")


def fgraph_state(fgraph: FunctionGraph) -> dict:
    """What rebuilds `fgraph`: its outputs over the user's shared variables (not the graph's clones of them)."""
    originals = {clone: orig for orig, clone in (fgraph.equiv or {}).items()
                 if isinstance(orig, SharedVariable) and clone is not orig}
    inputs = [originals.get(v, v) for v in fgraph.inputs]
    outputs = rebuild_with(list(fgraph.outputs), dict(originals)) if originals else list(fgraph.outputs)
    extra = {k: v for k, v in fgraph.__dict__.items() if k not in _FGRAPH_STRUCTURE}
    return {"inputs": inputs, "outputs": outputs, "update_mapping": dict(fgraph.update_mapping), "extra": extra}


def rebuild_fgraph(state: dict) -> FunctionGraph:
    """The FunctionGraph described by `fgraph_state` (a fresh clone of the pickled graph)."""
    fgraph = FunctionGraph(state["inputs"], state["outputs"], clone=True, update_mapping=dict(state["update_mapping"]))
    fgraph.__dict__.update(state["extra"])
    return fgraph


def maker_getstate(maker: Any) -> dict:
    """FunctionMaker's pickled state: its attributes, the graph as `fgraph_state`."""
    state = dict(maker.__dict__)
    state["fgraph"] = fgraph_state(maker.fgraph)
    return state


def maker_setstate(maker: Any, state: dict) -> None:
    """Rebuild a FunctionMaker; re-run the rewrites when config.reoptimize_unpickled_function is set."""
    state = dict(state)
    fgraph = rebuild_fgraph(state.pop("fgraph"))
    maker.__dict__.update(state)
    maker.fgraph = fgraph
    if config.reoptimize_unpickled_function:
        from theano.passes.pipeline import optimize

        optimize(fgraph, maker.mode)


def copy_function(fn: Any, share_memory: bool = False, swap: dict | None = None, delete_updates: bool = False,
                  name: str | None = None) -> Any:
    """Function.copy as in Theano 1.0.5: a new Function with its own maker and graph over the same shared
    variables, `swap` ({old shared: new shared}) replaced in the copy only, no updates if `delete_updates`.
    `share_memory` is accepted: intermediate values live inside one XLA program here, nothing to share."""
    maker = fn.maker
    n_out = fn._n_outputs
    state = fn.__getstate__()
    shared = list(fn._shared)
    targets = [] if delete_updates else list(fn._update_targets)
    if swap:
        known = [i.variable for i in maker.inputs] + shared
        for old, new in swap.items():
            if old not in known:
                raise ValueError("SharedVariable: %s not found" % getattr(old, "name", old))
            if not isinstance(old, SharedVariable):
                raise AssertionError("Key of swap should be SharedVariable, given:", old, " type", type(old))
            if not isinstance(new, SharedVariable):
                raise AssertionError("Value of swap should be SharedVariable, given:", new, "type", type(new))
            if old.type != new.type:
                raise AssertionError("Type of given SharedVariable conflicts with original one",
                                     "Type of given SharedVariable:", new.type,
                                     "Type of original SharedVariable:", old.type)
        shared = [swap.get(s, s) for s in shared]
        targets = [swap.get(t, t) for t in targets]
    fg = maker.fgraph
    outputs = list(fg.outputs[:n_out]) if delete_updates else list(fg.outputs)
    mapping = {} if delete_updates else dict(fg.update_mapping)
    new_fg = FunctionGraph(list(fg.inputs), outputs, clone=True, update_mapping=mapping)
    new_fg.__dict__.update({k: v for k, v in fg.__dict__.items() if k not in _FGRAPH_STRUCTURE})
    new_maker = _copy.copy(maker)
    new_maker.fgraph = new_fg
    new_maker.inputs = [_copy.copy(i) for i in maker.inputs]
    new_maker.outputs = [_copy.copy(o) for o in maker.outputs]
    if swap:
        for i in new_maker.inputs:
            if i.variable in swap:
                i.variable = swap[i.variable]
    state = {k: (list(v) if type(v) is list else v) for k, v in state.items()}
    # as Theano's copy, the new maker's outputs are a list: the copy returns a list, also for one output
    name = name or (fn.name + " copy" if fn.name else None)
    new_fg.name = name
    state.update(maker=new_maker, _inputs=new_maker.inputs, _shared=shared, _update_targets=targets, name=name,
                 _unpack_single=False, _output_keys=None)
    if delete_updates:  # In(update=...) outputs go with the other updates
        state["_input_updates"] = []
    # each explicit input gets its own container, as in Theano: the value is shared, a mutable one is copied
    state["_storage"] = [_copy_container(c, i.mutable) for c, i in zip(fn._storage, maker.inputs)]
    new = fn.__class__.__new__(fn.__class__)
    new.__dict__.update(state)
    new._build_maps()
    new._compile()
    if share_memory:
        from theano.lowering.function_vm import FunctionStorage

        new._fn = FunctionStorage(new, share_from=fn.fn)
    return new


def _copy_container(c: Any, mutable: bool) -> Any:
    """A new Container with `c`'s settings, holding `c`'s value (a copy of it when the input is mutable)."""
    new = _copy.copy(c)
    value = c.storage[0]
    new.storage = [_copy.deepcopy(value) if mutable and value is not None else value]
    return new


def function_dump(filename: str, inputs: Any, outputs: Any = None, mode: Any = None, updates: Any = None,
                  givens: Any = None, no_default_updates: bool | list = False, accept_inplace: bool = False,
                  name: str | None = None, rebuild_strict: bool = True, allow_input_downcast: bool | None = None,
                  profile: Any = None, on_unused_input: str | None = None, extra_tag_to_remove: Any = None) -> None:
    """Pickle the arguments of a theano.function call to `filename` (a reproducible compilation case):
    ``theano.function(**pickle.load(open(filename, 'rb')))`` compiles it again."""
    if not isinstance(filename, str):
        raise AssertionError(f"function_dump: filename must be a string, got {type(filename).__name__}")
    d = dict(inputs=inputs, outputs=outputs, mode=mode, updates=updates, givens=givens,
             no_default_updates=no_default_updates, accept_inplace=accept_inplace, name=name,
             rebuild_strict=rebuild_strict, allow_input_downcast=allow_input_downcast, profile=profile,
             on_unused_input=on_unused_input)
    with open(filename, "wb") as f:
        StripPickler(f, protocol=-1, extra_tag_to_remove=extra_tag_to_remove).dump(d)

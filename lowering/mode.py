"""Compilation modes (compile.mode): which rewrite sets run before lowering, and how the result runs.

A Mode holds an optimizer name (`fast_run`, `fast_compile`, `merge`, None) and the tags it
includes, excludes and requires; passes/pipeline.py turns that into the rules to run. Everything
runs through XLA, so the linker is kept only for compatibility. `DebugMode` (lowering/debugmode.py)
also checks every call against the unrewritten graph run op by op.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.config import config

_OPTIMIZER_NAMES = ("fast_run", "fast_compile", "merge", "None", "o1", "o2", "o3", "o4", "unsafe")


def _optimizer_name(optimizer: Any) -> Any:
    if optimizer is None:
        return "None"
    if hasattr(optimizer, "optimize"):  # a Theano optimizer object (optdb.query(...), an EquilibriumOptimizer): kept
        return optimizer
    name = str(optimizer)
    if name not in _OPTIMIZER_NAMES:
        raise ValueError(f"unknown optimizer {optimizer!r}; expected None or one of {list(_OPTIMIZER_NAMES)}")
    return name


class Mode:
    """A linker name (kept for compatibility: everything runs through XLA) and an optimizer query."""

    record_rewrites = False

    def __init__(self, linker: Any = None, optimizer: Any = "default"):
        self.linker = linker if linker is not None else "xla"
        if optimizer == "default":
            optimizer = config.optimizer
        if hasattr(optimizer, "include") and not hasattr(optimizer, "optimize"):  # a theano.gof.Query
            self.__dict__["_query"] = optimizer
            optimizer = "fast_run"
        self.optimizer = _optimizer_name(optimizer)
        self.included: tuple[str, ...] = ()
        self.excluded: tuple[str, ...] = ()
        self.required: tuple[str, ...] = ()

    def __setstate__(self, state: Any) -> None:
        """Our state, or Theano 1.0.5's `(linker, optimizer)` (theano.frontend.theano_pickles.mode_setstate)."""
        from theano.frontend.theano_pickles import mode_setstate

        mode_setstate(self, state)

    def _with(self, **kw: Any) -> "Mode":
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.__dict__.update(kw)
        return new

    def including(self, *tags: str) -> "Mode":
        """A copy that also runs the rules or sets named `tags`."""
        return self._with(included=self.included + tuple(tags), **self._query_with("including", tags))

    def excluding(self, *tags: str) -> "Mode":
        """A copy that skips the rules or sets named `tags`."""
        return self._with(excluded=self.excluded + tuple(tags), **self._query_with("excluding", tags))

    def requiring(self, *tags: str) -> "Mode":
        """A copy that runs only rules carrying every one of `tags`."""
        return self._with(required=self.required + tuple(tags), **self._query_with("requiring", tags))

    def _query_with(self, how: str, tags: tuple) -> dict:
        query = self.__dict__.get("_query")
        return {"_query": getattr(query, how)(*tags)} if hasattr(query, how) else {}

    @property
    def _optimizer(self) -> Any:
        """Theano's Mode._optimizer: the optimizer query (a theano.gof.Query) this mode runs, or the optimizer
        object it was given. Assigning a Query (or an optimizer) changes what the mode runs; the Query's
        position_cutoff is honoured (`mode._optimizer.position_cutoff = 1.5` stops after stabilize)."""
        query = self.__dict__.get("_query")
        if query is None:
            if hasattr(self.optimizer, "optimize"):
                return self.optimizer
            from theano.passes.gof_optdb import Query
            from theano.passes.pipeline import query_of

            q = query_of(self)
            query = Query(include=sorted(q.include), exclude=sorted(q.exclude), require=sorted(q.require))
            self.__dict__["_query"] = query
        return query

    @_optimizer.setter
    def _optimizer(self, value: Any) -> None:
        if hasattr(value, "optimize"):
            self.optimizer = value
            self.__dict__.pop("_query", None)
        else:
            self.__dict__["_query"] = value

    def clone(self, link_kwargs: Any = None, optimizer: Any = "", message: Any = None) -> "Mode":
        new = self._with()
        if optimizer != "":
            new.__dict__.pop("_query", None)
            if hasattr(optimizer, "include") and not hasattr(optimizer, "optimize"):  # a theano.gof.Query
                new.__dict__["_query"] = optimizer
                optimizer = "fast_run"
            new.optimizer = _optimizer_name(optimizer)
        return new

    @property
    def linker(self) -> Any:
        """The linker object, as Theano's Mode.linker: a name given to the constructor ('py', 'c|py', 'vm', 'cvm',
        ...) maps to its linker class (theano.lowering.linker); `provided_linker` is what was given."""
        value = self.__dict__.get("linker", "xla")
        if not isinstance(value, str):
            return value
        cached = self.__dict__.get("_linker_object")
        if cached is None or cached[0] != value:
            from theano.lowering.linker import linker_for

            cached = (value, linker_for(value))
            self.__dict__["_linker_object"] = cached
        return cached[1]

    @linker.setter
    def linker(self, value: Any) -> None:
        self.__dict__["linker"] = value

    def wrap_function(self, fn: Any) -> Any:
        """The compiled function as this mode's linker runs it: a WrapLinker runs it op by op, others keep it."""
        wrap = getattr(self.linker, "wrap_function", None)
        if wrap is None:  # a graph of Python objects (theano.generic, a user's Type) runs op by op on the host
            from theano.lowering.host_values import host_run_function

            return host_run_function(fn)
        return wrap(fn)

    @property
    def provided_optimizer(self) -> Any:
        return self.optimizer

    @property
    def provided_linker(self) -> Any:
        return self.__dict__.get("linker", "xla")

    def __str__(self) -> str:
        parts = [f"optimizer={self.optimizer}"]
        if self.included:
            parts.append("including=%s" % ",".join(self.included))
        if self.excluded:
            parts.append("excluding=%s" % ",".join(self.excluded))
        if self.required:
            parts.append("requiring=%s" % ",".join(self.required))
        return f"{type(self).__name__}(linker={self.provided_linker}, {', '.join(parts)})"

    __repr__ = __str__


FAST_RUN = Mode(optimizer="fast_run")
FAST_COMPILE = Mode(optimizer="fast_compile")
# "JAX" is PyTensor's name for its JAX back-end: here every mode runs through JAX, so it is FAST_RUN.
predefined_modes: dict[str, Mode] = {"FAST_RUN": FAST_RUN, "FAST_COMPILE": FAST_COMPILE, "JAX": FAST_RUN}


def _split_tags(flag: str) -> tuple[str, ...]:
    return tuple(t for t in str(flag or "").split(":") if t)


def get_mode(mode: Any) -> Mode:
    """A Mode from None (config.mode, with config.optimizer_including/excluding/requiring), a name, or a Mode."""
    default = mode is None
    if default:
        mode = config.mode
    if isinstance(mode, Mode):
        result = mode
    elif mode == "Mode":
        result = Mode()
    elif mode in ("DebugMode", "DEBUG_MODE"):
        from theano.lowering.debugmode import DebugMode  # imported late: it subclasses Function

        # 'DEBUG_MODE' is the registered instance (its check_isfinite can be switched off), as in Theano
        result = DebugMode(optimizer=config.optimizer) if mode == "DebugMode" else predefined_modes["DEBUG_MODE"]
    elif mode == "NanGuardMode":
        from theano.lowering.nanguardmode import NanGuardMode  # imported late: it builds on Function

        result = NanGuardMode()
    elif mode in predefined_modes:
        result = predefined_modes[mode]
    else:
        hint = " (ProfileMode was removed in Theano 0.9: use profile=True)" if mode == "ProfileMode" else ""
        raise ValueError(f"unknown mode {mode!r}{hint}; expected a Mode or one of "
                         f"{sorted(predefined_modes) + ['Mode', 'DebugMode', 'DEBUG_MODE', 'NanGuardMode']}")
    if default:
        inc = _split_tags(config.optimizer_including)
        exc = _split_tags(config.optimizer_excluding)
        req = _split_tags(config.optimizer_requiring)
        if inc:
            result = result.including(*inc)
        if exc:
            result = result.excluding(*exc)
        if req:
            result = result.requiring(*req)
    return result


def get_default_mode() -> Mode:
    """The mode theano.function uses when given none (config.mode and the optimizer flags)."""
    return get_mode(None)


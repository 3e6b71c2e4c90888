"""The services an evaluator provides to frontend (to_device, to_host, eval, eval_node, function, ...): frontend
never imports an evaluator; lowering registers its services in `backend` and the facade hands it a loader."""
from __future__ import annotations

from typing import Any, Callable


class BackendMissingError(RuntimeError):
    """A value was needed (a shared variable's storage, eval, a compiled function) and no evaluator is installed."""


class Backend(dict):
    """Services an evaluator provides to frontend: to_device, to_host, eval, eval_node, function, ...

    frontend never imports an evaluator. The `theano` package hands it a `loader` (a callable that
    installs theano.lowering, which registers its services here) and it is called on the first use of
    a missing service, so building graphs never loads jax and computing values always can. With no
    loader, a missing service is a BackendMissingError that names it.
    """

    loader: Callable[[], Any] | None = None

    def __missing__(self, key: str) -> Callable[..., Any]:
        loader = self.loader
        if loader is not None:
            loader()
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
        raise BackendMissingError(
            f"no evaluator provides {key!r}: building graphs needs none, but values (shared variables, eval, "
            "compiled functions, test values) need one, and none is installed (`import theano` installs the "
            "JAX evaluator, theano.lowering)")


backend = Backend()

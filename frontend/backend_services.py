"""The services an evaluator provides to frontend (to_device, to_host, eval, eval_node, function, ...): frontend
never imports an evaluator; lowering registers its services in `backend` and the facade hands it a loader. The
facade also hands frontend its module loading (`modules`): frontend never imports a module by its name."""
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


class ModuleLoading:
    """How frontend loads what the user's environment names at run time (a pickled as_op function's module, the
    debugger PdbBreakpoint enters, a compiled file): the `theano` package installs its functions
    (theano/_module_loading.py: attribute_of, first_installed, module_from_path)."""

    def install(self, provider: Any) -> None:
        for name in ("attribute_of", "first_installed", "module_from_path"):
            setattr(self, name, getattr(provider, name))

    def __getattr__(self, name: str) -> Any:  # only for a name not installed yet
        raise BackendMissingError(f"no module loading {name!r} is installed (`import theano` installs it)")


modules = ModuleLoading()

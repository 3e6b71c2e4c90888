"""PropsIdentity: an op's equality and hash from its `__props__` (Op and ScalarOp share it)."""
from __future__ import annotations

from typing import Any

from theano.frontend.pickle_hooks import pickle_hooks


class PropsIdentity:
    """Equality and hashing from `__props__`, decided once per class (Op and ScalarOp share it).

    A class that declares `__props__` (itself or through a base below this one) compares equal to an
    instance of the same class with equal props, and hashes them; the hash is computed once per instance
    (ops are immutable) and is not pickled, since it is only valid in this process. A class that declares
    no `__props__` compares by identity, as in Theano.
    """

    __props__: tuple[str, ...] = ()
    _props_declared = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._props_declared = any("__props__" in vars(k) for k in cls.__mro__ if k is not PropsIdentity)

    def _props(self) -> tuple:
        return tuple(getattr(self, a) for a in self.__props__)

    def _props_dict(self) -> dict:
        return {a: getattr(self, a) for a in self.__props__}

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(self) is not type(other) or not self._props_declared:
            return False
        return self._props() == other._props()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        h = self.__dict__.get("_props_hash")
        if h is None:
            h = hash((type(self), self._props())) if self._props_declared else id(self)
            self.__dict__["_props_hash"] = h
        return h

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_props_hash", None)
        return state

    def __setstate__(self, state: dict) -> None:
        """Our state, or a Theano 1.0.5 op's: then the op is rebuilt from its props (theano.frontend.theano_pickles)."""
        if not (isinstance(state, dict) and pickle_hooks["op_from_state"](self, state)):
            self.__dict__.update(state)

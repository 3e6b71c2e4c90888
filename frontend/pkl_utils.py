"""theano.misc.pkl_utils: pickle objects to a zip file that holds their arrays as `.npy` files.

`dump(obj, f)` pickles `obj` with every numpy array stored beside the pickle as a NumPy `.npy` member of a
zip file (named after its shared variable where there is one, so `numpy.load('model.zip')['W']` reads a
parameter back without unpickling anything); `load(f)` reads it back. `StripPickler` drops the debugging
tags (`trace`, `test_value`) of the graph it pickles. Unpickling runs code: read `.npy` members of a
trusted-or-not zip with numpy.load(allow_pickle=False) when only the parameters are needed.
"""
from __future__ import annotations

import io
import os
import pickle
import tempfile
import warnings
import zipfile
from collections import defaultdict
from contextlib import closing
from typing import Any, Callable

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Scratchpad
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.shared import SharedVariable

HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL
DEFAULT_PROTOCOL = pickle.DEFAULT_PROTOCOL
Pickler = pickle.Pickler


def _protocol(protocol: int | None) -> int:
    """The protocol number pickle uses for `protocol` (None: the default, negative: the highest)."""
    if protocol is None:
        return DEFAULT_PROTOCOL
    return HIGHEST_PROTOCOL if protocol < 0 else protocol


def _rebuild_stripped(cls: type, state: dict) -> Any:
    """Unpickling a stripped object: an instance of `cls` with `state` as its attributes."""
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    return obj


class StripPickler(pickle.Pickler):
    """A Pickler that leaves out the debugging tags (`trace`, `test_value`, extra names) of variables and
    nodes, and the per-instance docstrings of Elemwise ops. The pickled graph is unchanged in memory."""

    def __init__(self, file: Any, protocol: int = 0, extra_tag_to_remove: list[str] | None = None):
        super().__init__(file, protocol)
        self._protocol = _protocol(protocol)
        self.tag_to_remove = ["trace", "trace_raw", "test_value"]  # trace_raw: the stack not yet read (tag_trace)
        if extra_tag_to_remove:
            self.tag_to_remove.extend(extra_tag_to_remove)

    def reducer_override(self, obj: Any) -> Any:
        """Pickle a tag without the removed entries (Theano's StripPickler deleted them from the graph)."""
        if isinstance(obj, Scratchpad):
            drop = [t for t in self.tag_to_remove if t in obj.__dict__]
            if drop:
                return _rebuild_stripped, (type(obj), {k: v for k, v in obj.__dict__.items() if k not in drop})
        elif isinstance(obj, Elemwise) and "__doc__" in getattr(obj, "__dict__", {}):
            rv = obj.__reduce_ex__(self._protocol)
            if isinstance(rv, tuple) and len(rv) > 2 and isinstance(rv[2], dict):
                return rv[:2] + ({k: v for k, v in rv[2].items() if k != "__doc__"},) + rv[3:]
        return NotImplemented


def _load_reduce(self: Any) -> None:
    """REDUCE that retries with byte strings (files pickled by Python 2 with str arguments)."""
    stack = self.stack
    args = stack.pop()
    func = stack[-1]
    try:
        stack[-1] = func(*args)
    except Exception:
        if self.encoding is not None:
            new_args = tuple(a.encode(self.encoding) if isinstance(a, str) else a for a in args)
            try:
                stack[-1] = func(*new_args)
                return
            except Exception:
                pass
        raise


class CompatUnpickler(pickle._Unpickler):  # type: ignore[name-defined]
    """An Unpickler for files pickled by Python 2 (``CompatUnpickler(f, encoding="latin1")``)."""

    dispatch = dict(pickle._Unpickler.dispatch)  # type: ignore[attr-defined]
    dispatch[pickle.REDUCE[0]] = _load_reduce


def zipadd(func: Callable[[Any], None], zip_file: zipfile.ZipFile, name: str) -> None:
    """Call `func` with a file object and store what it wrote as member `name` of `zip_file`."""
    with tempfile.NamedTemporaryFile("wb", delete=False) as temp_file:
        func(temp_file)
        temp_file.close()
        zip_file.write(temp_file.name, arcname=name)
    if os.path.isfile(temp_file.name):
        os.remove(temp_file.name)


class PersistentNdarrayID:
    """persistent_id that stores each numpy array as an `.npy` member `array_<n>` of a zip file; the
    persistent id is ``"ndarray.<member name>"``."""

    def __init__(self, zip_file: zipfile.ZipFile):
        self.zip_file = zip_file
        self.count = 0
        self.seen: dict[int, str] = {}
        self._alive: list[Any] = []  # arrays named by id must outlive the dump (ids are not reused)

    def _resolve_name(self, obj: Any) -> str:
        """The member name for `obj`."""
        name = "array_{0}".format(self.count)
        self.count += 1
        return name

    def __call__(self, obj: Any) -> str | None:
        if type(obj) is np.ndarray:
            if id(obj) not in self.seen:
                def write_array(f: Any) -> None:
                    np.lib.format.write_array(f, obj)
                name = self._resolve_name(obj)
                zipadd(write_array, self.zip_file, name)
                self.seen[id(obj)] = "ndarray.{0}".format(name)
                self._alive.append(obj)
            return self.seen[id(obj)]
        return None


class PersistentGpuArrayID(PersistentNdarrayID):
    """Theano's GPU variant: device values (jax arrays) pickle as numpy arrays here, so it is the same."""


class PersistentSharedVariableID(PersistentGpuArrayID):
    """persistent_id that names the array of a named shared variable after it (`W`, then `W_2`, `W_3` for
    duplicates); other arrays are `array_<n>`. Raises ValueError for an unnamed shared variable when
    `allow_unnamed` is false, and for a repeated name when `allow_duplicates` is false."""

    def __init__(self, zip_file: zipfile.ZipFile, allow_unnamed: bool = True, allow_duplicates: bool = True):
        super().__init__(zip_file)
        self.name_counter: dict[str, int] = defaultdict(int)
        self.ndarray_names: dict[int, str] = {}
        self.allow_unnamed = allow_unnamed
        self.allow_duplicates = allow_duplicates

    def name_array(self, array: Any, variable: SharedVariable) -> None:
        """`array` is the value pickled for `variable`: store it under the variable's name."""
        if variable.name:
            self.ndarray_names[id(array)] = variable.name
            self._alive.append(array)

    def _resolve_name(self, obj: Any) -> str:
        if id(obj) in self.ndarray_names:
            name = self.ndarray_names[id(obj)]
            count = self.name_counter[name]
            self.name_counter[name] += 1
            if count:
                if not self.allow_duplicates:
                    raise ValueError("multiple shared variables with the name `{0}` found".format(name))
                name = "{0}_{1}".format(name, count + 1)
            return name
        return super()._resolve_name(obj)

    def __call__(self, obj: Any) -> str | None:
        if isinstance(obj, SharedVariable):
            if obj.name == "pkl":
                raise ValueError("can't pickle shared variable with name `pkl`")
            if not obj.name and not self.allow_unnamed:
                raise ValueError("unnamed shared variable, {0}".format(obj))
        return super().__call__(obj)


class _ZipPickler(pickle.Pickler):
    """The pickler of `dump`: tells the persistent_id which array holds which shared variable's value
    (a shared variable pickles a fresh numpy copy of its device value)."""

    def __init__(self, file: Any, protocol: int, persistent: Callable[[Any], Any]):
        super().__init__(file, protocol)
        self._protocol = _protocol(protocol)
        self.persistent_id = persistent
        self._name_array = getattr(persistent, "name_array", None)

    def reducer_override(self, obj: Any) -> Any:
        if self._name_array is not None and isinstance(obj, SharedVariable):
            rv = obj.__reduce_ex__(self._protocol)
            state = rv[2] if isinstance(rv, tuple) and len(rv) > 2 else None
            if isinstance(state, dict) and type(state.get("_value")) is np.ndarray:
                self._name_array(state["_value"], obj)
                return rv
        return NotImplemented


def dump(obj: Any, file_handler: Any, protocol: int = DEFAULT_PROTOCOL,
         persistent_id: Callable[[zipfile.ZipFile], Any] = PersistentSharedVariableID) -> None:
    """Pickle `obj` to a zip file whose member `pkl` is the pickle and whose other members are `.npy`
    files of its arrays (see PersistentSharedVariableID); numpy.load reads the arrays alone."""
    with closing(zipfile.ZipFile(file_handler, "w", zipfile.ZIP_DEFLATED, allowZip64=True)) as zip_file:
        def func(f: Any) -> None:
            _ZipPickler(f, protocol, persistent_id(zip_file)).dump(obj)
        zipadd(func, zip_file, "pkl")


class PersistentNdarrayLoad:
    """persistent_load for `load`: reads the `.npy` members named by the persistent ids (each once)."""

    def __init__(self, zip_file: zipfile.ZipFile):
        self.zip_file = zip_file
        self.cache: dict[str, Any] = {}

    def __call__(self, persid: Any) -> Any:
        if isinstance(persid, bytes):
            persid = persid.decode("ascii")
        array_type, name = persid.split(".", 1)
        if name in self.cache:
            return self.cache[name]
        with self.zip_file.open(name) as f:
            if array_type == "gpuarray":  # Theano's GPU arrays: their context name, then the array
                pickle.load(f)
                if not config.experimental.unpickle_gpu_on_cpu:
                    warnings.warn("Unpickling a Theano GpuArray as a numpy array (config.device places it).")
            elif array_type != "ndarray":
                raise pickle.UnpicklingError(f"unknown persistent id {persid!r}: expected 'ndarray.<name>' or "
                                             "'gpuarray.<name>'")
            ret = np.lib.format.read_array(f)
        self.cache[name] = ret
        return ret


def load(f: Any, persistent_load: Callable[[zipfile.ZipFile], Any] = PersistentNdarrayLoad) -> Any:
    """Load an object saved by `dump` from the zip file `f`. This unpickles: only load trusted files."""
    with closing(zipfile.ZipFile(f, "r")) as zip_file:
        p = pickle.Unpickler(io.BytesIO(zip_file.open("pkl").read()))
        p.persistent_load = persistent_load(zip_file)
        return p.load()

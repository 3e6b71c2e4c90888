"""The persistent compile cache: JAX's persistent compilation cache kept in `<config.compiledir>/xla`.

A script's second run loads its XLA executables from disk instead of compiling them again. `activate()` runs
each time theano.function builds a function (never at import: importing theano touches no disk). It points
JAX's cache at `<config.compiledir>/xla`, and points it again when config.compiledir changed since, so a
compiledir set on `config` at any time is honoured from the next theano.function on (functions compiled
before keep what they already have).

Keys: JAX's key hashes the StableHLO module, the compile options (donation included), the devices and
backend, the XLA flags and the jax/jaxlib versions. Every Theano flag that changes the program changes the
module (floatX, optimizer and its inclusions, precision, shapes, dtypes); flags that act on the host around
the same module (input conversion, the shape program) are not part of the cached executable.

Left alone: a cache the user configured for JAX itself (JAX_COMPILATION_CACHE_DIR, or
`jax.config.update("jax_compilation_cache_dir", ...)` before our first compile) is used as it is, and
`jax_enable_compilation_cache=False` switches every persistent cache off, ours included.
`THEANO_FLAGS=compile_cache=False` switches ours off.

Entries are written to a temporary file and renamed into place, so processes sharing the folder never read
half an entry (JAX's own writer writes in place).

A compiledir copied or mounted at another path (~/.theano carried to another machine or container) still hits:
JAX puts `<cache dir>/xla_gpu_per_fusion_autotune_cache_dir` (and, when enabled, the GPU kernel cache file) into
every program's compile options, and hashes those options into the key, so the same program got another key in
another folder. Those paths only say where XLA keeps its GPU autotuning results; they do not change the
executable. `_install_path_free_key` leaves a path under our own cache folder out of the key (a user's own JAX
cache keeps JAX's keys). `cache_stats()` counts this process's reads, misses and writes of our cache.
"""
from __future__ import annotations

import copy
import logging
import os
import pathlib
import threading
from typing import Any

import jax
from jax.experimental.compilation_cache import compilation_cache as jax_cc

from theano.frontend.compiledir import ENTRY_SUFFIX, TMP_PREFIX, xla_cache_dir
from theano.frontend.config import config

__all__ = ["activate", "cache_state", "cache_stats", "AtomicFileCache", "MIN_COMPILE_TIME_SECS"]

try:  # JAX internals for the atomic writer; without them JAX's own file cache is used
    from jax._src import compilation_cache as _jax_internal
    from jax._src.compilation_cache_interface import CacheInterface as _CacheInterface
except ImportError:  # pragma: no cover
    _jax_internal, _CacheInterface = None, object
try:  # JAX's cache key, for keys that do not name the cache folder (see the module docstring)
    from jax._src import cache_key as _jax_cache_key
except ImportError:  # pragma: no cover
    _jax_cache_key = None

# the compile options' debug options that hold a path inside JAX's cache folder (jax/_src/compiler.py)
_CACHE_PATH_OPTIONS = ("xla_gpu_per_fusion_autotune_cache_dir", "xla_gpu_kernel_cache_file")

_logger = logging.getLogger("theano.lowering.compile_cache")

# Programs whose XLA compile takes less than this are not written. Measured on CPU (benchmarks/compile_cache.py,
# docs/performance.md): the smallest theano.function compiles in 30-60 ms and loads back in 4-10 ms; an entry is
# 3-80 KiB. Below 10 ms a load saves nothing, so writing it would only cost disk. JAX's default is 1 s, which
# would leave out nearly every program of a Theano script (the MLP step compiles in about 0.5 s).
MIN_COMPILE_TIME_SECS = 0.01
_JAX_DEFAULT_MIN_COMPILE_TIME_SECS = 1.0

_lock = threading.Lock()
# what we last did: ("theano", dir) cache is ours at dir; ("user", dir) JAX's own cache, left alone;
# ("off", why) no persistent cache; None before the first theano.function
_state: tuple[str, str] | None = None
_applied: tuple[str, bool] | None = None  # (config.compiledir, config.compile_cache) that _state answers


_stats_lock = threading.Lock()
_stats = {"hits": 0, "misses": 0, "writes": 0}


def cache_stats() -> dict[str, int]:
    """This process's reads of our cache: {"hits": entries loaded, "misses": keys not found, "writes": entries
    written}. (A hit whose entry fails to load is compiled again and written: one hit and one write.)"""
    with _stats_lock:
        return dict(_stats)


def _count(what: str) -> None:
    with _stats_lock:
        _stats[what] += 1


def cache_state() -> tuple[str, str] | None:
    """(who, where-or-why): ("theano", folder), ("user", JAX's folder) or ("off", reason); None before any compile."""
    return _state


def activate() -> None:
    """Point JAX's persistent cache at `<config.compiledir>/xla` unless the user's JAX config decides otherwise."""
    global _state, _applied
    wanted = (config.compiledir, bool(config.compile_cache))
    if wanted == _applied:
        return
    with _lock:
        if wanted == _applied:
            return
        _state = _configure(*wanted)
        _applied = wanted


def _configure(compiledir: str, enabled: bool) -> tuple[str, str]:
    """Set JAX's cache for (compiledir, enabled); returns the new state."""
    ours = _state[1] if _state is not None and _state[0] == "theano" else None
    if not jax.config.jax_enable_compilation_cache:
        return ("off", "jax_enable_compilation_cache is False")
    current = jax.config.jax_compilation_cache_dir
    if current is not None and current != ours:
        return ("user", str(current))  # the user's own JAX cache: not ours to move
    if not enabled:
        if ours is not None:
            jax_cc.reset_cache()
            jax.config.update("jax_compilation_cache_dir", None)
        return ("off", "config.compile_cache is False")
    folder = xla_cache_dir(compiledir)
    if ours == folder:
        return ("theano", folder)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        _logger.warning("theano: compile cache disabled: cannot make %s (%s); set THEANO_FLAGS=compiledir=... "
                        "to a writable folder", folder, err)
        if ours is not None:
            jax_cc.reset_cache()
            jax.config.update("jax_compilation_cache_dir", None)
        return ("off", f"cannot make {folder}: {err}")
    if jax.config.jax_persistent_cache_min_compile_time_secs == _JAX_DEFAULT_MIN_COMPILE_TIME_SECS:
        jax.config.update("jax_persistent_cache_min_compile_time_secs", MIN_COMPILE_TIME_SECS)
    jax_cc.reset_cache()
    jax_cc.set_cache_dir(folder)
    _install_atomic_writer(folder)
    _install_path_free_key()
    return ("theano", folder)


def _install_path_free_key() -> None:
    """Make JAX's cache key leave out the compile options' paths inside our cache folder (once per process), so a
    compiledir copied to another path hits. Without that JAX internal, JAX's extra XLA caches (GPU autotuning
    results shared between programs) are switched off instead, which takes their paths out of the options."""
    hash_options = getattr(_jax_cache_key, "_hash_serialized_compile_options", None)
    if getattr(hash_options, "theano_path_free", False):
        return
    if hash_options is None:  # pragma: no cover - another JAX
        if jax.config.jax_persistent_cache_enable_xla_caches == "xla_gpu_per_fusion_autotune_cache_dir":
            jax.config.update("jax_persistent_cache_enable_xla_caches", "none")
        return

    def path_free(hash_obj: Any, compile_options: Any, *args: Any, **kwargs: Any) -> Any:
        ours = os.path.join(_state[1], "") if _state is not None and _state[0] == "theano" else None  # "<folder>/"
        debug = compile_options.executable_build_options.debug_options
        if ours is not None and any(str(getattr(debug, f, "")).startswith(ours) for f in _CACHE_PATH_OPTIONS):
            compile_options = copy.deepcopy(compile_options)  # the original goes on to the compiler
            debug = compile_options.executable_build_options.debug_options
            for field in _CACHE_PATH_OPTIONS:
                if str(getattr(debug, field, "")).startswith(ours):
                    setattr(debug, field, "")
        return hash_options(hash_obj, compile_options, *args, **kwargs)

    path_free.theano_path_free = True  # type: ignore[attr-defined]
    _jax_cache_key._hash_serialized_compile_options = path_free


def _install_atomic_writer(folder: str) -> None:
    """Make JAX use AtomicFileCache for `folder` (JAX's file cache writes entries in place)."""
    if _jax_internal is None:  # a JAX without these internals: its own writer (safe for one process at a time)
        return
    if jax.config.jax_compilation_cache_max_size != -1:  # the user asked for JAX's LRU eviction: keep its cache
        return
    with _jax_internal._cache_initialized_mutex:
        _jax_internal._cache = AtomicFileCache(folder)


class AtomicFileCache(_CacheInterface):  # type: ignore[misc, valid-type]
    """JAX cache entries as files `<key>-cache`, each written to a temporary file and renamed into place.

    A reader sees no entry or a whole one; an entry that fails to load (damaged on disk) is compiled again
    and replaced, where JAX's own writer would keep the damaged file and miss on every run."""

    def __init__(self, path: str):
        self._path = pathlib.Path(path)

    def get(self, key: str) -> bytes | None:
        if not key:
            raise ValueError("key cannot be empty")
        try:
            with open(os.path.join(self._path, key + ENTRY_SUFFIX), "rb") as f:
                value = f.read()
        except FileNotFoundError:  # not cached, or cleared meanwhile (theano-cache clear)
            _count("misses")
            _logger.debug("compile cache miss: %s", key)
            return None
        _count("hits")
        _logger.debug("compile cache hit: %s", key)
        return value

    def put(self, key: str, value: bytes) -> None:
        if not key:
            raise ValueError("key cannot be empty")
        # JAX puts only after a miss, or after an entry failed to load: replacing it then mends a damaged entry
        final = os.path.join(self._path, key + ENTRY_SUFFIX)
        os.makedirs(self._path, exist_ok=True)  # cleared or purged since activate()
        tmp = os.path.join(self._path, f"{TMP_PREFIX}{key}-{os.getpid()}-{threading.get_ident()}")
        try:
            with open(tmp, "wb") as f:
                f.write(value)
            os.replace(tmp, final)  # atomic: a reader sees no file or the whole file
            _count("writes")
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

"""Where the compile cache lives: Theano 1.0.5's `base_compiledir` / `compiledir_format` naming, in pure Python.

`config.compiledir` defaults to `<base_compiledir>/<compiledir_format % compiledir_format_dict>` as Theano's
default_compiledir() did (for example `~/.theano/compiledir_Linux-6.1-x86_64-with-glibc2.36--3.11.7-64`), so a
cache made by one platform/Python is not read by another. Naming touches no disk: the folder is made by
lowering/compile_cache.py the first time a function is compiled. The second half lists, clears and purges the
cache for `theano-cache` (theano/cache.py) without loading JAX.
"""
from __future__ import annotations

import os
import platform
import re
import socket
import struct
from typing import Any, Iterator, Mapping

__all__ = ["DerivedDefault", "compiledir_format_dict", "default_compiledir", "default_compiledirname",
           "short_platform", "filter_base_compiledir", "filter_compiledir", "xla_cache_dir", "cache_entries",
           "print_compiledir_content", "clear_compiledir", "cleanup", "compiledir_purge", "basecompiledir_ls",
           "basecompiledir_purge"]


def short_platform(r: str | None = None, p: str | None = None) -> str:
    """platform.platform() without the kernel's patch numbers, so a kernel update keeps the same compiledir.

    The release `X.Y.Z-N.rest` becomes `X.Y-rest` inside the platform string (Theano's short_platform); a release
    of another shape leaves the platform string as it is.
    """
    if r is None:
        r = platform.release()
    if p is None:
        p = platform.platform()
    parts = r.split("-")
    if len(parts) < 2:
        return p
    kernel = parts[0].split(".")
    if len(kernel) <= 2:
        return p
    parts[0] = ".".join(kernel[:2])
    rest = parts[1].split(".")
    while rest and rest[0].isdigit():
        del rest[0]
    parts[1] = ".".join(rest)
    return p.replace(r, "-".join(parts))


_CONFIG: list[Any] = []  # theano.frontend.config.config, bound by that module when it is built (no import cycle)


def bind_config(cfg: Any) -> None:
    """Called once by frontend/config.py: the config object the defaults here read when none is passed."""
    _CONFIG[:] = [cfg]


def _bound_config() -> Any:
    if not _CONFIG:
        raise RuntimeError("theano.frontend.compiledir: the config object is not built yet")
    return _CONFIG[0]


class _FormatDict(Mapping[str, Any]):
    """The keys of Theano's compiledir_format_dict, computed when a format string asks for them."""

    _KEYS = ("device", "gxx_version", "hostname", "numpy_version", "platform", "processor", "python_bitwidth",
             "python_int_bitwidth", "python_version", "short_platform", "theano_version")

    def __init__(self, device: str | None = None):
        self._device = device

    def __getitem__(self, key: str) -> Any:
        if key == "device":
            if self._device is None:
                return str(_bound_config().device)
            return self._device
        if key == "gxx_version":
            return "GCC_NOT_FOUND"  # no C++ compiler is used (Theano's value when g++ is missing)
        if key == "hostname":
            return socket.gethostname()
        if key == "numpy_version":
            import numpy
            return numpy.__version__
        if key == "platform":
            return platform.platform()
        if key == "processor":
            return platform.processor()
        if key == "python_bitwidth":
            return struct.calcsize("P") * 8
        if key == "python_int_bitwidth":
            return struct.calcsize("l") * 8
        if key == "python_version":
            return platform.python_version()
        if key == "short_platform":
            return short_platform()
        if key == "theano_version":
            from theano import __version__
            return __version__
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)


# The values a `compiledir_format` string may name (Theano's compiledir_format_dict; `device` is config.device).
compiledir_format_dict: Mapping[str, Any] = _FormatDict()


def default_compiledirname(cfg: Any = None) -> str:
    """`cfg.compiledir_format` filled in, with runs of brackets, commas and spaces made `_` (Theano's)."""
    if cfg is None:
        cfg = _bound_config()
    formatted = cfg.compiledir_format % _FormatDict(str(cfg.device))
    return re.sub(r"[()\s,]+", "_", formatted)


def default_compiledir(cfg: Any = None) -> str:
    """`<base_compiledir>/<default_compiledirname>`: config.compiledir when nobody set it."""
    if cfg is None:
        cfg = _bound_config()
    return os.path.join(cfg.base_compiledir, default_compiledirname(cfg))


def filter_base_compiledir(value: Any) -> str:
    """base_compiledir with `~` expanded (Theano's filter; the folder is not made here)."""
    return os.path.expanduser(str(value))


def filter_compiledir(value: Any) -> str:
    """compiledir with `~` expanded and made absolute (Theano's filter, without making the folder at import)."""
    return os.path.realpath(os.path.expanduser(str(value)))


class DerivedDefault:
    """A flag default computed from other flags when read (compiledir from base_compiledir and compiledir_format)."""

    def __init__(self, compute: Any, text: str):
        self.compute, self.text = compute, text

    def __call__(self, cfg: Any) -> Any:
        return self.compute(cfg)

    def __repr__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------- the cache's contents
# lowering/compile_cache.py writes each XLA executable as `<compiledir>/xla/<module>-<key hash>-cache` (JAX's
# own file naming), through a `.tmp-...` file renamed into place, so a reader never sees half an entry.

XLA_SUBDIR = "xla"
ENTRY_SUFFIX = "-cache"
TMP_PREFIX = ".tmp-"
STALE_TMP_SECS = 600.0  # a temporary file this old belongs to no running write (a write takes milliseconds)


def xla_cache_dir(compiledir: str) -> str:
    """The folder of compiledir that holds the XLA executables."""
    return os.path.join(compiledir, XLA_SUBDIR)


class CacheEntry:
    """One cached executable on disk: file name, size in bytes, last write time."""

    def __init__(self, path: str):
        st = os.stat(path)
        self.path, self.name, self.size, self.mtime = path, os.path.basename(path), st.st_size, st.st_mtime

    @property
    def module(self) -> str:
        """The jitted function's name (`jit_program`) from `<module>-<hash>-cache`."""
        return self.name[:-len(ENTRY_SUFFIX)].rsplit("-", 1)[0]


def cache_entries(compiledir: str) -> list[CacheEntry]:
    """The executables cached under compiledir, oldest first (an entry removed meanwhile is skipped)."""
    folder = xla_cache_dir(compiledir)
    out = []
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    for name in names:
        if name.endswith(ENTRY_SUFFIX) and not name.startswith(TMP_PREFIX):
            try:
                out.append(CacheEntry(os.path.join(folder, name)))
            except FileNotFoundError:
                continue
    return sorted(out, key=lambda e: (e.mtime, e.name))


def _human_size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024.0
    return f"{n:.1f} GiB"


def _print_title(title: str, overline: str = "", underline: str = "") -> None:
    if overline:
        print(overline * len(title))
    print(title)
    if underline:
        print(underline * len(title))


def print_compiledir_content(compiledir: str | None = None) -> None:
    """`theano-cache list`: each cached XLA program with its size and date, then the total (Theano's layout)."""
    import time

    compiledir = _compiledir(compiledir)
    entries = cache_entries(compiledir)
    _print_title(f"Theano cache: {compiledir}", overline="=", underline="=")
    print()
    _print_title(f"List of {len(entries)} compiled XLA programs", underline="+")
    _print_title("file/size/last written", underline="-")
    for e in entries:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e.mtime))
        print(e.name, _human_size(e.size), stamp)
    print()
    total = sum(e.size for e in entries)
    print(f"Total: {len(entries)} programs, {_human_size(total)} ({total} bytes) in {xla_cache_dir(compiledir)}")


def clear_compiledir(compiledir: str | None = None) -> tuple[int, list[str]]:
    """`theano-cache clear`: remove every cached program and stale temporary file; returns (removed, kept).

    A temporary file younger than STALE_TMP_SECS is a write in progress in another process: it is kept, as
    Theano's clear kept the modules of a locked (in-use) cache. Removing an entry that a running process is
    reading is safe (the process keeps its open file; a lookup that finds nothing compiles again).
    """
    import time

    folder = xla_cache_dir(_compiledir(compiledir))
    removed, kept = 0, []
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return 0, []
    now = time.time()
    for name in names:
        path = os.path.join(folder, name)
        try:
            if name.startswith(TMP_PREFIX) and now - os.stat(path).st_mtime < STALE_TMP_SECS:
                kept.append(name)
                continue
            if os.path.isdir(path):
                kept.append(name)
                continue
            os.remove(path)
            removed += 1
        except FileNotFoundError:
            continue
    return removed, kept


def cleanup(compiledir: str | None = None) -> int:
    """`theano-cache cleanup`: remove the temporary files that interrupted writes left; returns how many."""
    import time

    folder = xla_cache_dir(_compiledir(compiledir))
    n = 0
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in names:
        path = os.path.join(folder, name)
        try:
            if name.startswith(TMP_PREFIX) and time.time() - os.stat(path).st_mtime >= STALE_TMP_SECS:
                os.remove(path)
                n += 1
        except FileNotFoundError:
            continue
    return n


def compiledir_purge(compiledir: str | None = None) -> None:
    """`theano-cache purge`: remove the whole compiledir (Theano's compiledir_purge)."""
    import shutil

    shutil.rmtree(_compiledir(compiledir), ignore_errors=True)


def basecompiledir_ls(base_compiledir: str | None = None) -> None:
    """`theano-cache basecompiledir list`: the folders (compile caches) and files in base_compiledir."""
    base = _base_compiledir(base_compiledir)
    try:
        names = os.listdir(base)
    except FileNotFoundError:
        names = []
    subdirs = sorted(n for n in names if os.path.isdir(os.path.join(base, n)))
    others = sorted(n for n in names if not os.path.isdir(os.path.join(base, n)))
    print(f"Base compile dir is {base}")
    print("Sub-directories (possible compile caches):")
    for d in subdirs:
        print(f"    {d}")
    if not subdirs:
        print("    (None)")
    if others:
        print()
        print("Other files in base_compiledir:")
        for f in others:
            print(f"    {f}")


def basecompiledir_purge(base_compiledir: str | None = None) -> None:
    """`theano-cache basecompiledir purge`: remove base_compiledir, every compile cache in it."""
    import shutil

    shutil.rmtree(_base_compiledir(base_compiledir), ignore_errors=True)


def _compiledir(compiledir: str | None) -> str:
    if compiledir is not None:
        return compiledir
    return _bound_config().compiledir


def _base_compiledir(base: str | None) -> str:
    if base is not None:
        return base
    return _bound_config().base_compiledir

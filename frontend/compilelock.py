"""theano.gof.compilelock: Theano's inter-process lock on the compile directory, for real.

Theano took it around C compilation. XLA's persistent cache (in config.compiledir) needs no lock, so
theano.function never takes it here; but scripts that take it themselves (`get_lock()` ... `release_lock()`,
`with lock_ctx():`) to serialise their own work across processes on a shared compiledir still get a working
lock with Theano's protocol: a `lock_dir` directory holding a `lock` file with the owner's
"<pid>_<random digits>_<hostname>"; waiting `config.compile.wait` to twice that between tries; a lock whose
owner does not change for `config.compile.timeout` seconds, or whose owner process on this host is dead, is
broken. `get_lock` is reentrant within a process (a count); `set_lock_status(False)` turns locking off.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import time
from typing import Any, Iterator

import numpy as np

from theano.frontend.config import config

__all__ = ["Unlocker", "force_unlock", "get_lock", "lock", "lock_ctx", "refresh_lock", "release_lock",
           "set_lock_status", "hostname", "notset"]

random = np.random.RandomState([2015, 8, 2])
_logger = logging.getLogger("theano.gof.compilelock")
hostname = socket.gethostname()
notset = object()


def force_unlock() -> None:
    """Delete the compilation lock, whoever holds it."""
    get_lock(min_wait=0, max_wait=0.001, timeout=0)
    release_lock()


@contextlib.contextmanager
def lock_ctx(lock_dir: str | None = None, keep_lock: bool = False, **kw: Any) -> Iterator[None]:
    """Hold the lock for the `with` block (and after it with `keep_lock`)."""
    get_lock(lock_dir=lock_dir, **kw)
    yield
    if not keep_lock:
        release_lock()


def _get_lock(lock_dir: str | None = None, **kw: Any) -> None:
    """Take the lock on the compilation directory (`<compiledir>/lock_dir` by default); reentrant."""
    if lock_dir is None:
        lock_dir = os.path.join(config.compiledir, 'lock_dir')
    if not hasattr(get_lock, 'n_lock'):
        get_lock.n_lock = 0
        if not hasattr(get_lock, 'lock_is_enabled'):
            get_lock.lock_is_enabled = True
        get_lock.lock_dir = lock_dir
        get_lock.unlocker = Unlocker(get_lock.lock_dir)
    elif lock_dir != get_lock.lock_dir:
        # Compilation directory has changed: release the old lock if we hold it, then use the new directory
        assert get_lock.n_lock == 0, "a lock is held on another directory"
        get_lock.lock_dir = lock_dir
        get_lock.unlocker = Unlocker(get_lock.lock_dir)
    if get_lock.lock_is_enabled:
        if get_lock.n_lock == 0:
            lock(get_lock.lock_dir, **kw)
            get_lock.start_time = time.time()
        elif get_lock.start_time is not None and time.time() - get_lock.start_time > config.compile.timeout / 2:
            # our own lock grew old: refresh it so that others do not break it
            lockpath = os.path.join(get_lock.lock_dir, 'lock')
            if not os.path.exists(lockpath):  # someone broke it: take it again
                get_lock.n_lock = 0
                lock(get_lock.lock_dir, **kw)
            else:
                refresh_lock(lockpath)
            get_lock.start_time = time.time()
    get_lock.n_lock += 1


get_lock = _get_lock


def release_lock() -> None:
    """Release the lock (once every get_lock of this process has been released)."""
    get_lock.n_lock -= 1
    assert get_lock.n_lock >= 0
    if get_lock.lock_is_enabled and get_lock.n_lock == 0:
        get_lock.start_time = None
        get_lock.unlocker.unlock(force=False)


def set_lock_status(use_lock: bool) -> None:
    """Turn the lock on or off for this process (on by default)."""
    get_lock.lock_is_enabled = use_lock


def _owner_dead(owner: str) -> bool:
    parts = owner.split('_')
    if len(parts) < 3 or parts[2] != hostname:
        return False
    try:
        os.kill(int(parts[0]), 0)
    except (OSError, ValueError):
        return True
    return False


def lock(tmp_dir: str, timeout: Any = notset, min_wait: float | None = None, max_wait: float | None = None,
         verbosity: int = 1) -> None:
    """Take the lock by creating directory `tmp_dir` (its parent is created if needed) with the owner's id in
    `tmp_dir/lock`; wait while another owner holds it, and break it when that owner is dead or has not changed
    for `timeout` seconds (None: wait forever)."""
    if min_wait is None:
        min_wait = config.compile.wait
    if max_wait is None:
        max_wait = min_wait * 2
    if timeout is notset:
        timeout = config.compile.timeout
    os.makedirs(os.path.dirname(tmp_dir) or ".", exist_ok=True)
    lock_file = os.path.join(tmp_dir, 'lock')
    nb_error = 0
    last_owner, time_start = None, time.time()
    while True:
        if os.path.isdir(tmp_dir):
            try:
                with open(lock_file) as f:
                    owner = f.readline().strip()
            except OSError:
                owner = 'failure'
            if owner != 'failure' and _owner_dead(owner):
                _logger.warning("Overriding existing lock by dead process '%s' (I am process '%s')",
                                owner.split('_')[0], os.getpid())
                Unlocker(tmp_dir).unlock(force=True)
                continue
            if owner != last_owner:
                last_owner, time_start = owner, time.time()
                if verbosity >= 1:
                    _logger.info("Waiting for existing lock by process '%s' (I am process '%s'); to release it by "
                                 "hand, delete %s", owner.split('_')[0], os.getpid(), tmp_dir)
            elif timeout is not None and time.time() - time_start >= timeout:
                _logger.warning("Overriding existing lock by process '%s' (I am process '%s')",
                                owner.split('_')[0], os.getpid())
                Unlocker(tmp_dir).unlock(force=True)
                continue
            time.sleep(random.uniform(min_wait, max_wait))
            continue
        try:
            os.mkdir(tmp_dir)
        except FileExistsError:
            nb_error += 1
            if nb_error >= 10:
                raise
            continue
        unique_id = refresh_lock(lock_file)
        with open(lock_file) as f:
            if f.readline().strip() == unique_id:
                return


def refresh_lock(lock_file: str) -> str:
    """Write a new owner id for this process into `lock_file`; the id."""
    unique_id = '%s_%s_%s' % (os.getpid(), ''.join(str(random.randint(0, 9)) for _ in range(10)), hostname)
    try:
        with open(lock_file, 'w') as lock_write:
            lock_write.write(unique_id + '\n')
    except Exception:
        # the lock was broken under us: release what we hold so the caller can take it again
        while getattr(get_lock, 'n_lock', 0) > 0:
            release_lock()
        _logger.warning('Refreshing lock failed, we release the lock before raising again the exception')
        raise
    return unique_id


class Unlocker:
    """Removes the lock directory `tmpdir` (if this process owns it, or always with force=True)."""

    def __init__(self, tmp_dir: str):
        self.tmp_dir = tmp_dir

    def unlock(self, force: bool = False) -> None:
        lock_file = os.path.join(self.tmp_dir, 'lock')
        if not force:
            try:
                with open(lock_file) as f:
                    owner = f.readline().strip()
                if owner.split('_')[0] != str(os.getpid()):
                    return  # not ours any more: someone broke our lock
            except OSError:
                pass
        shutil.rmtree(self.tmp_dir, ignore_errors=True)

"""`theano-cache` / `python -m theano.cache`: show, list, clear or purge the compile cache (Theano's theano-cache).

    theano-cache                         print config.compiledir
    theano-cache list                    each cached XLA program with its size, then the total
    theano-cache clear                   remove the cached programs (writes in progress are kept)
    theano-cache purge                   remove the whole compiledir
    theano-cache basecompiledir [list|purge]

The cache is JAX's persistent compilation cache in `<compiledir>/xla` (lowering/compile_cache.py). This
command does not load JAX.
"""
from __future__ import annotations

import logging
import sys

from theano.frontend import compiledir as _cd
from theano.frontend.config import config

__all__ = ["main", "print_help"]

_logger = logging.getLogger("theano.bin.theano-cache")

_HELP = [
    ('theano-cache', "print the cache location"),
    ('theano-cache help', "print this help"),
    ('theano-cache clear', "erase the cache"),
    ('theano-cache list', "print the cache content"),
    ('theano-cache unlock', "unlock the cache directory"),
    ('theano-cache cleanup', "delete the files that interrupted writes left"),
    ('theano-cache purge', "force deletion of the cache directory"),
    ('theano-cache basecompiledir', "print the parent of the cache directory"),
    ('theano-cache basecompiledir list', "print the content of the base compile dir"),
    ('theano-cache basecompiledir purge', "remove everything in the base compile dir, that is, erase ALL cache "
                                          "directories"),
]


def print_help(exit_status: int, argv: list[str] | None = None) -> None:
    """Theano's help text; exits with `exit_status` (1 after an unknown command, which is named first)."""
    if exit_status:
        print('command "%s" not recognized' % " ".join(argv if argv is not None else sys.argv))
    for command, what in _HELP:
        print(f'Type "{command}" to {what}')
    sys.exit(exit_status)


def _clear() -> None:
    removed, kept = _cd.clear_compiledir(config.compiledir)
    print(f"Removed {removed} cached programs from {_cd.xla_cache_dir(config.compiledir)}")
    if kept:
        _logger.warning("There remain elements in the cache dir that you may need to erase manually. The cache dir "
                        "is:\n  %s\nYou can also call \"theano-cache purge\" to remove everything from that "
                        "directory.", config.compiledir)
        _logger.debug("Remaining elements (%s): %s", len(kept), ", ".join(kept))


def main(argv: list[str] | None = None) -> None:
    """Run one theano-cache command; `argv` as sys.argv (program name first)."""
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if not args:
        print(config.compiledir)
    elif len(args) == 1:
        cmd = args[0]
        if cmd == "help":
            print_help(0, argv)
        elif cmd == "clear":
            _clear()
        elif cmd == "list":
            _cd.print_compiledir_content(config.compiledir)
        elif cmd == "cleanup":
            n = _cd.cleanup(config.compiledir)
            print(f"Removed {n} files left by interrupted writes")
        elif cmd == "unlock":
            # XLA entries are renamed into place: there is no lock to break, only stale temporary files
            _cd.cleanup(config.compiledir)
            print("Lock successfully removed!")
        elif cmd == "purge":
            _cd.compiledir_purge(config.compiledir)
        elif cmd == "basecompiledir":
            print(config.base_compiledir)
        else:
            print_help(1, argv)
    elif len(args) == 2 and args[0] == "basecompiledir":
        if args[1] == "list":
            _cd.basecompiledir_ls(config.base_compiledir)
        elif args[1] == "purge":
            _cd.basecompiledir_purge(config.base_compiledir)
        else:
            print_help(1, argv)
    else:
        print_help(1, argv)


if __name__ == "__main__":
    main()

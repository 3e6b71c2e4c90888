"""theano.pathparse.PathParser: add directories to the PATH environment variable of this process (Theano used it
for cuDNN's DLLs on Windows). Every path is kept once, absolute; PATH is rewritten, sorted, after each change."""
from __future__ import annotations

import os
import sys

__all__ = ["PathParser"]


class PathParser:
    """`PathParser(path1, path2, ...)` or `PathParser().add(path)`: PATH holds the given directories too."""

    paths: set = set()  # shared by every instance, as in Theano

    def _add(self, path: str) -> None:
        path = path.strip()
        if path:
            if sys.platform == 'win32':  # Windows paths are case-insensitive
                path = path.lower()
            self.paths.add(os.path.abspath(path))

    def _update(self) -> None:
        os.environ['PATH'] = os.pathsep.join(sorted(self.paths))

    def _parse(self) -> None:
        for path in os.environ.get('PATH', '').split(os.pathsep):
            self._add(path)

    def __init__(self, *paths: str):
        self._parse()
        for path in paths:
            self._add(path)
        self._update()

    def add(self, path: str) -> None:
        self._add(path)
        self._update()

    def _debug(self) -> None:
        for path in sorted(self.paths):
            print(path)

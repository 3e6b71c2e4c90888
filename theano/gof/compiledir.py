"""theano.gof.compiledir (re-exports): list, clean up and purge the compile cache (theano-cache's commands)."""
from theano.frontend.compiledir import (basecompiledir_ls, basecompiledir_purge, cleanup, compiledir_purge,
                                        print_compiledir_content)

__all__ = ["basecompiledir_ls", "basecompiledir_purge", "cleanup", "compiledir_purge", "print_compiledir_content"]

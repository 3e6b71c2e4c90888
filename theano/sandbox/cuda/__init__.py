"""theano.sandbox.cuda: Theano's old CUDA back-end, removed in Theano 1.0 and absent here.

Importing it raises, as in Theano 1.0.5 (which raised nose's SkipTest). The error is an ImportError
(so `try: import theano.sandbox.cuda / except ImportError` code falls back) and also a
unittest.SkipTest (so test suites that import it skip those tests, as they did with Theano 1.0.5).
theano-xla runs on GPUs through JAX: set `device=cuda`.
"""
import unittest


class CudaBackendRemoved(ImportError, unittest.SkipTest):
    """The old CUDA back-end does not exist (Theano 1.0 removed it; theano-xla uses XLA for GPUs)."""


raise CudaBackendRemoved(
    "You are importing theano.sandbox.cuda. This is the old GPU back-end and is removed from Theano "
    "(and from theano-xla, which runs on GPUs through XLA: use THEANO_FLAGS=device=cuda).")

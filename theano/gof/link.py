"""theano.gof.link (re-exports): the linker-equivalents and WrapLinker / WrapLinkerMany (op-by-op runs)."""
from theano.lowering.linker import DualLinker, OpWiseCLinker, PerformLinker  # noqa: F401
from theano.lowering.opwise import WrapLinker, WrapLinkerMany  # noqa: F401
from theano.lowering.containers import Container  # noqa: F401

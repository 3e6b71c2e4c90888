"""theano.gradient: symbolic differentiation (re-exports)."""
from theano.frontend.grad_types import (DisconnectedInputError, DisconnectedType, GradientError,  # noqa: F401
                                       NullType, NullTypeGradError, disconnected_type, grad_not_implemented,
                                       grad_undefined, null_type)
from theano.frontend.gradient import Lop, _node_to_pattern, format_as, grad, subgraph_grad  # noqa: F401
from theano.frontend.gradient_terms import _float_ones_like, _float_zeros_like, _is_zero  # noqa: F401
from theano.frontend.rop import Rop  # noqa: F401
from theano.frontend.gradient_tools import (ConsiderConstant, DisconnectedGrad, GradClip, GradScale,  # noqa: F401
                                            UndefinedGrad, ZeroGrad, consider_constant, consider_constant_,
                                            disconnected_grad, disconnected_grad_, grad_clip, grad_scale, hessian,
                                            jacobian, mode_not_slow, numeric_grad, undefined_grad, undefined_grad_,
                                            verify_grad, zero_grad, zero_grad_)

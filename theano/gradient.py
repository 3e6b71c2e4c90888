"""theano.gradient: symbolic differentiation (re-exports)."""
from theano.frontend.gradient import (DisconnectedInputError, DisconnectedType, GradientError, Lop,  # noqa: F401
                                      NullType, NullTypeGradError, Rop, disconnected_type, format_as, grad,
                                      grad_not_implemented, grad_undefined, null_type, subgraph_grad)
from theano.frontend.gradient import _float_ones_like, _float_zeros_like, _is_zero, _node_to_pattern  # noqa: F401
from theano.frontend.gradient_tools import (ConsiderConstant, DisconnectedGrad, GradClip, GradScale,  # noqa: F401
                                            UndefinedGrad, ZeroGrad, consider_constant, consider_constant_,
                                            disconnected_grad, disconnected_grad_, grad_clip, grad_scale, hessian,
                                            jacobian, mode_not_slow, numeric_grad, undefined_grad, undefined_grad_,
                                            verify_grad, zero_grad, zero_grad_)

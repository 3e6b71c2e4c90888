"""theano.tensor.opt (re-exports): registering rewrites, Theano-style local optimizers, shape ops."""
from theano.frontend.ops.host_check import Assert, assert_, assert_op  # noqa: F401
from theano.frontend.ops.shape import MakeVector, Shape_i, make_vector, shape_i  # noqa: F401
from theano.passes.pipeline import register, unregister  # noqa: F401
from theano.passes.registration import (  # noqa: F401
    LocalOptimizer, local_optimizer, register_canonicalize, register_specialize, register_stabilize)

__all__ = ["Assert", "assert_", "assert_op", "register_canonicalize", "register_stabilize", "register_specialize", "register", "unregister", "local_optimizer",
           "LocalOptimizer", "MakeVector", "make_vector", "Shape_i", "shape_i"]
from theano.passes.gof_opt import in2out, out2in  # noqa: F401,E402
from theano.passes.gof_local import LocalOptGroup as _LocalOptGroup  # noqa: E402


_GROUPS = {"local_dimshuffle_lift": ("local_useless_dimshuffle", "local_dimshuffle_merge", "local_dimshuffle_lift"),
           "local_useless_elemwise": ("local_useless_elemwise_self", "local_useless_elemwise_comparison",
                                      "remove_tensor_copy", "local_useless_and", "local_useless_or")}


def __getattr__(name: str) -> object:
    """Our rewrite rules under Theano's names, as local optimizers (`out2in(local_dimshuffle_lift)`), and
    Theano's canonizer optimizers (`mul_canonizer`, `add_canonizer`): a name no rule carries is an AttributeError."""
    from theano.passes.gof_local import RuleLocalOptimizer
    from theano.passes.pipeline import all_rules

    canonizers = {"mul_canonizer": ("local_mul_canonizer", "local_fill_sink"),
                  "add_canonizer": ("local_add_canonizer", "local_fill_sink")}
    rules = {r.name: r for r in all_rules()}
    if name in canonizers and all(n in rules for n in canonizers[name]):
        group = _LocalOptGroup(*[RuleLocalOptimizer(rules[n]) for n in canonizers[name]], apply_all_opts=True)
        return in2out(group, name=name + "_groups")
    if name in _GROUPS:  # one Theano rewrite that is several of our rules
        group = _LocalOptGroup(*[RuleLocalOptimizer(rules[n]) for n in _GROUPS[name] if n in rules])
        group.__name__ = name
        return group
    if name in rules:
        return RuleLocalOptimizer(rules[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
from theano.passes.shape_feature import ShapeFeature  # noqa: F401,E402

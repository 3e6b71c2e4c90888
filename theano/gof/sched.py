"""theano.gof.sched: schedules from comparators (re-exports)."""
from theano.frontend.sched import (_toposort, key_to_cmp, make_dependence_cmp, make_depends,  # noqa: F401
                                   memodict, posort, reverse_dict, sort_apply_nodes, sort_schedule_fn)

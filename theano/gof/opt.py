"""theano.gof.opt: Theano's optimizer API over our rewrite engine (re-exports; passes/gof_opt.py, gof_local.py)."""
import logging  # noqa: F401 - Theano's module namespace (tests import it from here)

import theano  # noqa: F401
from theano.frontend.config import config  # noqa: F401
from theano.frontend.tag_trace import check_stack_trace  # noqa: F401
from theano.passes.gof_local import (FromFunctionLocalOptimizer, LocalOptGroup, LocalOptimizer, OpRemove,  # noqa: F401
                                     OpSub, PatternSub, check_chain, copy_stack_trace, local_optimizer)
from theano.passes.gof_opt import (EquilibriumOptimizer, FromFunctionOptimizer, MergeOptimizer,  # noqa: F401
                                   NavigatorOptimizer, OpKeyOptimizer, Optimizer, SeqOptimizer, TopoOptimizer, in2out,
                                   inplace_optimizer, merge_optimizer, optimizer, out2in, pre_constant_merge,
                                   pre_greedy_local_optimizer)
from theano.passes.merge import MergeFeature  # noqa: F401

_logger = logging.getLogger("theano.gof.opt")
from theano.frontend.theano_pickles import _metadict  # noqa: F401,E402 - Theano pickles
from theano.frontend.theano_pickles import ChangeTracker  # noqa: F401,E402 - Theano pickles

"""theano.gof.toolbox: BadOptimization (re-export)."""
from theano.passes.optdb import BadOptimization  # noqa: F401
from theano.frontend.fgraph_features import AlreadyThere, Bookkeeper, Feature, NodeFinder  # noqa: F401,E402
from theano.frontend.theano_pickles import PreserveVariableAttributes, ReplaceValidate  # noqa: F401,E402 - Theano pickles
from theano.frontend.theano_pickles import NoOutputFromInplace, PreserveNames  # noqa: F401,E402 - Theano pickles

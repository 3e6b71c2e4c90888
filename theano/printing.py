"""theano.printing: re-exports the graph printers of theano.frontend.printing."""
from theano.frontend.printing import (char_from_number, debugprint, min_informative_str, pp, pprint,  # noqa: F401
                                      pydotprint)

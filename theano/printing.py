"""theano.printing: re-exports the graph printers of theano.frontend.printing and theano.frontend.pretty."""
from theano.frontend.pretty import (DefaultPrinter, FunctionPrinter, IgnorePrinter, LeafPrinter,  # noqa: F401
                                    OperatorPrinter, PatternPrinter, PPrinter, PrinterState, default_printer,
                                    leaf_printer)
from theano.frontend.printing import (char_from_number, debugprint, min_informative_str, pp, pprint,  # noqa: F401
                                      pydotprint)
from theano.frontend.printing import pydot_imported, pydot_imported_msg  # noqa: F401,E402
from theano.frontend.ops.print_op import Print, _print_fn  # noqa: F401,E402 - issue 12

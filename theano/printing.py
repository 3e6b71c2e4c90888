"""theano.printing: re-exports the graph printers of theano.frontend.printing and theano.frontend.pretty."""
from theano.frontend.pretty import (DefaultPrinter, FunctionPrinter, IgnorePrinter, LeafPrinter,  # noqa: F401
                                    OperatorPrinter, PatternPrinter, PPrinter, PrinterState, default_printer,
                                    leaf_printer)
from theano.frontend.printing import (char_from_number, debugprint, min_informative_str, pp,  # noqa: F401
                                      pprint)
from theano.frontend.pydot_print import (default_colorCodes, pd, pydot_imported,  # noqa: F401,E402 - issue 12
                                         pydot_imported_msg, pydotprint)
from theano.frontend.ops.print_op import Print, _print_fn  # noqa: F401,E402 - issue 12
from theano.frontend.record import hex_digest, position_independent_str, var_descriptor  # noqa: F401,E402


def __getattr__(name: str):  # issue 15: names backed by the JAX lowering load it on first use (as theano.function)
    if name == "stablehlo":  # the StableHLO text of a compiled function
        from theano.lowering.export import stablehlo
        globals()[name] = stablehlo
        return stablehlo
    raise AttributeError(f"module 'theano.printing' has no attribute {name!r}")

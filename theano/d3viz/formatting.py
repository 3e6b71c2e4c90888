"""theano.d3viz.formatting: re-exports theano.frontend.d3viz.formatting (PyDotFormatter)."""
from theano.frontend.d3viz.formatting import (PyDotFormatter, apply_label, apply_profile, broadcastable_to_str,
                                              dict_to_pdnode, dtype_to_char, pd, pydot_imported, pydot_imported_msg,
                                              type_to_str, var_label, var_tag)

__all__ = ["PyDotFormatter", "apply_label", "apply_profile", "broadcastable_to_str", "dict_to_pdnode",
           "dtype_to_char", "pd", "pydot_imported", "pydot_imported_msg", "type_to_str", "var_label", "var_tag"]

"""theano.misc: utilities (pkl_utils)."""

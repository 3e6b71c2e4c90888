"""graph -> graph: the rewrite engine and the rewrite sets (merge, constant_folding, canonicalize, stabilize, specialize)."""

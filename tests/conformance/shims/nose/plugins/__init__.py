"""nose.plugins stub (skip, attrib)."""

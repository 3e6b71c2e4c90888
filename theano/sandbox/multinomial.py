"""theano.sandbox.multinomial: samples of a multinomial from given uniforms (re-exports)."""
from theano.frontend.ops.multinomial import (
    ChoiceFromUniform, MultinomialFromUniform, MultinomialWOReplacementFromUniform,
)

__all__ = ["ChoiceFromUniform", "MultinomialFromUniform", "MultinomialWOReplacementFromUniform"]

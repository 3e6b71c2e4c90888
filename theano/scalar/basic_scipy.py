"""theano.scalar.basic_scipy: the scalar special functions (erf, gamma, psi, the Bessel functions, ...)."""
from theano.frontend.scalar import (  # noqa: F401
    BinaryScalarOp, Chi2SF, Erf, Erfc, Erfcinv, Erfcx, Erfinv, Gamma, GammaInc, GammaIncC, GammaL, GammaLn, GammaU,
    I0, I1, Iv, J0, J1, Jv, Psi, TriGamma, UnaryScalarOp, chi2sf, complex_types, discrete_types, erf, erfc, erfcinv,
    erfcx, erfinv, exp, float_types, gamma, gammainc, gammaincc, gammal, gammaln, gammau, i0, i1, iv, j0, j1, jv, psi,
    tri_gamma, upcast, upgrade_to_float, upgrade_to_float64, upgrade_to_float_no_complex,
)
from theano.frontend.grad_types import grad_not_implemented  # noqa: F401

imported_scipy_special = True  # scipy is a dependency here (Theano set this from a try-import)

__all__ = ["BinaryScalarOp", "Chi2SF", "Erf", "Erfc", "Erfcinv", "Erfcx", "Erfinv", "Gamma", "GammaInc", "GammaIncC",
           "GammaL", "GammaLn", "GammaU", "I0", "I1", "Iv", "J0", "J1", "Jv", "Psi", "TriGamma", "UnaryScalarOp",
           "chi2sf", "complex_types", "discrete_types", "erf", "erfc", "erfcinv", "erfcx", "erfinv", "exp",
           "float_types", "gamma", "gammainc", "gammaincc", "gammal", "gammaln", "gammau", "grad_not_implemented", "i0",
           "i1", "imported_scipy_special", "iv", "j0", "j1", "jv", "psi", "tri_gamma", "upcast", "upgrade_to_float",
           "upgrade_to_float64", "upgrade_to_float_no_complex"]

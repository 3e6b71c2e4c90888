"""Numpy implementations of the special functions of the elementwise table (erf family, gamma family, Bessel).

These are the host (numpy) implementations used for constant folding and shape programs, written with
`math` and numpy only (no scipy). Devices use jax.scipy.special (see lowering/rules/elemwise.py).
Accuracy is close to double precision on the usual domains; `jv` loses digits for |x| in (12, 25).
"""
from __future__ import annotations

import decimal
import math
from typing import Any, Callable

import numpy as np

_SQRT_PI = math.sqrt(math.pi)


def _vectorize(fn: Callable[..., float]) -> Callable[..., np.ndarray]:
    """Elementwise float64 version of a scalar function of Python floats (NaN in, NaN out)."""
    vec = np.vectorize(fn, otypes=[np.float64])

    def run(*args: Any) -> np.ndarray:
        arrays = [np.asarray(a, dtype=np.float64) for a in args]
        with np.errstate(all="ignore"):
            return np.asarray(vec(*arrays), dtype=np.float64)
    run.__name__ = fn.__name__
    return run


def _nan_guard(fn: Callable[..., float]) -> Callable[..., float]:
    def guarded(*args: float) -> float:
        if any(a != a for a in args):
            return math.nan
        try:
            return fn(*args)
        except (ValueError, ZeroDivisionError):
            return math.nan
        except OverflowError:
            return math.inf
    guarded.__name__ = fn.__name__
    return guarded


# ---- the error function family ------------------------------------------------------------------------

@_nan_guard
def _erfcx(x: float) -> float:
    if x < 5.0:
        return math.exp(x * x) * math.erfc(x) if x > -26.7 else math.inf
    k = x  # continued fraction erfc(x) e^{x^2} = 1 / (sqrt(pi) (x + 1/2 / (x + 1 / (x + 3/2 / ...))))
    for n in range(80, 0, -1):
        k = x + (n / 2.0) / k
    return 1.0 / (_SQRT_PI * k)


def _giles(y: float) -> float:
    """Giles' single-precision approximation of erfinv(y), a starting point for Newton steps."""
    w = -math.log((1.0 - y) * (1.0 + y))
    if w < 5.0:
        w -= 2.5
        p = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p = c + p * w
    else:
        w = math.sqrt(w) - 3.0
        p = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            p = c + p * w
    return p * y


def _erfc_newton(z: float) -> float:
    """x with erfc(x) = z for 0 < z <= 0.5, by Newton steps on erfc (accurate in the far tail)."""
    if z > 1e-3:
        x = _giles(1.0 - z)
    else:
        x = math.sqrt(-math.log(z * _SQRT_PI * math.sqrt(-math.log(z))))
    for _ in range(100):
        step = (math.erfc(x) - z) / (-2.0 / _SQRT_PI * math.exp(-x * x))
        x -= step
        if abs(step) <= 1e-16 * abs(x):
            break
    return x


@_nan_guard
def _erfinv(y: float) -> float:
    if y <= -1.0 or y >= 1.0:
        return -math.inf if y == -1.0 else math.inf if y == 1.0 else math.nan
    if abs(y) > 0.5:
        return math.copysign(_erfc_newton(1.0 - abs(y)), y)
    x = _giles(y)
    for _ in range(4):
        x -= (math.erf(x) - y) / (2.0 / _SQRT_PI * math.exp(-x * x))
    return x


@_nan_guard
def _erfcinv(z: float) -> float:
    if z <= 0.0 or z >= 2.0:
        return math.inf if z == 0.0 else -math.inf if z == 2.0 else math.nan
    if z < 0.5:
        return _erfc_newton(z)
    if z > 1.5:
        return -_erfc_newton(2.0 - z)
    return _erfinv(1.0 - z)


erf = _vectorize(_nan_guard(math.erf))
erfc = _vectorize(_nan_guard(math.erfc))
erfcx = _vectorize(_erfcx)
erfinv = _vectorize(_erfinv)
erfcinv = _vectorize(_erfcinv)


# ---- the gamma function family ------------------------------------------------------------------------

@_nan_guard
def _gamma(x: float) -> float:
    if x == 0.0:
        return math.copysign(math.inf, x)
    if x < 0 and x == math.floor(x):
        return math.nan
    if x > 171.7:
        return math.inf
    return math.gamma(x)


@_nan_guard
def _gammaln(x: float) -> float:
    if x <= 0 and x == math.floor(x):
        return math.inf
    return math.lgamma(x)


@_nan_guard
def _psi(x: float) -> float:
    if x <= 0 and x == math.floor(x):
        return math.nan
    result = 0.0
    if x < 0:  # reflection: psi(1 - x) - psi(x) = pi / tan(pi x)
        result -= math.pi / math.tan(math.pi * x)
        x = 1.0 - x
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    r = 1.0 / (x * x)
    series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))))
    return result + math.log(x) - 0.5 / x - series


@_nan_guard
def _tri_gamma(x: float) -> float:
    if x <= 0 and x == math.floor(x):
        return math.inf
    if x < 0:  # reflection: psi1(1 - x) + psi1(x) = pi^2 / sin^2(pi x)
        return (math.pi / math.sin(math.pi * x)) ** 2 - _tri_gamma(1.0 - x)
    result = 0.0
    while x < 12.0:
        result += 1.0 / (x * x)
        x += 1.0
    r = 1.0 / (x * x)
    series = (1.0 + r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * 5 / 66))))) / x
    return result + series + 0.5 * r


def _gamma_series(a: float, x: float) -> float:
    """Regularized lower incomplete gamma P(a, x) by its power series (x < a + 1)."""
    term = total = 1.0 / a
    n = a
    for _ in range(1000):
        n += 1.0
        term *= x / n
        total += term
        if abs(term) < abs(total) * 1e-17:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_cfrac(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1)."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


@_nan_guard
def _gammainc(a: float, x: float) -> float:
    if a <= 0 or x < 0:
        return math.nan
    if x == 0:
        return 0.0
    if math.isinf(x):
        return 1.0
    return _gamma_series(a, x) if x < a + 1.0 else 1.0 - _gamma_cfrac(a, x)


@_nan_guard
def _gammaincc(a: float, x: float) -> float:
    if a <= 0 or x < 0:
        return math.nan
    if x == 0:
        return 1.0
    if math.isinf(x):
        return 0.0
    return 1.0 - _gamma_series(a, x) if x < a + 1.0 else _gamma_cfrac(a, x)


def _chi2sf(x: float, k: float) -> float:
    return _gammaincc(k / 2.0, x / 2.0)


def _gammau(k: float, x: float) -> float:
    return _gammaincc(k, x) * _gamma(k)


def _gammal(k: float, x: float) -> float:
    return _gammainc(k, x) * _gamma(k)


gamma = _vectorize(_gamma)
gammaln = _vectorize(_gammaln)
psi = _vectorize(_psi)
tri_gamma = _vectorize(_tri_gamma)
gammainc = _vectorize(_gammainc)
gammaincc = _vectorize(_gammaincc)
chi2sf = _vectorize(_nan_guard(_chi2sf))
gammau = _vectorize(_nan_guard(_gammau))
gammal = _vectorize(_nan_guard(_gammal))


# ---- Bessel functions of the first kind ---------------------------------------------------------------

def _rgamma(x: float) -> float:
    """1 / Gamma(x), zero at the poles."""
    if x <= 0 and x == math.floor(x):
        return 0.0
    if x > 171.0:
        return 0.0
    return 1.0 / math.gamma(x)


def _bessel_series(v: float, x: float, sign: float) -> float:
    """sum_k sign^k (x/2)^(2k+v) / (k! Gamma(k+v+1)): J_v (sign=-1) or I_v (sign=+1).

    The alternating J series cancels badly for |x| > 10, so the sum runs in 40-digit decimals.
    """
    if x == 0.0:
        return 1.0 if v == 0 else 0.0 if v > 0 or v == math.floor(v) else math.inf
    half = x / 2.0
    if half < 0 and v != math.floor(v):
        return math.nan
    lead = _rgamma(v + 1.0)
    if lead == 0.0:  # negative integer order: J_{-n} = (-1)^n J_n, I_{-n} = I_n
        n = int(-v)
        return (-1.0 if sign < 0 and n % 2 else 1.0) * _bessel_series(float(n), x, sign)
    lead *= half ** v if v == math.floor(v) else math.exp(v * math.log(half))
    with decimal.localcontext() as ctx:
        ctx.prec = 40
        q = decimal.Decimal(sign * half * half)
        dv = decimal.Decimal(v)
        term = total = decimal.Decimal(1)
        for k in range(1, 2000):
            term = term * q / (k * (k + dv))
            total += term
            if term == 0 or abs(term) < abs(total) * decimal.Decimal("1e-30"):
                break
        return float(total) * lead


def _jv_asymptotic(v: float, x: float) -> float:
    """Hankel's asymptotic expansion of J_v(x) for large x."""
    mu = 4.0 * v * v
    p, q = 1.0, 0.0
    term = 1.0
    for k in range(1, 30):
        term *= (mu - (2 * k - 1) ** 2) / (k * 8.0 * x)
        if k % 2:
            q += term if (k // 2) % 2 == 0 else -term
        else:
            p += -term if (k // 2) % 2 else term
        if abs(term) < 1e-17:
            break
    chi = x - (v / 2.0 + 0.25) * math.pi
    return math.sqrt(2.0 / (math.pi * x)) * (p * math.cos(chi) - q * math.sin(chi))


@_nan_guard
def _jv(v: float, x: float) -> float:
    if x < 0:
        if v != math.floor(v):
            return math.nan
        return (-1.0 if int(v) % 2 else 1.0) * _jv(v, -x)
    if x > 25.0 + v * v:
        return _jv_asymptotic(v, x)
    return _bessel_series(v, x, -1.0)


@_nan_guard
def _iv(v: float, x: float) -> float:
    if x < 0:
        if v != math.floor(v):
            return math.nan
        return (-1.0 if int(v) % 2 else 1.0) * _iv(v, -x)
    if x > 700.0:
        return math.inf
    return _bessel_series(v, x, 1.0)


jv = _vectorize(_jv)
iv = _vectorize(_iv)


def j0(x: Any) -> np.ndarray:
    return jv(0.0, x)


def j1(x: Any) -> np.ndarray:
    return jv(1.0, x)


def i0(x: Any) -> np.ndarray:
    return np.i0(np.asarray(x, dtype=np.float64))


def i1(x: Any) -> np.ndarray:
    return iv(1.0, x)

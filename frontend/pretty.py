"""theano.printing.pp: Theano 1.0.5's PPrinter and its per-op printers, producing the same text.

Theano picks a printer per op (registered by op instance or class, then by condition) and renders
each variable from its inputs' texts: `(a + b)` for operators (always parenthesized), `|x|` for
abs, `int8(x)` for casts, `f(a, b)` for named elementwise functions, `x[1:]` for Subtensor, `x.T`
for transposes, leading broadcast dims of DimShuffle dropped, and `str(op)(inputs)` otherwise.
Intermediate names are not used (only leaves print by name). The walk is iterative: each variable
is rendered once, after its inputs, so printers' calls on their inputs hit the memo.
"""
from __future__ import annotations

import functools
import sys
from typing import Any, Callable

from theano.frontend.graph import Variable, io_toposort
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.join import Join
from theano.frontend.ops.shape import MakeVector
from theano.frontend.ops.subtensor import Subtensor

GREEK = {n: "\\" + n for n in ("alpha", "beta", "gamma", "delta", "epsilon")}
SPECIAL = {"middle_dot": "\\dot", "big_sigma": "\\Sigma"}

# Theano's tensor-level elemwise functions registered with FunctionPrinter(name) (tensor/basic.py,
# nnet/sigm.py); any other elemwise prints as str(op)(inputs).
FUNCTION_ELEMWISE = frozenset("""
lt gt le ge eq neq isnan isinf switch and_ or_ xor invert exp exp2 expm1 inv log log2 log10 log1p
sgn ceil floor trunc round_half_to_even round_half_away_from_zero sqr sqrt deg2rad rad2deg cos arccos
sin arcsin tan arctan arctan2 cosh arccosh sinh arcsinh tanh arctanh erf erfc erfcx erfinv erfcinv
gamma gammaln psi tri_gamma chi2sf gammainc gammaincc gammau gammal j0 j1 jv i0 i1 iv real imag
angle conj complex_from_polar maximum minimum mod clip sigmoid softplus ultra_fast_sigmoid
""".split())


class PrinterState:
    """What printers share during one pp call: the pprinter, the memo (variable -> text), precedence."""

    def __init__(self, props: dict | None = None, **more: Any):
        self.__dict__.update(props or {})
        self.__dict__.update(more)
        self.memo: dict[Variable, str] = {}


def _inputs_text(output: Variable, pstate: PrinterState) -> list[str]:
    return [pstate.pprinter.process(i, pstate) for i in output.owner.inputs]


class OperatorPrinter:
    """`(a op b op c)`, or `(op a)` for one input; Theano always parenthesizes."""

    def __init__(self, operator: str, precedence: float, assoc: str = "left"):
        self.operator, self.precedence, self.assoc = operator, precedence, assoc

    def process(self, output: Variable, pstate: PrinterState) -> str:
        if output.owner is None:
            raise TypeError("operator %s cannot represent a variable that is not the result of an operation"
                            % self.operator)
        args = _inputs_text(output, pstate)
        text = self.operator + args[0] if len(args) == 1 else (" %s " % self.operator).join(args)
        return "(%s)" % text


class PatternPrinter:
    """A %-pattern per output over the inputs' texts (`'|%(0)s|'`)."""

    def __init__(self, *patterns: Any):
        self.patterns = [(p, ()) if isinstance(p, str) else (p[0], tuple(p[1:])) for p in patterns]

    def process(self, output: Variable, pstate: PrinterState) -> str:
        node = output.owner
        if node is None:
            raise TypeError("Patterns %s cannot represent a variable that is not the result of an operation"
                            % self.patterns)
        pattern = self.patterns[node.outputs.index(output)][0]
        return pattern % {str(i): s for i, s in enumerate(_inputs_text(output, pstate))}


class FunctionPrinter:
    """`name(a, b)`, one name per output."""

    def __init__(self, *names: str):
        self.names = names

    def process(self, output: Variable, pstate: PrinterState) -> str:
        node = output.owner
        if node is None:
            raise TypeError("function %s cannot represent a variable that is not the result of an operation"
                            % (self.names,))
        return "%s(%s)" % (self.names[node.outputs.index(output)], ", ".join(_inputs_text(output, pstate)))


class IgnorePrinter:
    """The text of the first input (tensor_copy)."""

    def process(self, output: Variable, pstate: PrinterState) -> str:
        if output.owner is None:
            raise TypeError("IgnorePrinter cannot represent a variable that is not the result of an operation")
        return pstate.pprinter.process(output.owner.inputs[0], pstate)


class LeafPrinter:
    """A variable by its str (greek names as LaTeX: alpha -> \\alpha)."""

    def process(self, output: Variable, pstate: PrinterState) -> str:
        return GREEK.get(output.name, str(output)) if output.name is not None else str(output)


class DefaultPrinter:
    """`str(op)(inputs)`; a leaf by LeafPrinter."""

    def process(self, output: Variable, pstate: PrinterState) -> str:
        if output.owner is None:
            return leaf_printer.process(output, pstate)
        return "%s(%s)" % (output.owner.op, ", ".join(_inputs_text(output, pstate)))


leaf_printer = LeafPrinter()
default_printer = DefaultPrinter()


class DimShufflePrinter:
    """Leading 'x' dims dropped; the identity prints its input, a full reversal `x.T`."""

    def process(self, r: Variable, pstate: PrinterState) -> str:
        order = list(r.owner.op.new_order)
        x = r.owner.inputs[0]
        while order and order[0] == "x":
            order.pop(0)
        text = pstate.pprinter.process(x, pstate)
        if order == list(range(x.type.ndim)):
            return text
        if order == list(reversed(range(x.type.ndim))):
            return "%s.T" % text
        return "DimShuffle{%s}(%s)" % (", ".join(map(str, order)), text)


class SubtensorPrinter:
    """`x[a, b:c:d]` as Theano prints it: a symbolic index takes the *last* remaining input (Theano's
    `inputs.pop()`), a slice bound prints its type (`int64:`), a bound of 0 or None nothing."""

    def process(self, r: Variable, pstate: PrinterState) -> str:
        inputs = list(r.owner.inputs)
        x = inputs.pop(0)
        parts = []
        for entry in r.owner.op.idx_list:
            if isinstance(entry, slice):
                start = "" if entry.start is None or _eq(entry.start, 0) else entry.start
                stop = "" if entry.stop is None or _eq(entry.stop, sys.maxsize) else entry.stop
                step = "" if entry.step is None else ":%s" % entry.step
                parts.append("%s:%s%s" % (start, stop, step))
            elif isinstance(entry, int):
                parts.append(str(entry))
            else:
                parts.append(pstate.pprinter.process(inputs.pop(), pstate))
        return "%s[%s]" % (pstate.pprinter.process(x, pstate), ", ".join(parts))


def _eq(a: Any, b: int) -> bool:
    return isinstance(a, int) and a == b


class MakeVectorPrinter:
    """`[a, b]`."""

    def process(self, r: Variable, pstate: PrinterState) -> str:
        return "[%s]" % ", ".join(_inputs_text(r, pstate))


class PPrinter:
    """Theano's pretty-printer: printers by op (instance, then class; Theano's own registrations
    are `builtin_printers`), then by condition."""

    def __init__(self) -> None:
        self.printers: list[tuple[Callable[[PrinterState, Variable], bool], Any]] = []
        self.printers_dict: dict[Any, Any] = {}

    def assign(self, condition: Any, printer: Any) -> None:
        """Register `printer` for an op instance or class, or for a predicate (pstate, r) -> bool."""
        if isinstance(condition, type) or not callable(condition) or hasattr(condition, "make_node"):
            self.printers_dict[condition] = printer
        else:
            self.printers.insert(0, (condition, printer))

    def clone(self) -> "PPrinter":
        cp = PPrinter()
        cp.printers, cp.printers_dict = list(self.printers), dict(self.printers_dict)
        return cp

    def clone_assign(self, condition: Any, printer: Any) -> "PPrinter":
        cp = self.clone()
        cp.assign(condition, printer)
        return cp

    def printer_for(self, r: Variable, pstate: PrinterState) -> Any:
        owner = getattr(r, "owner", None)
        if owner is not None:
            op = owner.op
            for key in (op, type(op)):
                try:
                    if key in self.printers_dict:
                        return self.printers_dict[key]
                except TypeError:  # an unhashable op
                    pass
            builtin = builtin_printers().get(type(op))
            if builtin is not None:
                return builtin
        for condition, printer in self.printers:
            if condition(pstate, r):
                return printer
        return default_printer

    def process(self, r: Any, pstate: PrinterState | dict | None = None) -> str:
        """The text of `r`; its ancestors are rendered first, in topological order (no deep recursion)."""
        if pstate is None:
            pstate = PrinterState(pprinter=self)
        elif isinstance(pstate, dict):
            pstate = PrinterState(pprinter=self, **pstate)
        if r in pstate.memo:
            return pstate.memo[r]
        if getattr(r, "owner", None) is not None:
            for node in io_toposort([], [r]):
                for v in node.inputs:
                    if v not in pstate.memo:
                        pstate.memo[v] = self.printer_for(v, pstate).process(v, pstate)
        text = self.printer_for(r, pstate).process(r, pstate)
        pstate.memo[r] = text
        return text

    def __call__(self, *args: Any) -> str:
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            return "\n".join(self.process(o) for o in args[0])
        if len(args) == 1 or (len(args) == 2 and isinstance(args[1], (PrinterState, dict))):
            return self.process(*args)
        raise TypeError("pp takes a variable (and optionally a PrinterState)")


def _elemwise_printer(op: Any) -> Any:
    """Theano's printer of an elementwise op (by its scalar op), or None for the default."""
    scalar = op.scalar_op
    name = getattr(scalar, "name", None)
    if getattr(op, "inplace_pattern", None):
        return None
    if hasattr(scalar, "o_type"):
        return FunctionPrinter(scalar.o_type)
    if name in OPERATORS:
        return OPERATORS[name]
    if name == "abs_":
        return PatternPrinter(("|%(0)s|", -1000))
    if name == "identity":
        return IgnorePrinter()
    if name == "second":
        return FunctionPrinter("fill")
    if name in FUNCTION_ELEMWISE:
        return FunctionPrinter(name)
    return None


OPERATORS = {"add": OperatorPrinter("+", -2, "either"), "mul": OperatorPrinter("*", -1, "either"),
             "sub": OperatorPrinter("-", -2, "left"), "neg": OperatorPrinter("-", 0, "either"),
             "true_div": OperatorPrinter("/", -1, "left"), "int_div": OperatorPrinter("//", -1, "left"),
             "pow": OperatorPrinter("**", 1, "right")}


class _ElemwisePrinter:
    """Theano registers one printer per elementwise op instance; this finds it from the scalar op."""

    def process(self, r: Variable, pstate: PrinterState) -> str:
        return (_elemwise_printer(r.owner.op) or default_printer).process(r, pstate)


@functools.lru_cache(maxsize=None)
def builtin_printers() -> dict[type, Any]:
    """The printers Theano registers in tensor/*.py, by op class."""
    return {Elemwise: _ElemwisePrinter(), DimShuffle: DimShufflePrinter(), Subtensor: SubtensorPrinter(),
            MakeVector: MakeVectorPrinter(), Join: FunctionPrinter("join"), Alloc: FunctionPrinter("alloc"),
            Dot: OperatorPrinter(SPECIAL["middle_dot"], -1, "left")}


pprint = PPrinter()
pprint.assign(lambda pstate, r: True, default_printer)
pp = pprint

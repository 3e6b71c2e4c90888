"""Printing graphs as Theano 1.0.5 does: debugprint, min_informative_str (all iterative); pp in pretty.py."""
from __future__ import annotations

import io
import sys
from typing import Any, NamedTuple, TextIO

import numpy as np

from theano.frontend.graph import Apply, Variable
from theano.frontend.pretty import pp, pprint  # noqa: F401  (re-exported: theano.printing.pp)
from theano.frontend.ops.scan import Scan


def char_from_number(number: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'BA' (Theano's base-26 labels)."""
    if number == 0:
        return "A"
    out = ""
    while number:
        out = chr(ord("A") + number % 26) + out
        number //= 26
    return out


def min_informative_str(obj: Any, indent_level: int = 0) -> str:
    """A concise labelled tree; named variables are not expanded, repeats print as <label>."""
    seen: dict[int, str] = {}
    counter = [0]
    lines: list[str] = []
    stack: list[tuple[Any, int]] = [(obj, indent_level)]
    while stack:
        node, level = stack.pop()
        indent = " " * level
        if id(node) in seen:
            lines.append(indent + "<" + seen[id(node)] + ">")
            continue
        tag = char_from_number(counter[0])
        counter[0] += 1
        seen[id(node)] = tag
        if getattr(node, "name", None) is not None:
            text = node.name
        elif getattr(node, "owner", None) is not None:
            text = str(node.owner.op)
            stack.extend((i, level + 1) for i in reversed(node.owner.inputs))
        else:
            text = str(node)
        lines.append(indent + tag + ". " + text)
    return "\n".join(lines)


class _Graph(NamedTuple):
    """What a printed variable's graph adds to its lines: toposort indices, clients, storage cells."""

    order: dict  # Apply -> index in the toposort (compiled functions and FunctionGraphs only)
    clients: dict | None  # Variable -> [(Apply or 'output', input index)] (FunctionGraphs only)
    storage: bool  # print the storage cell of each variable (print_storage on a compiled function)


_LOOSE = _Graph({}, None, False)


def _outputs_of(obj: Any, print_storage: bool = False) -> tuple[list[tuple[Variable, _Graph]], list[str]]:
    """(variable, its graph's context) pairs to print, and the numbers printed before them.

    A compiled function or FunctionGraph numbers its nodes in toposort order; loose variables are unnumbered.
    """
    pairs: list[tuple[Variable, _Graph]] = []
    prelude: list[str] = []
    for item in obj if isinstance(obj, (list, tuple, set)) else [obj]:
        if isinstance(item, Variable):
            pairs.append((item, _LOOSE))
        elif isinstance(item, Apply):
            pairs.extend((o, _LOOSE) for o in item.outputs)
        elif isinstance(item, (int, float, np.ndarray)):
            prelude.append(str(item))
        elif isinstance(getattr(item, "variable", None), Variable):  # theano.In / theano.Out
            pairs.append((item.variable, _LOOSE))
        else:
            maker = getattr(item, "maker", None)
            fgraph = maker.fgraph if maker is not None else item
            if not (hasattr(fgraph, "outputs") and hasattr(fgraph, "toposort")):
                raise TypeError("debugprint cannot print an object of this type", item)
            ctx = _Graph({n: k for k, n in enumerate(fgraph.toposort())}, getattr(fgraph, "clients", None),
                         print_storage and maker is not None)
            pairs.extend((o, ctx) for o in fgraph.outputs)
    return pairs, prelude


class _GraphPrinter:
    """Prints variables as Theano 1.0.5's debugmode.debugprint does, sharing ids and done nodes across calls."""

    def __init__(self, stream: Any, ids: str, print_type: bool, stop_on_name: bool, done: dict, used_ids: dict,
                 print_clients: bool = False):
        self.stream = stream
        self.print_clients = print_clients
        self.ids = ids
        self.print_type = print_type
        self.stop_on_name = stop_on_name
        self.done = done
        self.used_ids = used_ids

    def id_str(self, obj: Any, printed: bool = True) -> str:
        """The `[id X]` label of an Apply (or of an ownerless variable), made on first use."""
        if obj in self.used_ids:
            text = self.used_ids[obj]
        elif isinstance(obj, str) and obj == "output":  # a graph-output client: takes a label slot, as Theano's
            text = "output"
        elif self.ids == "id":
            text = "[id %s]" % id(obj)
        elif self.ids == "int":
            text = "[id %s]" % len(self.used_ids)
        elif self.ids == "CHAR":
            text = "[id %s]" % char_from_number(len(self.used_ids))
        else:
            text = ""
        if printed:
            self.done[obj] = text
        self.used_ids[obj] = text
        return text

    def print_var(self, root: Variable, prefix: str, prefix_child: str, depth: int, ctx: _Graph,
                  scan_ops: list, inner_to_outer: dict | None) -> None:
        """Print `root` and (depth-first, each node expanded once) what it is computed from."""
        stack: list[tuple[Variable, str, str, int, bool]] = [(root, prefix, prefix_child, depth, False)]
        while stack:
            var, pre, pre_child, d, is_child = stack.pop()
            node = var.owner
            if is_child and node is not None and _is_scan(node.op):
                scan_ops.append(var)  # Theano collects every scan output it meets, repeats included
            if d == 0:
                continue
            type_str = " <%s>" % var.type if self.print_type else ""
            if node is None:
                if inner_to_outer is not None and var in inner_to_outer:
                    outer = inner_to_outer[var]
                    own = self.id_str(var)
                    link = self.id_str(outer.owner if outer.owner is not None else outer)
                    self.stream.write("%s%s %s%s -> %s\n" % (pre, var, own, type_str, link))
                else:
                    data = " [None]" if ctx.storage else ""
                    self.stream.write("%s%s %s%s%s\n" % (pre, var, self.id_str(var), type_str, data))
                continue
            already = node in self.done
            label = self.id_str(node)
            idx = "" if len(node.outputs) == 1 else ".%i" % node.outputs.index(var)
            name = var.name if var.name is not None else ""
            o = str(ctx.order[node]) if node in ctx.order else ""
            data = " [None]" if ctx.storage else ""
            clients = self.clients_str(var, ctx)
            self.stream.write("%s%s%s %s%s '%s' %s %s %s%s%s\n" % (pre, node.op, idx, label, type_str, name, "", "", o,
                                                                 data, clients))
            if already or (self.stop_on_name and var.name is not None):
                continue
            n_in = len(node.inputs)
            children = []
            for k, inp in enumerate(node.inputs):
                child_prefix_child = pre_child + ("  " if k == n_in - 1 else " |")
                children.append((inp, pre_child + " |", child_prefix_child, d - 1, True))
            stack.extend(reversed(children))


    def clients_str(self, var: Variable, ctx: _Graph) -> str:
        """Theano's ` clients:[(id, toposort index), ...]` for a variable used more than once (print_clients)."""
        if not self.print_clients or ctx.clients is None or len(ctx.clients.get(var, ())) <= 1:
            return ""
        items = [(self.id_str(c, printed=False), "" if isinstance(c, str) else ctx.order.get(c, ""))
                 for c, _ in ctx.clients[var]]
        return " clients:" + str(items)


def _is_scan(op: Any) -> bool:
    """Whether `op` is a Scan (imported lazily: printing must not pull the scan module in at import)."""

    return isinstance(op, Scan)


def scan_inner_graph(op: Any) -> tuple[list[Variable], list[Variable]]:
    """A scan's inner inputs and outputs: the optimized ones once it was compiled (as Theano prints op.fn)."""
    inner = op.cache.get("inner")
    if inner is not None and len(inner.inputs) == len(op.inputs) and len(inner.outputs) == len(op.outputs):
        return list(inner.inputs), list(inner.outputs)
    return list(op.inputs), list(op.outputs)


def scan_inner_to_outer(op: Any, inner_inputs: list[Variable], outer_inputs: list[Variable]) -> dict:
    """Map each inner input of a scan to the outer input it stands for (our layout, frontend/ops/scan.py)."""
    info = op.info
    positions: list[int] = [1 + k for k in range(info.n_seqs)]
    rec = 0
    for taps in info.out_taps:
        if taps is not None:
            positions += [1 + info.n_seqs + rec] * len(taps)
            rec += 1
    base = 1 + info.n_seqs + rec
    positions += [base + k for k in range(info.n_shared)]
    base += info.n_shared + (info.n_nit_sot if info.buffered else 0)  # (the nit_sot sizes have no inner input)
    positions += [base + k for k in range(info.n_nonseq)]
    return {v: outer_inputs[p] for v, p in zip(inner_inputs, positions) if p < len(outer_inputs)}


def debugprint(obj: Any, depth: int = -1, print_type: bool = False, file: Any = None, ids: str = "CHAR",
               stop_on_name: bool = False, done: dict | None = None, print_storage: bool = False,
               print_clients: bool = False, used_ids: dict | None = None) -> Any:
    """Print the graph of `obj` (variable, list, Apply, function or FunctionGraph) as Theano's debugprint,
    then the inner graph of each scan met ("Inner graphs of the scan ops:", nested scans included)."""
    if not isinstance(depth, int) or isinstance(depth, bool):
        raise Exception("depth parameter must be an int")
    pairs, prelude = _outputs_of(obj, print_storage)
    stream: TextIO = io.StringIO() if file == "str" else sys.stdout if file is None else file
    printer = _GraphPrinter(stream, ids, print_type, stop_on_name, {} if done is None else done,
                            {} if used_ids is None else used_ids, print_clients)
    for line in prelude:
        stream.write(line + "\n")
    scan_ops: list[Variable] = []
    for out, ctx in pairs:
        if out.owner is not None and _is_scan(out.owner.op):
            scan_ops.append(out)
        printer.print_var(out, "", "", depth, ctx, scan_ops, None)
    if scan_ops:
        stream.write("\nInner graphs of the scan ops:\n")
        k = 0
        while k < len(scan_ops):  # nested scans are appended while their parents print
            s = scan_ops[k]
            k += 1
            op = s.owner.op
            inner_inputs, inner_outputs = scan_inner_graph(op)
            mapping = scan_inner_to_outer(op, inner_inputs, s.owner.inputs)
            stream.write("\n")
            printer.print_var(s, "", "", depth, _LOOSE, scan_ops, mapping)
            for o in inner_outputs:
                if o.owner is not None and _is_scan(o.owner.op):
                    scan_ops.append(o)
                printer.print_var(o, " >", " >", depth, _LOOSE, scan_ops, mapping)
    if file == "str":
        return stream.getvalue()
    return stream


"""Printing graphs as Theano 1.0.5 does: debugprint, min_informative_str (all iterative); pp in pretty.py."""
from __future__ import annotations

import sys
from typing import Any, TextIO

from theano.frontend.graph import Apply, Variable
from theano.frontend.pretty import pp, pprint  # noqa: F401  (re-exported: theano.printing.pp)


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


def _outputs_of(obj: Any) -> tuple[list[Variable], list[Apply] | None]:
    """The variables to print and, for compiled functions/graphs, the toposort order."""
    if isinstance(obj, Variable):
        return [obj], None
    if isinstance(obj, Apply):
        return list(obj.outputs), None
    if isinstance(obj, (list, tuple)):
        out: list[Variable] = []
        for o in obj:
            out.extend(_outputs_of(o)[0])
        return out, None
    maker = getattr(obj, "maker", None)
    fgraph = maker.fgraph if maker is not None else obj
    if hasattr(fgraph, "outputs") and hasattr(fgraph, "toposort"):
        return list(fgraph.outputs), fgraph.toposort()
    raise TypeError(f"debugprint cannot print an object of type {type(obj)}")


def debugprint(obj: Any, depth: int = -1, print_type: bool = False, file: Any = None, ids: str = "CHAR",
               stop_on_name: bool = False, done: dict | None = None, print_storage: bool = False,
               print_clients: bool = False, used_ids: dict | None = None) -> Any:
    """Print the graph of `obj` (variable, list, Apply, function or FunctionGraph) as Theano's debugprint."""
    outputs, order = _outputs_of(obj)
    topo_index = {id(n): k for k, n in enumerate(order)} if order is not None else {}
    labels: dict[int, str] = {} if used_ids is None else used_ids
    expanded: set[int] = set() if done is None else set(done)
    lines: list[str] = []

    def label(v: Variable) -> str:
        key = id(v.owner) if v.owner is not None else id(v)
        if key not in labels:
            if ids == "CHAR":
                labels[key] = char_from_number(len(labels))
            elif ids == "id":
                labels[key] = str(key)
            elif ids == "int":
                labels[key] = str(len(labels))
            else:
                labels[key] = ""
        return "[id %s]" % labels[key] if ids else ""

    for out in outputs:
        stack: list[tuple[Variable, str, str, int]] = [(out, "", "", 0)]
        while stack:
            var, prefix, prefix_child, level = stack.pop()
            type_str = " <%s>" % var.type if print_type else ""
            node = var.owner
            if node is None or (stop_on_name and var.name is not None and level > 0):
                lines.append("%s%s %s%s" % (prefix, var, label(var), type_str))
                continue
            op_text = str(node.op) if len(node.outputs) == 1 else "%s.%i" % (node.op, node.outputs.index(var))
            o = str(topo_index[id(node)]) if id(node) in topo_index else ""
            name = var.name if var.name is not None else ""
            lines.append("%s%s %s%s '%s' %s %s %s" % (prefix, op_text, label(var), type_str, name, "", "", o))
            if id(node) in expanded or (depth != -1 and level >= depth):
                continue
            expanded.add(id(node))
            children = []
            n_in = len(node.inputs)
            for k, inp in enumerate(node.inputs):
                child_prefix_child = prefix_child + ("  " if k == n_in - 1 else " |")
                children.append((inp, prefix_child + " |", child_prefix_child, level + 1))
            stack.extend(reversed(children))
    text = "\n".join(lines) + "\n"
    if file == "str":
        return text
    stream: TextIO = sys.stdout if file is None else file
    stream.write(text)
    return stream


def pydotprint(fct: Any, outfile: str | None = None, **kwargs: Any) -> None:
    """Graph pictures need graphviz's pydot, which theano-xla does not depend on."""
    try:
        import pydot  # noqa: F401
    except ImportError:
        raise RuntimeError("pydotprint needs the optional package pydot (and graphviz); "
                           "install them with `pip install pydot`.") from None
    raise NotImplementedError("pydotprint output comes with the printing issue")

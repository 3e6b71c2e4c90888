"""The import graph of theano.frontend: no cycles, and no imports of passes, lowering or jax.

The graph is built from the source with `ast`: an edge A -> B for every `import` of a frontend module B in
module A, at module level or inside a function (a function-level import that dodges a cycle is still a cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"
PACKAGE = "theano.frontend"

# Modules whose function-level imports are still being untangled: only their module-level imports count.
FUNCTION_IMPORTS_NOT_YET_COUNTED: set[str] = set()
# The two places where an op's own method needs a layer built on that op, as in Theano: Elemwise's gradient sums
# over broadcast axes with the reductions (which are Elemwise-based ops), and its R_op is built from the scalar
# gradient by the forward-mode machinery. Each is one import inside that method; nothing else may do this.
ALLOWED_FUNCTION_IMPORTS = {
    ("theano.frontend.ops.elemwise", "theano.frontend.ops.reduce"),
    ("theano.frontend.ops.elemwise", "theano.frontend.rop"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(FRONTEND).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


MODULES = {module_name(p): p for p in sorted(FRONTEND.rglob("*.py"))}


def imported_names(path: Path, module_level_only: bool) -> list[str]:
    """Every dotted name imported in the file (`from a.b import c` gives a.b and a.b.c)."""
    tree = ast.parse(path.read_text())
    if module_level_only:
        nodes: list[ast.AST] = []
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                nodes.append(node)
            elif isinstance(node, (ast.If, ast.Try)):
                stack.extend(ast.iter_child_nodes(node))
    else:
        nodes = list(ast.walk(tree))
    names: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the frontend modules it imports."""
    graph = {}
    for name, path in MODULES.items():
        imported = imported_names(path, module_level_only=name in FUNCTION_IMPORTS_NOT_YET_COUNTED)
        graph[name] = {m for m in imported if m in MODULES and m != name and m != PACKAGE
                       and (name, m) not in ALLOWED_FUNCTION_IMPORTS}
    return graph


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of more than one module (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            child = next(successors, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_the_scc_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected_components(graph) == [["a", "b", "c"]]
    assert strongly_connected_components({"a": {"b"}, "b": set()}) == []


def test_frontend_has_no_import_cycle() -> None:
    cycles = strongly_connected_components(import_graph())
    assert cycles == [], "import cycles inside theano.frontend:\n" + "\n".join(", ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_frontend_imports_neither_passes_lowering_nor_jax(name: str) -> None:
    banned = ("theano.passes", "theano.lowering", "jax", "jaxlib")
    bad = [m for m in imported_names(MODULES[name], module_level_only=False)
           if any(m == b or m.startswith(b + ".") for b in banned)]
    assert bad == [], f"{name} imports {bad}"


def test_ops_modules_do_not_import_the_tensor_namespace() -> None:
    """theano.frontend.tensor is the namespace for users and the later layers; op modules import the modules
    that define what they use."""
    hub = f"{PACKAGE}.tensor"
    users = sorted(name for name, deps in import_graph().items() if hub in deps)
    assert users == [], f"modules importing {hub}: {users}"


def test_frontend_modules_import_frontend_at_module_level() -> None:
    """An import inside a function hides a dependency (it is how cycles were dodged): frontend imports frontend
    at the top of the module."""
    hidden = []
    for name, path in MODULES.items():
        if name in FUNCTION_IMPORTS_NOT_YET_COUNTED:
            continue
        top = set(imported_names(path, module_level_only=True))
        hidden += [f"{name} imports {m} in a function" for m in imported_names(path, module_level_only=False)
                   if m.startswith(PACKAGE) and m not in top
                   and not any(m == b or m.startswith(b + ".") for a, b in ALLOWED_FUNCTION_IMPORTS if a == name)]
    assert hidden == []


# No frontend module loads modules by name at run time: what the user's environment names (a pickled as_op
# function's module, the debugger PdbBreakpoint enters, a compiled file by path) is loaded through the functions the
# theano package installs (frontend.backend_services.modules); a name-based import would be a way round the rules
# above that this test could not see.
# Names of importlib that a module may re-export without loading anything: Theano's compat module has `reload`.
ALLOWED_IMPORTLIB_NAMES = {(f"{PACKAGE}.compat", "importlib.reload")}


def dynamic_imports(path: Path) -> list[str]:
    """Every use of importlib (imported, as a whole or a name of it) and every `__import__` in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "importlib" or a.name.startswith("importlib.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None \
                and (node.module == "importlib" or node.module.startswith("importlib.")):
            found += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Name) and node.id == "__import__":
            found.append("__import__")
        elif isinstance(node, ast.Attribute) and node.attr == "__import__":
            found.append("__import__")
    return found


def test_dynamic_import_finder_sees_each_form(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("import importlib.util\nfrom importlib import import_module\n"
                      "def f(m):\n    return __import__(m), builtins.__import__(m)\n")
    assert dynamic_imports(source) == ["importlib.util", "importlib.import_module", "__import__", "__import__"]


def test_frontend_never_loads_modules_by_name() -> None:
    """frontend reaches other code by plain imports (checked above) or through the services the facade and lowering
    hand it (backend_services: `backend`, `modules`); it never imports a module by its name."""
    bad = [f"{name}: {use}" for name, path in MODULES.items()
           for use in dynamic_imports(path) if (name, use) not in ALLOWED_IMPORTLIB_NAMES]
    assert bad == [], "dynamic imports in theano.frontend (use backend_services.modules):\n" + "\n".join(bad)


def test_the_facade_installs_frontends_module_loading() -> None:
    from theano import _module_loading  # importing theano installs them
    from theano.frontend.backend_services import modules
    for name in ("attribute_of", "first_installed", "module_from_path"):
        assert getattr(modules, name) is getattr(_module_loading, name)

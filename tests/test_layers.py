"""The layout is the architecture: imports only point down the layers, interfaces only reach the core, and no
module imports itself round a cycle. Read from the source's import statements (lazy ones included)."""

import ast
from pathlib import Path

import lunarbase

SRC = Path(lunarbase.__file__).parent

#: The layers, bottom first: a module may import its own layer and the layers below it.
LAYERS = (
    ("foundation", ("_version", "_jit", "atomic", "constants", "units", "figures", "constraints", "presets",
                    "scenario")),
    ("physics", ("physics",)),
    ("subsystems", ("subsystems",)),
    ("architectures", ("architectures",)),
    ("core", ("engine", "comparison", "launch_study", "references", "optimise", "analysis", "study", "catalog",
              "claims", "swarm")),
    ("interfaces", ("interfaces",)),
)
#: What the interfaces may import: they parse and render, the model lives below the core.
INTERFACES_MAY_IMPORT = ("foundation", "core", "interfaces")


def layer_of(module: str) -> str | None:
    """The layer of a ``lunarbase.*`` module name (None for the package root, which re-exports the API)."""
    parts = module.split(".")
    if parts[0] != "lunarbase" or len(parts) == 1:
        return None
    for name, heads in LAYERS:
        if parts[1] in heads:
            return name
    raise AssertionError(f"{module}: in no layer; add it to LAYERS and to docs/architecture.md")


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        name = ".".join(("lunarbase", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")
        out[name] = path
    return out


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The lunarbase modules a file imports (``from a.b import c`` counts as a.b.c when that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("lunarbase")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lunarbase"):
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            found |= subs or {node.module}
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(path, set(mods)) - {name} for name, path in mods.items()}


def test_every_module_has_a_layer():
    for name in modules():
        layer_of(name)


def test_imports_only_point_down():
    order = [name for name, _ in LAYERS]
    wrong = []
    for module, targets in graph().items():
        mine = layer_of(module)
        for target in targets:
            theirs = layer_of(target)
            if mine is None or theirs is None:
                continue
            if order.index(theirs) > order.index(mine):
                wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
            elif mine == "interfaces" and theirs not in INTERFACES_MAY_IMPORT:
                wrong.append(f"{module} reaches past the core into {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    edges = {m: {t for t in ts if layer_of(t) is not None} for m, ts in graph().items() if layer_of(m) is not None}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]) if nxt in path else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_the_checker_sees_a_wrong_import(tmp_path):
    """The rule would fail on an upward import (guards the checker itself)."""
    path = tmp_path / "bad.py"
    path.write_text("from lunarbase.interfaces import cli\nimport lunarbase.engine\n")
    assert imports_of(path, {"lunarbase.interfaces.cli"}) == {"lunarbase.interfaces.cli", "lunarbase.engine"}
    assert layer_of("lunarbase.interfaces.cli") == "interfaces" and layer_of("lunarbase.physics.kepler") == "physics"

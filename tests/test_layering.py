"""The package's folders are its pipeline: imports flow one way, and no module imports itself back.

Every import counts, those inside functions too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from constants import ROOT

# Lowest first: a module may import its own stage or a lower one.
STAGES = ("model", "ingest", "analysis", "build", "site", "tools", "cli", "__main__")
PACKAGE = ROOT / "atlas"
PLUGIN = ROOT / "plugins" / "capacity_atlas"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every atlas module the file imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                own = module_name(path)
                package = own if path.name == "__init__.py" else own.rpartition(".")[0]
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "atlas"}


def known_modules() -> set[str]:
    return {module_name(path) for path in PACKAGE.rglob("*.py")}


def graph(files) -> dict[str, set[str]]:
    """Module -> the atlas modules it imports (names that are attributes, not modules, dropped)."""
    modules = known_modules()
    return {module_name(path): imported(path) & modules for path in files}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_belongs_to_a_stage():
    strays = sorted(m for m in known_modules() if m != "atlas" and stage(m) not in STAGES)
    assert strays == [], f"put these in a stage's folder, or add the stage to STAGES: {strays}"


def test_imports_flow_one_way_through_the_stages():
    rank = {name: i for i, name in enumerate(STAGES)}
    upward = [
        f"{module} ({stage(module)}) imports {target} ({stage(target)})"
        for module, targets in graph(PACKAGE.rglob("*.py")).items()
        if module != "atlas"
        for target in targets
        if target != "atlas" and rank[stage(target)] > rank[stage(module)]
    ]
    assert upward == []


def test_tools_are_imported_only_by_the_command_line():
    importers = graph([*PACKAGE.rglob("*.py"), *PLUGIN.rglob("*.py")])
    wrong = [
        f"{module} imports {target}"
        for module, targets in importers.items()
        if stage(module) not in ("tools", "cli", "__main__")
        for target in targets
        if stage(target) == "tools"
    ]
    assert wrong == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), and modules importing themselves."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def without_packages(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's __init__ is imported on the way to any of its modules: leave those edges out, keep
    the modules' own imports."""
    packages = {name for name in edges if (ROOT / name.replace(".", "/") / "__init__.py").exists()}
    return {name: targets - packages for name, targets in edges.items() if name not in packages}


def test_no_import_cycle_anywhere_in_the_package():
    assert cycles(without_packages(graph(PACKAGE.rglob("*.py")))) == []


def test_the_cycle_finder_finds_a_cycle_through_a_lazy_import(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("def late():\n    from atlas.analysis.state import Atlas\n")
    assert "atlas.analysis.state" in imported(source)
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, f-string parts included, but for docstrings and the messages of
    exceptions raised (for developers, not readers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented) and node.body and isinstance(node.body[0], ast.Expr)
    }
    docstrings |= {
        id(inner) for node in ast.walk(tree) if isinstance(node, ast.Raise) for inner in ast.walk(node)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_model_and_the_analysis_say_nothing_in_words():
    """Sentences and labels a reader sees are made in the site layer (atlas/site/words.py and templates)."""
    worded = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for stage_name in ("model", "analysis")
        for path in sorted((PACKAGE / stage_name).rglob("*.py"))
        for line, text in strings(path)
        if re.search(r"[A-Za-z]{2,} [a-z]{2,}", text)
    ]
    assert worded == []

"""Imports go one way: Telegram bridge and console -> actions' capabilities -> db.

The rules are data (`RULES` below); the checker reads every module of `bot/` and
`actions/` with `ast` (nothing is imported, so a rule holds whatever is installed) and
follows imports at any depth, also those inside functions; imports under
`if TYPE_CHECKING:` are left out, since they never run. The checker itself is tested on a
small planted tree, so a rule that can no longer fail is noticed too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.config import ROOT

PACKAGES = ("bot", "actions")

# Who may start the leaves: the command line that runs them.
ENTRY_POINTS = frozenset({"bot.__main__"})

RULES = {
    # What Rasa loads for the NLU pipeline runs in the Rasa process: no database there.
    "nlu_pipeline_without_db": {
        "from": "nlu_pipeline",  # the bot.* components named in config.yml
        "never_reaches": ["bot.db", "bot.console", "bot.telegram", "actions"],
        "transitive": True,
    },
    # Capabilities know nothing of the ways people reach them.
    "capabilities_below_the_ui": {
        "from": ["bot.assess", "bot.programs", "bot.relief", "bot.handoff", "bot.safety",
                 "bot.nlu", "bot.db", "bot.accounts", "bot.us_states", "bot.catalog",
                 "bot.privacy", "bot.config", "bot.crypto"],
        "never_imports": ["bot.console", "bot.telegram", "actions"],
        "transitive": False,
    },
    # The product never needs the test harness.
    "product_without_test_support": {
        "from": ["bot", "actions"],
        "never_imports": ["testsupport", "tests", "bot.testing"],
        "transitive": False,
    },
}
# Nobody imports these (but themselves and the entry points).
LEAVES = ("bot.console", "bot.telegram", "actions")


@dataclass(frozen=True)
class Graph:
    modules: dict[str, Path]  # dotted name -> file
    edges: dict[str, set[str]]  # module -> every module or package name it imports


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Line numbers of imports guarded by `if TYPE_CHECKING:`."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    lines.add(getattr(sub, "lineno", -1))
    return lines


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:  # "from bot.relief import flow": the module flow
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
    # Importing a.b.c runs a and a.b first.
    for target in list(found):
        parts = target.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    found.discard(name)
    return {target for target in found if target}


def build_graph(root: Path, packages: Iterable[str] = PACKAGES) -> Graph:
    """The import graph of the modules under `root`/<package> for each package."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[_module_name(path, root)] = path
    known = set(modules)
    edges = {name: _imports(name, path, known) for name, path in modules.items()}
    return Graph(modules, edges)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _sources(graph: Graph, spec: str | list[str], root: Path) -> list[str]:
    if spec == "nlu_pipeline":
        config = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8"))
        names = [step["name"].rpartition(".")[0] for step in config["pipeline"]
                 if step["name"].startswith("bot.")]
        assert names, "config.yml names no bot.* component: the rule would test nothing"
        return names
    return [m for m in graph.modules if any(_within(m, prefix) for prefix in spec)]


def _reach(graph: Graph, start: str) -> dict[str, str]:
    """Every module `start` imports at any depth -> the module that imports it first."""
    seen: dict[str, str] = {}
    todo = [start]
    while todo:
        current = todo.pop()
        for target in graph.edges.get(current, ()):
            if target not in seen:
                seen[target] = current
                todo.append(target)
    return seen


def violations(graph: Graph, rules: dict, leaves: Iterable[str], root: Path) -> list[str]:
    """Every broken rule, as one readable line each."""
    found: list[str] = []
    for rule_name, rule in rules.items():
        forbidden = rule.get("never_reaches") or rule.get("never_imports")
        for source in _sources(graph, rule["from"], root):
            targets = (_reach(graph, source) if rule["transitive"]
                       else dict.fromkeys(graph.edges.get(source, ()), source))
            for target, via in sorted(targets.items()):
                if any(_within(target, bad) for bad in forbidden):
                    found.append(f"{rule_name}: {source} -> {target} (imported by {via})")
    for leaf in leaves:
        for module, targets in graph.edges.items():
            if _within(module, leaf) or module in ENTRY_POINTS:
                continue
            for target in sorted(targets):
                if _within(target, leaf):
                    found.append(f"leaf {leaf}: imported by {module} ({target})")
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """Import cycles among our modules (strongly connected components of size > 1)."""
    # A module's own enclosing packages are left out: Python runs a package's __init__
    # before its submodules, and an __init__ that re-exports them is not a cycle.
    edges = {m: {t for t in ts if t in graph.modules and not m.startswith(t + ".")}
             for m, ts in graph.edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan, iterative enough for our depth
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(ROOT)


def test_the_checker_sees_our_modules(graph: Graph) -> None:
    assert "bot.nlu.place_roles" in graph.modules and "actions.relief" in graph.modules
    assert "bot.db" in _reach(graph, "actions.relief")  # actions do reach the database


def test_imports_go_one_way(graph: Graph) -> None:
    assert violations(graph, RULES, LEAVES, ROOT) == []


def test_no_import_cycles(graph: Graph) -> None:
    assert cycles(graph) == []


# --- the checker on a planted tree -------------------------------------------------------

def _plant(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


PLANTED = {
    "config.yml": "pipeline:\n  - name: WhitespaceTokenizer\n  - name: bot.nlu.parts.Part\n",
    "bot/__init__.py": "",
    "bot/nlu/__init__.py": "",
    "bot/nlu/parts.py": "def f():\n    from bot.relief import flow\n",
    "bot/relief/__init__.py": "",
    "bot/relief/flow.py": "from . import store\n",
    "bot/relief/store.py": "import bot.db.session\n",
    "bot/db/__init__.py": "",
    "bot/db/session.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                         "    import bot.console.app\n",
    "bot/console/__init__.py": "",
    "bot/console/app.py": "from bot.relief import flow\n",
    "actions/__init__.py": "",
    "actions/a.py": "import bot.console.app\n",
}


def test_a_planted_violation_is_caught(tmp_path: Path) -> None:
    _plant(tmp_path, PLANTED)
    graph = build_graph(tmp_path)
    found = violations(graph, RULES, LEAVES, tmp_path)
    # bot.nlu.parts -> bot.relief.flow -> bot.relief.store -> bot.db: through a lazy import.
    assert any(line.startswith("nlu_pipeline_without_db: bot.nlu.parts -> bot.db ")
               for line in found), found
    assert any("leaf bot.console: imported by actions.a" in line for line in found), found
    # The TYPE_CHECKING import of the console from bot.db does not count.
    assert not any("bot.db.session ->" in line for line in found), found
    assert cycles(graph) == []
    _plant(tmp_path, {"bot/db/session.py": "from bot.relief import flow\n"})
    assert cycles(build_graph(tmp_path)) == [
        ["bot.db.session", "bot.relief.flow", "bot.relief.store"]]

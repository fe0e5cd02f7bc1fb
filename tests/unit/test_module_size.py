"""No module of logic over 500 lines: a longer module must be data only (no function or
class), like the crisis net's phrase lists. Long logic is split by job instead."""

from __future__ import annotations

import ast

from bot.config import ROOT

MAX_LINES = 500
PACKAGES = ("bot", "actions", "testsupport", "bench")


def _holds_logic(tree: ast.Module) -> bool:
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               for node in ast.walk(tree))


def long_logic_modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n") + 1
            if lines > MAX_LINES and _holds_logic(ast.parse(text)):
                found.append(f"{path.relative_to(ROOT)}: {lines} lines")
    return found


def test_no_module_of_logic_is_over_500_lines() -> None:
    assert not long_logic_modules()


def test_a_long_data_module_is_allowed_and_a_long_logic_module_is_not() -> None:
    assert not _holds_logic(ast.parse("WORDS = [\n" + '    "a",\n' * 600 + "]\n"))
    assert _holds_logic(ast.parse("def f():\n    return 1\n"))

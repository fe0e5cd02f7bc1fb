"""Both question flows are registered in one table with the same five moves, and no action
runs another action."""

from __future__ import annotations

import ast
import inspect

from actions import assessment, relief
from actions.flows import FLOWS
from bot.config import ROOT

MOVES = ("start", "answer", "why", "stop", "resume")


def test_both_flows_are_registered_with_the_same_moves() -> None:
    assert set(FLOWS) == {"assess", "relief"}
    assert FLOWS["assess"] is assessment.FLOW and FLOWS["relief"] is relief.FLOW
    for flow in FLOWS.values():
        for move in MOVES:
            handler = getattr(flow, move)
            assert inspect.iscoroutinefunction(handler), (flow.name, move)
            assert list(inspect.signature(handler).parameters) == [
                "dispatcher", "tracker", "domain"], (flow.name, move)
    # The entities that name each flow's questions do not overlap.
    assert not FLOWS["assess"].entities & FLOWS["relief"].entities


def test_no_action_instantiates_another_action() -> None:
    offenders = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id.startswith("Action")):
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert offenders == []

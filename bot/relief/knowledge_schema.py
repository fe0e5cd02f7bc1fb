"""What a relief file is: its keys, and how its YAML is read (bot.relief.knowledge checks
the values). The keys are documented in data/catalog/relief/README.md.

YAML is read strictly: no implicit dates (the loader parses them itself, to name the field
of a bad one), only true/false as booleans (YAML 1.1 would read "no" and "on" as
booleans), and no key given twice (the second would silently win).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar

import yaml

REQUIRED = (
    "code",
    "name",
    "kind",
    "citations",
    "trafficking_specific_relief",
    "relief_types",
    "offenses_covered",
    "offenses_note",
    "covers_arrests",
    "covers_convictions",
    "covers_juvenile",
    "time_limit",
    "documentation",
    "burden_of_proof",
    "hurdles",
    "fees",
    "general_route_note",
    "legal_help",
    "source",
    "confidence",
    "needs_lawyer_check",
    "last_reviewed",
)
# Optional: short notes, bills, and the rule facts (README "Rule facts") where they apply.
OPTIONAL = ("notes", "bills_to_watch", "listed_offenses", "scope_by_relief", "waits_for_sentence")
HELP_REQUIRED = ("name", "how", "scope")
HELP_OPTIONAL = ("note",)
CODE = re.compile(r"^(?:[a-z]{2}|federal)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

E = TypeVar("E", bound=Enum)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without timestamps or yes/no booleans, refusing duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """Build a mapping, refusing a key given twice (the second would silently win)."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_pairs(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """One file's YAML as plain data, read strictly; raises `yaml.YAMLError`."""
    return yaml.load(text, Loader=_StrictLoader)


def type_name(value: Any) -> str:
    """A value's type as an error message calls it ("null" for None)."""
    return "null" if value is None else type(value).__name__

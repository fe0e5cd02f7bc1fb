"""The console's addresses: every rule (path and methods) the app answers, checked against
the committed list in url_rules.txt. Taken from the app before its views became
blueprints, so moving a page between modules can neither lose an address (bookmarks, the
browser tests) nor add one by accident. Endpoint names are not part of it on purpose."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

RULES_FILE = Path(__file__).with_name("url_rules.txt")


def test_every_url_rule_is_the_committed_one(app: Flask) -> None:
    served = sorted(f"{rule.rule} {' '.join(sorted(rule.methods or ()))}"
                    for rule in app.url_map.iter_rules())
    committed = sorted(line for line in RULES_FILE.read_text().splitlines() if line.strip())
    assert served == committed

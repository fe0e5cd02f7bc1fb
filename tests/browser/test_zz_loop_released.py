"""After the browser modules, the main thread has no running event loop left behind
(Playwright's sync API holds one while it runs; later asyncio tests need it gone)."""

from __future__ import annotations

import asyncio


def test_no_event_loop_is_left_running() -> None:
    async def nothing() -> int:
        return 1

    assert asyncio.run(nothing()) == 1

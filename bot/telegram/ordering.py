"""Per-person ordering: one person's turns run one at a time, in the order they were sent.

Updates run concurrently (256 at once), so two messages sent quickly could otherwise be
answered out of order, and a counselor's message could land in the middle of a turn. Each
person has a gate; a turn is taken under it, and the message ids it saw are stored in one
write at its end (a quick exit deletes them later).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from bot.db import users
from bot.db.runtime import run_in_session_async

GATES_KEPT = 10000  # beyond this many people, idle people's gates are forgotten


@dataclass
class Turn:
    """What one turn of one person needs: where to answer, and the message ids it saw."""

    chat_id: int
    sender: str
    incoming: list[int]
    outgoing: list[int] = field(default_factory=list)
    exiting: bool = False  # the quick exit's own turn (it may speak while others may not)
    language: str = "en"  # of the replies (bot.telegram.language sets it at the turn's start)


class Gate:
    """One person's turns, one at a time, in the order of their update ids.

    An update takes its place in line the moment it arrives (`line_up`, before anything is
    awaited), so two messages sent quickly are answered in the order they were sent even
    if the second one reaches its handler first. Counselor messages line up last.
    """

    def __init__(self) -> None:
        self._line: list[float] = []
        self._held = False
        self._changed = asyncio.Event()

    def line_up(self, place: float) -> None:
        heapq.heappush(self._line, place)

    def leave_line(self, place: float) -> None:
        if place in self._line:
            self._line.remove(place)
            heapq.heapify(self._line)
            self._changed.set()

    @property
    def busy(self) -> bool:
        return self._held or bool(self._line)

    async def enter(self, place: float) -> None:
        if place not in self._line:
            self.line_up(place)
        while self._held or self._line[0] != place:
            self._changed.clear()
            await self._changed.wait()
        heapq.heappop(self._line)
        self._held = True

    def leave(self) -> None:
        self._held = False
        self._changed.set()


class Ordering:
    """Every person's gate, and the turns taken under them."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._gates: dict[str, Gate] = {}

    def gate(self, sender: str) -> Gate:
        """This person's gate (made on first use)."""
        gate = self._gates.get(sender)
        if gate is None:
            if len(self._gates) > GATES_KEPT:  # forget idle people's gates
                for idle in [k for k, g in self._gates.items() if not g.busy]:
                    del self._gates[idle]
            gate = self._gates[sender] = Gate()
        return gate

    def busy(self, sender: str) -> bool:
        """True while one of this person's turns runs or waits (the outbox comes back
        later)."""
        gate = self._gates.get(sender)
        return gate is not None and gate.busy

    @contextlib.asynccontextmanager
    async def person(
        self, sender: str, chat_id: int, incoming: list[int], place: float = math.inf
    ) -> AsyncIterator[Turn]:
        """Take this person's turn (turns and counselor messages never interleave) and
        store the message ids of what happened meanwhile, for a quick exit."""
        turn = Turn(chat_id=chat_id, sender=sender, incoming=incoming)
        gate = self.gate(sender)
        await gate.enter(place)
        try:
            yield turn
        finally:
            gate.leave()
            await self.store_ids(turn)

    async def store_ids(self, turn: Turn) -> None:
        """Store the turn's message ids so far (in one write) and start a new list."""
        if not (turn.incoming or turn.outgoing):
            return
        incoming, outgoing = list(turn.incoming), list(turn.outgoing)
        turn.incoming.clear()
        turn.outgoing.clear()

        def store(session: Any) -> None:
            users.record_messages(session, turn.sender, incoming, "in")
            users.record_messages(session, turn.sender, outgoing, "out")

        await run_in_session_async(store, self._database_url)

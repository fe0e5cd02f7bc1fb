"""Rasa's SQL tracker store with each stored event encrypted (Fernet).

The conversation events hold what people wrote, so their `data` column is encrypted with the
keys of `bot.crypto`; `sender_id` (already pseudonymous), event type, intent name and
timestamp stay readable so retention and erasure can work in SQL. Rows written before
encryption was switched on (plain JSON) are still read.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm.session
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.config import load_settings
from bot.crypto import cipher
from bot.db.retry import with_retries_async


def seal(data: dict[str, Any], key_file: Any) -> str:
    """JSON, encrypted with the newest data key."""
    return cipher(key_file).encrypt(json.dumps(data).encode()).decode()


def unseal(stored: str, key_file: Any) -> dict[str, Any]:
    """The event back from an encrypted (or legacy plain JSON) row."""
    if stored.startswith("{"):
        return json.loads(stored)
    return json.loads(cipher(key_file).decrypt(stored.encode()))


class EncryptedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose event data is encrypted at rest."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        self._key_file = load_settings().data_key_file
        cipher(self._key_file)  # fail at start, not at the first message, if keys are bad
        super().__init__(domain=domain, host=host, **kwargs)
        if self.engine.dialect.name != "sqlite":
            # Rasa's engine has no pre-ping: after a database restart its pooled connections
            # are dead and the next message would fail. Test each one before use instead.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True,
                                           **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        def read() -> list[dict[str, Any]]:
            with self.session_scope() as session:
                rows = self._event_query(
                    session, sender_id,
                    fetch_events_from_all_sessions=fetch_events_from_all_sessions,
                ).all()
                return [unseal(row.data, self._key_file) for row in rows]

        # A database restart must not cost the person their message: try again meanwhile.
        events = await with_retries_async(read, self.engine.dialect.name)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, encrypted (mirrors SQLTrackerStore.save)."""
        await self.stream_events(tracker)

        def write() -> None:  # safe to try again: only events not stored yet are added
            with self.session_scope() as session:
                for event in self._additional_events(session, tracker):
                    data = event.as_dict()
                    session.add(
                        self.SQLEvent(
                            sender_id=tracker.sender_id,
                            type_name=event.type_name,
                            timestamp=data.get("timestamp"),
                            intent_name=data.get("parse_data", {}).get("intent", {}).get(
                                INTENT_NAME_KEY
                            ),
                            action_name=data.get("name"),
                            data=seal(data, self._key_file),
                        )
                    )
                session.commit()

        await with_retries_async(write, self.engine.dialect.name)


def reencrypt_events(engine: Any, key_file: Any, batch: int = 500) -> int:
    """Re-encrypt every stored event with the newest key (after `new_key_file_line`)."""
    from sqlalchemy import inspect, text

    if not inspect(engine).has_table("events"):
        return 0
    fernet = cipher(key_file)
    done = 0
    with engine.begin() as connection:
        rows = connection.execute(text("SELECT id, data FROM events")).all()
        for start in range(0, len(rows), batch):
            updates = []
            for row_id, stored in rows[start : start + batch]:
                token = seal(json.loads(stored), key_file) if stored.startswith("{") else (
                    fernet.rotate(stored.encode()).decode())
                updates.append({"id": row_id, "data": token})
            if updates:
                connection.execute(text("UPDATE events SET data = :data WHERE id = :id"),
                                   updates)
            done += len(updates)
    return done

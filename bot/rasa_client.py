"""Async client for the Rasa server's REST channel, patient while Rasa is down or restarting."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, restarting or too slow) within the client's patience."""


class RasaClient:
    """Sends one user message to Rasa and returns the assistant's replies.

    While Rasa can't take the message (refused connection, 502/503, the connection dropped
    before any answer) the client keeps it and tries again with growing pauses, up to
    `patience_s` in all: a restart of Rasa (a minute or so to load the model) loses nothing.
    """

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 60.0,
        patience_s: float = 180.0,
        backoff_s: float = 0.5,
        max_backoff_s: float = 5.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._timeout = timeout_s
        self._patience = patience_s
        self._backoff = backoff_s
        self._max_backoff = max_backoff_s
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=5.0),
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Post a message; retry with growing pauses while it surely has no answer yet.

        Retried: a refused connection, 502/503 (Rasa never handled the message) and a
        connection that closed before any answer (Rasa died while handling it: it stores a
        conversation only at the end of a turn, and the person never saw an answer). Not
        retried: a read timeout (Rasa is still working on it; sending again would answer
        twice) and other HTTP errors.
        """
        payload = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        deadline = time.monotonic() + self._patience
        failure = "unknown"
        attempt = 0
        while True:
            try:
                response = await self._client.post(self._url, json=payload)
            except httpx.ReadTimeout as error:
                raise RasaUnavailable("ReadTimeout") from error
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError,
                    httpx.ReadError, httpx.PoolTimeout) as error:
                failure = type(error).__name__
            except httpx.TransportError as error:
                raise RasaUnavailable(type(error).__name__) from error
            else:
                if response.status_code not in (502, 503):
                    if response.status_code >= 400:
                        raise RasaUnavailable(f"HTTP {response.status_code}")
                    replies = response.json()
                    return replies if isinstance(replies, list) else []
                failure = f"HTTP {response.status_code}"
            pause = min(self._backoff * (2 ** attempt), self._max_backoff)
            attempt += 1
            if time.monotonic() + pause > deadline:
                raise RasaUnavailable(f"{failure} (after {attempt} attempts)")
            log.warning("Rasa not reachable (attempt %d): %s", attempt, failure)
            await asyncio.sleep(pause)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

"""Async client for the Rasa server's REST channel, with retries on connection errors."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, restarting or too slow) after the retries."""


class RasaClient:
    """Sends one user message to Rasa and returns the assistant's replies."""

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 30.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._timeout = timeout_s
        self._retries = retries
        self._backoff = backoff_s
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=5.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Post a message; retry with growing pauses only when it surely was not processed.

        Connection failures and 502/503 mean Rasa never handled the message, so sending it
        again cannot answer it twice; a read timeout might have been processed, so it is not
        retried.
        """
        payload = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        failure = "unknown"
        for attempt in range(self._retries + 1):
            if attempt:
                await asyncio.sleep(self._backoff * (2 ** (attempt - 1)))
            try:
                response = await self._client.post(self._url, json=payload)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                failure = type(error).__name__
                log.warning("Rasa not reachable (attempt %d): %s", attempt + 1, failure)
                continue
            except httpx.TransportError as error:
                raise RasaUnavailable(type(error).__name__) from error
            if response.status_code in (502, 503):
                failure = f"HTTP {response.status_code}"
                log.warning("Rasa busy (attempt %d): %s", attempt + 1, failure)
                continue
            if response.status_code >= 400:
                raise RasaUnavailable(f"HTTP {response.status_code}")
            replies = response.json()
            return replies if isinstance(replies, list) else []
        raise RasaUnavailable(failure)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

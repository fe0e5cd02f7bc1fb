"""Webhook delivery of the fake Bot API: queued updates POSTed like Telegram does, retried
until answered 2xx; and the test side's own posts (a retry, a forged update)."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from typing import Any

import aiohttp

from testsupport.fake_bot_api.protocol import DEFAULT_DESCRIPTIONS, SECRET_HEADER, JsonDict

_CONFIGURED: Any = object()  # post_webhook(secret=...) default: the secret setWebhook gave


class WebhookDelivery:
    """Part of `FakeBotApi` (server.py): the sender that runs while a webhook is set."""

    def _start_sender(self) -> None:
        """Start a sender for the current webhook on the server loop (we run on it: an HTTP
        handler or the start-up); the previous sender stops at its next wake-up."""
        self._webhook_generation += 1
        task = asyncio.get_running_loop().create_task(
            self._webhook_sender(self._webhook_generation)
        )
        self._webhook_tasks.add(task)
        task.add_done_callback(self._webhook_tasks.discard)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # No pool limit of its own: max_connections bounds the queue's posts.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return self._session

    async def _webhook_sender(self, generation: int) -> None:
        """Post queued updates (queue order, at most max_connections in flight) until the
        webhook is deleted or replaced."""
        event = self._webhook_event
        assert event is not None
        loop = asyncio.get_running_loop()
        while not self._closing:
            event.clear()
            now = loop.time()
            wake_at: float | None = None
            batch: list[JsonDict] = []
            with self._lock:
                if generation != self._webhook_generation or not self._webhook_url:
                    return
                url, secret = self._webhook_url, self._webhook_secret
                free = self._webhook_max_connections - len(self._in_flight)
                for update in self._updates:
                    if len(batch) >= free:
                        break
                    update_id = update["update_id"]
                    if update_id in self._in_flight:
                        continue
                    due = self._retry_at.get(update_id)
                    if due is not None and due > now:
                        wake_at = due if wake_at is None else min(wake_at, due)
                        continue
                    self._in_flight.add(update_id)
                    batch.append(copy.deepcopy(update))
            for update in batch:
                task = loop.create_task(self._deliver(update, url, secret))
                self._webhook_tasks.add(task)
                task.add_done_callback(self._webhook_tasks.discard)
            timeout = None if wake_at is None else max(0.0, wake_at - loop.time())
            try:
                await asyncio.wait_for(event.wait(), timeout)
            except asyncio.TimeoutError:
                pass

    async def _deliver(self, update: JsonDict, url: str, secret: str | None) -> None:
        """Post one queued update; dequeue it on 2xx, else schedule another attempt."""
        update_id = update["update_id"]
        loop = asyncio.get_running_loop()
        with self._lock:
            self.webhook_posts += 1
            attempt = self._attempts.get(update_id, 0) + 1
        started = time.monotonic()
        try:
            status, error = await self._post(url, update, secret)
        except Exception as exc:  # noqa: BLE001 - a bug here must not stall the queue
            status, error = 0, f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.errors.append(f"webhook delivery: {error}")
        finally:
            with self._lock:
                self._in_flight.discard(update_id)
        with self._lock:
            self._webhook_log.append({
                "update_id": update_id,
                "attempt": attempt,
                "status": status,
                "error": error,
                "time": started,
                "answered": time.monotonic(),
            })
            if 200 <= status < 300:
                self._updates = [u for u in self._updates if u["update_id"] != update_id]
                self._retry_at.pop(update_id, None)
                self._attempts.pop(update_id, None)
                self._delivered[update_id] = update
            else:
                self.webhook_failures += 1
                self._attempts[update_id] = attempt
                pause = min(self.webhook_retry_first * 2 ** (attempt - 1), self.webhook_retry_max)
                self._retry_at[update_id] = loop.time() + pause
                self._webhook_last_error = (int(time.time()), error)
        if self._webhook_event is not None:
            self._webhook_event.set()

    async def _post(self, url: str, update: JsonDict, secret: str | None) -> tuple[int, str]:
        """POST one update as Telegram does: (HTTP status or 0, Telegram-style error text)."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        try:
            async with self._client().post(
                url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return response.status, ""
                reason = response.reason or DEFAULT_DESCRIPTIONS.get(response.status, "")
                return response.status, (
                    f"Wrong response from the webhook: {response.status} {reason}".strip()
                )
        except asyncio.TimeoutError:
            return 0, "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return 0, "Connection refused"
        except aiohttp.ClientError as exc:
            return 0, f"Connection error: {type(exc).__name__}"

    def _run_in_loop(self, coroutine: Any) -> Any:
        """Run a coroutine on the server loop from a test thread and wait for its result."""
        loop = self._loop
        try:
            self._check_blocking_allowed()
            if loop is None or self._thread is None:
                raise RuntimeError("FakeBotApi is not running")
        except RuntimeError:
            coroutine.close()
            raise
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        return future.result(self.webhook_timeout + 5.0)

    # ------------------------------------------------------------------ test side: webhook

    @property
    def webhook_url(self) -> str:
        """The url the bot gave ``setWebhook`` ("" while polling)."""
        with self._lock:
            return self._webhook_url

    def redeliver(self, update_id: int) -> int:
        """POST an update again to the webhook, as a Telegram retry would; the HTTP status
        (0: refused or timed out). The queue is not touched."""
        with self._lock:
            update = self._delivered.get(update_id) or next(
                (u for u in self._updates if u["update_id"] == update_id), None
            )
            url, secret = self._webhook_url, self._webhook_secret
        if update is None:
            raise KeyError(f"no update {update_id} was queued or delivered")
        if not url:
            raise RuntimeError("no webhook is set")
        status, _error = self._run_in_loop(self._post(url, copy.deepcopy(update), secret))
        return int(status)

    def post_webhook(
        self, update: JsonDict, secret: str | None = _CONFIGURED, url: str | None = None
    ) -> int:
        """POST a raw (possibly forged) update to the webhook with header ``secret`` (the
        configured one by default; None: no header); the HTTP status (0: refused or timed
        out). An ``update_id`` is assigned when missing. Not queued, not counted."""
        with self._lock:
            target = url or self._webhook_url
            if secret is _CONFIGURED:
                secret = self._webhook_secret
            update = copy.deepcopy(update)
            if "update_id" not in update:
                update = {"update_id": self._next_update_id, **update}
                self._next_update_id += 1
        if not target:
            raise RuntimeError("no webhook is set and no url given")
        status, _error = self._run_in_loop(self._post(target, update, secret))
        return int(status)

    def webhook_log(self) -> list[JsonDict]:
        """Every queue delivery: ``update_id``, ``attempt``, ``status`` (0: refused or timed
        out), ``error``, ``time`` (posted) and ``answered`` (monotonic), oldest first."""
        with self._lock:
            return copy.deepcopy(self._webhook_log)

"""A fake Telegram Bot API server on loopback, for end-to-end tests and benchmarks.

The bot under test reaches it with::

    ApplicationBuilder().token(TOKEN).base_url(api.base_url)

so requests arrive at ``POST|GET /bot{token}/{method}``. The server runs an aiohttp
application on its own event loop in a background thread, so synchronous test code (and
async code running in any other loop) can drive it through the thread-safe test-side API:
``push_*`` to enqueue updates, ``calls`` / ``sent_messages`` / ``messages`` to inspect what
the bot did, ``wait_for*`` to block until it did it, ``fail_next`` to inject faults.

Updates reach the bot by ``getUpdates`` (long polling, the default) or, once the bot has
called ``setWebhook`` with a ``url``, by webhook like real Telegram: each queued update is
POSTed as JSON to that URL (header ``X-Telegram-Bot-Api-Secret-Token`` when a
``secret_token`` was set), at most ``max_connections`` (default 40) at a time, started in
queue order. An update leaves the queue only on a 2xx answer; after any other status, a
connection error or ``webhook_timeout`` seconds without an answer it is posted again after
a growing pause (``webhook_retry_first`` doubling up to ``webhook_retry_max``), so a slow
bot can see an update twice, as with Telegram. Later updates are not held back meanwhile.
While a webhook is set ``getUpdates`` answers 409 Conflict; ``deleteWebhook`` (or
``setWebhook`` with an empty url) goes back to polling. ``getWebhookInfo`` reports the url,
``pending_update_count`` and ``last_error_message``. Test side: ``redeliver(update_id)``
posts a delivered update again (a Telegram retry), ``post_webhook(update, secret=...)``
posts anything with any secret header and returns the HTTP status, ``webhook_posts`` /
``webhook_failures`` count queue deliveries, ``webhook_log()`` lists them.

All state lives behind one lock; the server loop only holds it for short, non-blocking
sections, and long polls and webhook delivery are woken with ``loop.call_soon_threadsafe``.

What it does not model: files (sendPhoto & co. answer 404 like any unknown method),
groups beyond a plain ``{"type": "group"}`` chat for negative ids, "message is not
modified", per-chat flood limits (use ``fail_next``), ``allowed_updates`` filtering, and
MarkdownV2 parsing (only HTML markup is stripped when measuring text length).
"""

from testsupport.fake_bot_api.protocol import BOT_USER, SECRET_HEADER, ApiError
from testsupport.fake_bot_api.server import FakeBotApi

__all__ = ["BOT_USER", "SECRET_HEADER", "ApiError", "FakeBotApi"]

"""Logging for our processes: a filter scrubs personal data from every line."""

from __future__ import annotations

import logging
import re

# Bot tokens in URLs, emails, phone numbers and long digit runs (Telegram ids), and any
# quoted text: Rasa's debug lines quote what people wrote ("Received user message '…'").
_SCRUBS = [
    (re.compile(r"bot\d+:[A-Za-z0-9_-]+"), "bot<token>"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "<email>"),
    (re.compile(r"\+?\d[\d ().-]{6,}\d"), "<number>"),
    (re.compile(r"'(?:[^'\\\n]|\\.){2,}'"), "'<text>'"),
    (re.compile(r'"(?:[^"\\\n]|\\.){2,}"'), '"<text>"'),
]


def scrub(text: str) -> str:
    """Remove ids, phone numbers, emails and tokens from a log text."""
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text


class ScrubFilter(logging.Filter):
    """Rewrites each record's message with personal data removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Exception texts can quote the data that caused them: keep only the type.
            error = record.exc_info[1]
            record.exc_text = f"{type(error).__name__} (details withheld)"
            record.exc_info = None
        record.msg, record.args = cleaned, ()
        return True


def setup_logging(level: str = "INFO") -> None:
    """Configure the root logger with the scrubbing filter; quiet chatty libraries."""
    handler = logging.StreamHandler()
    handler.addFilter(ScrubFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and PTB's URLs contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

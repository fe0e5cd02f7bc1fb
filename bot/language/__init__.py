"""The person's language: read from their own words, changed only when they clearly change.

`choose(text, previous, hint)` is the one decision, used by the Telegram bridge (which
keeps the answer in the app database and passes it to Rasa as REST metadata), by the
terminal chat, and by the NLU component bot.nlu.language (which, without metadata, says a
language only when the words are clear). The languages are the catalog's
(`bot.catalog.supported()`): adding one is a folder of texts, no code.
"""

from bot.language.choose import Choice, choose, requested_language
from bot.language.detect import detect

__all__ = ["Choice", "choose", "detect", "requested_language"]

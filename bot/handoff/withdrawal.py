"""Whether a message typed while a counselor request waits for its note takes the request
back ("actually, cancel that", "never mind", "ya no quiero hablar con nadie").

A withdrawn yes must never be sent on: the Telegram bridge asks before it sends such a
message as the note (cancel / send it with that note / send without a note). The words are
data, every language's together because people mix (`handoff` area, `withdrawal`), matched
as whole words in lower case without accents or apostrophes ("dont" = "don't").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot import catalog

AREA = "handoff"
KEY = "withdrawal"


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")
    return " ".join(re.findall(r"[a-z0-9ñ]+", bare))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    phrases = {_plain(str(p)) for language in catalog.languages(AREA)
               for p in catalog.contents(AREA, language).get(KEY, [])}
    phrases.discard("")
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9ñ])(?:{alternatives})(?![a-z0-9ñ])")


def sounds_like_withdrawal(text: str | None) -> bool:
    """True when the words take the request back (then ask; never decide alone)."""
    return bool(text) and bool(_pattern().search(_plain(text or "")))

"""Real words that topic typo matching would misread, and the regeneration of `not_typos`.

`python tests/nlu_search/typo_words.py` lists every word of the word lists below that a one-typo
match would read as a topic; `--write` adds them to `not_typos` in
data/catalog/programs/topics.yml (`--rebuild` makes the list anew). Put a word in ALLOWED below
instead when the reading is right ("administrativa" is office work). Word lists: textstat's
easy words (English and Spanish, always installed) and Debian's wamerican/wspanish
dictionaries when present (/usr/share/dict: `apt-get install wamerican wspanish`).
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

DICTIONARIES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/spanish"))

# Real words whose typo reading is the right topic.
ALLOWED = frozenset("""
accountancy administracion administrador administradora administrativa administrativo
administrativas administrativos administration administrar administrated aesthete aesthetes
anesthetic anaesthetics anesthetics cashiered electric electricas electricos electricity
electrically esteticas estetico esteticos esthetes interpreta interpretan interpreted
interpretation interpretations interpret interprets interpreto interpretada interpretado
interpretador traducia traducido traduces traduced translate translated translates translacion
traslacion landscape landscaped landscapes logistic logistical manicured manicuring pedicured
programed programer programers programmed programme programmes promotor promotores
restauranteur seamstresses secretario secretarios secretarial secretaries waitresses welded
hairstyles gastronomic gastronomica gastronomico gastronomo gastronoma horticultor
horticultora horticultural machining manufacture manufactured manufacturer manufacturera
manufacturar manufactures hotelier hoteliers hostelera hosteleria hotelera hotelero braids
flebotomiano trenzada trenzado trenzar pestaña niñero custodio coking codding programing
""".split())


def words() -> set[str]:
    """Every word of the word lists, folded like the parser folds text."""
    from bot.programs.request_parse.text import fold, lower_same_length

    site = Path(__import__("textstat").__file__).parent / "resources"
    sources = [site / "en" / "easy_words.txt", site / "es" / "easy_words.txt", *DICTIONARIES]
    found: set[str] = set()
    for path in sources:
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="ignore")
            found |= set(re.findall(r"[^\W\d_]+", lower_same_length(fold(text))))
    return found


def misread() -> dict[str, str]:
    """Real words (not phrases, not allowed, not listed in not_typos) read as a topic."""
    from bot.programs.request_parse.fuzzy import fuzzy_topic
    from bot.programs.request_parse.tables import vocabulary

    vocab = vocabulary()
    found = {}
    for word in sorted(words()):
        if word in vocab.phrase_to_topic or word in ALLOWED:
            continue
        key = fuzzy_topic(word)
        if key:
            found[word] = key
    return found


def write(new: Iterable[str], keep: bool = True) -> None:
    """Add words to the `not_typos` list at the end of topics.yml (sorted, wrapped)."""
    from bot.programs.request_parse.tables import TOPICS_FILE, vocabulary

    text = TOPICS_FILE.read_text(encoding="utf-8")
    head, _, _ = text.partition("\nnot_typos: [")
    words = sorted((set(vocabulary().not_typos) if keep else set()) | set(new))
    body = textwrap.fill(", ".join(words), width=98, initial_indent=" " * 12,
                         subsequent_indent=" " * 12, break_on_hyphens=False)
    TOPICS_FILE.write_text(f"{head}\nnot_typos: [\n{body}]\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository
    if "--rebuild" in sys.argv:
        write([], keep=False)
        from bot.programs.request_parse.tables import vocabulary

        vocabulary.cache_clear()
        sys.argv.append("--write")
    found = misread()
    for word, key in found.items():
        print(f"{word}\t{key}")
    if "--write" in sys.argv and found:
        write(found)
        print(f"added {len(found)} words to not_typos")

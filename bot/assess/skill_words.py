"""The words of the skill reader (`bot.assess.skills`): normalising, plural endings, and
the small closed word lists its guards use (negations, wishes, clause ends, other people).

Data and pure string functions only; the matchers live in `bot.assess.skills`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------------------------------
# Step 1: normalisation
# ---------------------------------------------------------------------------------------

BREAK = "."  # the token every clause mark becomes

_APOSTROPHES = (
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
)

# Words typed without an apostrophe, and phone spellings, written out.
_EXPAND: dict[str, str] = {
    "dont": "do not", "didnt": "did not", "doesnt": "does not", "cant": "can not",
    "cannot": "can not", "wont": "will not", "wasnt": "was not", "werent": "were not",
    "isnt": "is not", "arent": "are not", "havent": "have not", "hasnt": "has not",
    "hadnt": "had not", "couldnt": "could not", "wouldnt": "would not", "aint": "is not",
    "didn": "did not", "dnt": "do not", "dint": "did not", "nvr": "never", "neva": "never",
    "nevr": "never", "nevah": "never", "im": "i am", "ive": "i have", "id": "i would",
    "idk": "i do not know", "wanna": "want to", "wana": "want to", "gonna": "going to",
    "tryna": "trying to", "gotta": "got to", "u": "you", "ur": "your", "n": "and",
    "w": "with", "bc": "because", "cuz": "because", "tho": "though", "thru": "thru",
    "ppl": "people", "yrs": "years", "yr": "year", "q": "que", "pq": "porque",
}


def normalize(text: str) -> str:
    """Lower case, accents dropped except ñ, contractions written out, "." for clause marks."""
    text = unicodedata.normalize("NFC", text).lower().replace("ñ", "\x00")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\x00", "ñ")
    text = re.sub(r"[\u2018\u2019\u02bc`\u00b4]", "'", text)
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # "sooooo" -> "soo"
    for pattern, replacement in _APOSTROPHES:
        text = pattern.sub(replacement, text)
    text = text.replace("'", "").replace("&", " and ")
    text = re.sub(r"[.!?;:,()\[\]\n\r\u2026]+", f" {BREAK} ", text)
    words = re.findall(r"[a-z0-9ñ]+|\.", text)
    return " ".join(_EXPAND.get(word, word) for word in words)


# ---------------------------------------------------------------------------------------
# Step 2: canonical words
# ---------------------------------------------------------------------------------------

# Words whose final s is part of the word (only the ones that meet the vocabulary).
_KEEP_S = frozenset("""
    always bus gas has his is its was yes this thus plus us campus canvas chaos christmas
    dos mas tres seis tus sus mis les los las nos vos pues jesus lens news pos ms
""".split())


def canonical(word: str) -> str:
    """A word without its plural ending: "kids" -> "kid", "babies" -> "baby", "boxes" -> "box"."""
    if len(word) <= 3 or word in _KEEP_S or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _easy_words() -> frozenset[str]:
    """Common English and Spanish words (and English endings) that are never "fixed"."""
    words: set[str] = set()
    try:
        import textstat

        folder = Path(textstat.__file__).resolve().parent / "resources"
        for lang in ("en", "es"):
            path = folder / lang / "easy_words.txt"
            if path.exists():  # one normalize call for the whole list: fast
                words.update(normalize(path.read_text(encoding="utf-8")).split())
    except Exception:  # pragma: no cover - textstat ships with the project
        pass
    forms = set(words)
    for word in words:
        if not word.isalpha() or len(word) < 3:
            continue
        stem = word[:-1] if word.endswith("e") else word
        forms.update((word + "s", word + "es", word + "d", word + "ed", word + "er",
                      word + "ers", word + "ly", word + "y", stem + "ing", stem + "ed",
                      stem + "er", stem + "ers"))
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):  # stop -> stopped, stopping
            forms.update((word + word[-1] + "ed", word + word[-1] + "ing",
                          word + word[-1] + "er"))
    return frozenset(canonical(form) for form in forms)


# Real words one typo away from a vocabulary word and missing from the easy lists: never
# "fixed" ("I cleared my record" is not cleaning, "based in" is not baking).
_PROTECTED_EXTRA = frozenset("""
    based basing cleared clearing clearer seeing spelling brain brains sewer sewers drover
    coaching couching cooler wielding yielding wedding shelter shelters lawyer layer payer
    sower sowing banking barking booking purse cursing driven striving thriving liver
    writing whiting walking talking hairy dairy fairy stairs litter bitter counting
    mounting hunting pointing printing fainting sending lending tending bending ending
""".split())

# ---------------------------------------------------------------------------------------
# Guard words (step 4 of bot.assess.skills)
# ---------------------------------------------------------------------------------------


NEGATIONS = frozenset("""
    not no never nunca jamas ni nope nor neither without sin tampoco nothing nada
""".split())
# Words that make what follows a wish, not something done.
WISHES = frozenset("""
    want wish hope someday dream learn learning need needs quiero queria quisiera gustaria
    aprender aprendiendo ojala sueño sueno
""".split())
# Words that end a clause: a negation or wish before them does not reach past them.
CLAUSE_ENDS = frozenset("""
    . but pero and y though although aunque however sino then luego so because porque
    also too except plus
""".split())
# A new "I" starts a new statement ("no i cooked", "never had a job i babysat").
SUBJECTS = frozenset("i yo".split())
# Someone else did it ("she cooked", "he drove", "they sold").
OTHERS = frozenset("he she they him them you el ella ellos ellas".split())
# Words skipped when counting how far back a negation or wish reaches.
FILLERS = frozenset("""
    really even ever actually much at all how to know any a an the like se sabe sabia nor
    or o mucho muy bien todavia aun yet still honestly truly
""".split())
GUARD_REACH = 3  # words (not counting fillers) a negation or wish reaches forward
GUARD_LOOKBACK = 8  # tokens looked at, at most
GAP = 2  # words that "..." in a phrase may skip
GAP_NEVER = frozenset("me us".split())
WEAK = "weak:"  # matcher key prefix of a skill's workplace-only phrases


"""Skills and job titles in what a person writes about past work, paid or unpaid.

"i cooked for 20 ppl every day and did the money at a nail salon" gives the skills cooking,
cash handling and nails, and through them likely occupations. It works offline and
without a trained model, in four steps:

1. **Normalise** (`normalize`): lower case; accents dropped except ñ ("cociné" -> "cocine",
   "uñas" stays); contractions written out ("didn't", "didnt" -> "did not"); letter runs
   squeezed ("soooo" -> "soo"); clause punctuation kept as "." so guards stop there.
2. **Canonical words** (`canonical_words`): a final plural s dropped ("kids" -> "kid",
   "niños" -> "niño"), and near-miss typos of the vocabulary's words (5+ letters) fixed with
   rapidfuzz ("resturant", "babysiting"). Common English and Spanish words (textstat's
   easy-word lists and their usual endings) are never "fixed", so "cleared" does not turn
   into "cleaned" nor "based" into "baked".
3. **Match** with spaCy on a blank English vocabulary: a `Matcher` for the skill phrases of
   `skills.yml` (word sets, optional words, short gaps) and a `PhraseMatcher(attr="LOWER")`
   for job titles from O*NET (`titles.csv`, built by `bot.assess.build_occupations`).
   Where matches overlap, the longest wins ("dry cleaner" is laundry, not cleaning; "drive
   thru" is food service, not driving).
4. **Guards** drop a match when it is negated ("I never cooked", "no sé cocinar", "didn't do
   hair"), wished for ("I want to learn nails", "quiero aprender a cocinar"), about someone
   else ("she cooked"), or cancelled by the skill's own `not_after`/`not_before` words
   ("my teacher", "social security", "he drove me", "was sold").

Message words never enter the spaCy vocabulary (unknown words become "_"), so memory stays
flat and nothing a person wrote is kept. Input is capped at `MAX_CHARS`.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.config import ROOT

CATALOG = ROOT / "data" / "catalog" / "occupations"
SKILLS_PATH = CATALOG / "skills.yml"
TITLES_PATH = CATALOG / "titles.csv"

# Longer messages are cut here: a person describing work does it in far fewer characters,
# and a pasted essay must not slow the assistant down.
MAX_CHARS = 2000


@dataclass(frozen=True)
class Skill:
    """A skill the assistant can recognise, in plain words, and the occupations it fits."""

    id: str
    label: str
    occupations: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    """What was found in one text."""

    skills: tuple[str, ...]  # skill ids, in text order, unique
    occupations: tuple[str, ...]  # O*NET-SOC codes from matched job titles, in text order


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
# Step 3 and 4: vocabulary, matchers and guards
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

_LOCK = threading.Lock()
_state: dict[str, Any] | None = None


def _words(text: str) -> list[str]:
    return [canonical(word) for word in normalize(text).split()]


def _parse(phrase: str) -> list[Any]:
    """Slots of a phrase: ("gap",) or (single words, word groups, optional)."""
    slots: list[Any] = []
    for part in re.findall(r"\{[^}]*\}|\.\.\.|[^\s{}]+", phrase):
        if part == "...":
            slots.append(("gap",))
            continue
        options = part[1:-1].split("|") if part.startswith("{") else [part]
        singles: set[str] = set()
        groups: list[tuple[str, ...]] = []
        optional = False
        for option in options:
            words = [w for w in _words(option) if w != BREAK]
            if not words:
                optional = True
            elif len(words) == 1:
                singles.add(words[0])
            else:
                groups.append(tuple(words))
        slots.append(("words", frozenset(singles), tuple(groups), optional))
    return slots


def _patterns(phrase: str) -> list[list[dict[str, Any]]]:
    """spaCy Matcher patterns of one phrase (several when it has word groups)."""
    # A gap never holds a clause end, a negation, or the person as object: "made me post"
    # is someone else's doing, not "made posts".
    stop = sorted(CLAUSE_ENDS | NEGATIONS | GAP_NEVER)
    choices: list[list[list[dict[str, Any]]]] = []
    for slot in _parse(phrase):
        if slot[0] == "gap":
            choices.append([[{"LOWER": {"NOT_IN": stop}, "OP": "?"}] * GAP])
            continue
        _kind, singles, groups, optional = slot
        options: list[list[dict[str, Any]]] = []
        if singles:
            options.append([{"LOWER": {"IN": sorted(singles)}}])
        options += [[{"LOWER": word} for word in group] for group in groups]
        if optional:
            options.append([])
        choices.append(options)
    patterns = []
    for combination in product(*choices):
        pattern = [token for part in combination for token in part]
        if any(token.get("OP") != "?" for token in pattern):
            patterns.append(pattern)
    return patterns


def _load_skills(path: Path) -> tuple[dict[str, Skill], dict[str, dict[str, Any]]]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    skills: dict[str, Skill] = {}
    rules: dict[str, dict[str, Any]] = {}
    for raw in data.get("skills") or []:
        skill_id = str(raw["id"])
        if skill_id in skills:
            raise ValueError(f"{path}: skill {skill_id!r} appears twice")
        skills[skill_id] = Skill(
            id=skill_id,
            label=str(raw["label"]),
            occupations=tuple(str(code) for code in raw.get("occupations") or ()),
        )
        rules[skill_id] = {
            "phrases": [str(p) for p in raw.get("phrases") or ()],
            "weak": [str(p) for p in raw.get("weak") or ()],
            "unless": frozenset(str(s) for s in raw.get("unless") or ()),
            "not_after": [tuple(_words(str(p))) for p in raw.get("not_after") or ()],
            "not_before": [tuple(_words(str(p))) for p in raw.get("not_before") or ()],
        }
    for skill_id, rule in rules.items():
        unknown = sorted(rule["unless"] - set(skills))
        if unknown:
            raise ValueError(f"{path}: {skill_id}: `unless` names unknown skills {unknown}")
    return skills, rules


# The skills by id, in the order of skills.yml, and their matching rules (read at import:
# plain YAML, fast; the spaCy matchers are built on first use).
SKILLS: dict[str, Skill]
SKILLS, _RULES = _load_skills(SKILLS_PATH)


def _load_titles(path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    titles: dict[tuple[str, ...], tuple[str, ...]] = {}
    if not path.exists():
        return titles
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = tuple(_words(row["title"]))
            if words:
                codes = titles.get(words, ()) + tuple(row["codes"].split())
                titles[words] = tuple(sorted(set(codes)))
    return titles


def _build() -> dict[str, Any]:
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

    rules = _RULES
    titles = _load_titles(TITLES_PATH)
    nlp = spacy.blank("en")
    vocab = nlp.vocab

    skill_words: set[str] = set()
    patterns: dict[str, list[list[dict[str, Any]]]] = {}
    for skill_id, rule in rules.items():
        patterns[skill_id] = [p for phrase in rule["phrases"] for p in _patterns(phrase)]
        patterns[WEAK + skill_id] = [p for phrase in rule["weak"] for p in _patterns(phrase)]
    for key_patterns in patterns.values():
        for pattern in key_patterns:
            for token in pattern:
                value = token["LOWER"]
                if isinstance(value, str):
                    skill_words.add(value)
                elif "IN" in value:
                    skill_words.update(value["IN"])
    for rule in rules.values():
        for words in rule["not_after"] + rule["not_before"]:
            skill_words.update(words)
    title_words = {word for words in titles for word in words}
    guard_words = NEGATIONS | WISHES | CLAUSE_ENDS | SUBJECTS | OTHERS | FILLERS
    known = frozenset(skill_words | title_words | guard_words | {"_"})
    for word in sorted(known):
        vocab[word]  # noqa: B018 - create every lexeme now: message words are never added

    matcher = Matcher(vocab)
    for skill_id, skill_patterns in patterns.items():
        if skill_patterns:
            matcher.add(skill_id, skill_patterns)
    title_matcher = PhraseMatcher(vocab, attr="LOWER")
    title_codes: dict[str, tuple[str, ...]] = {}
    docs_by_key: dict[str, list[Any]] = {}
    for words, codes in titles.items():
        key = "title:" + " ".join(codes)
        title_codes[key] = codes
        docs_by_key.setdefault(key, []).append(Doc(vocab, words=list(words)))
    for key, docs in docs_by_key.items():
        title_matcher.add(key, docs)

    fuzzy: dict[str, tuple[str, ...]] = {}
    for word in sorted(skill_words):
        if len(word) >= 5 and word.isalpha():
            fuzzy.setdefault(word[0], ())
            fuzzy[word[0]] += (word,)
    return {
        "rules": rules,
        "known": known,
        "protected": _easy_words() | _PROTECTED_EXTRA,
        "fuzzy": fuzzy,
        "vocab": vocab,
        "doc": Doc,
        "matcher": matcher,
        "title_matcher": title_matcher,
        "title_codes": title_codes,
        "strings": vocab.strings,
    }


def _load() -> dict[str, Any]:
    """The vocabulary and matchers, built once (thread-safe), then only read."""
    global _state
    if _state is None:
        with _LOCK:
            if _state is None:
                _state = _build()
    return _state


def warm_up() -> None:
    """Build the matchers now (a few seconds with spaCy's import), not on the first message."""
    _load()


def load_skills() -> dict[str, Skill]:
    """All skills by id, in the order of skills.yml (read once, at import)."""
    return SKILLS




def _correct(word: str, state: dict[str, Any]) -> str:
    """A near-miss typo of a vocabulary word, repaired; any other word unchanged."""
    known: frozenset[str] = state["known"]
    if word in known or len(word) < 5 or not word.isalpha() or word in state["protected"]:
        return word
    if word.endswith("in") and word + "g" in known:  # "cleanin" -> "cleaning"
        return word + "g"
    candidates = state["fuzzy"].get(word[0])
    if not candidates:
        return word
    limit = 1 if len(word) < 8 else 2
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
    if best is not None and abs(len(best[0]) - len(word)) <= limit:
        return str(best[0])
    return word


def canonical_words(text: str, state: dict[str, Any] | None = None) -> list[str]:
    """The canonical words of a text (see the module's docstring), clause marks as "."."""
    state = state or _load()
    return [_correct(canonical(word), state) for word in normalize(text).split()]


def _followed_by(words: list[str], end: int, phrases: list[tuple[str, ...]]) -> bool:
    return any(tuple(words[end : end + len(p)]) == p for p in phrases if p)


def _preceded_by(words: list[str], start: int, phrases: list[tuple[str, ...]]) -> bool:
    return any(start >= len(p) and tuple(words[start - len(p) : start]) == p
               for p in phrases if p)


def _negated_or_wished(words: list[str], start: int, end: int) -> bool:
    """Whether a negation or a wish reaches the match at words[start:end]."""
    if any(word in NEGATIONS for word in words[start:end]):
        return True
    counted = 0
    for i in range(start - 1, max(-1, start - 1 - GUARD_LOOKBACK), -1):
        word = words[i]
        if word in CLAUSE_ENDS or word in SUBJECTS:
            return False
        if word in NEGATIONS:
            after = words[i + 1] if i + 1 < len(words) else ""
            return after not in ("only", "just", "solo", "nomas")  # "not only ..."
        if word in WISHES:
            return True
        if word not in FILLERS:
            counted += 1
            if counted >= GUARD_REACH:
                return False
    return False


def _by_someone_else(words: list[str], start: int) -> bool:
    return start > 0 and words[start - 1] in OTHERS


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longest first; equal spans of different labels all stay."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        clash = [k for k in kept if k[0] < end and start < k[1]]
        if all((k[0], k[1]) == (start, end) for k in clash):
            if (start, end, label) not in kept:
                kept.append((start, end, label))
    return sorted(kept)


def extract(text: str | None) -> Extraction:
    """The skills and job-title occupations found in text (see the module's docstring)."""
    if not text or not text.strip():
        return Extraction(skills=(), occupations=())
    state = _load()
    words = canonical_words(text[:MAX_CHARS], state)
    if not words:
        return Extraction(skills=(), occupations=())
    known: frozenset[str] = state["known"]
    doc = state["doc"](state["vocab"], words=[w if w in known else "_" for w in words])
    strings = state["strings"]
    rules = state["rules"]

    skill_spans: list[tuple[int, int, str]] = []
    for match_id, start, end in state["matcher"](doc):
        key = strings[match_id]
        rule = rules[key.removeprefix(WEAK)]
        if (_negated_or_wished(words, start, end) or _by_someone_else(words, start)
                or _preceded_by(words, start, rule["not_after"])
                or _followed_by(words, end, rule["not_before"])):
            continue
        skill_spans.append((start, end, key))

    title_spans: list[tuple[int, int, str]] = []
    for match_id, start, end in state["title_matcher"](doc):
        if _negated_or_wished(words, start, end):
            continue
        title_spans.append((start, end, strings[match_id]))

    kept = _longest(skill_spans)
    strong = {key for _start, _end, key in kept if not key.startswith(WEAK)}
    skills: list[str] = []
    for _start, _end, key in kept:
        skill_id = key.removeprefix(WEAK)
        if key.startswith(WEAK) and rules[skill_id]["unless"] & strong:
            continue  # "washed dishes at a restaurant": the workplace adds nothing
        if skill_id not in skills:
            skills.append(skill_id)
    codes: list[str] = []
    for _start, _end, key in _longest(title_spans):
        for code in state["title_codes"][key]:
            if code not in codes:
                codes.append(code)
    return Extraction(skills=tuple(skills), occupations=tuple(codes))


def occupations_for(skill_ids: Iterable[str]) -> list[str]:
    """The occupations the skills point to, in skill order, each once; unknown ids ignored."""
    skills = load_skills()
    codes: list[str] = []
    for skill_id in skill_ids:
        skill = skills.get(skill_id)
        for code in skill.occupations if skill else ():
            if code not in codes:
                codes.append(code)
    return codes

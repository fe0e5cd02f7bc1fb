"""Read a training-program search request into typed, normalised entities (no model, no Rasa).

"free cooking classes near 30303 in the evening" ->
    occupation "cooking", cost "free", location "30303", schedule "evening".

`parse(text)` returns `Found(entity, value, start, end)` items, offsets into the text as given.
The six entity types and their values:

- `location`: a real 5-digit ZIP ("30303"), or a US city, canonical spelling from the `zipcodes`
  data: "Atlanta, GA" when a state follows it, "Houston" when none does. Aliases: "nyc" ->
  "New York", "st. louis" -> "Saint Louis", "DC" -> "Washington, DC". A state alone is not a
  location (the relief flow's `jurisdiction` covers states). City names that are everyday
  words ("mobile", "orange", "reading", "spring", "independence") count only with a state
  ("Mobile, AL"), after "near/around/close to/cerca de/live in", or capitalised after "in".
  Other small cities need a place word before them ("in smyrna"), a capital letter or a state;
  big cities (8+ ZIP codes) and multi-word names count anywhere.
- `cost`: "free" ("free", "gratis", "no cost", "can't pay"), or the most a person can pay in
  whole dollars ("under $500", "less than 500 dollars", "1k or less" -> "1000"). "cheap",
  "affordable", "low cost", "barato" -> CHEAP_CEILING ("500"): most short certificate courses
  people call cheap cost less than that, and a ceiling keeps the search filter simple.
- `schedule`: "evening", "weekend", "daytime", "part_time"; several per message.
- `language`: ISO 639-1 code of the language of instruction ("in spanish" -> "es"). English as
  a subject ("english classes", "learn english", a bare "english") is the `esl` topic instead;
  "in english" / "speak english" is the language "en".
- `occupation`: a topic key from data/catalog/programs/topics.yml (see its header).
- `program_format`: "online" or "in_person" ("not online" -> "in_person").

`normalise(entity, text)` maps a value typed or tagged elsewhere (the tagger, a button) to the
same canonical values, or None. Deterministic and pure: the tables load once, lazily.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from bot.config import ROOT

TOPICS_FILE = ROOT / "data" / "catalog" / "programs" / "topics.yml"

MAX_CHARS = 2000  # longer messages are read up to here; nobody types a search that long
CHEAP_CEILING = "500"
LARGE_CITY_ZIPS = 8  # a city with this many ZIP codes counts without a place word before it
KNOWN_CITY_ZIPS = 3  # smaller places count only with a state after them
FUZZY_MIN_WORD = 5  # typos are looked for in words this long or longer...
FUZZY_MIN_PHRASE = 6  # ...against one-word phrases this long (5-letter ones collide too often)
FUZZY_TWO_EDITS = 10  # words this long may have two typos; shorter ones one

ENTITY_TYPES = ("location", "cost", "schedule", "language", "occupation", "program_format")
SCHEDULES = ("evening", "weekend", "daytime", "part_time")
FORMATS = ("online", "in_person")


@dataclass(frozen=True)
class Found:
    """One entity in a message: its type, canonical value and [start, end) character offsets."""

    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Topic:
    """A training topic of topics.yml."""

    key: str
    label: str
    phrases: tuple[str, ...]
    occupations: tuple[str, ...]
    exact_case: tuple[str, ...] = ()


# --- text folding -------------------------------------------------------------------------
# Accents are dropped one character for one character, so offsets stay valid. "ñ" is kept:
# "uñas" (nails) is not "unas" (some).
_FOLD = str.maketrans({
    **{c: "a" for c in "àáâãäåā"}, **{c: "e" for c in "èéêëē"}, **{c: "i" for c in "ìíîïī"},
    **{c: "o" for c in "òóôõöō"}, **{c: "u" for c in "ùúûüū"}, "ç": "c", "ý": "y", "ÿ": "y",
    **{c: "A" for c in "ÀÁÂÃÄÅĀ"}, **{c: "E" for c in "ÈÉÊËĒ"}, **{c: "I" for c in "ÌÍÎÏĪ"},
    **{c: "O" for c in "ÒÓÔÕÖŌ"}, **{c: "U" for c in "ÙÚÛÜŪ"}, "Ç": "C",
    "’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-",
    "\u00a0": " ",
})


def fold(text: str) -> str:
    """Accents dropped and quotes straightened, case kept; always the same length as text."""
    return text.translate(_FOLD)


def lower_same_length(text: str) -> str:
    """Lowercase, one character for one character (a few letters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# --- languages ----------------------------------------------------------------------------
LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("english", "ingles", "inglish"),
    "es": ("spanish", "espanol", "español", "castellano", "spanish language", "spansh",
           "spanich", "espanish"),
    "fr": ("french", "frances", "francais"),
    "ht": ("haitian creole", "haitian", "creole", "kreyol", "kreyol ayisyen", "criollo haitiano",
           "creole haitiano", "kreyòl"),
    "vi": ("vietnamese", "vietnamita", "tieng viet"),
    "zh": ("chinese", "mandarin", "cantonese", "chino", "mandarin chinese"),
    "ar": ("arabic", "arabe"),
    "ru": ("russian", "ruso"),
    "pt": ("portuguese", "portugues", "brazilian portuguese"),
    "ko": ("korean", "coreano"),
    "tl": ("tagalog", "filipino", "pilipino"),
    "am": ("amharic", "amarico"),
    "so": ("somali",),
    "hi": ("hindi",),
    "ur": ("urdu",),
    "pa": ("punjabi",),
    "bn": ("bengali", "bangla"),
    "sw": ("swahili", "kiswahili"),
    "ne": ("nepali",),
    "my": ("burmese",),
    "fa": ("farsi", "persian", "dari"),
    "ps": ("pashto",),
    "uk": ("ukrainian", "ucraniano"),
    "pl": ("polish",),
    "ja": ("japanese", "japones"),
    "th": ("thai",),
    "km": ("khmer", "cambodian"),
    "lo": ("lao", "laotian"),
    "ti": ("tigrinya",),
    "om": ("oromo",),
    "rw": ("kinyarwanda",),
    "de": ("german", "aleman"),
    "it": ("italian", "italiano"),
    "tr": ("turkish",),
    "ro": ("romanian",),
    "sq": ("albanian",),
    "he": ("hebrew",),
    "el": ("greek",),
    "id": ("indonesian",),
    "gu": ("gujarati",),
}
# A language word right before these is a food, a nail or hair style: not a language.
_NOT_LANGUAGE_AFTER = frozenset(
    "tips tip manicure manicures fries toast braid braids food cuisine cooking restaurant "
    "bakery pastry massage bread coffee".split())
_ONLY_CAPITALISED_LANGUAGES = frozenset({"polish"})  # "nail polish"
_SPEAK_CUES = frozenset(
    "in en speak speaks speaking spoken habla hablan hablen hablo only solo taught "
    "language idioma".split())

# --- US states ----------------------------------------------------------------------------
STATES: dict[str, str] = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois",
    "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota",
    "MS": "mississippi", "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "PR": "puerto rico",
}
_STATE_ALIASES = {
    "calif": "CA", "cali": "CA", "fla": "FL", "mass": "MA", "penn": "PA", "tenn": "TN",
    "wash": "WA", "d.c.": "DC", "d.c": "DC", "washington dc": "DC", "nueva york": "NY",
    "nueva jersey": "NJ", "nuevo mexico": "NM", "carolina del norte": "NC",
    "carolina del sur": "SC", "tejas": "TX", "pensilvania": "PA", "luisiana": "LA",
    "misuri": "MO", "hawai": "HI",
}
# Postal codes that are everyday words: as a state only in capitals or right after a comma.
_WORDLIKE_CODES = frozenset(
    "al co de hi ia id in la ma me mi mo ms nm oh ok or pa va".split())

# Lower-case codes too common after a place name to be its state without a comma:
# "classes in columbus in the evening", "portland or seattle", "houston la clase".
_NEVER_LOWER_STATES = frozenset("in or me de la".split())

# City names that are everyday words, first names or places abroad: they need a state after
# them, a strong place word before them ("near", "around", "live in"), or a capital after "in".
_AMBIGUOUS_WORDS = """
ada alpine anderson apex athens auburn bend boone bryan butler campbell carmel carolina carson
cary clayton clinton cocoa commerce concord conway cordova corona cypress davis douglas dover
duncan elizabeth enid eureka everett florence franklin frederick gary gilbert golden goshen
hamilton hampton hickory holiday holland hollywood homestead howell hudson humble independence
irving jackson jamaica jasper jupiter kent laurel lawrence lebanon lima lincoln livingston logan
london lynn madison magnolia marion marshall media melbourne mesa midland milton mission mobile
monroe norman ontario orange palestine paris plymouth portage princeton providence quincy
reading rogers rome salem sandy sebastian selma sherman somerset sparks spring sterling stuart
sulphur surprise temple tracy troy tyler upland valencia venice victoria vienna vista walnut
warren warsaw wayne wilson york eugene salinas toledo mesquite lodi newport bristol cumberland
columbia washington chico madera merced modesto encino largo fishers
"""
_AMBIGUOUS_NAMES = """
state college|high point|rural hall|garden city|park city|lake city|bay city|sun city|plant city|
college park|college station|the lakes|camp hill|spring hill|spring valley|valley forge|
castle rock|rock hill|rock island|mount pleasant|land o lakes|queen creek|el cajon|la mesa|
mission hills|oak park|royal oak|new castle|great neck|union city|el paso|el monte|la puente|
la quinta|del rio|casa grande|broken arrow|bowling green|federal way|grants pass
"""
AMBIGUOUS_CITIES = frozenset(_AMBIGUOUS_WORDS.split()) | frozenset(
    " ".join(n.split()) for n in _AMBIGUOUS_NAMES.split("|") if n.strip())
# Postal-only names in the ZIP data, not places a person would name.
_NOT_CITIES = frozenset({"apo", "dpo", "fpo", "parcel return service", "young america",
                         "washington navy yard", "southeastern", "boyers", "holtsville",
                         "city of industry"})
# Other names of big cities -> the canonical city (and state when it is part of the name).
CITY_ALIASES = {
    "nyc": "New York", "new york city": "New York", "the bronx": "Bronx", "philly": "Philadelphia",
    "vegas": "Las Vegas", "atl": "Atlanta", "nola": "New Orleans", "dc": "Washington, DC",
    "d.c.": "Washington, DC", "d.c": "Washington, DC", "washington dc": "Washington, DC",
    "washington d.c.": "Washington, DC", "l.a.": "Los Angeles", "indy": "Indianapolis",
    "san fran": "San Francisco", "st pete": "Saint Petersburg", "nueva york": "New York",
    "nueva orleans": "New Orleans", "filadelfia": "Philadelphia", "okc": "Oklahoma City",
    "slc": "Salt Lake City", "chi town": "Chicago", "chi-town": "Chicago", "htown": "Houston",
    "h-town": "Houston", "queens": "Queens", "manhattan": "New York", "harlem": "New York",
}
_CASED_CITY_ALIASES = {"LA": "Los Angeles", "SF": "San Francisco", "KC": "Kansas City"}
# Queens has no ZIP city of its own (its ZIPs are named after neighbourhoods).
_EXTRA_CITIES = {"Queens": ("NY", 60)}

_WEAK_CUES = frozenset({"in", "en", "from", "at", "by", "to", "of", "de"})
_STRONG_CUES = ("near", "nearby", "around", "close to", "closer to", "cerca de", "cerca",
                "live in", "living in", "located in", "based in", "stay in", "staying in",
                "vivo en", "estoy en", "outside of", "outside", "near by", "areas of",
                "area of", "area around", "zip code", "zipcode", "zip", "city of", "ciudad de")
_LOCATION_AFTER = frozenset({"area", "metro", "downtown", "zona", "region"})

# --- cost, schedule, format patterns (on folded lowercase text) ---------------------------
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?"
_MONEY = re.compile(
    rf"(?<![\w.,$])(?:(?P<d1>\$|usd\s?)\s?(?P<a1>{_AMOUNT})(?:\s?(?P<k1>k|grand)\b)?"
    rf"|(?P<a2>{_AMOUNT})(?:\s?(?P<k2>k|grand)\b)?\s?(?P<u2>\$|dollars?|dolares|dlls?|bucks|usd)"
    rf"(?![\w]))")
_BARE_AMOUNT = re.compile(rf"(?<![\w.,$])(?P<a>{_AMOUNT})(?:\s?(?P<k>k)\b)?(?![\w%$])")
_CEILING_BEFORE = re.compile(
    r"(?:under|below|less than|lower than|cheaper than|no more than|not more than|not over|"
    r"up to|upto|max(?:imum)?(?: of)?|at most|budget(?: is| of)?|afford|pay|spend|"
    r"menos de|hasta|maximo|no mas de|<|<=)\s*(?:like |about |around |unos |un |)$")
_CEILING_AFTER = re.compile(r"^\s*(?:or less|or under|max(?:imum)?|tops|o menos|maximo|or below)\b")
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:-?\s*)?(?:miles?|mi\b|minutes?|mins?\b|hours?|hrs?\b|km\b|kids?|children|years?|"
    r"yrs?\b|days?|weeks?|months?|blocks?|people|students|%|percent|am\b|pm\b|a\.m|p\.m|"
    r"o'?clock|millas|minutos|horas|anos|años|dias|semanas|meses|hijos|ninos|niños)(?![a-z])")
# A wage or a salary is not what a course costs: "$15 an hour", "40k a year".
_WAGE_AFTER = re.compile(
    r"^\s*(?:an? hour|per hour|/ ?hr|/ ?hour|hourly|a year|per year|/ ?yr|a month|per month|"
    r"a week|per week|a day|la hora|por hora|al mes|al ano|al año|a la semana)\b")
_RANGE_TAIL = re.compile(rf"^\s*(?:-|to|and|a|y)\s*\$?\s*(?P<a>{_AMOUNT})(?:\s?(?P<k>k)\b)?")
_FREE = re.compile(
    r"\b(?:free of charge|free of cost|tuition[- ]free|no[- ]cost|zero cost|without cost|"
    r"at no cost|cost nothing|costs nothing|for free|free|gratis|gratuit[oa]s?|sin costo|"
    r"sin cargo|sin pagar|(?:que )?no cueste(?: nada)?|without paying|no charge|\$0|0 dollars|"
    r"(?:can'?t|cannot|can not|don'?t have money to) (?:pay|afford)(?: (?:it|anything|for it|"
    r"much|a lot))?|i'?m broke|im broke|no money|no tengo dinero|no tengo dinero para pagar|"
    r"no puedo pagar)\b")
_NOT_FREE_BEFORE = re.compile(
    r"(?:feel|i'?m|i am|im|we'?re|we are|i'?ll be|i will be|i'?d be|get set|set|break|sugar|"
    r"drug|drugs|smoke|alcohol|stress|hands|crime|debt|gluten|scent|tobacco|tax|toll)\s*$")
_NOT_FREE_AFTER = re.compile(
    r"^\s*(?:time|times|day|days|hour|hours|period|will|from|to (?:talk|chat|go|call)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|the weekend)|"
    r"after|before|until|till|tiempo)\b")
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|won'?t|can'?t|shouldn'?t|"
    r"no need to|no need for|no tiene que|no tienen que|no necesita)\s+(?:\w+\s+){0,3}$")
_CHEAP = re.compile(
    r"\b(?:cheap|cheaper|cheapest|inexpensive|not expensive|not too expensive|affordable|"
    r"low[- ]cost|low price|low[- ]priced|budget friendly|barat[oa]s?|economic[oa]s?|"
    r"de bajo costo|bajo costo|a bajo precio)\b")
_AFFORD_MORE = re.compile(r"^\s*(?:more than|over|mas de|much more than)\b")

_SCHEDULE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("evening", re.compile(
        r"\b(?:evenings?|weeknights?|nights?|nites?|nightly|at night|after work|after (?:my )?"
        r"(?:job|shift|work shift)|after (?:[4-9]|1[0-1])(?: ?(?:pm|p\.m\.?|o'?clock))?|"
        r"(?:por |en )?las? noches?|noches?|de noche|nocturn[oa]s?|late classes|"
        r"despues del trabajo|despues de trabajar)\b")),
    ("weekend", re.compile(
        r"\b(?:weekends?|week-ends?|saturdays?|sundays?|sat and sun|sat/sun|sats?\s*&\s*suns?|"
        r"fin de semana|fines de semana|sabados?|domingos?|findes?)\b")),
    ("daytime", re.compile(
        r"\b(?:mornings?|afternoons?|during the day|day ?time|days only|in the day|"
        r"day (?:classes|class|program|programs|shift|course|courses)|daytime|"
        r"por las? ma[nñ]anas?|en las? ma[nñ]anas?|de dia|durante el dia|por las? tardes?|"
        r"en las? tardes?|while (?:my )?(?:kids|children|son|daughter) (?:are|is|r) "
        r"(?:at|in) school|school hours|9 ?(?:to|-) ?5|nine to five|before noon|"
        r"early classes)\b")),
    ("part_time", re.compile(
        r"\b(?:part[- ]?time|parttime|medio tiempo|tiempo parcial|(?:a )?few hours(?: a "
        r"(?:day|week))?|(?:a )?couple (?:of )?hours(?: a (?:day|week))?|not full[- ]?time|"
        r"no (?:de )?tiempo completo|only (?:a few|some) hours|short hours|limited hours|"
        r"pocas horas|unas horas)\b")),
)
# "i work nights so i need day classes": the times a person works are not class times.
_NOT_SCHEDULE_BEFORE = re.compile(
    r"\b(?:good|this|last|yesterday|tomorrow|buenos|buenas|one|every other|all|whole|night|"
    r"nite|work|works|working|trabajo|trabajo en las?|trabajo por las?)\s*$")
_NOT_SCHEDULE_AFTER = re.compile(
    r"^\s*(?:ago|before last|shift manager|night|nite|years?|months?|weeks?|days?|kids|"
    r"minutes|hours|anos|años|meses)\b")

_FORMAT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("in_person", re.compile(
        r"\b(?:not (?:online|virtual|on zoom|over zoom|remote)|no (?:online|virtual|zoom)|"
        r"nothing online|in[- ]person|en persona|presencial(?:es)?|on[- ]?site|"
        r"face[- ]to[- ]face|cara a cara|in a classroom|classroom|no en linea)\b")),
    ("online", re.compile(
        r"\b(?:online|on-?line|virtual(?:ly|es)?|remote(?:ly)?|from home|"
        r"(?:study|learn|do|do it|do them|take it|take them|classes?|courses?|training|"
        r"estudiar|clases?|cursos?)\s+(?:at|from|en|desde)\s+(?:my\s+|mi\s+|la\s+)?(?:home|"
        r"house|casa)|zoom|en linea|por internet|over the internet|a distancia|"
        r"desde (?:mi |la )?casa|(?:on|from) my (?:phone|laptop|computer)|e-?learning|"
        r"distance learning)\b")),
)
_NOT_FORMAT_AFTER = re.compile(r"^\s*(?:assistant|assistants|control|health)\b")

_ZIP = re.compile(r"(?<![\w$#.,/-])(?P<zip>\d{5})(?:-\d{4})?(?![\w,%$])(?!\.\d)(?!-\d)")
_PHONE = re.compile(
    r"(?:\+?1[-.\s]?)?\(?\b\d{3}\)?[-.\s]?\d{3}[-.\s]?\d{4}\b")
_NOT_ZIP_BEFORE = re.compile(
    r"(?:make|makes|making|earn|earns|earning|paid|pay|salary|owe|cost|costs|spend|"
    r"spent|save|saved|number|phone|call|text|#|case|id|room|apt|apartment|unit|suite|"
    r"ste|order|account|ganar|gano)\s*$")
_NOT_ZIP_AFTER = re.compile(
    r"^\s*(?:a (?:year|month|week)|per|/|dollars?|bucks|usd|k\b|miles|al ano|al mes|"
    r"hours|students)")

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_SENTENCE_END = frozenset(".!?\n")


# --- tables -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Vocabulary:
    topics: dict[str, Topic]
    phrase_to_topic: dict[str, str]          # folded lowercase phrase -> key
    exact_to_topic: dict[str, str]           # phrase as typed -> key
    fuzzy_words: dict[str, str]              # one-word phrases of 6+ letters -> key
    # (words, position) -> [(the word at that position, key)] for phrases of 2-4 words, so a
    # window with one misspelt word ("medical assisant") finds its phrase
    fuzzy_multi: dict[tuple[tuple[str, ...], int], list[tuple[str, str]]]
    not_topics: tuple[str, ...]
    not_typos: frozenset[str]
    needs_context: frozenset[str]   # phrases that name a topic only beside a context word
    context_words: frozenset[str]


def _phrase_variants(phrase: str) -> Iterator[str]:
    """The phrase and its plural (a final "s" on the last word)."""
    yield phrase
    last = phrase.split()[-1] if phrase.split() else ""
    if last.isalpha() and len(last) >= 3 and not last.endswith("s"):
        yield phrase + "s"


def _norm_phrase(phrase: str) -> str:
    return " ".join(lower_same_length(fold(str(phrase))).split())


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
    topics: dict[str, Topic] = {}
    phrase_to_topic: dict[str, str] = {}
    exact_to_topic: dict[str, str] = {}
    exact_only: set[str] = set()
    for item in raw.get("topics", []):
        exact_only.update(_norm_phrase(p) for p in item.get("exact_only") or ())
        key = str(item["key"])
        topic = Topic(
            key=key,
            label=str(item.get("label") or key),
            phrases=tuple(str(p) for p in item.get("phrases") or ()),
            occupations=tuple(str(o) for o in item.get("occupations") or ()),
            exact_case=tuple(str(p) for p in item.get("exact_case") or ()),
        )
        topics[key] = topic
        phrase_to_topic.setdefault(_norm_phrase(key.replace("_", " ")), key)
        for phrase in topic.phrases:
            for variant in _phrase_variants(_norm_phrase(phrase)):
                phrase_to_topic.setdefault(variant, key)
        for phrase in topic.exact_case:
            exact_to_topic[fold(phrase)] = key
    # Typos are caught for the one-word phrases as written (not the plurals added above).
    fuzzy = {}
    for topic in topics.values():
        for phrase in map(_norm_phrase, topic.phrases):
            if (" " not in phrase and phrase.isalpha() and len(phrase) >= FUZZY_MIN_PHRASE
                    and phrase not in exact_only):
                fuzzy.setdefault(phrase, topic.key)
    multi: dict[tuple[tuple[str, ...], int], list[tuple[str, str]]] = defaultdict(list)
    for phrase, key in phrase_to_topic.items():
        words = phrase.split()
        if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
            for i, word in enumerate(words):
                if len(word) >= FUZZY_MIN_WORD - 1:
                    multi[(tuple(words[:i] + ["?"] + words[i + 1:]), i)].append((word, key))
    return _Vocabulary(
        topics=topics,
        phrase_to_topic=phrase_to_topic,
        exact_to_topic=exact_to_topic,
        fuzzy_words=fuzzy,
        fuzzy_multi=dict(multi),
        not_topics=tuple(_norm_phrase(p) for p in raw.get("not_topics") or ()),
        not_typos=frozenset(_norm_phrase(w) for w in raw.get("not_typos") or ()),
        needs_context=frozenset(_norm_phrase(w) for w in raw.get("needs_context") or ()),
        context_words=frozenset(_norm_phrase(w) for w in raw.get("context_words") or ()),
    )


def topics() -> dict[str, Topic]:
    """Every training topic by key, in the order of topics.yml (read once)."""
    return _vocabulary().topics


@dataclass(frozen=True)
class _Places:
    zips: frozenset[str]
    # folded lowercase city name -> (canonical name, most ZIPs in one state)
    cities: dict[str, tuple[str, int]]
    # state code -> folded lowercase city name -> canonical name (every city in the data)
    by_state: dict[str, dict[str, str]]
    state_names: dict[str, str]   # folded lowercase name or alias -> code


def _city_keys(name: str) -> Iterator[str]:
    """Folded lowercase spellings of a canonical city name ("Saint Louis" -> "st louis" ...)."""
    base = _norm_phrase(name.replace("-", " ").replace(".", ""))
    yield base
    words = base.split()
    swaps = {"saint": ("st", "st."), "fort": ("ft", "ft."), "mount": ("mt", "mt."),
             "sainte": ("ste", "ste.")}
    if words and words[0] in swaps:
        for short in swaps[words[0]]:
            yield " ".join([short, *words[1:]])
    if len(words) == 2:
        yield "-".join(words)
    if base.startswith("mc "):
        yield "mc" + base[3:]


@lru_cache(maxsize=1)
def _places() -> _Places:
    from bot.programs.geo import zip_entries  # a fresh list: the package's cache stays empty

    counts: dict[tuple[str, str], int] = defaultdict(int)
    zips = set()
    for entry in zip_entries():
        zips.add(entry["zip_code"])
        counts[(entry["city"], entry["state"])] += 1
    for city, (state, count) in _EXTRA_CITIES.items():
        counts[(city, state)] = count
    cities: dict[str, tuple[str, int]] = {}
    by_state: dict[str, dict[str, str]] = defaultdict(dict)
    for (city, state), count in counts.items():
        for key in _city_keys(city):
            by_state[state].setdefault(key, city)
            if _norm_phrase(city) in _NOT_CITIES:
                continue
            known = cities.get(key)
            if known is None or count > known[1]:
                cities[key] = (city, count)
    state_names = {name: code for code, name in STATES.items()}
    state_names.update(_STATE_ALIASES)
    return _Places(frozenset(zips), cities, dict(by_state), state_names)


class _Matchers:
    """spaCy blank("en") tokenizer and PhraseMatchers, built once per process."""

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        vocab = _vocabulary()
        places = _places()
        self.topic = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.topic_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.language = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.city = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.state = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        make = self.nlp.make_doc
        self.topic.add("BLOCK", [make(p) for p in vocab.not_topics])
        by_topic: dict[str, list[str]] = defaultdict(list)
        for phrase, key in vocab.phrase_to_topic.items():
            by_topic[key].append(phrase)
        for key, phrases in by_topic.items():
            cased = [v for p in phrases if "." in p for v in (p.upper(), p.title())]
            self.topic.add(key, [make(p) for p in phrases + cased])
        for phrase, key in vocab.exact_to_topic.items():
            self.topic_exact.add(key, [make(phrase)])
        for code, names in LANGUAGES.items():
            self.language.add(code, [make(_norm_phrase(n)) for n in names])
        names = [k for k, (_, count) in places.cities.items() if count >= KNOWN_CITY_ZIPS]
        # Tokens depend on case ("St. Louis" is two tokens, "st. louis" three): both forms.
        names += [n.title() for n in names if "." in n]
        self.city.add("CITY", list(self.nlp.tokenizer.pipe(names)))
        self.city.add("ALIAS", [make(a) for a in CITY_ALIASES])
        self.city_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.city_exact.add("ALIAS", [make(a) for a in _CASED_CITY_ALIASES])
        self.state.add("STATE", [make(v) for n in places.state_names
                                 for v in ((n, n.upper()) if "." in n else (n,))])


_lock = threading.Lock()
_matchers: _Matchers | None = None


def _get_matchers() -> _Matchers:
    global _matchers
    with _lock:
        if _matchers is None:
            _matchers = _Matchers()
        return _matchers


def warm_up() -> None:
    """Load every table now (a pipeline component calls this at load, not on a message)."""
    _get_matchers()


# --- the parse ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """What `read` makes of a text: the entities, and the words it judged NOT to be one.

    `rejected` holds (entity type, start, end) of words that look like an entity of that type
    but are not, in their context ("free" in "i'm free on weekends", "mobile" in "mobile
    phlebotomy", "childcare" in "childcare for my kids"); type "*" for any type (a phone
    number). A model that tags those words should be overruled.
    """

    found: list[Found]
    rejected: list[tuple[str, int, int]]


@dataclass(frozen=True)
class _Candidate:
    entity: str
    value: str | None   # None: a blocker or a rejection, yields no entity
    start: int
    end: int
    rank: int           # lower wins among equally long candidates
    claims: bool = True  # False: a rejection, noted but not taking the words from others


def _reject(entity: str, start: int, end: int) -> _Candidate:
    return _Candidate(entity, None, start, end, 99, claims=False)


_RANK = {"cost": 0, "location_zip": 0, "program_format": 1, "schedule": 2, "language": 3,
         "occupation": 4, "location": 5}


def parse(text: str | None) -> list[Found]:
    """Every search entity in text, in reading order; one per (type, value)."""
    return read(text).found


def read(text: str | None) -> Reading:
    """The entities of text and the look-alikes it rejected (see `Reading`)."""
    if not text or not isinstance(text, str):
        return Reading([], [])
    window = text[:MAX_CHARS]
    cased = fold(window)
    low = lower_same_length(cased)
    matchers = _get_matchers()
    doc = matchers.nlp.make_doc(cased)
    candidates: list[_Candidate] = []
    candidates += _phones(low)
    candidates += _money(low)
    candidates += _zips(low)
    candidates += _formats(low)
    candidates += _schedules(low)
    candidates += _languages(doc, low, cased, matchers)
    candidates += _topic_phrases(doc, matchers)
    candidates += _cities(doc, low, cased, matchers)
    candidates += _fuzzy_phrases(doc)
    chosen = _resolve([c for c in candidates if c.claims])
    chosen += _fuzzy_topics(doc, chosen)
    found: list[Found] = []
    seen: set[tuple[str, str]] = set()
    for item in sorted(chosen, key=lambda c: c.start):
        if item.value is None or (item.entity, item.value) in seen:
            continue
        seen.add((item.entity, item.value))
        found.append(Found(item.entity, item.value, item.start, item.end))
    rejected = [(c.entity, c.start, c.end) for c in candidates if c.value is None]
    return Reading(found, rejected)


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then by rank: keep the candidates that overlap nothing kept already."""
    taken = [False] * (max((c.end for c in candidates), default=0) + 1)
    kept: list[_Candidate] = []
    for item in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(taken[item.start:item.end]):
            continue
        for i in range(item.start, item.end):
            taken[i] = True
        kept.append(item)
    return kept


def _phones(low: str) -> list[_Candidate]:
    return [_Candidate("*", None, m.start(), m.end(), -1) for m in _PHONE.finditer(low)]


def _to_dollars(amount: str, thousands: str | None) -> str | None:
    try:
        value = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        return None
    if thousands:
        value *= 1000
    whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return str(whole) if 0 <= whole < 1_000_000 else None


def _money(low: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    spans: list[tuple[int, int]] = []
    for m in _MONEY.finditer(low):
        amount, k = (m.group("a1"), m.group("k1")) if m.group("a1") else (m.group("a2"),
                                                                         m.group("k2"))
        end = m.end()
        tail = _RANGE_TAIL.match(low[end:])
        if tail and not m.group("a2"):  # "$200-$500", "$200 to 500": the top of the range
            amount, k, end = tail.group("a"), tail.group("k") or k, end + tail.end()
        value = _to_dollars(amount, k)
        if value is None or _WAGE_AFTER.match(low[end:end + 20]):
            found.append(_reject("cost", m.start(), end))
            spans.append((m.start(), end))
            continue
        if value == "0":
            value = "free"
        found.append(_Candidate("cost", value, m.start(), end, _RANK["cost"]))
        spans.append((m.start(), end))
    for m in _BARE_AMOUNT.finditer(low):
        if any(s <= m.start() < e for s, e in spans):
            continue
        before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 20]
        if _NOT_MONEY_AFTER.match(after) or _WAGE_AFTER.match(after):
            found.append(_reject("cost", m.start(), m.end()))  # "10 miles", "3 kids"
            continue
        if not (_CEILING_BEFORE.search(before) or _CEILING_AFTER.match(after)):
            continue
        if re.search(r"\bbetween\s*$", before):
            continue
        value = _to_dollars(m.group("a"), m.group("k"))
        if value is None or value == "0" or len(m.group("a").replace(",", "")) > 6:
            continue
        found.append(_Candidate("cost", value, m.start(), m.end(), _RANK["cost"]))
    for m in re.finditer(rf"\bbetween\s*\$?\s*{_AMOUNT}\s*(?:and|y|-)\s*\$?\s*(?P<a>{_AMOUNT})"
                         rf"(?:\s?(?P<k>k)\b)?", low):
        value = _to_dollars(m.group("a"), m.group("k"))
        if value and not _NOT_MONEY_AFTER.match(low[m.end():m.end() + 20]):
            found.append(_Candidate("cost", value, m.start(), m.end(), _RANK["cost"]))
    for m in _FREE.finditer(low):
        before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 30]
        word = m.group(0)
        if (word == "free" and (_NOT_FREE_BEFORE.search(before) or _NOT_FREE_AFTER.match(after))
                or _NEGATION_BEFORE.search(before) and not word.startswith(("no", "sin",
                                                                            "without"))):
            found.append(_reject("cost", m.start(), m.end()))  # "i'm free", "not free"
            continue
        if ("afford" in word or "pay" in word) and _AFFORD_MORE.match(after):
            continue
        found.append(_Candidate("cost", "free", m.start(), m.end(), _RANK["cost"]))
    for m in _CHEAP.finditer(low):
        found.append(_Candidate("cost", CHEAP_CEILING, m.start(), m.end(), _RANK["cost"] + 1))
    # A ceiling beats "cheap" and "can't pay much" when both are said.
    if any(c.value not in (None, "free", CHEAP_CEILING) for c in found):
        found = [c for c in found if c.value != CHEAP_CEILING]
    return found


def _zips(low: str) -> list[_Candidate]:
    places = _places()
    found = []
    for m in _ZIP.finditer(low):
        code = m.group("zip")
        before, after = low[max(0, m.start() - 30):m.start()], low[m.end():m.end() + 20]
        if (code not in places.zips or _NOT_ZIP_BEFORE.search(before)
                or _NOT_ZIP_AFTER.match(after) or _NOT_MONEY_AFTER.match(after)):
            found.append(_reject("location", m.start(), m.end()))
            continue
        found.append(_Candidate("location", code, m.start(), m.end(), _RANK["location_zip"]))
    return found


def _formats(low: str) -> list[_Candidate]:
    found = []
    for value, pattern in _FORMAT_PATTERNS:
        for m in pattern.finditer(low):
            before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 20]
            if value == "online" and (_NOT_FORMAT_AFTER.match(after)
                                      or _NEGATION_BEFORE.search(before)):
                found.append(_reject("program_format", m.start(), m.end()))
                continue
            found.append(_Candidate("program_format", value, m.start(), m.end(),
                                    _RANK["program_format"]))
    return found


def _schedules(low: str) -> list[_Candidate]:
    found = []
    for value, pattern in _SCHEDULE_PATTERNS:
        for m in pattern.finditer(low):
            before, after = low[max(0, m.start() - 20):m.start()], low[m.end():m.end() + 20]
            if (_NOT_SCHEDULE_BEFORE.search(before) or _NOT_SCHEDULE_AFTER.match(after)
                    or value != "part_time"
                    and re.search(r"\b(?:not|no|except|but not)\s+$", before)):
                found.append(_reject("schedule", m.start(), m.end()))
                continue
            found.append(_Candidate("schedule", value, m.start(), m.end(), _RANK["schedule"]))
    return found


def _word_before(low: str, start: int, words: int = 1) -> str:
    return " ".join(_TOKEN.findall(low[max(0, start - 60):start])[-words:])


def _word_after(low: str, end: int) -> str:
    after = _TOKEN.findall(low[end:end + 40])
    return after[0] if after else ""


def _languages(doc: Any, low: str, cased: str, matchers: _Matchers) -> list[_Candidate]:
    found = []
    for match_id, a, b in matchers.language(doc):
        code = matchers.nlp.vocab.strings[match_id]
        span = doc[a:b]
        start, end = span.start_char, span.end_char
        word = low[start:end]
        after = _word_after(low, end)
        before = _word_before(low, start)
        if (after in _NOT_LANGUAGE_AFTER
                or word in _ONLY_CAPITALISED_LANGUAGES and not cased[start].isupper()
                or word in ("creole", "haitian") and before in ("louisiana", "cajun", "cape")
                # "explain it in plain english": a way of speaking, not a class
                or before in ("plain", "simple", "easy", "basic")
                # "i don't speak english": not the language wanted
                or _NEGATION_BEFORE.search(low[max(0, start - 40):start])):
            found.append(_reject("language", start, end))
            found.append(_reject("occupation", start, end))
            continue
        if code == "en" and not (before in _SPEAK_CUES or after in
                                 ("speaking", "speaker", "speakers", "only", "language")):
            # English as a subject: an English class (ESL), not the language of teaching.
            found.append(_Candidate("occupation", "esl", start, end, _RANK["language"]))
            continue
        found.append(_Candidate("language", code, start, end, _RANK["language"]))
    return found


def _topic_phrases(doc: Any, matchers: _Matchers) -> list[_Candidate]:
    vocab = _vocabulary()
    found = []
    for matcher in (matchers.topic, matchers.topic_exact):
        for match_id, a, b in matcher(doc):
            key = matchers.nlp.vocab.strings[match_id]
            span = doc[a:b]
            value = None if key == "BLOCK" else key
            if value and span.text.lower() in vocab.needs_context and not _in_context(doc, a, b):
                value = None  # "childcare for my kids": claims the words, names no topic
            found.append(_Candidate("occupation", value, span.start_char, span.end_char,
                                    _RANK["occupation"]))
    return found


def _in_context(doc: Any, a: int, b: int) -> bool:
    """A word about learning or work among the 3 words before or the 2 after tokens a..b."""
    words = _vocabulary().context_words
    near = [t.lower_ for t in doc[max(0, a - 3):a]] + [t.lower_ for t in doc[b:b + 2]]
    return any(w in words for w in near)


def _state_at(doc: Any, i: int, states: list[tuple[int, int, str]]) -> tuple[int, str] | None:
    """(end token, code) of a state named at token i, if any."""
    for a, b, code in states:
        if a == i:
            return b, code
    token = doc[i] if i < len(doc) else None
    if token is None:
        return None
    word = token.text
    plain = word.replace(".", "")
    if len(plain) == 2 and plain.upper() in STATES:
        after_comma = i > 0 and doc[i - 1].text == ","
        # Step 1 only keeps it when a city of that state comes right before ("detroit mi").
        if plain.isupper() or after_comma or plain.lower() not in _NEVER_LOWER_STATES:
            return i + 1, plain.upper()
    return None


def _cue_before(low: str, start: int) -> str:
    """'strong', 'weak' or '' for the words right before a place name."""
    before = low[max(0, start - 30):start]
    before = re.sub(r"\b(?:the|downtown|el|la|los|las)\s*$", "", before.rstrip()).rstrip()
    before = re.sub(r"[,:]$", "", before).rstrip()
    for cue in _STRONG_CUES:
        if before.endswith(cue) and not before[:-len(cue)][-1:].isalnum():
            return "strong"
    words = _TOKEN.findall(before)
    if words and words[-1] in _WEAK_CUES:
        return "weak"
    return ""


def _capitalised(cased: str, start: int, end: int) -> bool:
    words = [w for w in re.split(r"[\s-]+", cased[start:end]) if w]
    if not words or cased.upper() == cased:
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in ("of", "de", "la", "del"))


def _cities(doc: Any, low: str, cased: str, matchers: _Matchers) -> list[_Candidate]:
    places = _places()
    found: list[_Candidate] = []
    states = []
    for _, a, b in matchers.state(doc):
        states.append((a, b, places.state_names[low[doc[a].idx:doc[b - 1].idx
                                                    + len(doc[b - 1])]]))
    # 1. "City, ST" / "City State": any city of that state, the longest name first.
    for i in range(len(doc)):
        state = _state_at(doc, i, states)
        if state is None or i == 0:
            continue
        state_end, code = state
        k = i - 1
        comma = doc[k].text == ","
        if comma:
            k -= 1
        names = places.by_state.get(code, {})
        for n in (4, 3, 2, 1):
            a = k - n + 1
            if a < 0:
                continue
            start, end = doc[a].idx, doc[state_end - 1].idx + len(doc[state_end - 1])
            name = " ".join(low[doc[a].idx:doc[k].idx + len(doc[k])].replace(".", " ")
                            .replace("-", " ").split())
            city = names.get(name) or names.get(_norm_phrase(name))
            if city is None:
                continue
            wordlike = doc[i].text.lower() in _WORDLIKE_CODES and len(doc[i].text) == 2
            if (name in AMBIGUOUS_CITIES and wordlike and not comma
                    and not doc[i].text.isupper()):
                break
            found.append(_Candidate("location", f"{city}, {code}", start, end,
                                    _RANK["location"] - 1))
            break
    # 2. A city name alone.
    for matcher, cased_alias in ((matchers.city, False), (matchers.city_exact, True)):
        for match_id, a, b in matcher(doc):
            kind = matchers.nlp.vocab.strings[match_id]
            start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
            name = low[start:end]
            cue = _cue_before(low, start)
            after = _word_after(low, end)
            if after in _LOCATION_AFTER:
                cue = "strong"
            if cased_alias:
                if cue:
                    value = _CASED_CITY_ALIASES[cased[start:end]]
                    found.append(_Candidate("location", value, start, end, _RANK["location"]))
                else:
                    found.append(_reject("location", start, end))
                continue
            if kind == "ALIAS":
                found.append(_Candidate("location", CITY_ALIASES[name], start, end,
                                        _RANK["location"]))
                continue
            key = " ".join(name.replace(".", " ").replace("-", " ").split())
            canonical, count = places.cities.get(key) or places.cities.get(name) or ("", 0)
            if not canonical:
                continue
            capital = _capitalised(cased, start, end)
            if key in AMBIGUOUS_CITIES:
                ok = cue == "strong" or (cue == "weak" and capital and low[start - 3:start]
                                         .strip() not in ("by",))
            else:
                ok = (bool(cue) or capital or count >= LARGE_CITY_ZIPS or " " in key)
            if ok:
                found.append(_Candidate("location", canonical, start, end, _RANK["location"]))
            else:
                found.append(_reject("location", start, end))
    return found


def _fuzzy_topics(doc: Any, chosen: list[_Candidate]) -> list[_Candidate]:
    """One-word topics typed with a typo ("phlebotmy", "welsing"), on words nothing else took."""
    vocab = _vocabulary()
    taken = [(c.start, c.end) for c in chosen]
    found = []
    for token in doc:
        word = token.lower_
        if len(word) < FUZZY_MIN_WORD or not word.isalpha() or word in vocab.not_typos:
            continue
        start, end = token.idx, token.idx + len(token)
        if any(s < end and start < e for s, e in taken):
            continue
        key = fuzzy_topic(word)
        if key:
            found.append(_Candidate("occupation", key, start, end, _RANK["occupation"]))
    return found


def _fuzzy_phrases(doc: Any) -> list[_Candidate]:
    """Phrases of 2-4 words with one word misspelt ("customer servce"): one edit, same first
    letter, the other words exact. Longer than a one-word phrase inside them, they win."""
    found = []
    for n in (2, 3, 4):
        for a in range(len(doc) - n + 1):
            words = [t.lower_ for t in doc[a:a + n]]
            if not all(w.isalpha() for w in words):
                continue
            key = fuzzy_phrase(words)
            if key:
                span = doc[a:a + n]
                found.append(_Candidate("occupation", key, span.start_char, span.end_char,
                                        _RANK["occupation"]))
    return found


def fuzzy_phrase(words: list[str]) -> str | None:
    """The topic of a 2-4 word phrase typed with one misspelt word, or None."""
    vocab = _vocabulary()
    if " ".join(words) in vocab.phrase_to_topic:
        return None  # exact: the phrase matcher has it
    for i, word in enumerate(words):
        if len(word) < FUZZY_MIN_WORD - 1 or word in vocab.not_typos:
            continue
        pattern = tuple(words[:i] + ["?"] + words[i + 1:])
        for target, key in vocab.fuzzy_multi.get((pattern, i), ()):
            if (target[0] == word[0] and target != word
                    and OSA.distance(word, target, score_cutoff=1) <= 1):
                return key
    return None


def fuzzy_topic(word: str) -> str | None:
    """The topic a one-word typo most likely means: same first letter, one edit (two from 10
    letters on), and not a real word listed in `not_typos`."""
    vocab = _vocabulary()
    word = lower_same_length(fold(word))
    if word in vocab.phrase_to_topic and " " not in word:
        return vocab.phrase_to_topic[word]
    if word in vocab.not_typos or len(word) < FUZZY_MIN_WORD:
        return None
    limit = 1 if len(word) < FUZZY_TWO_EDITS else 2
    best: tuple[int, str] | None = None
    for phrase, key in vocab.fuzzy_words.items():
        if phrase[0] != word[0] or abs(len(phrase) - len(word)) > limit:
            continue
        distance = OSA.distance(word, phrase, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, key)
    return best[1] if best else None


# --- normalising values from elsewhere ----------------------------------------------------
def normalise(entity: str, text: str | None) -> str | None:
    """The canonical value of an entity tagged by something else (the tagger, a button), or None.

    Stricter than `parse` where context is missing: a city name that is an everyday word
    ("reading") counts only capitalised or with its state.
    """
    if text is None:
        return None
    text = " ".join(str(text).split())[:200]
    if not text:
        return None
    low = lower_same_length(fold(text)).strip(" .,!?;:")
    handler = _NORMALISERS.get(entity)
    return handler(text, low) if handler else None


def _norm_location(text: str, low: str) -> str | None:
    places = _places()
    zip_match = re.fullmatch(r"(\d{5})(?:-\d{4})?", low)
    if zip_match:
        return zip_match.group(1) if zip_match.group(1) in places.zips else None
    if low in CITY_ALIASES:
        return CITY_ALIASES[low]
    if text.strip() in _CASED_CITY_ALIASES:
        return _CASED_CITY_ALIASES[text.strip()]
    state_code = None
    city_part = low
    m = re.fullmatch(r"(.+?)[,\s]+([a-z][a-z .]*)", low)
    if m:
        tail = m.group(2).strip()
        code = places.state_names.get(tail) or (tail.upper() if tail.replace(".", "").upper()
                                                in STATES and len(tail.replace(".", "")) == 2
                                                else None)
        if code:
            code = code.replace(".", "")
            key = " ".join(m.group(1).replace(".", " ").replace("-", " ").split())
            city = places.by_state.get(code, {}).get(key)
            if city:
                return f"{city}, {code}"
            state_code = code
            city_part = key
    key = " ".join(city_part.replace(".", " ").replace("-", " ").split())
    if key not in places.cities:
        key = re.sub(r"^(?:the|el|la|los|las|downtown|in|en|near|around|cerca de) ", "", key)
    known = places.cities.get(key)
    if state_code is None and key in places.state_names and (
            known is None or known[1] < LARGE_CITY_ZIPS):
        return None  # a state alone is not a location here ("New York" is also a city)
    if known is None or known[1] < KNOWN_CITY_ZIPS and state_code is None:
        return None
    if key in AMBIGUOUS_CITIES and not _capitalised(fold(text), 0, len(key)):
        return None
    return known[0]


def _norm_cost(text: str, low: str) -> str | None:
    if low in ("free", "gratis"):
        return "free"
    if re.fullmatch(r"\d{1,6}", low):
        return low.lstrip("0") or "free"
    for item in _money(low):
        if item.value:
            return item.value
    m = re.fullmatch(rf"\$?\s*(?P<a>{_AMOUNT})\s*(?P<k>k)?", low)
    if m:
        value = _to_dollars(m.group("a"), m.group("k"))
        return "free" if value == "0" else value
    return None


def _norm_schedule(text: str, low: str) -> str | None:
    key = low.replace("-", "_").replace(" ", "_")
    if key in SCHEDULES:
        return key
    if key in ("day", "days", "day_time"):
        return "daytime"
    for value, pattern in _SCHEDULE_PATTERNS:
        if pattern.search(low):
            return value
    return None


def _norm_language(text: str, low: str) -> str | None:
    if low in LANGUAGES:
        return low
    words = re.sub(r"^(?:in|en|el|la)\s+", "", low)
    for code, names in LANGUAGES.items():
        if words in (_norm_phrase(n) for n in names):
            return code
    return None


def _norm_occupation(text: str, low: str) -> str | None:
    vocab = _vocabulary()
    if low in vocab.topics:
        return low
    phrase = " ".join(low.replace("-", " ").split())
    for candidate in (phrase, phrase + ".", re.sub(r"\s+(?:classes|class|course|courses|training|"
                                          r"program|programs|school|clases|curso|cursos)$",
                                          "", phrase)):
        if candidate in vocab.phrase_to_topic:
            return vocab.phrase_to_topic[candidate]
    if fold(text).strip() in vocab.exact_to_topic:
        return vocab.exact_to_topic[fold(text).strip()]
    if phrase in ("english", "ingles"):
        return "esl"
    if " " not in phrase and phrase.isalpha():
        return fuzzy_topic(phrase)
    if 2 <= len(phrase.split()) <= 4:
        return fuzzy_phrase(phrase.split())
    return None


def _norm_format(text: str, low: str) -> str | None:
    key = low.replace("-", "_").replace(" ", "_")
    if key in FORMATS:
        return key
    for value, pattern in _FORMAT_PATTERNS:
        if pattern.search(low):
            return value
    return None


_NORMALISERS = {
    "location": _norm_location,
    "cost": _norm_cost,
    "schedule": _norm_schedule,
    "language": _norm_language,
    "occupation": _norm_occupation,
    "program_format": _norm_format,
}


def is_valid(entity: str, value: str) -> bool:
    """True when value is already a canonical value of that entity type."""
    return normalise(entity, value) == value

"""Deterministic crisis safety net: danger from another person, self-harm, being held, "help now".

It runs on every message, beside the NLU crisis intent, so a crisis is never missed because
one classifier was unsure. A false alarm costs a person one extra message with hotline
numbers; a miss can cost far more; but a net that fires on "this heat is killing me" makes
the assistant unusable. So it works in four steps:

1. **Normalise** (`normalize`): lowercase, accents and odd quotes away, letter runs squeezed.
2. **Canonical words** (`canonical_words`): contractions written out ("im" -> "i am",
   "gonna" -> "going to", "hell kill" -> "he will kill"), phone spellings and voice-to-text
   slips mapped ("kms", "scarred", "brake in", "out side", "his going to"), and near-miss
   typos of a small lexicon of key words corrected with rapidfuzz ("fallowed" -> "followed",
   "threatning" -> "threatening", "sucidal" -> "suicidal"). Common real words near a key word
   ("looked", "shared", "sacred") are protected and never "corrected".
3. **Match**: a spaCy layer (`spacy.blank("en")` vocabulary; `Matcher` token patterns over
   word sets with optional words, e.g. PERSON ... HARM-VERB me; `PhraseMatcher` over fixed
   phrases) and regular expressions over the canonical text, for the rest.
4. **Guards**: idioms are masked first ("killing me with forms", "dying to start"); fear of
   ordinary things ("scared of interviews") is not danger; the past when the person is safe
   now ("he used to hit me but i'm safe now", "i was trafficked years ago") is not a
   crisis; other people's situations ("girls who are being trafficked") are not; and a
   quick-exit request ("he's outside, hide this") is left to the quick exit, which hides
   the chat instead of putting hotline numbers on the screen.

The spaCy pipeline is loaded once, lazily, under a lock (`warm_up()` loads it ahead of the
first message: importing spaCy imports thinc, which imports TensorFlow when it is installed,
as it is here for Rasa: about 3 s and 450 MB in a process that has not loaded it yet). Message words never enter its
vocabulary (unknown words become "_"), so memory stays flat and nothing a person wrote is
kept. If spaCy cannot be loaded the regular expressions still run.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrisisMatch:
    """Why a message was flagged: the category and the matched words."""

    category: str
    matched: str


SELF_HARM = "self_harm"
THREAT = "threat"
DANGER_NOW = "danger_now"
TRAFFICKING_NOW = "trafficking_now"
_PRIORITY = {SELF_HARM: 0, THREAT: 1, TRAFFICKING_NOW: 2, DANGER_NOW: 3}

# ---------------------------------------------------------------------------------------
# Step 1: normalisation
# ---------------------------------------------------------------------------------------

# Emoji that carry meaning here; everything else non-alphanumeric becomes a space.
_EMOJI = {
    "\U0001f198": " sos ",  # SOS button
    "\U0001f62d": " _distress ",  # loudly crying face
    "\U0001f622": " _distress ",  # crying face
    "\U0001f630": " _distress ",  # anxious face with sweat
    "\U0001f631": " _distress ",  # face screaming in fear
    "\U0001f628": " _distress ",  # fearful face
    "\U0001f6a8": " _distress ",  # police car light
}


def normalize(text: str) -> str:
    """Lowercase, strip accents and odd quotes, squeeze long letter runs ("helppp" -> "helpp")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w'\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------
# Step 2: canonical words
# ---------------------------------------------------------------------------------------

_APOSTROPHES = [
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), " is"),
    (re.compile(r"'"), ""),
]

# One word as typed -> its canonical words (contractions, phone spellings, voice slips).
_EXPAND: dict[str, str] = {
    "im": "i am", "iam": "i am", "ima": "i am going to", "imma": "i am going to",
    "ive": "i have", "hes": "he is", "shes": "she is", "theyre": "they are", "youre": "you are",
    "thats": "that is", "whats": "what is", "its": "it is", "theres": "there is",
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not",
    "cannot": "can not", "wont": "will not", "isnt": "is not", "arent": "are not",
    "wasnt": "was not", "werent": "were not", "aint": "is not", "couldnt": "could not",
    "wouldnt": "would not", "shouldnt": "should not", "havent": "have not", "hasnt": "has not",
    "hadnt": "had not", "dnt": "do not", "cnt": "can not",
    "gonna": "going to", "gona": "going to", "gunna": "going to", "gonan": "going to",
    "goona": "going to", "finna": "going to", "gon": "going to", "goin": "going",
    "boutta": "about to", "bout": "about", "tryna": "trying to", "trynna": "trying to",
    "wanna": "want to", "wana": "want to", "wnna": "want to", "wnt": "want", "whant": "want",
    "gotta": "got to", "hafta": "have to", "lemme": "let me", "gimme": "give me",
    "theyll": "they will", "youll": "you will", "itll": "it will", "hed": "he would",
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "plis": "please",
    "pleas": "please", "b": "be", "tok": "took", "tooke": "took", "tuk": "took", "takin": "taking",
    "beet": "beat", "leve": "leave", "leav": "leave", "trapt": "trapped", "ther": "there",
    "sez": "says", "sayz": "says", "beeing": "being", "bein": "being", "wnat": "want", "bd": "daddy", "mans": "man", "plez": "please", "pleae": "please", "rn": "right now",
    "idk": "i do not know", "dunno": "do not know", "noone": "no one", "smth": "something",
    "sumthin": "something", "somethin": "something", "sum1": "someone", "some1": "someone",
    "sumone": "someone", "ppl": "people", "bf": "boyfriend", "hubby": "husband",
    "cops": "police", "cop": "police", "popo": "police", "policeman": "police",
    "kms": "kill myself", "meself": "myself", "myslf": "myself", "kil": "kill", "kll": "kill",
    "kiled": "killed", "kild": "killed", "hurd": "hurt", "hert": "hurt", "hrt": "hurt",
    "scarred": "scared", "scard": "scared", "skared": "scared", "scaired": "scared",
    "sacred": "scared", "terified": "terrified", "brake": "break", "braking": "breaking",
    "tonite": "tonight", "2nite": "tonight", "2night": "tonight", "nite": "night",
    "cuz": "because", "coz": "because", "bc": "because", "cause": "because",
    "thru": "through", "tho": "though", "wit": "with", "w": "with", "n": "and",
    "sucide": "suicide", "suiside": "suicide", "suicde": "suicide", "sucidal": "suicidal",
    "suicidle": "suicidal", "od": "overdose", "oded": "overdosed",
    "pils": "pills", "pillz": "pills", "nowere": "nowhere", "nowher": "nowhere",
    "emergancy": "emergency", "emergncy": "emergency", "emergecy": "emergency",
    "helo": "hello", "halp": "help", "hlp": "help", "hepl": "help", "hekp": "help",
    "dyin": "dying", "ded": "dead", "fallowing": "following", "fallowed": "followed",
    "fallow": "follow", "chocked": "choked", "chocking": "choking", "choaked": "choked",
    "trafficed": "trafficked", "traficked": "trafficked", "trafiked": "trafficked",
    "traffiked": "trafficked", "pimpin": "pimping", "passprt": "passport",
    "outsid": "outside", "outsde": "outside", "outide": "outside",
    "ayudenme": "ayudame", "ayudeme": "ayudame", "ayudem": "ayudame", "xq": "porque",
}

# Two or three words as typed -> one canonical word.
_MERGE: dict[tuple[str, ...], str] = {
    ("out", "side"): "outside", ("my", "self"): "myself", ("my", "sell"): "myself",
    ("some", "one"): "someone", ("some", "body"): "somebody", ("no", "where"): "nowhere",
    ("no", "were"): "nowhere", ("any", "more"): "anymore", ("to", "night"): "tonight",
    ("nine", "one", "one"): "911", ("9", "1", "1"): "911", ("un", "alive"): "unalive",
    ("over", "dose"): "overdose", ("over", "dosed"): "overdosed", ("case", "manager"): "casemanager",
    ("case", "worker"): "caseworker", ("primeros", "auxilios"): "firstaid",
    ("first", "aid"): "firstaid", ("self", "harm"): "selfharm", ("self", "harming"): "selfharm",
    ("sos", "sos"): "sos", ("nine", "eleven"): "911", ("my", "shelf"): "myself", ("s", "o", "s"): "sos", ("hacer", "dano"): "hacerdano",
}

# "hell kill me" is "he'll kill me", "his going to" is "he's going to", and so on: the
# word is read as a contraction only before the words that make that reading certain.
_WILL_VERBS = frozenset(
    "kill hurt find come beat hit take sell make do be get know never not see shoot stab rape "
    "send post show tell break burn cut choke end go leave lose murder strangle punch slap "
    "kick drag kidnap take put lock keep".split()
)
_BE_NEXT = frozenset(
    "going outside here coming at following looking trying back drunk waiting watching after "
    "banging kicking breaking about in gonna high threatening hurting beating making forcing "
    "selling keeping holding taking pimping moving sending stalking chasing".split()
)
_BEFORE_TO = frozenset("going want wants wanted trying about need needs have has ready used tried".split())
_CONTEXT_CONTRACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "hell": (_WILL_VERBS, "he will"),
    "shell": (_WILL_VERBS, "she will"),
    "ill": (_WILL_VERBS, "i will"),
    "his": (_BE_NEXT, "he is"),
    "their": (_BE_NEXT, "they are"),
    "there": (_BE_NEXT - {"here", "at", "in", "about", "back", "outside"}, "they are"),
    "thier": (_BE_NEXT, "they are"),
}

# Key words whose near-miss spellings are corrected (length >= 5; shorter ones are in _EXPAND).
_LEXICON = frozenset(
    """
    killing killed hurting beating beaten choke choked choking strangle strangled strangling
    stabbed stabbing shoot shooting raped raping punched punching slapped slapping kicked
    kicking burned burning pushed attack attacked attacking threaten threatened threatening
    threatens threats follow following followed stalking stalked stalker chasing chased
    drugged drugging selling forced forcing forces locked trapped traffic trafficked
    trafficking trafficker traffickers bleeding suicide suicidal overdose overdosed overdosing
    scared terrified afraid frightened danger dangerous emergency passport documents papers
    police outside myself pills escape please tonight boyfriend husband somebody someone
    against captive kidnapped hostage knife weapon hiding looking watching breaking banging
    pounding clients customers hurry nowhere anymore existing living alive unalive goodbye
    bridge swallowed cutting murder murdered abusing abused assaulted molested address
    daughter children waiting coming trying making
    matar matarme ayuda ayudame auxilio socorro peligro pegar pegando golpear golpeando
    golpeo violaron encerrada encerrado pasaporte siguiendo morir morirme suicidarme
    obligan amenazo amenaza amenazan asustada asustado policia buscando afuera
    """.split()
)

# Real words near a key word: never "corrected" ("looked" is not "locked", "policy" is not
# "police", "auxiliar" de enfermeria is a job, not "auxilio"). Found by comparing the lexicon
# with textstat's English and Spanish easy-word lists and their inflections, then by hand.
_PROTECTED = frozenset(
    """
    alike alice amused amusing ajustada ajustado attach attached attaching auxiliar
    auxiliares bagging banking banning batting beading beaming bearing beater beeping
    belting betting bleeping blending boating breeding bride buried burner burped burying
    cased casing changing charging chaste chatting chore chose coding combing cooked
    cooking coping dancer dander emergence exciting exiting fellow fellows forked formed
    forming hiking hiring hunting hurling kicker killer lacked licked liking lining locker
    looked loving marking masking mating pagando pagar piles pinched pinching pointing
    policy polite polls pouring pulls punished raced racing raged raging raked raking
    rapped rapper rapping rated rating razed reaped roped roping scarce scored sealing
    settling shared shook shooing shopping short shout shouting sintiendo sirviendo
    sleeping slipped slipping slopped smelling snapped snapping spelling stacked stacking
    staked staking stalled stalling stamping standing starting starving stealing stocked
    stocking stoked strange stranger strangers striking stubbed sulking swelling tapped
    terrific threads throats treats tripped wanting washing wasting watering whiting
    writing
    """.split()
)
# Frequent short words, never corrected (the lexicon's near neighbours among them are above).
_COMMON = frozenset(
    """
    a about above after again against all almost also always am an and any anyone are
    around as at away back be because been before being below between both but by came can
    come could did do does doing done down during each either else even ever every few for
    from get gets getting give go goes going gone got had has have having he her here hers
    herself him himself his how however i if in into is it its itself just keep know last
    later least less let like made make many may me might mine more most much must my
    never new next no nor not now of off often on once one only or other others our ours
    out over own please put rather really said same say says see seem she should since so
    some still such take than thank thanks that the their theirs them then there these they
    thing things think this those though through thus to today together too under until up
    upon us very want was way we well were what whatever when where whether which while who
    whole whom whose why will with within without would yet you your yours yourself
    hello hi hey okay ok yes yeah nope sure maybe sorry good great fine nice cool bye
    morning night evening afternoon tomorrow yesterday week month year years
    where which would could should their there these those about after other
    """.split()
)
# Words that are never fuzzy-corrected even if unknown to the lists above.
_NO_FUZZ_PREFIXES = ("http", "www")


def _fuzzy_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for word in _LEXICON:
        table.setdefault(word[0], []).append(word)
    return {k: tuple(sorted(v)) for k, v in table.items()}


_FUZZY_BY_INITIAL = _fuzzy_table()


def _correct(word: str, known: frozenset[str]) -> str:
    """The canonical spelling of one word: known as is, else a repaired near-miss, else itself."""
    if word in _EXPAND:
        return _EXPAND[word]
    if word in known or word in _PROTECTED or not word.isalpha():
        return word
    single = re.sub(r"(.)\1+", r"\1", word)  # "kiill" -> "kil", "helpp" -> "help"
    if single != word:
        if single in known or single in _LEXICON:
            return single
        if single in _EXPAND:
            return _EXPAND[single]
    if word.endswith("in") and word + "g" in known:  # "hurtin" -> "hurting"
        return word + "g"
    if word.endswith("in") and len(word) >= 5:
        fixed = _fuzzy(word + "g")  # "choakin" -> "choking"
        if fixed != word + "g":
            return fixed
    if len(word) in (3, 4):
        return _SHORT_SWAPS.get(word, word)  # "wnat" -> "want", "hrut" -> "hurt"
    if len(word) < 5 or word.startswith(_NO_FUZZ_PREFIXES):
        return word
    return _fuzzy(word)


def _fuzzy(word: str) -> str:
    candidates = _FUZZY_BY_INITIAL.get(word[0])
    if not candidates:
        return word
    limit = 1 if len(word) < 8 else 2
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
    if best is not None and abs(len(best[0]) - len(word)) <= 2:
        return best[0]
    return word


def _swaps(words: str) -> dict[str, str]:
    """Adjacent-letter swaps of short key words ("wnat", "kiil"), minus real words."""
    table: dict[str, str] = {}
    for word in words.split():
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped != word and swapped not in _SHORT_REAL:
                table[swapped] = word
    return table


_SHORT_REAL = frozenset("beta gnu ide".split())  # real words among those swaps
_SHORT_SWAPS = _swaps("want kill hurt help safe dead beat rape stab shot took said gun die hit cut")


def _expand_apostrophes(text: str) -> str:
    for pattern, replacement in _APOSTROPHES:
        text = pattern.sub(replacement, text)
    return text


def canonical_words(normalized: str) -> list[str]:
    """The canonical words of a normalised message (see the module's docstring)."""
    raw = _expand_apostrophes(normalized).split()
    # Merge split words ("out side", "my self", "nine one one").
    merged: list[str] = []
    i = 0
    while i < len(raw):
        for size in (3, 2):
            key = tuple(raw[i : i + size])
            if len(key) == size and key in _MERGE:
                merged.append(_MERGE[key])
                i += size
                break
        else:
            merged.append(raw[i])
            i += 1
    words: list[str] = []
    for word in merged:
        words.extend(_correct(word, _KNOWN).split())
    # Context contractions: "hell kill" -> "he will kill", "his going" -> "he is going".
    out: list[str] = []
    for index, word in enumerate(words):
        if word in {"too", "2", "two"} and index and words[index - 1] in _BEFORE_TO:
            out.append("to")
            continue
        rule = _CONTEXT_CONTRACTIONS.get(word)
        following = words[index + 1] if index + 1 < len(words) else ""
        if rule is not None and following in rule[0]:
            out.extend(rule[1].split())
        else:
            out.append(word)
    return out


# ---------------------------------------------------------------------------------------
# Step 3: word sets, token patterns, phrases, regular expressions
# ---------------------------------------------------------------------------------------


def _set(text: str) -> list[str]:
    return sorted(set(text.split()))


# People who may be a danger, as survivors write them ("you" is the assistant: not here).
PERSON = _set(
    "he she they him them someone somebody people man men guy guys dude pimp pimps daddy "
    "trafficker traffickers boyfriend husband ex partner boss owner bosses john johns client "
    "clients dad father stepdad stepfather uncle brother cousin gang family landlord manager "
    "madam mamasan lady woman women captor captors abuser kidnapper kidnappers car van truck who"
)
# Who may hold a person's papers against them (a parent keeping a passport is ordinary).
PERSON_HOLDER = sorted(set(PERSON) - set("dad father stepdad stepfather uncle brother cousin family".split()))
# Words that may stand between a person and what they do ("he said if i leave he will").
FILLER = _set(
    "is are was were am be been being will would going to about trying try tries wants want "
    "wanted said says say told tells me he she they just really definitely probably actually "
    "literally keeps keep kept gets get got has have had already again also even might may "
    "could can finna threatened threatening threatens swears swore promised promises and "
    "that if i leave go talk tell run do does still now then come coming back home when "
    "tonight gonna so up right here over finally ever for sure gonna always tried live lives "
    "with stay stays"
)
NEGATION = frozenset("not never no".split())
# Violence done to someone, in every form that matters.
HARM = _set(
    "kill kills killing killed murder murders murdered hurt hurts hurting beat beats beating "
    "beaten hit hits hitting stab stabs stabbed stabbing shoot shoots shooting shot rape rapes "
    "raped raping choke chokes choked choking strangle strangles strangled strangling punch "
    "punches punched punching slap slaps slapped slapping kick kicks kicked kicking burn burns "
    "burned burnt burning push pushes pushed pushing attack attacks attacked attacking "
    "drug drugs drugged drugging abuse abuses abused abusing molest molested molesting "
    "torture tortured torturing drown drowned strangle grab grabbed grabbing drag dragged "
    "dragging throw threw throwing smack smacked smacking jump jumped kidnap kidnapped "
    "break broke breaking bite bit stomp stomped suffocate suffocated smother smothered"
)
# Whom: me, us, or "my" + one of these ("hell hurt my daughter", "he broke my arm").
MY_NOUNS = _set(
    "kids kid children child son sons daughter daughters baby babies family mom mother mama "
    "mum dad father sister brother grandma grandmother friend friends boyfriend girlfriend "
    "face arm arms leg legs ribs nose jaw hand hands head neck stomach body eye eyes wrist "
    "throat back teeth tooth lip lips fingers finger ankle shoulder"
)
TARGET = ["me", "us"]
MODAL = _set("will would going gonna want wants trying tries about threatened threatening threatens swears swore promised says said told")
PURSUE = _set(
    "following follows followed stalking stalks stalked chasing chases chased watching "
    "hunting"
)
PRESENCE = _set("outside downstairs upstairs")
FIND = _set("found find finds finding tracked")
TAKE = _set(
    "took take takes taken taking keep keeps kept keeping has have had holding holds hold got "
    "stole steals stolen hides hid hiding burned burnt tore destroyed"
)
DOCS = _set(
    "passport passports id ids papers documents visa card birth certificate license "
    "pasaporte papeles documentos identificacion"
)
SELL = _set(
    "selling sell sells sold pimping pimps trafficking trafficks renting rents posting "
    "posts posted advertising advertises advertise advertised"
)
LET_OBJECT = _set("leave go out outside quit stop call see talk eat sleep rest escape")
SEX_WORK_STRICT = _set(
    "sex clients johns dates tricks customers strangers escort escorting strip stripping "
    "prostitute ads ad track blade street streets corner corners stroll"
)
FEAR = _set(
    "scared afraid terrified frightened petrified scare fear panicking miedo asustada "
    "asustado aterrada aterrado"
)

# Token patterns for spaCy's Matcher, one key per pattern ("harm#0"): its category, its kind
# (what the guards look at) and, when it needs one, the person before it (see `_who`).
_TOKEN_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {}
_CATEGORY_OF_PATTERN: dict[str, str] = {}
_KIND_OF_PATTERN: dict[str, str] = {}
_SUBJECT_OF_PATTERN: dict[str, tuple[frozenset[str], int]] = {}
_FILLER_SET = frozenset(FILLER)
_ANY = {"OP": "?"}  # any one word, or none


def _in(words: list[str] | frozenset[str], op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOWER": {"IN": sorted(words)}}
    if op:
        spec["OP"] = op
    return spec


def _is(word: str, op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOWER": word}
    if op:
        spec["OP"] = op
    return spec


def _who(people: list[str] | None = None, gap: int = 3) -> list[dict[str, Any]]:
    """Marks a pattern as needing a person before it: up to `gap` words of anything
    ("the guy i live with"), then up to five filler words ("said if i leave he will").

    The person is looked for in Python, walking back from the match, not with optional
    tokens in the Matcher: those branch on every word and make long messages slow.
    """
    return [{"_who": (frozenset(people or PERSON), gap)}]


def _token_pattern(name: str, category: str, *patterns: list[dict[str, Any]]) -> None:
    for number, pattern in enumerate(patterns):
        key = f"{name}#{number}"
        _CATEGORY_OF_PATTERN[key] = category
        _KIND_OF_PATTERN[key] = name
        if pattern and "_who" in pattern[0]:
            _SUBJECT_OF_PATTERN[key] = pattern[0]["_who"]
            pattern = pattern[1:]
        _TOKEN_PATTERNS[key] = [pattern]


def _upto(spec: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """n optional copies of spec: a bounded "*" (an unbounded one is slow on long input)."""
    return [{**spec, "OP": "?"}] * n


def _subject_start(words: list[str], start: int, people: frozenset[str], gap: int) -> int | None:
    """Index of the person a match at `start` needs, or None (see `_who`)."""
    others = 0
    for index in range(start - 1, max(-1, start - gap - 6), -1):
        word = words[index]
        if word in people:
            return index
        if word not in _FILLER_SET:
            others += 1
            if others > gap:
                return None
    return None


_MY = _is("my")

# Violence by a person to me/us/my people ("hes gonna kill me", "he hit me again",
# "he said if i leave hell kill my kids", "he broke my arm").
_token_pattern("harm", THREAT,
    [*_who(), _in(HARM), _in(["at", "on"], "?"), _in(TARGET)],
    [*_who(), _in(HARM), _MY, _in(MY_NOUNS)],
    [*_who(), _in(HARM), _in(["up"]), _in(TARGET)],
    [*_who(), _in(["throwing", "threw", "throws", "throw", "pointing", "pointed", "swinging", "swung"]), _ANY, _ANY, _in(["at", "on"]), _in(TARGET)],
    [*_who(), _in(["put", "puts", "putting", "laid", "lays", "laying", "lay"]), _in(["his", "her", "their", "hands"]), _in(["hands", "on"], "?"), _is("on", "?"), _in(TARGET)],
    [*_who(), _in(["forced", "forces", "forcing"]), _in(["himself", "herself", "themselves"]), _is("on"), _in(TARGET)],
)
# Without a person: "going to kill me", "wants to hurt me" (idioms are masked before).
_token_pattern("harm_intent", THREAT,
    [_in(MODAL), _is("to", "?"), _in(HARM), _in(TARGET)],
    [_in(MODAL), _is("to", "?"), _in(HARM), _MY, _in(MY_NOUNS)],
)
# "she said she'll have me beat up", "he got me jumped".
_token_pattern("harm_arranged", THREAT,
    [*_who(), _in(["have", "get", "got", "had"]), _in(TARGET), _in(HARM)],
)
# Following, stalking, looking for me; outside; found me; knows where I live.
_token_pattern("pursuit", THREAT,
    [*_who(), _in(PURSUE), _in(TARGET)],
    [*_who(), _in(PURSUE), _in(["my", "the", "our"]), _in(["house", "door", "place", "apartment", "building", "room", "window", "windows", "car", "home", "street", "job", "work"])],
    [*_who(), _in(["looking", "searching", "coming", "come", "comes", "came", "after", "hunting", "waiting"]), _in(["for", "after"], "?"), _in(TARGET)],
    [*_who(), _in(["showing", "showed", "shows", "show", "turning", "turned", "popping", "popped"]), _is("up"), _in(["at", "to"]), _in(["my", "our", "the"]), _in(["job", "work", "house", "home", "door", "school", "place", "apartment", "room", "window", "shelter", "building", "kids"])],
    [*_who(), _is("not"), _in(["leave", "leaving", "let"]), _in(TARGET), _in(["alone", "be"])],
    [*_who(), _in(["after"]), _in(TARGET)],
    [*_who(), _in(["tracking", "tracked", "tracks"]), _in(TARGET)],
)
_token_pattern("presence", THREAT,
    [_in(PERSON), _in(["is", "are", "still", "again", "now", "right", "just", "waiting", "parked", "standing", "sitting", "hiding"]), *_upto(_in(["is", "are", "still", "again", "now", "right", "just", "waiting", "parked", "standing", "sitting", "hiding"]), 3), _in(PRESENCE)],
    [*_who(), _in(["banging", "pounding", "knocking", "kicking", "breaking", "bangs", "kicked", "broke"]), _in(["on", "in", "down", "at"], "?"), _in(["the", "my", "our"], "?"), _in(["door", "doors", "window", "windows", "in", "down", "into"])],
    [*_who(), _in(["trying", "tries", "try"]), _is("to"), _in(["break", "get", "come", "bust"]), _in(["in", "inside", "into"])],
    [_in(PERSON), _in(["is", "are", "still", "again", "now", "right", "just"]), *_upto(_in(["is", "are", "still", "again", "now", "right", "just"]), 3), _in(["at"]), _in(["the", "my", "our"]), _in(["door", "window", "house", "apartment", "place", "job", "work", "school"])],
)
_token_pattern("found", THREAT,
    [*_who(), _in(FIND), _in(TARGET)],
    [*_who(), _in(FIND), _MY, _in(MY_NOUNS)],
    [*_who(), _in(FIND), _in(["my", "our", "where"]), _in(["new"], "?"), _in(["address", "place", "apartment", "house", "home", "location", "number", "room", "shelter", "i", "we"])],
    [*_who(gap=6), _in(["know", "knows", "knew"]), _is("where"), _in(["i", "we", "my"])],
)
# Threats by words or with a weapon.
_token_pattern("threatened", THREAT,
    [*_who(), _in(["threatened", "threatening", "threatens", "threaten", "threating", "threat"]), _in(TARGET)],
    [*_who(), _in(["threatened", "threatening", "threatens", "threaten", "threating"]), _MY, _in(MY_NOUNS)],
    [_in(["threatened", "threatening", "threatens", "threaten", "threating"]), _is("to"), _in(HARM + ["sell", "take", "post", "send", "show", "leak"])],
    [*_who(), _in(["post", "posting", "send", "sending", "show", "showing", "leak", "share", "sharing", "release"]), _in(["my", "the", "our"]), _in(["pics", "pictures", "photos", "videos", "video", "nudes"])],
)
_token_pattern("weapon", THREAT,
    [*_who(), _in(["has", "have", "got", "had", "pulled", "pulling", "holding", "grabbed", "carrying", "brought", "pointing", "pointed", "with"]), _in(["a", "his", "her", "their", "the", "my"]), _in(["gun", "knife", "weapon", "pistol", "blade", "bat", "machete", "rifle"])],
    [_in(["gun", "knife", "pistol", "blade"]), _in(["to", "at", "on", "against"]), _in(["my", "me"])],
)
# Being held or used right now.
_token_pattern("held_docs", TRAFFICKING_NOW,
    [*_who(PERSON_HOLDER, gap=5), _in(TAKE), _in(["my", "our", "all"]), *_upto(_in(["the", "my", "phone", "money", "keys", "and", "or", "kids", "cards", "car"]), 4), _in(DOCS)],
    [_in(["pimp", "pimps", "trafficker", "traffickers", "daddy", "captor", "captors", "kidnapper"]), _in(["has", "have", "got", "owns", "keeps", "holds"]), _in(TARGET)],
    [*_who(), _is("not"), _in(["give", "giving", "return", "returning"]), _in(["me", "back"], "?"), _in(["back"], "?"), _in(["my", "our"]), *_upto(_in(["the", "my", "phone", "money", "keys", "and", "or", "kids", "cards", "car"]), 4), _in(DOCS)],
)
_token_pattern("held_not_let", TRAFFICKING_NOW,
    [*_who(), _in(["not", "never"]), _in(["let", "lets", "letting", "allow", "allows"]), _in(TARGET), _in(LET_OBJECT)],
    [_in(["not", "never"]), _in(["let", "lets", "letting"]), _in(TARGET), _in(["leave", "go", "out", "outside", "escape"])],
)
_token_pattern("held_locked", TRAFFICKING_NOW,
    [_in(["locked", "lock", "locks", "locking", "trapped", "chained", "tied"]), _in(TARGET, "?"), _in(["in", "inside", "up", "into"])],
    [_in(["i", "we"]), _in(["am", "are"]), *_upto(_in(["still", "now", "just", "being"]), 4), _in(["locked", "trapped", "chained", "tied"])],
    [_in(["i", "we"]), _in(["am", "are"]), *_upto(_in(["still", "now"]), 4), _is("being"), _in(["held", "kept"])],
    [_in(["i", "we"]), _in(["am", "are"]), *_upto(_in(["still", "now", "being"]), 4), _in(["held", "kept"]), _in(["in", "inside", "captive", "hostage", "prisoner", "prisoners", "against", "here", "locked", "at", "by"])],
    [_in(["held", "kept", "keeping", "holding"]), _in(TARGET, "?"), _in(["against", "captive", "hostage", "prisoner", "prisoners"])],
    [*_who(), _in(["lock", "locks", "locked", "locking"]), _in(["the", "my", "our", "all"], "?"), _in(["door", "doors", "room", "rooms", "windows", "gate"])],
)
_token_pattern("sold", TRAFFICKING_NOW,
    [*_who(), _in(SELL), _in(TARGET)],
    [*_who(), _in(["sold", "sell", "selling", "renting", "rented", "gave", "giving", "pimping"]), _in(TARGET), _in(["to", "out", "for"])],
)
_token_pattern("forced", TRAFFICKING_NOW,
    [_in(["force", "forces", "forced", "forcing"]), _in(TARGET), _is("to", "?")],
    [_in(["make", "makes", "making", "made"]), _in(TARGET), _ANY, _ANY, _ANY, _ANY, _in(SEX_WORK_STRICT)],
    [_in(["make", "makes", "making", "made"]), _in(TARGET), _ANY, _ANY, _ANY, _ANY, _is("for"), _is("money")],
    [_in(["make", "makes", "making", "made"]), _in(TARGET), _in(["sleep", "have", "meet", "post", "sell"]), _in(["with", "sex", "myself", "my", "ads", "ad", "pics", "pictures", "photos", "videos", "online", "nudes", "body"])],
    [_in(["i", "we"]), _in(["am", "are", "being"]), *_upto(_in(["am", "are", "being"]), 3), _in(["forced", "made", "sold", "trafficked", "pimped", "prostituted", "used"])],
    [*_who(), _in(["posts", "posting", "posted", "advertises", "advertising", "lists"]), _in(TARGET), _in(["online", "on", "in"])],
)
_token_pattern("takes_money", TRAFFICKING_NOW,
    [*_who(PERSON_HOLDER), _in(["takes", "take", "took", "keeps", "keep", "kept", "taking", "keeping"]), _in(["all", "most", "every"]), _in(["my", "the", "of"]), _in(["money", "cash", "my", "the", "earnings", "tips"]), _in(["money", "cash", "earnings", "tips"], "?")],
)
_token_pattern("owe", TRAFFICKING_NOW,
    [*_who(), _in(["says", "said", "tells", "told", "claims"]), _in(["i", "we"]), _in(["still"], "?"), _in(["owe", "owes"])],
    [_in(["owe", "owes"]), _in(["him", "them", "her", "my"]), *_upto(_in(FILLER + ["money", "pimp", "a", "lot", "of", "so", "much", "debt", "the", "and"]), 4), _in(["can", "not", "until", "till", "before"]), _in(["not", "leave", "pay", "i"], "?"), _in(["leave", "go", "pay", "paid", "quit", "i"])],
)

# Fixed phrases over canonical words (typos are already repaired by then).
_PHRASES: dict[str, str] = {}


def _phrases(category: str, text: str) -> None:
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            _PHRASES[line] = category


_phrases(SELF_HARM, """
    kill myself
    killing myself
    killed myself
    hurt myself
    hurting myself
    harm myself
    harming myself
    cut myself
    cutting myself
    burn myself
    burning myself
    end myself
    unalive myself
    selfharm
    i cut again
    i have been cutting
    suicide
    suicidal
    overdose
    overdosed
    overdosing
    end my life
    ending my life
    take my life
    take my own life
    taking my life
    end my own life
    end it all
    ending it all
    end it tonight
    end it now
    end everything
    better off dead
    better off without me
    rather be dead
    rather die
    wish i was dead
    wish i were dead
    wish i could die
    wish i was never born
    wish i was not alive
    wish i would not wake up
    never wake up
    not wake up
    not want to wake up
    hope i do not wake up
    slit my wrist
    slit my wrists
    cut my wrist
    cut my wrists
    cutting my wrists
    slash my wrists
    use it on myself
    nobody would miss me
    no one would miss me
    nobody would care if i
    no one would care if i
    this is goodbye
    goodbye forever
    goodbye everyone
    goodbye world
    my last message
    last message goodbye
    why keep living
    why should i live
    why am i even alive
    reason to keep living
    feel like dying
    feel like ending it
    hang myself
    hanging myself
    shoot myself
    shooting myself
    stab myself
    drown myself
    poison myself
    overdose on
    can not keep going
    can not keep living
    can not do this no more
    can not go on no more
    no quiero seguir aqui
    no quiero seguir viviendo
    me estoy cortando
    me corte las venas
    cortarme las venas
    quitar la vida
    quitarme la vida
    no quiero estar viva
    no quiero estar vivo
    quiero desaparecer
    irme de este mundo
    ir de este mundo
    no aguanto mas
    ya no aguanto
    ya no puedo mas
    sleep forever
    go to sleep forever
    stop existing
    not exist anymore
    not want to exist
    disappear forever
    no reason to live
    no reason to be alive
    no point in living
    no point living
    point of living
    point in living
    point of life
    reason to live
    reason to go on
    not worth living
    is not worth living
    can not go on
    can not take it anymore
    can not take this anymore
    can not do this anymore
    can not do it anymore
    do not want to live
    do not want to be alive
    do not want to be here anymore
    not want to live
    not want to be alive
    want it to end
    want it all to end
    want it all to stop
    want it to be over
    want the pain to stop
    want to be dead
    done with life
    done with living
    done living
    tired of living
    sick of living
    tired of being alive
    going to jump
    standing on the bridge
    standing on the roof
    standing on the edge
    on the ledge
    jump off the bridge
    jump off a bridge
    jump in front of
    goodbye letter
    goodbye letters
    goodbye note
    suicide note
    will not be here tomorrow
    not be here tomorrow
    will not be around
    pills in my hand
    took all my pills
    took all the pills
    took all of my pills
    took too many pills
    took a lot of pills
    took a bunch of pills
    took a bottle of pills
    took a handful of pills
    took pills
    took some pills
    swallowed pills
    swallowed a bottle
    swallowed a whole bottle
    swallowed all my pills
    swallowed the pills
    have a rope
    bought a rope
    rope ready
    pills ready
    gun to end it
    no quiero vivir
    quiero morir
    quiero morirme
    me quiero morir
    matarme
    me quiero matar
    me voy a matar
    suicidarme
    quitarme la vida
    no quiero estar aqui
    no quiero seguir viviendo
    cortarme
    me quiero cortar
    me voy a cortar
    acabar con todo
    acabar con mi vida
    terminar con mi vida
""")

_phrases(DANGER_NOW, """
    sos
    mayday
    i am in danger
    we are in danger
    my kids are in danger
    my children are in danger
    my life is in danger
    am in danger
    i am not safe
    i am unsafe
    not safe here
    not safe at home
    not safe tonight
    not safe anymore
    am not safe
    nowhere safe
    no safe place
    nowhere to go tonight
    nowhere to sleep tonight
    nowhere to hide
    need somewhere safe
    need someplace safe
    need a safe place
    need a place to hide
    somewhere to hide
    kicked me out tonight
    need to get out now
    need to get out tonight
    need to get out of here
    need to get away
    help me escape
    help me get away
    help me get out
    get away from him
    get away from them
    come get me
    come and get me
    come pick me up
    save me
    rescue me
    call 911
    call the police
    call police
    need the police
    need police
    send the police
    send police
    send help
    get the police
    call an ambulance
    need an ambulance
    i do not know where i am
    we do not know where we are
    something bad is going to happen
    something bad will happen
    scared for my life
    afraid for my life
    fear for my life
    fearing for my life
    scared for my kids
    afraid for my kids
    hiding from him
    hiding from them
    hiding from my
    i am bleeding
    am bleeding
    bleeding a lot
    bleeding bad
    bleeding badly
    in trouble please
    in danger
    can not get away
    can not get away from him
    in trouble help
    estoy en peligro
    no estoy segura
    no estoy seguro
    necesito ayuda ya
    necesito ayuda ahora
    necesito ayuda urgente
    llama a la policia
    llamen a la policia
    llamar a la policia
    auxilio
    socorro
    ven por mi
    vengan por mi
    sacame de aqui
    no se donde estoy
""")

_phrases(THREAT, """
    i got jumped
    got jumped
    i was jumped
    i have been jumped
    he drugged me
    drugged me
    they drugged me
    something in my drink
    spiked my drink
    i am dead if
    you are dead if
    your dead if
    i am dead when
    said i am dead
    says i am dead
    said you are dead
    gun to my head
    knife to my throat
    knife to my neck
    i am being followed
    i am being watched
    i am being stalked
    i am being hunted
    i am being tracked
    i am being threatened
    i am being hurt
    i am being beaten
    i am being abused
    i am being attacked
    i was raped last night
    i was raped today
    i was raped yesterday
    i was just raped
    i just got raped
    i got raped
    i have been raped
    i was raped again
    i was attacked
    i got attacked
    i got beat up
    i got beaten
    i got hurt bad
    i am hurt bad
    i am hurt badly
    i am hurt really bad
    i am really hurt
    i am badly hurt
    i am so hurt
    me quiere matar
    me quieren matar
    me va a matar
    me van a matar
    me va a pegar
    me van a pegar
    me va a golpear
    me va a lastimar
    me va a violar
    me va a hacerdano
    me van a hacerdano
    me quiere hacerdano
    hacerme dano
    me quiere pegar
    death threat
    death threats
    sending me threats
    sent me threats
    blackmailing me
    blackmailed
    being blackmailed
    blackmail me
    extorting me
    sextortion
    he is on top of me
    i can not breathe
    send help now
    me amenazo
    me amenaza
    me amenazan
    me amenazaron
    me esta siguiendo
    me estan siguiendo
    me esta buscando
    me estan buscando
    me esta pegando
    me esta golpeando
    me pego
    me pega
    me pegan
    me pegaron
    me golpeo
    me golpea
    me golpean
    me golpearon
    me violo
    me violaron
    me lastimo
    me lastima
    me ahorco
    me quemo
    me encontro
    me encontraron
    esta afuera
    estan afuera
    sabe donde vivo
    saben donde vivo
    tiene una pistola
    tiene un cuchillo
    tiene un arma
""")

_phrases(TRAFFICKING_NOW, """
    i am being trafficked
    we are being trafficked
    i am trafficked
    i am still being trafficked
    being trafficked right now
    being trafficked now
    i am being sold
    i am being pimped
    i am being forced
    we are being forced
    i am being held
    held against my will
    held against our will
    being held against
    i am trapped
    we are trapped
    i am a prisoner
    can not leave the house
    can not leave this house
    can not leave the room
    can not leave the motel
    can not leave the hotel
    can not leave the apartment
    can not leave this place
    can not escape
    can not run away
    see clients
    seeing clients
    see johns
    do dates
    doing dates
    turn tricks
    turning tricks
    sleep with men for money
    sleep with guys for money
    have sex for money
    sex for money
    meet men for money
    with men for money
    with his friends for money
    make my quota
    my quota
    moved me to another city
    moved us to another city
    do not let us go outside
    do not let us out
    do not let me out
    me obligan
    me obliga
    nos obligan
    no me dejan salir
    no me deja salir
    no me dejan ir
    no me deja ir
    no me dejan irme
    no me deja irme
    estoy encerrada
    estoy atrapada
    estoy atrapado
    me tienen atrapada
    no puedo salir
    no puedo escapar
    no puedo irme
    no podemos salir
    me vigilan
    me vigila
    me obligaron
    me obligo
    me estan obligando
    me forzaron
    secuestrada
    secuestrado
    me secuestraron
    me secuestro
    not allowed to have a phone
    not allowed to talk to anyone
    not allowed to see my family
    me tiene atrapada
    estoy encerrado
    me tienen encerrada
    me tiene encerrada
    me tienen encerrado
    me quitaron el pasaporte
    me quitaron mi pasaporte
    me quitaron los papeles
    me quitaron mis papeles
    me quitaron mis documentos
    tiene mi pasaporte
    tienen mi pasaporte
    me vendio
    me vendieron
    me venden
    me esta vendiendo
    trata de personas ahora
""")

# Regular expressions over the canonical text, for what word sets say badly.
_REGEXES: list[tuple[str, str, str]] = [
    # (name, category, pattern)
    ("want_die", SELF_HARM, r"\b(?:want|wanted|wants|going|ready|about|trying|try|wish|wishing|should|just|gonna|need|like)\s+(?:to\s+|2\s+)?(?:just\s+)?(?:die|dye|dy|be dead)\b(?!\s+(?:my|her|his|the|it|your)\s+hair)(?!\s+(?:if i do not|if i can not|if i have to|if i get|if i see|if i hear|if i miss|of|laughing|happy|rich|old|young)\b)(?!\s+(?:my|her|his|the|it)\b)"),
    ("should_die", SELF_HARM, r"\bi\s+(?:should|could|might|will|would)\s+(?:just\s+)?(?:die|be dead|kill myself|end it)\b"),
    ("end_it", SELF_HARM, r"\b(?:going to|want to|will|ready to|about to|just|gonna|wanna|need to|have to|plan to|planning to|thinking about|thinking of)\s+(?:just\s+)?(?:end(?:ing)? it|end(?:ing)? everything|end(?:ing)? my life)\b(?!\s+(?:with|here\b|now\s+thanks))"),
    ("jump", SELF_HARM, r"\b(?:going to|want to|will|about to|gonna|ready to)\s+jump(?:\s+(?:off|from|in front))?\s*$"),
    ("unalive", SELF_HARM, r"\bunalive\b"),
    ("dont_wake", SELF_HARM, r"\b(?:sleep|go to sleep|close my eyes)\s+and\s+(?:never|not)\s+wake\b"),
    ("no_point", SELF_HARM, r"\bwhat is the point(?:\s+(?:of|in))?\s+(?:living|life|going on|anything|trying|being alive|anymore)\b"),
    ("if_i_died", SELF_HARM, r"\b(?:no one|nobody|noone|who)\s+(?:would|will|even)\s+(?:care|notice|miss me|cry)\s+if\s+i\s+(?:died|was dead|were dead|was gone|were gone|disappeared|killed myself)\b|\bbetter\s+(?:if|when)\s+i\s+(?:am|was|were|died|die)\s*(?:dead|gone|not here|not around)?\b(?<!better if i am)(?<!better when i am)|\b(?:better|happier|easier)\s+(?:off\s+)?(?:if|when)\s+i\s+(?:was|were|am)\s+(?:dead|gone|not here|not around)\b|\b(?:everyone|everybody|my kids|my family|they)\s+(?:would|will)\s+be\s+(?:better|happier)\s+(?:off\s+)?without me\b"),
    ("pills_taken", SELF_HARM, r"\b(?:took|swallowed|ate|downed|popped|taken|have taken|just took)\s+(?:a bunch of|a lot of|lots of|all(?: of)?(?: my| the)?|too many|every|the whole|a whole|a bottle of|a whole bottle of|a handful of|handfuls of|like \d{2,}|\d{2,}|twenty|thirty|fifty)\s*(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+)?(?:pills|meds|medication|medicine|tablets|sleeping pills|pain pills|xanax|tylenol|oxy|oxys|percs|bars|advil)\b"),
    ("no_reason", SELF_HARM, r"\bno (?:reason|point)\s+(?:to|in)\s+(?:keep |go on |be |stay )?(?:live|living|going|alive|trying|being alive|breathing|existing)\b"),
    ("tell_family", SELF_HARM, r"\btell my (?:kids|kid|mom|mother|family|daughter|son|sister|children|baby) (?:i love (?:them|her|him)|i am sorry)\b"),
    ("poison", SELF_HARM, r"\b(?:drank|drink|drinking|swallowed|swallow|took|ate)\s+(?:some\s+)?(?:bleach|poison|antifreeze|rat poison|drain cleaner)\b"),
    ("jump_off", SELF_HARM, r"\bjump(?:ing)?\s+(?:off|from)\s+(?:the|a|this|my)\s+(?:building|bridge|roof|balcony|cliff|overpass|ledge|window|tower|parking garage)\b|\bjump(?:ing)?\s+in front of\s+(?:a|the)\s+(?:train|car|bus|truck)\b"),
    ("cutting", SELF_HARM, r"\bi (?:am|have been|keep|started|was) cutting(?:\s+(?:again|myself|my (?:arms?|legs?|wrists?|thighs?|skin)))?\s*(?:_distress\s*)*$|\bcutting again\b|\b(?:turn|use|point)\s+(?:it|the gun|a gun|the knife|a knife)\s+on myself\b"),
    ("burden_die", SELF_HARM, r"\bi am a burden\b.{0,160}?\b(?:die|dead|gone|end)\b"),
    ("help_urgent", DANGER_NOW, r"\b(?:help|ayuda|ayudame)(?:\s+(?:me|us|please|now|right now|asap|fast|quick|quickly|hurry|immediately|help|someone|somebody|anyone|plz|por favor|ya|ahora|rapido|urgente))*\s+(?:now|right now|asap|fast|quick|quickly|hurry|immediately|someone|somebody|anyone|help|ya|ahora|rapido|urgente|_distress)\b(?!\s+(?:question|questions|with|on|for|to|in|about|finding|find|writing|write|filling|fill|making|make|getting|get a|get my|understanding|understand|paying|pay|choosing|choose|applying|apply|enrolling|enroll|signing|sign|this|the|my|con|para|a|en|el|la|mi)\b)"),
    ("help_plea_end", DANGER_NOW, r"(?:^help\s+(?:me|us)|\b(?:please|plz|someone|somebody|anyone)\s+help(?:\s+(?:me|us))?)(?:\s+(?:please|now|right now|fast|quick|someone|asap))*\s*(?:_distress\s*)*$"),
    ("ayudame", DANGER_NOW, r"^(?:por favor\s+)?(?:ayudame|ayuda(?:\s+por favor|\s+porfa|\s+porfavor)|ayudame\s+(?:por favor|porfa|porfavor))(?:\s+(?:por favor|porfa|porfavor|ya|ahora))?\s*(?:_distress\s*)*$"),
    ("help_please", DANGER_NOW, r"\bhelp(?:\s+(?:me|us))?\s+please\b(?!\s+(?:with|on|for|to|find|finding|write|writing|fill|make|get|understand|choose|apply|enroll|sign|i need|how|what|where|can|i want|this|i do not|i am confused|i am lost|i have a question)\b)"),
    ("please_help", DANGER_NOW, r"\bplease\s+help(?:\s+(?:me|us)\b)?(?!\s+(?:me|us)\b)(?!\s+(?:with|on|for|to|find|finding|write|writing|fill|filling|make|making|get|getting|understand|choose|apply|enroll|sign|pay|paying|i need|how|what|where|can|this|the|my|a|an)\b)"),
    ("help_distress", DANGER_NOW, r"\b(?:_distress\b.{0,160}?\bhelp|help\b.{0,160}?\b_distress)\b"),
    ("need_help_now", DANGER_NOW, r"\b(?:need|needs|want)\s+(?:some\s+)?help\s+(?:right now|now|asap|fast|quick|immediately|urgently|badly)\b(?!\s+(?:question|questions|q|with|on|for|to|in|about|finding|find|writing|filling|making|getting|understanding|paying|choosing|applying|enrolling|signing|this|the|my)\b)"),
    ("help_presence", DANGER_NOW, r"\bhelp\b.{0,160}?\b(?:he|she|they|someone|somebody|a man|a guy|my ex|my pimp|my boyfriend|my husband)\s+(?:is|are)\s+(?:here|back|coming|home|at|in|inside|outside|downstairs|upstairs|behind)\b|\b(?:he|she|they|someone|somebody|a man|a guy|my ex|my pimp|my boyfriend|my husband)\s+(?:is|are)\s+(?:here|back|coming|home|inside|outside|downstairs|upstairs|behind me)\b.{0,160}?\bhelp\s*(?:me|us|please)?\s*(?:_distress\s*)*$"),
    ("emergency", DANGER_NOW, r"\bemergency\b(?!\s+(?:room|rooms|number in|number for|numbers|line for|assistance|childcare|child care|fund|funds|funding|money|cash|loan|loans|rent|contact|contacts|number for my|savings|kit|leave|grant|grants|food|snap|benefits|medicaid|dental|vet|room visit|room bill|bill|bills|help with|contraception|alert|alerts|broadcast|plan|preparedness|management|medical technician|medicine|services job|dispatcher|dispatch|responder|responders|room job|nurse|nursing|training|course|class|classes|certification|exit))(?<!\bnon emergency)(?<!\bin case of emergency)(?<!\bfor emergency)(?<!\bemergency contact)"),
    ("call_police", DANGER_NOW, r"\b(?:call|calling|get|send|need|want|bring)\s+(?:the\s+|a\s+)?(?:police|911|ambulance|sheriff)\b(?!\s+(?:report|reports|record|records|check|checks|department|file|files|clearance|background|station number|non emergency|for my|on my record|about my record|to clear|to get my|to check))"),
    ("call_911", DANGER_NOW, r"\b911\b(?!\s+(?:dispatcher|operator job|training|class|course))"),
    ("in_danger", DANGER_NOW, r"\b(?:i|we|my kids|my children|my baby|my daughter|my son)\s+(?:am|are|is|feel|feels)\s+(?:so\s+|really\s+|very\s+|in\s+real\s+)?(?:in danger|unsafe)\b"),
    ("not_safe", DANGER_NOW, r"\b(?:i|we)\s+(?:am|are|do not feel|does not feel|feel|feeling)\s+(?:so\s+|really\s+|very\s+)?not\s+safe\b|\b(?:i|we)\s+(?:do not|dont|don't)\s+feel\s+safe\b(?!\s+(?:using|with this app|with this chat|sharing|giving|telling you|typing|talking to a bot))"),
    ("nowhere_tonight", DANGER_NOW, r"\b(?:nowhere|no where|no place|no safe place)\s+(?:safe\s+)?(?:to\s+(?:go|stay|sleep|hide)\s+)?(?:tonight|right now|now)\b|\bkicked me out\b.{0,160}?\b(?:tonight|nowhere|no where|not safe)\b|\bnowhere safe\b"),
    ("cant_go_back", DANGER_NOW, r"\b(?:can not|can't|cannot)\s+go\s+(?:back\s+)?(?:home|there|back there)\b(?!\s+(?:for|to get|until|after class|after work|for lunch))"),
    ("shelter_tonight", DANGER_NOW, r"\b(?:need|find|get)\s+(?:a\s+)?(?:shelter|safe house|safe place|place to stay|place to sleep|somewhere to sleep|somewhere to stay)\s+(?:tonight|right now|now|asap)\b"),
    ("help_getaway", DANGER_NOW, r"\bhelp\s+(?:me|us)\s+(?:get away|get out|escape|leave him|leave them|run)\b"),
    ("dont_know_where", DANGER_NOW, r"\b(?:do not|dont) know where (?:i am|we are)\b(?!\s+(?:going|at with|in life|with my|on the|in the process))"),
    ("bad_happen", DANGER_NOW, r"\bsomething (?:bad|terrible|awful) (?:is going to|will|is about to|might) happen\b"),
    ("trouble_end", DANGER_NOW, r"\b(?:i am|we are|i am in|im in)\s+(?:in\s+)?(?:big |real |serious |so much )?trouble\s*(?:_distress\s*)*$|^(?:in\s+)?danger$"),
    ("forced_unwanted", TRAFFICKING_NOW, r"\b(?:making|make|makes|made|forcing|force|forces|forced)\s+(?:me|us)\s+(?:do|to do)\s+(?:things|stuff|it|that|this|sexual things|sex stuff)\b.{0,160}?\b(?:do not|did not|never)\s+want\b"),
    ("weapon_there", THREAT, r"\bthere is (?:a|his)\s+(?:gun|knife|weapon)\b(?!\s+(?:show|shop|store|class|range|safety))"),
    ("strong_here", THREAT, r"\b(?:my\s+|the\s+)?(?:pimp|trafficker|traffickers|abuser|captor|captors|kidnapper|stalker)\s+(?:is|are)\s+(?:here|back|coming|at|outside|in town)\b"),
    ("trouble_help", DANGER_NOW, r"\bi am in (?:big |real |serious )?(?:trouble|danger)\b.{0,160}?\b(?:help|please|now|scared)\b"),
    ("hiding", DANGER_NOW, r"\b(?:i am|we are)\s+(?:still\s+)?hiding(?:\s+(?:in|from|under|behind|inside|right now|now)\b|\s*(?:_distress\s*)*$)"),
    ("hurt_now", THREAT, r"\bi (?:am|got|get|was|have been|just got) (?:hurt|injured|bleeding|hit|beat up|jumped|stabbed|shot)\s*(?:again\s*|by him\s*|last night\s*|today\s*)?(?:_distress\s*)*$|\bi (?:am|got|was|have been|just got) (?:hurt|injured)\s+(?:bad|badly|really bad|so bad|and|please|help|he|they|by him|by them|by my)\b"),
    ("dead_if", THREAT, r"\b(?:i am|you are|your|ur|she is|i will be|you will be)\s+dead\s+if\b|\b(?:said|says|told me|swears|swore)\s+(?:that\s+)?(?:i am|you are|your|ur|i will be)\s+dead\b"),
    ("passive_harm", THREAT, r"\b(?:i|we)\s+(?:am|are|was|were|got|get|have been|has been|been|just got|am getting|am being|are getting|are being|keep getting)\s+(?:just\s+)?(?:beat(?!\s+(?:at|in|by a|the|my|it|to|out)\b)|raped|beaten|beat up|assaulted|attacked|stabbed|shot|strangled|choked|kidnapped|abducted|drugged|molested)\b"),
    ("weapon_any", THREAT, r"\b(?:he|she|they|someone|somebody|a man|a guy|my ex|my pimp|my boyfriend|my husband|my trafficker)\s+(?:is\s+)?(?:has|have|got|is holding|pulled|is carrying|is pointing|came with|is waving)\s+(?:a\s+|his\s+|her\s+)?(?:gun|knife|weapon|pistol|blade|machete)\b"),
    ("house_threat", THREAT, r"\b(?:shoot|shooting|burn|burning|blow|blowing)\s+(?:up|down)\s+(?:the|my|our)\s+(?:house|place|apartment|car|home|building)\b|\b(?:burn|burning)\s+(?:the|my|our)\s+(?:house|place|apartment|car|home)\s+down\b"),
    ("you_next", THREAT, r"\b(?:said|says|told me|texted|swears)\s+(?:that\s+)?(?:i am|you are|your|ur|i will be|we are)\s+next\b|\b(?:make|making|makes)\s+(?:me|us)\s+disappear\b"),
    ("get_killed", THREAT, r"\b(?:i am|we are|i)\s+(?:going to|gonna|will|about to|might|could)\s+(?:get|be)\s+(?:killed|hurt|beaten|beat up|raped|murdered|shot|stabbed|jumped)\b(?!\s+(?:at work|by a car|in traffic|doing|playing))"),
    ("leave_tonight", DANGER_NOW, r"\b(?:need|have|got)\s+to\s+(?:leave|get out|run|escape)\s+(?:(?:him|them|here|this house|this place)\s+)?(?:tonight|right now|asap|before he|before they)\b(?!\s+(?:to catch|for|because of work|after))"),
    ("threat_words", THREAT, r"\b(?:threatened|threatening|threatens)\s+(?:me|us)\b"),
    ("drunk_violent", THREAT, r"\b(?:he|she|my ex|my boyfriend|my husband|my pimp|my partner)\s+is\s+(?:coming\s+(?:over|home|back)\s+and\s+(?:he|she)\s+is\s+)?(?:drunk|high|raging|violent|on drugs)\b.{0,160}?\b(?:coming|here|home|outside|over|yelling|screaming|mad|angry|scared)\b|\b(?:coming\s+(?:over|home|back|here))\b.{0,160}?\b(?:drunk|high|raging|violent|with a gun|with a knife)\b"),
    ("kids_leverage", TRAFFICKING_NOW, r"\b(?:has|took|have|keeps|is keeping|is holding|got|is got|took)\s+(?:my|our)\s+(?:son|daughter|kid|kids|baby|children|child)\b.{0,160}?\b(?:unless|until|have to|has to|if i|or else|will not give|not give|keep working|work for)\b"),
    ("not_let_end", TRAFFICKING_NOW, r"\b(?:will not|do not|does not|never|not)\s+let\s+(?:me|us)(?:\s+(?:leave|go))?\s*(?:_distress\s*)*$"),
    ("escape_need", DANGER_NOW, r"\bneed to (?:escape|run away|run)\b(?!\s+(?:my|this boring|reality|poverty|boredom|the routine|the city|for a|on vacation|errands|to the store|an errand|a program|the program))"),
    ("nowhere_end", DANGER_NOW, r"\b(?:have|got|with)\s+(?:nowhere|no where|no place)\s+(?:safe\s+)?to\s+(?:go|stay|sleep|hide)\s*(?:_distress\s*)*$|\b(?:no tengo|sin)\s+(?:a\s+)?donde\s+(?:ir|dormir|quedarme)\s+(?:esta noche|hoy)\b"),
    ("give_money", TRAFFICKING_NOW, r"\b(?:have to|has to|make me|makes me|forced to|forces me to|must|need to)\s+(?:give|bring|hand|pay)\s+(?:him|them|her|daddy|my pimp|my boyfriend)\s+(?:all\s+)?(?:of\s+)?(?:the|my|\d+|money|cash)\b"),
    ("sleep_with_boss", TRAFFICKING_NOW, r"\b(?:have to|has to|make me|makes me|forced to|forces me to|must)\s+(?:sleep with|have sex with|be with)\s+(?:him|them|the boss|my boss|men|guys|his friends|the landlord|strangers)\b|\b(?:call|report me to|report us to|tell)\s+(?:immigration|ice|la migra|migracion)\b"),
    ("urgent_help", DANGER_NOW, r"\burgent(?:ly)?\s+help\b(?!\s+(?:with|on|for|to))|\bhelp\s+(?:needed\s+)?urgent(?:ly)?\b(?!\s+(?:with|on|for|to))"),
    ("cannot_leave", TRAFFICKING_NOW, r"\b(?:i|we)\s+(?:can not|am not allowed to|are not allowed to|am not able to)\s+(?:leave|get out|go out|go outside|escape|run away)\b(?:\s+(?:of\s+)?(?:the|this|here)\s*(?:house|room|place|motel|hotel|apartment|building|club|spa|salon|parlor|farm|basement|car)?\b|\s+(?:because|they|he|she|until i pay|till i pay|without)\b|\s*(?:_distress\s*)*$)"),
    ("cannot_get_out", TRAFFICKING_NOW, r"\bcan not (?:get out|escape|run away|get away)\b(?:\s+(?:of here|of this house|of the house|of the room|from him|from them|they|he|because|please|help)\b|\s*(?:_distress\s*)*$)"),
    ("send_someone", DANGER_NOW, r"\bsend\s+(?:someone|somebody|help|the police|police|an ambulance)(?:\s+(?:to|here|now|please|asap|right now|quick|fast)\b|\s*(?:_distress\s*)*$)"),
    ("held_things", TRAFFICKING_NOW, r"\b(?:will not|do not|does not|never|not|refuses? to)\s+(?:give|return|hand)\s+(?:me\s+|us\s+)?(?:back\s+)?(?:my|our)\s+(?:\w+\s+){0,4}?(?:passport|papers|documents|id|visa|pasaporte|papeles)\b"),
    ("debt_to_them", TRAFFICKING_NOW, r"\b(?:debt|debts)\s+(?:to|with)\s+(?:him|them|her|my pimp|my boss|the boss|my trafficker|daddy)\b"),
    ("quota_guys", TRAFFICKING_NOW, r"\b(?:have to|has to|make me|makes me|forced to|forces me to|must|need to)\s+(?:see|sleep with|meet|do|service|be with|go with)\s+(?:like\s+)?(?:\d+|a lot of|many|so many|ten|five|six|seven|eight|twenty)\s+(?:guys|men|clients|johns|dates|customers|tricks)\b"),
    ("moved_away", TRAFFICKING_NOW, r"\b(?:they|he|she|pimp|trafficker|boss)\s+(?:is|are|will|going to|want to|plan to)?\s*(?:going to\s+)?(?:move|moving|ship|shipping|send|sending|take|taking)\s+(?:me|us)\s+to\s+(?:another|a different|a new|other)\s+(?:state|city|country|town|house|place)\b.{0,160}?\b(?:tonight|tomorrow|against|do not know|can not|without)\b"),
    ("es_progressive", THREAT, r"\bme\s+(?:esta|estan|estaba|estaban)\s+(?:pegando|golpeando|siguiendo|buscando|amenazando|lastimando|violando|vendiendo|obligando|ahorcando|persiguiendo|vigilando)\b"),
    ("debt_bondage", TRAFFICKING_NOW, r"\b(?:owe|owes)\s+(?:him|them|her|my pimp|the boss|my boss)\b.{0,160}?\b(?:can not leave|until i pay|till i pay|before i can leave|not let me|pay it off|pay off)\b|\bcan not leave\s+(?:until|till)\s+i\s+pay\b"),
    ("work_no_pay_held", TRAFFICKING_NOW, r"\b(?:make|makes|making|force|forces|forcing)\s+(?:me|us)\b.{0,60}?\bwork\b.{0,160}?\b(?:for free|without pay|without paying|no pay|do not pay|not pay|never pay|will not let|not let me|keep my|can not leave)\b"),
    ("regret", THREAT, r"\b(?:said|says|told me|texted|threatened|swears|swore|warned)\b.{0,40}?\b(?:i|you)\s+(?:will|would|are going to|am going to)\s+regret\b|\b(?:you will|you are going to)\s+pay for this\b"),
    ("strong_coming", THREAT, r"\b(?:pimp|trafficker|traffickers|abuser|captor|kidnapper|stalker)\b.{0,120}?\b(?:he|she|they)\s+(?:is|are)\s+(?:coming|outside|here|on (?:his|her|their) way|in town|back)\b"),
    ("trafficked_start", TRAFFICKING_NOW, r"^(?:still\s+)?(?:being\s+)?(?:trafficked|sold|pimped)\b(?!\s+(?:years|when|as a|in \d))"),
    ("escaped_looking", THREAT, r"\b(?:escaped|ran away|left)\b.{0,160}?\b(?:looking for me|after me|hunting me|coming for me|found me)\b"),
    ("fear_miedo_end", DANGER_NOW, r"\btengo\s+(?:mucho\s+|tanto\s+)?miedo\s*$"),
]

# Idioms masked before matching: thing-subjects that "kill" or make one "die", and so on.
_IDIOM_SUBJECTS = (
    r"(?:this|that|these|those|it|the|my|our|your|his|her|their|a|an)?\s*"
    r"(?:kid is |kids |son is |daughter is )?"
    r"(?:school|job|work|heat|weather|cold|traffic|line|wait|waiting|joke|jokes|show|song|movie|video|"
    r"forms?|paperwork|homework|class|classes|test|exam|interview|shift|shifts|commute|bus|rent|bills?|"
    r"feet|back|knees?|head|neck|legs?|stomach|tooth|teeth|cramps|period|boss is|suspense|anxiety|"
    r"stress|hunger|kids|this|that|it|price|prices|process|application|applications|week|day|month|"
    r"laugh|laughing|battery|phone|car|plant|plants|wifi|internet|laptop|computer|manager|coffee|"
    r"music|vibe|outfit|look|hair|nails|makeup)"
)
_IDIOMS = [
    rf"\b{_IDIOM_SUBJECTS}\s+(?:is|are|was|were|has been|have been|keeps|be)?\s*(?:literally\s+|really\s+|so\s+|just\s+)?(?:killing|killed|kills|going to kill|will kill|gonna kill|murdering|slaying)\s+(?:me|us)\b",
    r"\b(?:you are|you|your|ur|u|lol you are|this bot is|the bot is)\s+(?:killing|killed|kill)\s+(?:me|it)\b",
    r"\b(?:is|are|was|were)\s+killing\s+me\s+with\b",
    r"\b(?:killing|killed|kill|killin)\s+(?:it|time|the game|the interview|that|this)\b",
    r"\bkill\s+(?:the|those|these|all the|my)\s+(?:notifications?|app|apps|lights?|engine|music|vibe|mood|process|tabs?|bugs?|roaches|weeds?|spiders?|ants|time)\b",
    r"\b(?:could|would|i would|i'd)\s+(?:kill|die)\s+(?:for|to)\b",
    r"\bdying\s+(?:to|of|for|laughing|inside lol)\b",
    r"\b(?:almost|nearly)\s+died\s+(?:of|laughing|from embarrassment)\b",
    r"\bdied\s+(?:of|laughing)\b",
    r"\b(?:phone|battery|car|plant|plants|laptop|computer|fish|goldfish|tv|charger)\s+(?:is\s+|was\s+|just\s+|about to\s+|going to\s+|keeps\s+)*(?:dying|died|dead|die)\b",
    r"\bdead\s+(?:tired|serious|broke|set|end|line|lines|last|center|wrong|on|ass|asleep|beat)\b",
    r"\bbeat\s+(?:me|us)\s+to\s+(?:it|the)\b",
    r"\b(?:beat|beating)\s+(?:my|the|their|our)\s+(?:record|score|time|best|goal|high score)\b",
    r"\b(?:my|the)\s+(?:feet|back|head|knees?|legs?|stomach|tooth|teeth|hands?|arms?|eyes)\s+(?:hurt|hurts|is hurting|are hurting|are killing|is killing)\b",
    r"\bhurts?\s+my\s+feelings\b",
    r"\bmy feelings (?:are|were|got) hurt\b",
    r"\bshot my shot\b|\btake a shot\b|\bshoot my shot\b|\bshoot me (?:an|a) (?:email|text|message)\b",
    r"\bbreak a leg\b",
    r"\bkilled me lol\b|\bi am dead lol\b|\bim dead lol\b|\bi am so dead lol\b",
    r"\bme muero de (?:hambre|ganas|risa|sueno|frio|calor|la risa|verguenza|aburrimiento)\b",
    r"\bme (?:mata|matan|esta matando|estan matando) (?:el|la|los|las|este|esta|estos|estas|mi|mis)\b",
    r"\b(?:el|la|este|esta|mi)\s+\w+\s+me\s+(?:mata|esta matando)\b",
    r"\bprimeros auxilios\b|\bfirstaid\b",
    r"\bsuicide\s+(?:prevention|hotline volunteer|awareness|training|course|class|squad)\b",
    r"\b(?:cut|cutting|dye|dyeing|dying)\s+(?:my|her|his|their|your)\s+hair\b",
    r"\b(?:want|wanna|going|gonna)\s+to\s+dye\s+(?:my|her|it|the)\b",
    r"\blocked\s+out\s+of\b",
    r"\bhit\s+(?:me|us)\s+up\b",
    r"\brather\s+die\s+than\b",
    r"\bkicked\s+(?:me|us)\s+out\s+of\s+(?:the|a|my|our)\s+(?:group|chat|group chat|class|program|game|team|club|meeting|call)\b",
    r"\bpush(?:ed|es|ing)?\s+(?:me|us)\s+to\s+(?!the ground|the floor|the wall|the ground|death)\w+",
    r"\blocked\s+into\s+(?:a|the|my|this)\s+(?:lease|contract|plan|deal|phone plan|rate)\b",
    r"\b(?:beat|beats|beating)\s+(?:me|us)\s+(?:at|in)\s+(?:chess|cards|checkers|pool|basketball|the game|a game|uno|monopoly|video games|fortnite|dominoes|spades|racing|running|a race|the race|math|trivia|scrabble|ping pong|tennis)\b",
    r"\b(?:die|died|dying|dead)\s+(?:of|from)\s+(?:embarrassment|boredom|laughter|laughing|shame|hunger|cringe|happiness|excitement|curiosity|jealousy|envy|the heat|heat)\b",
    r"\bin danger of\s+(?:\w+ing|being (?:evicted|late|fired|kicked out|dropped))\b",
    r"\b(?:trapped|stuck)\s+in\s+(?:a|an|this|that|my|the)?\s*(?:\w+\s+){0,2}(?:job|jobs|career|routine|position|lease|contract|cycle|rut|loop|traffic|line|class|program|town|elevator)\b",
]

# Quick exit: the person wants the chat hidden, not a long reply on the screen.
_QUICK_EXIT = re.compile(
    r"\b(?:exit|quick exit|close (?:this|it|the chat|chat|the app|app|now)|hide (?:this|it|the chat|chat|the app|app)|"
    r"delete (?:this|it|everything|the chat)|erase (?:this|it|everything)|wipe (?:this|it|everything)|"
    r"gtg|g2g|got to go|gotta go|can not talk)\b|^(?:salir|cerrar|cierra|borra|borrar|esconde|esconder)\b"
)
# Matches that a quick-exit request overrides (presence, not violence or self-harm).
_WEAK_UNDER_QUICK_EXIT = frozenset({"presence", "help_presence", "pursuit", "found", "fear", "strong_here", "strong_coming"})

# The past, and being safe now.
_DISTANT_PAST = re.compile(
    r"\b(?:years? ago|months ago|a long time ago|long ago|back then|back in the day|in the past|"
    r"when i was (?:a |an |still )?(?:kid|child|little|young|younger|teen|teenager|minor|girl|boy|\d+|in|with|being)|"
    r"as a (?:kid|child|teen|teenager|minor|girl)|growing up|in (?:19|20)\d\d|years back|used to|"
    r"last year|(?:\d+|two|three|four|five|six|ten) years|before i (?:got out|left|escaped))\b"
)
_SAFE_NOW = re.compile(
    r"(?<!not )\b(?:i am|i feel|we are|i am finally|now i am|i am now)\s+(?:safe|ok|okay|fine|free|out|doing (?:better|good|well|ok|okay)|clean|sober)\b|"
    r"\b(?:is|are)\s+(?:in (?:prison|jail)|locked up|behind bars)\b|\bwent to (?:prison|jail)\b|"
    r"\bgot out\b|\bout of (?:that|the) life\b|\bi left (?:him|them|that life|the life)\b|"
    r"\bclean for\b|\bsurvivor\b|\bi escaped\b(?!.{0,160}?\b(?:looking for me|found me|after me)\b)"
)
_RECENT = re.compile(
    r"\b(?:right now|tonight|today|this morning|this evening|this afternoon|last night|yesterday|"
    r"again|still|currently|at the moment|just now|anymore|every day|every night|these days|"
    r"since|keeps|is back|are back|came back|found me)\b"
)
# Matches that stay crises whatever the tense around them.
_PRESENT_KINDS = frozenset({
    "presence", "pursuit", "found", "harm_intent", "want_die", "should_die", "end_it", "jump",
    "help_urgent", "help_plea_end", "ayudame", "help_please", "please_help",
    "help_distress", "need_help_now", "help_presence", "call_police", "call_911", "in_danger",
    "not_safe", "nowhere_tonight", "shelter_tonight", "fear", "emergency", "dont_know_where",
    "hiding", "hurt_now", "escaped_looking",
})

# Fear: a danger unless it is about something ordinary ("scared of interviews").
_FEAR_WORDS = frozenset(FEAR)
_FEAR_CUES = re.compile(
    r"\b(?:him|them|home|my life|for my life|for my safety|for my kids|for my children|for my baby|"
    r"die|dying|death|kill|killed|hurt|hurting|outside|alone|help|please|go back (?:there|home|to him|to them|to that house|to the house)|going back (?:there|home|to him|to them)|leave him|"
    r"leave them|find me|finds me|found me|sleep tonight|tonight|right now|ellos|matar|casa|morir|"
    r"vida|ayuda|_distress|de el$|encuentre|encuentren|mate|maten|pegue|lastime|vuelva|my pimp|my trafficker|he is|she is|they are|"
    r"he will|she will|they will|he is going|they are going|he might|they might|he knows|they know|"
    r"he found|they found|he comes|he gets|he does|he finds|he sees|they see|they come)\b"
)
_FEAR_ORDINARY_START = frozenset(
    "of about to that for de if when because my i the a an what how starting start going lol "
    "haha jaja el la los las un una que".split()
)


@dataclass(frozen=True)
class _Hit:
    kind: str
    category: str
    start: int  # character offset in the canonical text
    matched: str


# ---------------------------------------------------------------------------------------
# The spaCy layer, loaded once
# ---------------------------------------------------------------------------------------

_LOCK = threading.Lock()
_state: dict[str, Any] | None = None


def _known_words() -> frozenset[str]:
    words: set[str] = set(_LEXICON)
    for patterns in _TOKEN_PATTERNS.values():
        for pattern in patterns:
            for spec in pattern:
                for people, _gap in [spec["_who"]] if "_who" in spec else []:
                    words.update(people)
                value = spec.get("LOWER")
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value.get("IN", []))
    for phrase in _PHRASES:
        words.update(phrase.split())
    for expansion in _EXPAND.values():
        words.update(expansion.split())
    words.update(_MERGE.values())
    words.update(_COMMON)
    words.update("help job jobs work class school test interview hair".split())
    return frozenset(words)


_KNOWN = _known_words()


def _load() -> dict[str, Any]:
    """The blank spaCy vocabulary and matchers, built once (thread-safe).

    Built in a local dict and published with one assignment, so a reader never sees half
    of it; afterwards it is only read (the vocabulary already holds every word it will see).
    """
    global _state
    if _state is not None:
        return _state
    with _LOCK:
        if _state is not None:
            return _state
        state: dict[str, Any] = {"ok": False}
        try:
            import spacy
            from spacy.matcher import Matcher, PhraseMatcher
            from spacy.tokens import Doc

            nlp = spacy.blank("en")
            vocab = nlp.vocab
            for word in _KNOWN | {"_"}:
                vocab[word]  # noqa: B018 - create every lexeme now: none are added later
            matcher = Matcher(vocab)
            for name, patterns in _TOKEN_PATTERNS.items():
                matcher.add(name, patterns)
            phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
            by_category: dict[str, list[Any]] = {}
            for phrase, category in _PHRASES.items():
                by_category.setdefault(category, []).append(Doc(vocab, words=phrase.split()))
            for category, docs in by_category.items():
                phrase_matcher.add("phrase:" + category, docs)
            state.update(nlp=nlp, vocab=vocab, doc=Doc, matcher=matcher, phrases=phrase_matcher, ok=True)
        except Exception:  # pragma: no cover - the regexes still run without spaCy
            log.exception("crisis net: spaCy layer unavailable, using regular expressions only")
        state["regexes"] = [(name, category, re.compile(pattern)) for name, category, pattern in _REGEXES]
        state["idioms"] = [re.compile(pattern) for pattern in _IDIOMS]
        _state = state
        return state


def warm_up() -> None:
    """Load the spaCy layer now (a few seconds), not on the first message."""
    _load()


# ---------------------------------------------------------------------------------------
# Step 4: matching and guards
# ---------------------------------------------------------------------------------------


def _mask_idioms(text: str, idioms: list[re.Pattern[str]]) -> str:
    for idiom in idioms:
        text = idiom.sub(lambda m: " ".join("_" for _ in m.group(0).split()), text)
    return text


def _fear_hits(words: list[str], offsets: list[int]) -> list[_Hit]:
    hits: list[_Hit] = []
    for index, word in enumerate(words):
        if word not in _FEAR_WORDS:
            continue
        before = words[max(0, index - 3) : index]
        if "not" in before or "never" in before or (word == "miedo" and "no" in before):
            continue  # "i am not scared anymore", "no tengo miedo"
        if word == "miedo" and (index == 0 or words[index - 1] not in {"tengo", "mucho", "tanto", "con", "siento", "da", "muerta", "muerto"}):
            continue
        rest = [w for w in words[index + 1 :] if w != "_"]
        # skip intensifiers right after the fear word
        while rest and rest[0] in {"so", "really", "very", "rn", "now", "right", "as", "hell", "af", "and", "mucho", "tanto", "muy", "asi"}:
            rest = rest[1:]
        complement = " ".join(rest)
        if rest and rest[0] in _FEAR_ORDINARY_START and not _FEAR_CUES.search(complement):
            continue
        if rest and not _FEAR_CUES.search(complement):
            if len(rest) > 2 or rest[0].endswith("ing") or (word == "miedo" and rest[0].endswith(("ar", "er", "ir"))):
                continue
        hits.append(_Hit("fear", DANGER_NOW, offsets[index], " ".join(words[index : index + 4])))
    return hits


_ORDINARY_AFTER_LET = frozenset(
    "early work class classes school program training party prom practice gym mall game "
    "concert lunch break breaks shift meeting interview appointment sleepover vacation trip "
    "movies overtime job".split()
)
_DANGER_AFTER_LET = frozenset("police doctor hospital home family mom mother kids house room".split())
_ORDINARY_FORCED = re.compile(
    r"^(?:to\s+)?(?:take (?:a |the |another )?(?:drug )?(?:test|exam|class|course|break|day off|vacation|leave)|"
    r"sign|wait|redo|retake|fill|pay (?:a|the) fee|resign|quit|attend|wear|switch|change|use|start|"
    r"finish|reschedule|repeat|submit|apply|register|enroll|work overtime|work weekends|get a|do overtime|"
    r"move out|leave (?:school|the program|early|my job))\b"
)
_BENIGN_PRESENCE = re.compile(
    r"^(?:\w+\s+){0,2}?(?:waiting to (?:drive|take|pick|give)|ready to (?:drive|take|pick)|to pick me up|"
    r"smoking|having a (?:smoke|cigarette)|playing|working|mowing|fixing|cleaning|grilling|with the (?:kids|dog)|"
    r"walking the dog|washing the car)\b"
)
_NEGATION_BRIDGE = frozenset("even ever really actually just be been have to once".split())


def _token_guard(kind: str, words: list[str], start: int, end: int) -> bool:
    """True when a token match must be dropped (negation, habit in the past, benefactive)."""
    span = words[start:end]
    before = words[max(0, start - 3) : start]
    after = " ".join(words[end : end + 6])
    # "used to hit me": a habit in the past (the tense guards decide with the rest).
    if "used" in span or ("used" in before and "to" in before):
        return True
    verbs = [i for i, w in enumerate(span) if w in _HARM_SET or w in _FIND_SET or w in _PURSUE_SET]
    if verbs and kind not in {"held_not_let", "held_docs"}:
        v = start + verbs[-1]
        # "he would never hurt me", "he did not even hit me" (but "he will not stop following me")
        if (v >= 1 and words[v - 1] in NEGATION) or (v >= 2 and words[v - 2] in NEGATION and words[v - 1] in _NEGATION_BRIDGE):
            return True
    if kind == "found":
        following = words[end : end + 1]
        if following and following[0] in {"a", "an", "some", "work", "job", "jobs", "housing", "the", "this", "that", "help", "programs", "program", "classes", "another"}:
            return True  # "they found me a place to stay"
        if "find" in span and following and following[0] in {"through", "on", "with", "using", "by", "from", "if"}:
            return True  # "can they find me through this app": a question about the app
    if kind == "held_not_let":
        nxt = set(words[end : end + 4])
        if nxt & _ORDINARY_AFTER_LET and not nxt & _DANGER_AFTER_LET:
            return True  # "they won't let me leave work early"
    if kind == "forced" and span[0] in {"force", "forces", "forced", "forcing"} and _ORDINARY_FORCED.search(" ".join(words[end - 1 if span[-1] == "to" else end :][:6]).removeprefix("to ")):
        return True  # "they forced me to take a drug test"
    if kind == "presence" and _BENIGN_PRESENCE.search(after):
        return True  # "my boyfriend is outside waiting to drive me to class"
    return False


_HARM_SET = frozenset(HARM)
_FIND_SET = frozenset(FIND)
_PURSUE_SET = frozenset(PURSUE)


def _hits(canonical: str, state: dict[str, Any]) -> list[_Hit]:
    words = canonical.split()
    offsets: list[int] = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    hits: list[_Hit] = []
    if state.get("ok") and words:
        vocab = state["vocab"]
        masked = [w if w in _KNOWN else "_" for w in words]
        doc = state["doc"](vocab, words=masked)
        for match_id, start, end in state["matcher"](doc):
            key = vocab.strings[match_id]
            kind = _KIND_OF_PATTERN[key]
            subject = _SUBJECT_OF_PATTERN.get(key)
            if subject is not None:
                found = _subject_start(words, start, *subject)
                if found is None:
                    continue
                start = found
            if end - start > 16 or _token_guard(kind, words, start, end):
                continue
            hits.append(_Hit(kind, _CATEGORY_OF_PATTERN[key], offsets[start], " ".join(words[start:end])))
        for match_id, start, end in state["phrases"](doc):
            category = vocab.strings[match_id].split(":", 1)[1]
            phrase = " ".join(words[start:end])
            if _phrase_guard(phrase, words, start, end):
                continue
            hits.append(_Hit("phrase", category, offsets[start], phrase))
    for name, category, pattern in state["regexes"]:
        found = pattern.search(canonical)
        if found:
            hits.append(_Hit(name, category, found.start(), found.group(0).strip()))
    hits.extend(_fear_hits(words, offsets))
    return hits


def _phrase_guard(phrase: str, words: list[str], start: int, end: int) -> bool:
    before = words[max(0, start - 3) : start]
    if before and (before[-1] in {"not", "never"} or before[-2:] == ["no", "longer"]):
        return True  # "i am not in danger", "not suicidal", "no longer in danger"
    if "used" in before or ("was" in before and phrase.startswith("being")):
        return True
    # "girls who are being trafficked": someone else's situation.
    if phrase.startswith("being") and start > 0 and words[start - 1] in {"are", "is", "were", "was"} and (start < 2 or words[start - 2] not in {"i", "we"}):
        return True
    if phrase == "sos" and words[end : end + 1] and words[end] in {"how", "what", "where", "which", "can", "does", "is", "lol", "haha"}:
        return True  # "sos how do i attach my resume"
    if phrase.startswith(("take my", "taking my", "take my own")) and words[end : end + 1] == ["back"]:
        return True  # "i want to take my life back"
    if phrase in {"suicide", "suicidal", "overdose"} and words[end : end + 1] and words[end] in {"prevention", "hotline", "awareness", "training", "course", "class", "squad", "rates"}:
        return True
    if phrase in {"cortarme", "me quiero cortar", "me voy a cortar", "acabar con todo"} and (
            words[end : end + 1] and words[end] in {"el", "la", "los", "las", "lo", "mi", "mis",
                                                   "un", "una"}):
        return True  # "cortarme el pelo" (a haircut), "acabar con todo el trabajo"
    if phrase in {"see clients", "seeing clients", "do dates", "doing dates", "my quota"}:
        # "see clients" is also ordinary work (a hair salon): only with a pressure word.
        text = " ".join(words)
        if not re.search(r"\b(?:making me|make me|makes me|made me|forcing me|forces me|force me|he|they|pimp|tonight|or else|beat|hurt|kill|money|quota|owe|not let|can not leave)\b", text):
            return True
    return False


def _guarded(hits: list[_Hit], canonical: str) -> list[_Hit]:
    if not hits:
        return hits
    quick_exit = bool(_QUICK_EXIT.search(canonical))
    past = bool(_DISTANT_PAST.search(canonical))
    safe_now = bool(_SAFE_NOW.search(canonical))
    recent = bool(_RECENT.search(_SAFE_NOW.sub(" ", canonical)))
    kept: list[_Hit] = []
    for hit in hits:
        if quick_exit and hit.kind in _WEAK_UNDER_QUICK_EXIT:
            continue
        if hit.kind not in _PRESENT_KINDS and not recent:
            if hit.category == SELF_HARM:
                if past and safe_now:
                    continue
            elif past or safe_now:
                continue
        kept.append(hit)
    return kept


def find_crisis(text: str | None) -> CrisisMatch | None:
    """Return the strongest crisis signal in `text`, or None.

    Self-harm comes first, then threats, being held, and "help now"; among equals the
    earliest in the message. Never raises: an unexpected error is logged and the regular
    expressions alone decide.
    """
    if not text or not isinstance(text, str):
        return None
    try:
        return _find(text, _load())
    except Exception:  # pragma: no cover - a bug here must not break the conversation
        log.exception("crisis net failed; falling back to regular expressions only")
        try:
            return _find(text, {**_load(), "ok": False})
        except Exception:
            log.exception("crisis net fallback failed")
            return None


def _find(text: str, state: dict[str, Any]) -> CrisisMatch | None:
    raw = text[:4096]  # Telegram's longest message
    for emoji, word in _EMOJI.items():
        if emoji in raw:
            raw = raw.replace(emoji, word)
    clean = normalize(raw)
    if not clean:
        return None
    canonical = " ".join(canonical_words(clean))
    canonical = _mask_idioms(canonical, state["idioms"])
    hits = _guarded(_hits(canonical, state), canonical)
    # Shouted or stretched "HELP" / "helppp" / "help!!" is urgent on its own.
    if not hits and _urgent_help(text, clean):
        hits = [_Hit("help_shout", DANGER_NOW, 0, "help")]
    if not hits:
        return None
    best = min(hits, key=lambda h: (_PRIORITY[h.category], h.start))
    return CrisisMatch(category=best.category, matched=best.matched)


def _urgent_help(text: str, clean: str) -> bool:
    if re.search(r"\bh+e+l+p+\b", clean) and not re.search(r"\bhelp\b", clean):
        return True  # "heelp", "helpp"
    if re.search(r"\b(?:HELP|AYUDA|AYUDAME)\b", text) and not re.search(r"\bhelp\b\s+\w", clean):
        return True
    return bool(re.search(r"\b(?:help|ayuda)\s*!{2,}", text, re.IGNORECASE))


def is_crisis(text: str | None) -> bool:
    """True when the message shows a crisis signal."""
    return find_crisis(text) is not None

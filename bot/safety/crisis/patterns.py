"""Word sets and spaCy token patterns of the crisis net, and the phrase table.

A token pattern is a list of token specs over canonical words ("PERSON ... HARM-VERB me");
each pattern key ("harm#0") has a category, a kind (what the guards look at) and, when it
needs one, the person before it (`_who`, checked by `subject_start`).
"""

from __future__ import annotations

from typing import Any

from bot.safety.crisis.phrases import PHRASE_LISTS, THREAT, TRAFFICKING_NOW


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
PERSON_HOLDER = sorted(
    set(PERSON) - set("dad father stepdad stepfather uncle brother cousin family".split())
)
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
MODAL = _set(
    "will would going gonna want wants trying tries about threatened threatening "
    "threatens swears swore promised says said told"
)
PURSUE = _set(
    "following follows followed stalking stalks stalked chasing chases chased watching hunting"
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
TOKEN_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {}
CATEGORY_OF_PATTERN: dict[str, str] = {}
KIND_OF_PATTERN: dict[str, str] = {}
SUBJECT_OF_PATTERN: dict[str, tuple[frozenset[str], int]] = {}
_FILLER_SET = frozenset(FILLER)
_ANY = {"OP": "?"}  # any one word, or none


def _in(words: str | list[str] | frozenset[str], op: str | None = None) -> dict[str, Any]:
    """One word out of `words` (a list, or a string of words)."""
    if isinstance(words, str):
        words = words.split()
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
        CATEGORY_OF_PATTERN[key] = category
        KIND_OF_PATTERN[key] = name
        if pattern and "_who" in pattern[0]:
            SUBJECT_OF_PATTERN[key] = pattern[0]["_who"]
            pattern = pattern[1:]
        TOKEN_PATTERNS[key] = [pattern]


def _upto(spec: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """n optional copies of spec: a bounded "*" (an unbounded one is slow on long input)."""
    return [{**spec, "OP": "?"}] * n


def subject_start(words: list[str], start: int, people: frozenset[str], gap: int) -> int | None:
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
_token_pattern(
    "harm",
    THREAT,
    [*_who(), _in(HARM), _in("at on", "?"), _in(TARGET)],
    [*_who(), _in(HARM), _MY, _in(MY_NOUNS)],
    [*_who(), _in(HARM), _in("up"), _in(TARGET)],
    [
        *_who(),
        _in("throwing threw throws throw pointing pointed swinging swung"),
        _ANY,
        _ANY,
        _in("at on"),
        _in(TARGET),
    ],
    [
        *_who(),
        _in("put puts putting laid lays laying lay"),
        _in("his her their hands"),
        _in("hands on", "?"),
        _is("on", "?"),
        _in(TARGET),
    ],
    [
        *_who(),
        _in("forced forces forcing"),
        _in("himself herself themselves"),
        _is("on"),
        _in(TARGET),
    ],
)
# Without a person: "going to kill me", "wants to hurt me" (idioms are masked before).
_token_pattern(
    "harm_intent",
    THREAT,
    [_in(MODAL), _is("to", "?"), _in(HARM), _in(TARGET)],
    [_in(MODAL), _is("to", "?"), _in(HARM), _MY, _in(MY_NOUNS)],
)
# "she said she'll have me beat up", "he got me jumped".
_token_pattern(
    "harm_arranged",
    THREAT,
    [*_who(), _in("have get got had"), _in(TARGET), _in(HARM)],
)
# Following, stalking, looking for me; outside; found me; knows where I live.
_token_pattern(
    "pursuit",
    THREAT,
    [*_who(), _in(PURSUE), _in(TARGET)],
    [
        *_who(),
        _in(PURSUE),
        _in("my the our"),
        _in("house door place apartment building room window windows car home street job work"),
    ],
    [
        *_who(),
        _in("looking searching coming come comes came after hunting waiting"),
        _in("for after", "?"),
        _in(TARGET),
    ],
    [
        *_who(),
        _in("showing showed shows show turning turned popping popped"),
        _is("up"),
        _in("at to"),
        _in("my our the"),
        _in("job work house home door school place apartment room window shelter building kids"),
    ],
    [*_who(), _is("not"), _in("leave leaving let"), _in(TARGET), _in("alone be")],
    [*_who(), _in("after"), _in(TARGET)],
    [*_who(), _in("tracking tracked tracks"), _in(TARGET)],
)
_token_pattern(
    "presence",
    THREAT,
    [
        _in(PERSON),
        _in("is are still again now right just waiting parked standing sitting hiding"),
        *_upto(_in("is are still again now right just waiting parked standing sitting hiding"), 3),
        _in(PRESENCE),
    ],
    [
        *_who(),
        _in("banging pounding knocking kicking breaking bangs kicked broke"),
        _in("on in down at", "?"),
        _in("the my our", "?"),
        _in("door doors window windows in down into"),
    ],
    [
        *_who(),
        _in("trying tries try"),
        _is("to"),
        _in("break get come bust"),
        _in("in inside into"),
    ],
    [
        _in(PERSON),
        _in("is are still again now right just"),
        *_upto(_in("is are still again now right just"), 3),
        _in("at"),
        _in("the my our"),
        _in("door window house apartment place job work school"),
    ],
)
_token_pattern(
    "found",
    THREAT,
    [*_who(), _in(FIND), _in(TARGET)],
    [*_who(), _in(FIND), _MY, _in(MY_NOUNS)],
    [
        *_who(),
        _in(FIND),
        _in("my our where"),
        _in("new", "?"),
        _in("address place apartment house home location number room shelter i we"),
    ],
    [*_who(gap=6), _in("know knows knew"), _is("where"), _in("i we my")],
)
# Threats by words or with a weapon.
_token_pattern(
    "threatened",
    THREAT,
    [*_who(), _in("threatened threatening threatens threaten threating threat"), _in(TARGET)],
    [*_who(), _in("threatened threatening threatens threaten threating"), _MY, _in(MY_NOUNS)],
    [
        _in("threatened threatening threatens threaten threating"),
        _is("to"),
        _in(HARM + ["sell", "take", "post", "send", "show", "leak"]),
    ],
    [
        *_who(),
        _in("post posting send sending show showing leak share sharing release"),
        _in("my the our"),
        _in("pics pictures photos videos video nudes"),
    ],
)
_token_pattern(
    "weapon",
    THREAT,
    [
        *_who(),
        _in(
            "has have got had pulled pulling holding grabbed carrying brought pointing pointed with"
        ),
        _in("a his her their the my"),
        _in("gun knife weapon pistol blade bat machete rifle"),
    ],
    [_in("gun knife pistol blade"), _in("to at on against"), _in("my me")],
)
# Being held or used right now.
_token_pattern(
    "held_docs",
    TRAFFICKING_NOW,
    [
        *_who(PERSON_HOLDER, gap=5),
        _in(TAKE),
        _in("my our all"),
        *_upto(_in("the my phone money keys and or kids cards car"), 4),
        _in(DOCS),
    ],
    [
        _in("pimp pimps trafficker traffickers daddy captor captors kidnapper"),
        _in("has have got owns keeps holds"),
        _in(TARGET),
    ],
    [
        *_who(),
        _is("not"),
        _in("give giving return returning"),
        _in("me back", "?"),
        _in("back", "?"),
        _in("my our"),
        *_upto(_in("the my phone money keys and or kids cards car"), 4),
        _in(DOCS),
    ],
)
_token_pattern(
    "held_not_let",
    TRAFFICKING_NOW,
    [*_who(), _in("not never"), _in("let lets letting allow allows"), _in(TARGET), _in(LET_OBJECT)],
    [_in("not never"), _in("let lets letting"), _in(TARGET), _in("leave go out outside escape")],
)
_token_pattern(
    "held_locked",
    TRAFFICKING_NOW,
    [
        _in("locked lock locks locking trapped chained tied"),
        _in(TARGET, "?"),
        _in("in inside up into"),
    ],
    [
        _in("i we"),
        _in("am are"),
        *_upto(_in("still now just being"), 4),
        _in("locked trapped chained tied"),
    ],
    [_in("i we"), _in("am are"), *_upto(_in("still now"), 4), _is("being"), _in("held kept")],
    [
        _in("i we"),
        _in("am are"),
        *_upto(_in("still now being"), 4),
        _in("held kept"),
        _in("in inside captive hostage prisoner prisoners against here locked at by"),
    ],
    [
        _in("held kept keeping holding"),
        _in(TARGET, "?"),
        _in("against captive hostage prisoner prisoners"),
    ],
    [
        *_who(),
        _in("lock locks locked locking"),
        _in("the my our all", "?"),
        _in("door doors room rooms windows gate"),
    ],
)
_token_pattern(
    "sold",
    TRAFFICKING_NOW,
    [*_who(), _in(SELL), _in(TARGET)],
    [
        *_who(),
        _in("sold sell selling renting rented gave giving pimping"),
        _in(TARGET),
        _in("to out for"),
    ],
)
_token_pattern(
    "forced",
    TRAFFICKING_NOW,
    [_in("force forces forced forcing"), _in(TARGET), _is("to", "?")],
    [_in("make makes making made"), _in(TARGET), _ANY, _ANY, _ANY, _ANY, _in(SEX_WORK_STRICT)],
    [_in("make makes making made"), _in(TARGET), _ANY, _ANY, _ANY, _ANY, _is("for"), _is("money")],
    [
        _in("make makes making made"),
        _in(TARGET),
        _in("sleep have meet post sell"),
        _in("with sex myself my ads ad pics pictures photos videos online nudes body"),
    ],
    [
        _in("i we"),
        _in("am are being"),
        *_upto(_in("am are being"), 3),
        _in("forced made sold trafficked pimped prostituted used"),
    ],
    [
        *_who(),
        _in("posts posting posted advertises advertising lists"),
        _in(TARGET),
        _in("online on in"),
    ],
)
_token_pattern(
    "takes_money",
    TRAFFICKING_NOW,
    [
        *_who(PERSON_HOLDER),
        _in("takes take took keeps keep kept taking keeping"),
        _in("all most every"),
        _in("my the of"),
        _in("money cash my the earnings tips"),
        _in("money cash earnings tips", "?"),
    ],
)
_token_pattern(
    "owe",
    TRAFFICKING_NOW,
    [*_who(), _in("says said tells told claims"), _in("i we"), _in("still", "?"), _in("owe owes")],
    [
        _in("owe owes"),
        _in("him them her my"),
        *_upto(
            _in(FILLER + ["money", "pimp", "a", "lot", "of", "so", "much", "debt", "the", "and"]), 4
        ),
        _in("can not until till before"),
        _in("not leave pay i", "?"),
        _in("leave go pay paid quit i"),
    ],
)


def _phrase_table() -> dict[str, str]:
    """Each fixed phrase and its category, from `phrases.PHRASE_LISTS` (later lists win)."""
    table: dict[str, str] = {}
    for category, text in PHRASE_LISTS:
        for line in text.strip().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                table[line] = category
    return table


PHRASES = _phrase_table()

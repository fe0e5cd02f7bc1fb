"""Deterministic crisis safety net: patterns that catch danger, self-harm and "help now".

It runs on every message, beside the NLU crisis intent, so a crisis is never missed because
one classifier was unsure. It is tuned to catch misspellings and short forms; a false alarm
costs a person one extra message, a miss can cost far more.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# People who may be a threat, as survivors write them.
_WHO = (
    r"(?:he|she|they|someone|somebody|some ?one|sum1|pimp|my pimp|boyfriend|my boyfriend|bf|"
    r"my bf|daddy|trafficker|my trafficker|the man|a man|a guy|this guy|that guy|him|them|"
    r"my ex|ex|husband|my husband|manager|boss|my boss)"
)
_IS = r"(?:'s|s|is|are|'re|re|was|were|iz)?"
_GOING = r"(?:gonna|gona|going to|goin to|goin|gon|will|wil|wants to|want to|trying to|tryna|tries to|about to|bout to)"
_HARM = r"(?:kill|kil|hurt|hurd|beat|bet|hit|stab|shoot|rape|choke|take|find|sell|cut)"

_PATTERNS: dict[str, list[str]] = {
    "self_harm": [
        r"\b(?:kill|kil|killing|hurt|hurting|cut|cutting|harm|harming)\s*(?:my ?self|myslef|mysef|meself)\b",
        r"\bsu[i1]c[i1]d",
        r"\bsuiside|\bsuicde|\bsucide",
        r"\b(?:want|wanna|wana|wnna|wnt|wanted|wants|going|gonna)\s*(?:to\s+)?(?:die|dye|dy|end it all|end it|end everything|disappear forever)\b",
        r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b",
        r"\b(?:took|take|taking|swallowed|swallow|ate)\s+(?:a lot of |all (?:my|the|of my) |too many |a bunch of |some )?(?:pills|pils|meds|medication|sleeping pills)\b",
        r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go on|going on)\b",
        r"\b(?:don'?t|dont|do not)\s+(?:want|wanna)\s+(?:to\s+)?(?:live|be alive|be here anymore|wake up)\b",
        r"\bbetter off dead\b",
        r"\bkms\b",
        r"\bno quiero vivir\b",
        r"\bquiero morir(?:me)?\b",
        r"\bmatarme\b",
        r"\bme quiero matar\b",
    ],
    "threat": [
        rf"\b{_WHO}\s*{_IS}\s*{_GOING}\s+{_HARM}\s+(?:me|us|my|mi)\b",
        rf"\b{_WHO}\s+(?:hit|hits|beat|beats|beating|hurt|hurts|hurting|raped|rapes|choked|chokes|attacked|stabbed|shot|punched|kicked|threatened|threatens|is hurting|is beating)\s+(?:me|us|my)\b",
        rf"\b{_WHO}\s*{_IS}\s*(?:outside|outsid|outside my|at the door|at my door|here again|coming for me|comin for me|after me|following me|folowing me|watching me|looking for me|lookin for me)\b",
        r"\b(?:someone|somebody|a man|a guy|they|he|she)\s*{is}?\s*(?:following|folowing|stalking|chasing)\s+(?:me|us)\b".replace(
            "{is}", _IS
        ),
        r"\b(?:has|got|have|with|pulled)\s+a\s+(?:gun|knife|weapon)\b",
        r"\b(?:will|gonna|going to|gona)\s+kill\s+me\b",
        r"\bthreaten(?:ed|ing|s)?\s+(?:to\s+)?(?:kill|hurt)\s+me\b",
        r"\bme\s+(?:va|van|quiere|quieren)\s+a?\s*(?:matar|pegar|golpear|lastimar|hacer dano)\b",
        r"\bme\s+(?:esta|estan)\s+(?:siguiendo|pegando|golpeando)\b",
    ],
    "danger_now": [
        r"\b(?:i'?m|i am|im|iam|i feel|feel|feeling)\s+(?:so\s+|really\s+|very\s+|rly\s+|super\s+)?(?:in danger|not safe|unsafe|in trouble right now)\b",
        r"\b(?:i'?m|i am|im|iam)\s+(?:so\s+|really\s+|very\s+|rly\s+|super\s+)?(?:scared|scard|scarred|skared|terrified|frightened)\b(?!\s+(?:to|about|of)\s+(?:start|apply|go|the|a|an|my|new|job|interview|school|class|test|exam|fail|call|ask|talk|speak|try|drive|read|write)\b)",
        r"\bafraid for my life\b",
        r"\b(?:emergency|emergancy|emergncy)\b",
        r"\bsos\b",
        r"\bhelp\s*(?:me\s*)?(?:now|right now|rn|asap|please he|pls he|plz he|please she|please they)\b",
        r"\b(?:need|needs)\s+help\s+(?:now|right now|rn|asap|fast|quick|immediately)\b",
        r"\bcall\s+(?:the\s+)?(?:police|cops|911)\b",
        r"\bi\s*(?:'m|m| am)?\s*(?:being|been|getting|gettin)\s+(?:hurt|beaten|beat|raped|attacked|abused)\b",
        r"\btengo\s+(?:mucho\s+)?miedo\b",
        r"\bestoy\s+en\s+peligro\b",
        r"\b(?:ayuda|ayudame|auxilio)\b.*\b(?:por favor|ya|ahora)\b",
        r"\bauxilio\b",
    ],
    "trafficking_now": [
        r"\b(?:won'?t|wont|will not|doesn'?t|dont|don'?t|does not|do not|never)\s+let\s+(?:me|us)\s+(?:leave|go|out|outside|quit|stop)\b",
        r"\b(?:took|taken|takes|take|stole|kept|keeps|keeping|has|have)\s+my\s+(?:passport|pasport|papers|documents|id card)\b",
        r"\bwon'?t\s+give\s+(?:me\s+)?(?:back\s+)?my\s+(?:passport|papers|id|documents)\b",
        r"\blocked\s+(?:me\s+|us\s+)?(?:in|up|inside)\b",
        r"\b(?:i'?m|i am|im|we are|we're)\s+locked\b",
        r"\b(?:being|been|getting|gettin)\s+(?:forced|trafficked|traffiked|sold|pimped)\b",
        r"\bforc(?:e|ed|es|ing)\s+(?:me|us)\s+to\b",
        r"\bmakes?\s+me\s+(?:sleep with|have sex|sell my ?self|work for free)\b",
        r"\bcan'?t\s+(?:get out|escape|run away|leave this (?:house|place|room|apartment|motel|hotel))\b",
        r"\bcant\s+(?:get out|escape|run away)\b",
        r"\b(?:trapped|trappd|kidnapped|held captive|being held)\b",
        r"\bme\s+(?:obligan|obliga|tienen encerrad[ao]|tiene encerrad[ao])\b",
        r"\bno\s+me\s+deja[n]?\s+salir\b",
    ],
}

# Idioms that contain crisis-like words but are not a crisis.
_IDIOMS = [
    r"\b(?:is|are|was)\s+killing\s+me\s+with\b",
    r"\b(?:this|that|the)\s+(?:weather|heat|traffic|line|wait|joke|show|song)\s+(?:is|was)\s+killing\s+me\b",
    r"\bdying\s+to\s+(?:start|get|see|try|work|know|meet|learn|go|find)\b",
    r"\bcould\s+kill\s+for\b",
    r"\bkilled\s+it\b",
    r"\b(?:that|this|it)\s+(?:joke|show|movie|video)\s+killed\s+me\b",
]

_COMPILED = {name: [re.compile(p) for p in pats] for name, pats in _PATTERNS.items()}
_IDIOMS_COMPILED = [re.compile(p) for p in _IDIOMS]


@dataclass(frozen=True)
class CrisisMatch:
    """Why a message was flagged: the category and the pattern's matched span."""

    category: str
    matched: str


def normalize(text: str) -> str:
    """Lowercase, strip accents and odd quotes, squeeze long letter runs ("helppp" -> "helpp")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w'\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def find_crisis(text: str | None) -> CrisisMatch | None:
    """Return the first crisis signal in `text`, or None. Idioms are removed first."""
    if not text:
        return None
    clean = normalize(text)
    for idiom in _IDIOMS_COMPILED:
        clean = idiom.sub(" ", clean)
    # Squeezed doubles ("hellp") are kept; also test a variant with all doubles collapsed.
    variants = (clean, re.sub(r"(.)\1+", r"\1", clean))
    for variant in variants:
        for category, patterns in _COMPILED.items():
            for pattern in patterns:
                found = pattern.search(variant)
                if found:
                    return CrisisMatch(category=category, matched=found.group(0))
    return None


def is_crisis(text: str | None) -> bool:
    """True when the message shows a crisis signal."""
    return find_crisis(text) is not None

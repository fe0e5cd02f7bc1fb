"""Deterministic crisis safety net: danger from another person, self-harm, being held,
"help now".

It runs on every message, beside the NLU crisis intent, so a crisis is never missed because
one classifier was unsure. A false alarm costs a person one extra message with hotline
numbers; a miss can cost far more; but a net that fires on "this heat is killing me" makes
the assistant unusable. So it works in four steps:

1. **Normalise** (`normalize.normalize`): lowercase, accents and odd quotes away, letter
   runs squeezed.
2. **Canonical words** (`normalize.canonical_words`): contractions written out ("im" -> "i am",
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
as it is here for Rasa: about 3 s and 450 MB in a process that has not loaded it yet).
Message words never enter its vocabulary (unknown words become "_"), so memory stays flat
and nothing a person wrote is kept. If spaCy cannot be loaded the regular expressions still run.

The package, data apart from matching: `phrases` (categories, fixed phrases, regular
expressions, idioms) and `lexicon` (normalising words) are pure data; `normalize` (steps 1
and 2), `patterns` (word sets and spaCy token patterns), `guards` (step 4) and `matcher`
(step 3 and the entry points below) hold the logic.
"""

from bot.safety.crisis.matcher import CrisisMatch, find_crisis, is_crisis, warm_up
from bot.safety.crisis.normalize import canonical_words, normalize
from bot.safety.crisis.phrases import DANGER_NOW, SELF_HARM, THREAT, TRAFFICKING_NOW

__all__ = [
    "DANGER_NOW",
    "SELF_HARM",
    "THREAT",
    "TRAFFICKING_NOW",
    "CrisisMatch",
    "canonical_words",
    "find_crisis",
    "is_crisis",
    "normalize",
    "warm_up",
]

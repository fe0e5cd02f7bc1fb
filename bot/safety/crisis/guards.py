"""Step 4 of the crisis net: the guards that drop a match which is not a crisis.

Idioms ("killing me with forms") are masked before matching; after it, fear of ordinary
things, the distant past when the person is safe now, negation, benign presence and a
quick-exit request (left to the quick exit) each remove matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.safety.crisis.patterns import FEAR, FIND, HARM, NEGATION, PURSUE
from bot.safety.crisis.phrases import DANGER_NOW, SELF_HARM

# Quick exit: the person wants the chat hidden, not a long reply on the screen.
_QUICK_EXIT = re.compile(
    r"\b(?:exit|quick exit|close (?:this|it|the chat|chat|the app|app|now)|hide (?:this|it|the "
    r"chat|chat|the app|app)|"
    r"delete (?:this|it|everything|the chat)|erase (?:this|it|everything)|wipe (?:this|it|"
    r"everything)|"
    r"gtg|g2g|got to go|gotta go|can not talk)\b|^(?:salir|cerrar|cierra|borra|borrar|esconde|"
    r"esconder)\b|\b(?:esconde|esconder|escondan|oculta|ocultar|cierra|cerrar|borra|borrar)\s+"
    r"(?:esto|este chat|el chat|la app|la aplicacion|todo|la conversacion|los mensajes)\b|"
    r"\b(?:salida rapida|no puedo hablar|me tengo que ir|tengo que irme)\b"
)
# Matches that a quick-exit request overrides (presence, not violence or self-harm).
_WEAK_UNDER_QUICK_EXIT = frozenset(
    {"presence", "help_presence", "pursuit", "found", "fear", "strong_here", "strong_coming"}
    | {"es_presence", "es_door", "es_pursuit", "es_found"}
)

# The past, and being safe now.
_DISTANT_PAST = re.compile(
    r"\b(?:years? ago|months ago|a long time ago|long ago|back then|back in the day|in the past|"
    r"when i was (?:a |an |still )?(?:kid|child|little|young|younger|teen|teenager|minor|girl|"
    r"boy|\d+|in|with|being)|"
    r"as a (?:kid|child|teen|teenager|minor|girl)|growing up|in (?:19|20)\d\d|years back|used to|"
    r"last year|(?:\d+|two|three|four|five|six|ten) years|before i (?:got out|left|escaped))\b|"
    r"\bhace\s+(?:\d+\s+|un\s+|una\s+|dos\s+|tres\s+|cuatro\s+|cinco\s+|seis\s+|diez\s+|"
    r"muchos\s+|varios\s+|unos\s+|algunos\s+|mucho\s+)?(?:anos|ano|meses|tiempo)\b|"
    r"\bcuando (?:era|tenia|estaba|vivia|fui)\b|\bde (?:nina|nino|chica|chico|joven|adolescente|"
    r"menor)\b|\ben (?:19|20)\d\d\b|\bel ano pasado\b|\bantes de (?:salir|escapar|irme)\b|"
    r"\bsolia\b|\ben el pasado\b"
)
_SAFE_NOW = re.compile(
    r"(?<!not )\b(?:i am|i feel|we are|i am finally|now i am|i am now)\s+(?:safe|ok|okay|fine|"
    r"free|out|doing (?:better|good|well|ok|okay)|clean|sober)\b|"
    r"\b(?:is|are)\s+(?:in (?:prison|jail)|locked up|behind bars)\b|\bwent to (?:prison|jail)\b|"
    r"\bgot out\b|\bout of (?:that|the) life\b|\bi left (?:him|them|that life|the life)\b|"
    r"\bclean for\b|\bsurvivor\b|\bi escaped\b(?!.{0,160}?\b(?:looking for me|found me|after me)\b)"
    r"|(?<!no )\b(?:ya|ahora)\s+(?:estoy|me siento|estamos)\s+(?:a salvo|segur[oa]s?|libres?|mejor|"
    r"bien|tranquil[oa]s?|fuera)\b(?!\s+(?:de que|que)\b)|(?<!no )\b(?:estoy|estamos|me siento)\s+"
    r"(?:a salvo|libres?)\b|(?<!no )\bme siento\s+segur[oa]\b(?!\s+(?:de que|que)\b)|"
    r"\b(?:esta|estan)\s+(?:en la carcel|en prision|pres[oa]s?|detenid[oa]s?)\b|\bya sali\b|"
    r"\bsali de (?:eso|esa vida|ahi)\b|\blo deje\b|\bsobreviviente\b|"
    r"\bme escape\b(?!.{0,160}?\b(?:me busca|me encontr|me sigue|me esta buscando)\w*)"
)
_RECENT = re.compile(
    r"\b(?:right now|tonight|today|this morning|this evening|this afternoon|last night|yesterday|"
    r"again|still|currently|at the moment|just now|anymore|every day|every night|these days|"
    r"since|keeps|is back|are back|came back|found me)\b|"
    r"\b(?:ahorita|ahora mismo|en este momento|esta noche|hoy|anoche|ayer|esta manana|esta tarde|"
    r"otra vez|de nuevo|todavia|aun|sigue|siguen|todos los dias|todas las noches|desde|volvio|"
    r"regreso|me encontro|me encontraron)\b"
)
# Matches that stay crises whatever the tense around them.
_PRESENT_KINDS = frozenset(
    {
        "presence",
        "pursuit",
        "found",
        "harm_intent",
        "want_die",
        "should_die",
        "end_it",
        "jump",
        "help_urgent",
        "help_plea_end",
        "ayudame",
        "help_please",
        "please_help",
        "help_distress",
        "need_help_now",
        "help_presence",
        "call_police",
        "call_911",
        "in_danger",
        "not_safe",
        "nowhere_tonight",
        "shelter_tonight",
        "fear",
        "emergency",
        "dont_know_where",
        "hiding",
        "hurt_now",
        "escaped_looking",
        # Spanish: pursuit and presence, a threat now, help now, the wish to die.
        "es_harm_intent",
        "es_pursuit",
        "es_found",
        "es_presence",
        "es_door",
        "es_weapon",
        "es_medical",
        "es_want_die",
        "es_help_now",
        "es_call_police",
        "es_not_safe",
        "es_hiding",
        "es_escape",
        "es_nowhere",
        "es_emergency",
    }
)

# Fear: a danger unless it is about something ordinary ("scared of interviews").
_FEAR_WORDS = frozenset(FEAR)
_FEAR_CUES = re.compile(
    r"\b(?:him|them|home|my life|for my life|for my safety|for my kids|for my children|for my baby|"
    r"die|dying|death|kill|killed|hurt|hurting|outside|alone|help|please|go back (?:there|home|"
    r"to him|to them|to that house|to the house)|going back (?:there|home|to him|to them)|leave "
    r"him|"
    r"leave them|find me|finds me|found me|sleep tonight|tonight|right now|ellos|matar|casa|morir|"
    r"vida|ayuda|_distress|de el$|encuentre|encuentren|mate|maten|pegue|lastime|vuelva|my pimp|"
    r"my trafficker|he is|she is|they are|"
    r"he will|she will|they will|he is going|they are going|he might|they might|he knows|they know|"
    r"he found|they found|he comes|he gets|he does|he finds|he sees|they see|they come)\b"
)
_FEAR_ORDINARY_START = frozenset(
    "of about to that for de if when because my i the a an what how starting start going lol "
    "haha jaja el la los las un una que".split()
)


@dataclass(frozen=True)
class Hit:
    kind: str
    category: str
    start: int  # character offset in the canonical text
    matched: str


def mask_idioms(text: str, idioms: list[re.Pattern[str]]) -> str:
    for idiom in idioms:
        text = idiom.sub(lambda m: " ".join("_" for _ in m.group(0).split()), text)
    return text


def fear_hits(words: list[str], offsets: list[int]) -> list[Hit]:
    hits: list[Hit] = []
    for index, word in enumerate(words):
        if word not in _FEAR_WORDS:
            continue
        before = words[max(0, index - 3) : index]
        if "not" in before or "never" in before or (word == "miedo" and "no" in before):
            continue  # "i am not scared anymore", "no tengo miedo"
        if word == "miedo" and (
            index == 0
            or words[index - 1]
            not in {"tengo", "mucho", "tanto", "con", "siento", "da", "muerta", "muerto"}
        ):
            continue
        rest = [w for w in words[index + 1 :] if w != "_"]
        # skip intensifiers right after the fear word
        while rest and rest[0] in {
            "so",
            "really",
            "very",
            "rn",
            "now",
            "right",
            "as",
            "hell",
            "af",
            "and",
            "mucho",
            "tanto",
            "muy",
            "asi",
        }:
            rest = rest[1:]
        complement = " ".join(rest)
        if rest and rest[0] in _FEAR_ORDINARY_START and not _FEAR_CUES.search(complement):
            continue
        if rest and not _FEAR_CUES.search(complement):
            if (
                len(rest) > 2
                or rest[0].endswith("ing")
                or (word == "miedo" and rest[0].endswith(("ar", "er", "ir")))
            ):
                continue
        hits.append(Hit("fear", DANGER_NOW, offsets[index], " ".join(words[index : index + 4])))
    return hits


_ORDINARY_AFTER_LET = frozenset(
    "early work class classes school program training party prom practice gym mall game "
    "concert lunch break breaks shift meeting interview appointment sleepover vacation trip "
    "movies overtime job".split()
)
_DANGER_AFTER_LET = frozenset(
    "police doctor hospital home family mom mother kids house room".split()
)
_ORDINARY_FORCED = re.compile(
    r"^(?:to\s+)?(?:take (?:a |the |another )?(?:drug )?(?:test|exam|class|course|break|day off|"
    r"vacation|leave)|"
    r"sign|wait|redo|retake|fill|pay (?:a|the) fee|resign|quit|attend|wear|switch|change|use|start|"
    r"finish|reschedule|repeat|submit|apply|register|enroll|work overtime|work weekends|get a|"
    r"do overtime|"
    r"move out|leave (?:school|the program|early|my job))\b"
)
_BENIGN_PRESENCE = re.compile(
    r"^(?:\w+\s+){0,2}?(?:waiting to (?:drive|take|pick|give)|ready to (?:drive|take|pick)|to "
    r"pick me up|"
    r"smoking|having a (?:smoke|cigarette)|playing|working|mowing|fixing|cleaning|grilling|with "
    r"the (?:kids|dog)|"
    r"walking the dog|washing the car)\b"
)
_NEGATION_BRIDGE = frozenset("even ever really actually just be been have to once".split())


def token_guard(kind: str, words: list[str], start: int, end: int) -> bool:
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
        if (v >= 1 and words[v - 1] in NEGATION) or (
            v >= 2 and words[v - 2] in NEGATION and words[v - 1] in _NEGATION_BRIDGE
        ):
            return True
    if kind == "found":
        following = words[end : end + 1]
        if following and following[0] in {
            "a",
            "an",
            "some",
            "work",
            "job",
            "jobs",
            "housing",
            "the",
            "this",
            "that",
            "help",
            "programs",
            "program",
            "classes",
            "another",
        }:
            return True  # "they found me a place to stay"
        if (
            "find" in span
            and following
            and following[0] in {"through", "on", "with", "using", "by", "from", "if"}
        ):
            return True  # "can they find me through this app": a question about the app
    if kind == "held_not_let":
        nxt = set(words[end : end + 4])
        if nxt & _ORDINARY_AFTER_LET and not nxt & _DANGER_AFTER_LET:
            return True  # "they won't let me leave work early"
    if (
        kind == "forced"
        and span[0] in {"force", "forces", "forced", "forcing"}
        and _ORDINARY_FORCED.search(
            " ".join(words[end - 1 if span[-1] == "to" else end :][:6]).removeprefix("to ")
        )
    ):
        return True  # "they forced me to take a drug test"
    if kind == "presence" and _BENIGN_PRESENCE.search(after):
        return True  # "my boyfriend is outside waiting to drive me to class"
    return False


_HARM_SET = frozenset(HARM)
_FIND_SET = frozenset(FIND)
_PURSUE_SET = frozenset(PURSUE)


def phrase_guard(phrase: str, words: list[str], start: int, end: int) -> bool:
    before = words[max(0, start - 3) : start]
    if before and (before[-1] in {"not", "never"} or before[-2:] == ["no", "longer"]):
        return True  # "i am not in danger", "not suicidal", "no longer in danger"
    if "used" in before or ("was" in before and phrase.startswith("being")):
        return True
    # "girls who are being trafficked": someone else's situation.
    if (
        phrase.startswith("being")
        and start > 0
        and words[start - 1] in {"are", "is", "were", "was"}
        and (start < 2 or words[start - 2] not in {"i", "we"})
    ):
        return True
    if (
        phrase == "sos"
        and words[end : end + 1]
        and words[end] in {"how", "what", "where", "which", "can", "does", "is", "lol", "haha"}
    ):
        return True  # "sos how do i attach my resume"
    if phrase.startswith(("take my", "taking my", "take my own")) and words[end : end + 1] == [
        "back"
    ]:
        return True  # "i want to take my life back"
    if (
        phrase in {"suicide", "suicidal", "overdose"}
        and words[end : end + 1]
        and words[end]
        in {"prevention", "hotline", "awareness", "training", "course", "class", "squad", "rates"}
    ):
        return True
    if phrase in {"cortarme", "me quiero cortar", "me voy a cortar", "acabar con todo"} and (
        words[end : end + 1]
        and words[end] in {"el", "la", "los", "las", "lo", "mi", "mis", "un", "una"}
    ):
        return True  # "cortarme el pelo" (a haircut), "acabar con todo el trabajo"
    if _es_phrase_guard(phrase, words[end : end + 6]):
        return True
    if phrase in {"see clients", "seeing clients", "do dates", "doing dates", "my quota"}:
        # "see clients" is also ordinary work (a hair salon): only with a pressure word.
        text = " ".join(words)
        if not re.search(
            r"\b(?:making me|make me|makes me|made me|forcing me|forces me|force me"
            r"|he|they|pimp|tonight|or else|beat|hurt|kill|money|quota|owe|not let|"
            r"can not leave)\b",
            text,
        ):
            return True
    return False


# Spanish: "no me deja salir temprano" (work hours), "me obligan a firmar" (a form), "ya no
# aguanto este calor", "quiero desaparecer de las redes": ordinary, like the English guards.
_ES_ORDINARY_AFTER_LET = frozenset(
    "temprano antes tarde fiesta vacaciones descanso almuerzo almorzar comer cine recreo "
    "clase clases escuela curso turno reunion entrevista cita viaje permiso fines".split()
)
_ES_DANGER_AFTER_LET = frozenset("casa cuarto habitacion policia doctor hospital familia".split())
_ES_ORDINARY_FORCED = re.compile(
    r"^a\s+(?:firmar|llenar|esperar|pagar|usar|estudiar|repetir|renunciar|cambiar|mudarme|"
    r"inscribirme|registrarme|trabajar horas extra|hacer el examen|presentar|entregar|"
    r"tomar (?:la|el|un|una|otra|otro) (?:clase|examen|prueba|curso|descanso|capacitacion))\b"
)
_ES_LIMIT_PHRASES = frozenset({"no aguanto mas", "ya no aguanto", "ya no puedo mas"})
_ES_ARTICLES = frozenset(
    "el la los las este esta estos estas ese esa tanto tanta mi mis con".split()
)


def _es_phrase_guard(phrase: str, after: list[str]) -> bool:
    nxt = set(after[:4])
    if phrase.startswith(("no me deja", "no me dejan")):
        return bool(nxt & _ES_ORDINARY_AFTER_LET) and not nxt & _ES_DANGER_AFTER_LET
    if phrase in {"me obliga", "me obligan", "nos obligan", "me obligaron", "me obligo"}:
        return bool(_ES_ORDINARY_FORCED.search(" ".join(after)))
    if phrase in _ES_LIMIT_PHRASES:
        rest = after[1:] if after[:1] == ["mas"] else after
        if rest[:2] in (["mi", "vida"], ["esta", "vida"]):
            return False  # "no aguanto mas mi vida"
        return bool(rest) and rest[0] in _ES_ARTICLES  # "ya no aguanto mas este calor"
    if phrase == "quiero desaparecer" and after[:1] == ["de"]:
        return bool(nxt & {"redes", "facebook", "instagram", "tiktok", "internet", "grupo"})
    return False


# "mi hijo esta afuera", "esta afuera jugando": someone ordinary, or an ordinary reason.
_ES_BENIGN_PRESENCE = re.compile(
    r"\b(?:mi|mis|el|la|los|las)\s+(?:hij[oa]s?|nin[oa]s?|perr[oa]s?|gat[oa]s?|taxi|uber|camion|"
    r"transporte|amig[oa]s?|abuel[oa]|maestr[oa]|trabajadora social|consejera)\s+(?:ya\s+)?"
    r"(?:esta|estan)\s+(?:aqui\s+)?(?:afuera|abajo|en la puerta)\b|\b(?:esta|estan)\s+(?:aqui\s+)?"
    r"(?:afuera|abajo|en la puerta)\s+(?:\w+\s+){0,2}?(?:jugando|trabajando|fumando|esperando para|"
    r"esperandome para|para llevarme|con (?:los ninos|el perro|mis hijos)|lavando|arreglando|"
    r"barriendo|platicando)\b"
)


def guarded(hits: list[Hit], canonical: str) -> list[Hit]:
    if not hits:
        return hits
    quick_exit = bool(_QUICK_EXIT.search(canonical))
    past = bool(_DISTANT_PAST.search(canonical))
    safe_now = bool(_SAFE_NOW.search(canonical))
    recent = bool(_RECENT.search(_SAFE_NOW.sub(" ", canonical)))
    kept: list[Hit] = []
    for hit in hits:
        if quick_exit and hit.kind in _WEAK_UNDER_QUICK_EXIT:
            continue
        if hit.kind == "es_presence" and _ES_BENIGN_PRESENCE.search(canonical):
            continue
        if hit.kind not in _PRESENT_KINDS and not recent:
            if hit.category == SELF_HARM:
                if past and safe_now:
                    continue
            elif past or safe_now:
                continue
        kept.append(hit)
    return kept

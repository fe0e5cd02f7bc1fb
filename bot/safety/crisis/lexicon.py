"""The crisis net's word data for normalising: meaningful emoji, contractions, phone
spellings and voice slips, the key words whose typos are repaired, and the real words that
must never be "corrected". Pure data, read by `normalize`.
"""

from __future__ import annotations

import re

# Emoji that carry meaning here; everything else non-alphanumeric becomes a space.
EMOJI = {
    "\U0001f198": " sos ",  # SOS button
    "\U0001f62d": " _distress ",  # loudly crying face
    "\U0001f622": " _distress ",  # crying face
    "\U0001f630": " _distress ",  # anxious face with sweat
    "\U0001f631": " _distress ",  # face screaming in fear
    "\U0001f628": " _distress ",  # fearful face
    "\U0001f6a8": " _distress ",  # police car light
}


APOSTROPHES = [
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
EXPAND: dict[str, str] = {
    "im": "i am",
    "iam": "i am",
    "ima": "i am going to",
    "imma": "i am going to",
    "ive": "i have",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "youre": "you are",
    "thats": "that is",
    "whats": "what is",
    "its": "it is",
    "theres": "there is",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "aint": "is not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "dnt": "do not",
    "cnt": "can not",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "gonan": "going to",
    "goona": "going to",
    "finna": "going to",
    "gon": "going to",
    "goin": "going",
    "boutta": "about to",
    "bout": "about",
    "tryna": "trying to",
    "trynna": "trying to",
    "wanna": "want to",
    "wana": "want to",
    "wnna": "want to",
    "wnt": "want",
    "whant": "want",
    "gotta": "got to",
    "hafta": "have to",
    "lemme": "let me",
    "gimme": "give me",
    "theyll": "they will",
    "youll": "you will",
    "itll": "it will",
    "hed": "he would",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "plis": "please",
    "pleas": "please",
    "b": "be",
    "tok": "took",
    "tooke": "took",
    "tuk": "took",
    "takin": "taking",
    "beet": "beat",
    "leve": "leave",
    "leav": "leave",
    "trapt": "trapped",
    "ther": "there",
    "sez": "says",
    "sayz": "says",
    "beeing": "being",
    "bein": "being",
    "wnat": "want",
    "bd": "daddy",
    "mans": "man",
    "plez": "please",
    "pleae": "please",
    "rn": "right now",
    "idk": "i do not know",
    "dunno": "do not know",
    "noone": "no one",
    "smth": "something",
    "sumthin": "something",
    "somethin": "something",
    "sum1": "someone",
    "some1": "someone",
    "sumone": "someone",
    "ppl": "people",
    "bf": "boyfriend",
    "hubby": "husband",
    "cops": "police",
    "cop": "police",
    "popo": "police",
    "policeman": "police",
    "kms": "kill myself",
    "meself": "myself",
    "myslf": "myself",
    "kil": "kill",
    "kll": "kill",
    "kiled": "killed",
    "kild": "killed",
    "hurd": "hurt",
    "hert": "hurt",
    "hrt": "hurt",
    "scarred": "scared",
    "scard": "scared",
    "skared": "scared",
    "scaired": "scared",
    "sacred": "scared",
    "terified": "terrified",
    "brake": "break",
    "braking": "breaking",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "nite": "night",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "cause": "because",
    "thru": "through",
    "tho": "though",
    "wit": "with",
    "w": "with",
    "n": "and",
    "sucide": "suicide",
    "suiside": "suicide",
    "suicde": "suicide",
    "sucidal": "suicidal",
    "suicidle": "suicidal",
    "od": "overdose",
    "oded": "overdosed",
    "pils": "pills",
    "pillz": "pills",
    "nowere": "nowhere",
    "nowher": "nowhere",
    "emergancy": "emergency",
    "emergncy": "emergency",
    "emergecy": "emergency",
    "helo": "hello",
    "halp": "help",
    "hlp": "help",
    "hepl": "help",
    "hekp": "help",
    "dyin": "dying",
    "ded": "dead",
    "fallowing": "following",
    "fallowed": "followed",
    "fallow": "follow",
    "chocked": "choked",
    "chocking": "choking",
    "choaked": "choked",
    "trafficed": "trafficked",
    "traficked": "trafficked",
    "trafiked": "trafficked",
    "traffiked": "trafficked",
    "pimpin": "pimping",
    "passprt": "passport",
    "outsid": "outside",
    "outsde": "outside",
    "outide": "outside",
    "ayudenme": "ayudame",
    "ayudeme": "ayudame",
    "ayudem": "ayudame",
    "xq": "porque",
    # Spanish as typed on phones: k for qu, dropped letters, stretched pleas.
    "kiere": "quiere",
    "kieren": "quieren",
    "kiero": "quiero",
    "kieres": "quieres",
    "qiere": "quiere",
    "qiero": "quiero",
    "kisiera": "quisiera",
    "ke": "que",
    "stoy": "estoy",
    "estoi": "estoy",
    "voi": "voy",
    "stamos": "estamos",
    "tamos": "estamos",
    "stan": "estan",
    "aki": "aqui",
    "aca": "aqui",
    "porfa": "por favor",
    "porfavor": "por favor",
    "xfa": "por favor",
    "xfavor": "por favor",
    "ayudaa": "ayuda ya",
    "ayudamee": "ayudame ya",
    "ayudenmee": "ayudame ya",
    "ayudanme": "ayudame",
    "ayudeneme": "ayudame",
    "ijo": "hijo",
    "ija": "hija",
    "ijos": "hijos",
    "ijas": "hijas",
    "nesesito": "necesito",
    "nececito": "necesito",
    "nesecito": "necesito",
    "pastiyas": "pastillas",
    "ambulansia": "ambulancia",
}

# Two or three words as typed -> one canonical word.
MERGE: dict[tuple[str, ...], str] = {
    ("out", "side"): "outside",
    ("my", "self"): "myself",
    ("my", "sell"): "myself",
    ("some", "one"): "someone",
    ("some", "body"): "somebody",
    ("no", "where"): "nowhere",
    ("no", "were"): "nowhere",
    ("any", "more"): "anymore",
    ("to", "night"): "tonight",
    ("nine", "one", "one"): "911",
    ("9", "1", "1"): "911",
    ("un", "alive"): "unalive",
    ("over", "dose"): "overdose",
    ("over", "dosed"): "overdosed",
    ("case", "manager"): "casemanager",
    ("case", "worker"): "caseworker",
    ("primeros", "auxilios"): "firstaid",
    ("first", "aid"): "firstaid",
    ("self", "harm"): "selfharm",
    ("self", "harming"): "selfharm",
    ("sos", "sos"): "sos",
    ("nine", "eleven"): "911",
    ("my", "shelf"): "myself",
    ("s", "o", "s"): "sos",
    ("hacer", "dano"): "hacerdano",
    ("nueve", "uno", "uno"): "911",
    ("nueve", "once"): "911",
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
_ES_ME_NEXT = frozenset(
    "quiere quieren va van ba ban iba esta estan anda andan pego pega pegan pegaron golpeo "
    "golpea golpean violo violaron amenazo amenaza amenazan sigue siguen vigila vigilan "
    "encontro encontraron tiene tienen obliga obligan quito quitaron quiero voy estoy "
    "persigue busca buscan drogaron ahorco lastimo".split()
)
_ES_ESTOY_NEXT = frozenset(
    "en sangrando encerrada encerrado atrapada atrapado escondida escondido sola solo "
    "asustada asustado herida herido muy".split()
)
_ES_ESTA_NEXT = frozenset(
    "afuera aqui siguiendo golpeando pegando buscando tocando pateando en".split()
)
BEFORE_TO = frozenset(
    "going want wants wanted trying about need needs have has ready used tried".split()
)
CONTEXT_CONTRACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "hell": (_WILL_VERBS, "he will"),
    "shell": (_WILL_VERBS, "she will"),
    "ill": (_WILL_VERBS, "i will"),
    "his": (_BE_NEXT, "he is"),
    "their": (_BE_NEXT, "they are"),
    "there": (_BE_NEXT - {"here", "at", "in", "about", "back", "outside"}, "they are"),
    "thier": (_BE_NEXT, "they are"),
    # Spanish: "me ba a matar", "m kiere matar", "toy en peligro", "ta afuera".
    "ba": (frozenset({"a"}), "va"),
    "ban": (frozenset({"a"}), "van"),
    "boy": (frozenset({"a"}), "voy"),
    "m": (_ES_ME_NEXT, "me"),
    "toy": (_ES_ESTOY_NEXT, "estoy"),
    "ta": (_ES_ESTA_NEXT, "esta"),
    "sta": (_ES_ESTA_NEXT, "esta"),
}

# Key words whose near-miss spellings are corrected (length >= 5; shorter ones are in EXPAND).
LEXICON = frozenset(
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
PROTECTED = frozenset(
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
# Spanish real words the repair would "correct" ("pensando" is not "pegando", "edad" is not
# "dead", "clientes" stay Spanish, "amenazando" is not "amenazan"): textstat's Spanish easy
# words and the inflections of the key verbs, each checked against the repair.
PROTECTED = PROTECTED | frozenset(
    """
    acostado afueras aguda amenazaba amenazaban amenazada amenazado amenazando amenazante
    amenazar amenazara amenazaran amenazare amenazas amenaze amenazen amenazes apuntado
    asentado asistida asistido asustaba asustaban asustabas asustadas asustados asustamos
    asustando asustara asustaran asustaras asustare asustaria asustaron auxilios ayudamos
    ayudan ayudante ayudar ayudare ayudarle ayudarme ayudas ayudaste ayude ayudo buscado
    buscados buscarlo calienta caliente calientes cliente clientes documental documento
    edad emergencia emergente encargada encargado encerraba encerraban encerrabas encerradas
    encerrados encerramos encerran encerrando encerrar encerrara encerraran encerraras
    encerrare encerraria encerraron encerras enterada enterado enterrado enterrados escapa
    escapare escapen escapes escapo existian existido golpe golpeaba golpeada golpeado
    golpeados golpeara golpearan golpearas golpeare golpearia golpeas golpee golpes lleve
    matan matara matare matas molestada molestado molestan molestar molestas moleste
    molesten molestes molestia molestos moria morira morirse obligaba obligaban obligada
    obligado obligar obligara obligaran obligare obligas obligen pasaportes pegado pegara
    pegare pegas pelar peleando peleaste peligros peligrosa peligroso pensando pesar pilas
    policial policias politica propicia siguiente suicidaba suicidada suicidado suicidan
    suicidara suicidaran suicidaras suicidare suicidaria suicidaron suicidarse suicidaste
    suiciden suicides suicido viajaron vigilaron violaban violacion violados violamos
    violaran violaras violaria violarian
    """.split()
)
# Frequent short words, never corrected (the lexicon's near neighbours among them are above).
COMMON = frozenset(
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
NO_FUZZ_PREFIXES = ("http", "www")

SHORT_REAL = frozenset("beta gnu ide".split())  # real words among those swaps

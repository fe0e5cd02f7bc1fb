"""Look-alikes the request parser must leave alone: words and contexts in which something
that looks like an entity is not one ("i'm free on weekends", "nail polish", "$15 an hour",
"mobile phlebotomy"). Data only; the reader applies them. Patterns are on folded lowercase
text; a `*_BEFORE` pattern ends at the match, an `*_AFTER` one starts right after it.
"""

from __future__ import annotations

import re

# --- any entity ---------------------------------------------------------------------------
# A phone number is no ZIP, amount or anything else.
PHONE = re.compile(
    r"(?:\+?1[-.\s]?)?\(?\b\d{3}\)?[-.\s]?\d{3}[-.\s]?\d{4}\b")
# "not free", "don't want it online", "i don't speak english"
NEGATION_BEFORE = re.compile(
    r"\b(?:" + "|".join((
        r"not", r"never", r"no", r"don'?t", r"doesn'?t", r"didn'?t", r"isn'?t", r"aren'?t",
        r"won'?t", r"can'?t", r"shouldn'?t", r"no need to", r"no need for", r"no tiene que",
        r"no tienen que", r"no necesita",
    )) + r")\s+(?:\w+\s+){0,3}$")

# --- cost ---------------------------------------------------------------------------------
# A number of something else: "10 miles", "3 kids", "2 years", "at 6 pm".
NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:-?\s*)?(?:" + "|".join((
        r"miles?", r"mi\b", r"minutes?", r"mins?\b", r"hours?", r"hrs?\b", r"km\b", r"kids?",
        r"children", r"years?", r"yrs?\b", r"days?", r"weeks?", r"months?", r"blocks?",
        r"people", r"students", r"%", r"percent", r"am\b", r"pm\b", r"a\.m", r"p\.m",
        r"o'?clock", r"millas", r"minutos", r"horas", r"anos", r"años", r"dias", r"semanas",
        r"meses", r"hijos", r"ninos", r"niños",
    )) + r")(?![a-z])")
# A wage or a salary is not what a course costs: "$15 an hour", "40k a year".
WAGE_AFTER = re.compile(
    r"^\s*(?:" + "|".join((
        r"an? hour", r"per hour", r"/ ?hr", r"/ ?hour", r"hourly", r"a year", r"per year",
        r"/ ?yr", r"a month", r"per month", r"a week", r"per week", r"a day", r"la hora",
        r"por hora", r"al mes", r"al ano", r"al año", r"a la semana",
    )) + r")\b")
# "free" about a person or a thing, not a price: "i'm free", "sugar free", "tax free".
NOT_FREE_BEFORE = re.compile(
    r"(?:" + "|".join((
        r"feel", r"i'?m", r"i am", r"im", r"we'?re", r"we are", r"i'?ll be", r"i will be",
        r"i'?d be", r"get set", r"set", r"break", r"sugar", r"drug", r"drugs", r"smoke",
        r"alcohol", r"stress", r"hands", r"crime", r"debt", r"gluten", r"scent", r"tobacco",
        r"tax", r"toll",
    )) + r")\s*$")
# "free time", "free on monday", "free after 5": being available, not a price.
NOT_FREE_AFTER = re.compile(
    r"^\s*(?:" + "|".join((
        r"time", r"times", r"day", r"days", r"hour", r"hours", r"period", r"will", r"from",
        r"to (?:talk|chat|go|call)",
        r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|the weekend)",
        r"after", r"before", r"until", r"till", r"tiempo",
    )) + r")\b")
# "can't afford more than $300" is a ceiling, not "free".
AFFORD_MORE = re.compile(r"^\s*(?:more than|over|mas de|much more than)\b")

# --- schedule -----------------------------------------------------------------------------
# "i work nights so i need day classes": the times a person works are not class times.
NOT_SCHEDULE_BEFORE = re.compile(
    r"\b(?:" + "|".join((
        r"good", r"this", r"last", r"yesterday", r"tomorrow", r"buenos", r"buenas", r"one",
        r"every other", r"all", r"whole", r"night", r"nite", r"work", r"works", r"working",
        r"trabajo", r"trabajo en las?", r"trabajo por las?",
    )) + r")\s*$")
NOT_SCHEDULE_AFTER = re.compile(
    r"^\s*(?:" + "|".join((
        r"ago", r"before last", r"shift manager", r"night", r"nite", r"years?", r"months?",
        r"weeks?", r"days?", r"kids", r"minutes", r"hours", r"anos", r"años", r"meses",
    )) + r")\b")

# --- format -------------------------------------------------------------------------------
# "virtual assistant", "remote control", "virtual health": a job or a thing, not a format.
NOT_FORMAT_AFTER = re.compile(r"^\s*(?:assistant|assistants|control|health)\b")

# --- ZIP ----------------------------------------------------------------------------------
# Five digits that are a pay, a phone, a case or a room number.
NOT_ZIP_BEFORE = re.compile(
    r"(?:" + "|".join((
        r"make", r"makes", r"making", r"earn", r"earns", r"earning", r"paid", r"pay", r"salary",
        r"owe", r"cost", r"costs", r"spend", r"spent", r"save", r"saved", r"number", r"phone",
        r"call", r"text", r"#", r"case", r"id", r"room", r"apt", r"apartment", r"unit",
        r"suite", r"ste", r"order", r"account", r"ganar", r"gano",
    )) + r")\s*$")
NOT_ZIP_AFTER = re.compile(
    r"^\s*(?:" + "|".join((
        r"a (?:year|month|week)", r"per", r"/", r"dollars?", r"bucks", r"usd", r"k\b",
        r"miles", r"al ano", r"al mes", r"hours", r"students",
    )) + r")")

# --- language -----------------------------------------------------------------------------
# A language word right before these is a food, a nail or hair style: not a language.
NOT_LANGUAGE_AFTER = frozenset(
    "tips tip manicure manicures fries toast braid braids food cuisine cooking restaurant "
    "bakery pastry massage bread coffee".split())
ONLY_CAPITALISED_LANGUAGES = frozenset({"polish"})  # "nail polish"

# --- places -------------------------------------------------------------------------------
# Lower-case codes too common after a place name to be its state without a comma:
# "classes in columbus in the evening", "portland or seattle", "houston la clase".
NEVER_LOWER_STATES = frozenset("in or me de la".split())

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

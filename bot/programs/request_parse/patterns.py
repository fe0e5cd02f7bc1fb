"""What a cost, a schedule, a format and a ZIP look like, on folded lowercase text. Data only.

Each long pattern is a list of alternatives, tried in the order written: keep longer phrases
before the shorter ones they contain. The look-alikes these must leave alone are in guards.py.
"""

from __future__ import annotations

import re

# --- cost ---------------------------------------------------------------------------------
AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?"  # "1,200", "500", "49.99"
MONEY = re.compile(
    r"(?<![\w.,$])(?:"
    # a sign before: "$500", "usd 1,200", "$2k", "$3 grand"
    rf"(?P<d1>\$|usd\s?)\s?(?P<a1>{AMOUNT})(?:\s?(?P<k1>k|grand)\b)?"
    # a unit after: "500 dollars", "2k bucks", "300$", "800 dlls"
    rf"|(?P<a2>{AMOUNT})(?:\s?(?P<k2>k|grand)\b)?\s?(?P<u2>\$|dollars?|dolares|dlls?|bucks|usd)"
    r"(?![\w]))")
# A number alone is money only beside a ceiling word (CEILING_BEFORE / CEILING_AFTER).
BARE_AMOUNT = re.compile(rf"(?<![\w.,$])(?P<a>{AMOUNT})(?:\s?(?P<k>k)\b)?(?![\w%$])")
CEILING_BEFORE = re.compile(
    r"(?:" + "|".join((
        r"under", r"below", r"less than", r"lower than", r"cheaper than", r"no more than",
        r"not more than", r"not over", r"up to", r"upto", r"max(?:imum)?(?: of)?", r"at most",
        r"budget(?: is| of)?", r"afford", r"pay", r"spend",
        r"menos de", r"hasta", r"maximo", r"no mas de", r"pagar", r"gastar",
        r"presupuesto(?: es| de)?", r"<", r"<=",
    )) + r")\s*(?:like |about |around |unos |un |)$")
CEILING_AFTER = re.compile(
    r"^\s*(?:or less|or under|max(?:imum)?|tops|o menos|maximo|or below)\b")
# "$200-$500", "$200 to 500": the top of the range is the ceiling.
RANGE_TAIL = re.compile(rf"^\s*(?:-|to|and|a|y)\s*\$?\s*(?P<a>{AMOUNT})(?:\s?(?P<k>k)\b)?")
BETWEEN = re.compile(
    rf"\bbetween\s*\$?\s*{AMOUNT}\s*(?:and|y|-)\s*\$?\s*(?P<a>{AMOUNT})(?:\s?(?P<k>k)\b)?")
FREE = re.compile(
    r"\b(?:" + "|".join((
        r"free of charge", r"free of cost", r"tuition[- ]free", r"no[- ]cost", r"zero cost",
        r"without cost", r"at no cost", r"cost nothing", r"costs nothing", r"for free", r"free",
        r"gratis", r"gratuit[oa]s?", r"sin costo", r"sin cargo", r"sin pagar",
        r"(?:que )?no cueste(?: nada)?", r"without paying", r"no charge", r"\$0", r"0 dollars",
        # not able to pay: "can't afford it", "don't have money to pay"
        r"(?:can'?t|cannot|can not|don'?t have money to) (?:pay|afford)"
        r"(?: (?:it|anything|for it|much|a lot))?",
        r"i'?m broke", r"im broke", r"no money", r"no tengo dinero",
        r"no tengo dinero para pagar", r"no puedo pagar",
        r"no tengo (?:para|como|con que) pagar(?:lo)?",
    )) + r")\b")
CHEAP = re.compile(
    r"\b(?:" + "|".join((
        r"cheap", r"cheaper", r"cheapest", r"inexpensive", r"not expensive",
        r"not too expensive", r"affordable", r"low[- ]cost", r"low price", r"low[- ]priced",
        r"budget friendly", r"barat[oa]s?", r"baratit[oa]s?",
        r"(?:que )?no (?:sea |sean )?(?:muy |tan |demasiado )?car[oa]s?",
        r"economic[oa]s?", r"de bajo costo", r"bajo costo", r"a bajo precio",
    )) + r")\b")

# --- schedule -----------------------------------------------------------------------------
SCHEDULE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("evening", re.compile(
        r"\b(?:" + "|".join((
            r"evenings?", r"weeknights?", r"nights?", r"nites?", r"nightly", r"at night",
            r"after work", r"after (?:my )?(?:job|shift|work shift)",
            r"after (?:[4-9]|1[0-1])(?: ?(?:pm|p\.m\.?|o'?clock))?",  # "after 6", "after 7pm"
            r"despues de las (?:[4-9]|1[0-1])(?: ?(?:pm|p\.m\.?|de la tarde|de la noche))?",
            r"(?:por |en )?las? noches?", r"noches?", r"de noche", r"nocturn[oa]s?",
            r"late classes", r"despues del trabajo", r"despues de trabajar",
        )) + r")\b")),
    ("weekend", re.compile(
        r"\b(?:" + "|".join((
            r"weekends?", r"week-ends?", r"saturdays?", r"sundays?", r"sat and sun", r"sat/sun",
            r"sats?\s*&\s*suns?", r"fin de semana", r"fines de semana", r"sabados?",
            r"domingos?", r"findes?",
        )) + r")\b")),
    ("daytime", re.compile(
        r"\b(?:" + "|".join((
            r"mornings?", r"afternoons?", r"during the day", r"day ?time", r"days only",
            r"in the day", r"day (?:classes|class|program|programs|shift|course|courses)",
            r"daytime", r"por las? ma[nñ]anas?", r"en las? ma[nñ]anas?", r"de dia",
            r"durante el dia", r"en el dia", r"por las? tardes?", r"en las? tardes?",
            r"mientras (?:mis |mi )?(?:hij[oa]s?|nin[oa]s?|niñ[oa]s?) (?:estan|esta) en la escuela",
            r"en horario escolar",
            # "while my kids are at school"
            r"while (?:my )?(?:kids|children|son|daughter) (?:are|is|r) (?:at|in) school",
            r"school hours", r"9 ?(?:to|-) ?5", r"nine to five", r"before noon",
            r"early classes",
        )) + r")\b")),
    ("part_time", re.compile(
        r"\b(?:" + "|".join((
            r"part[- ]?time", r"parttime", r"medio tiempo", r"tiempo parcial",
            r"(?:a )?few hours(?: a (?:day|week))?",
            r"(?:a )?couple (?:of )?hours(?: a (?:day|week))?",
            r"not full[- ]?time", r"no (?:de )?tiempo completo", r"only (?:a few|some) hours",
            r"short hours", r"limited hours", r"pocas horas", r"unas horas",
        )) + r")\b")),
)

# --- format -------------------------------------------------------------------------------
FORMAT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("in_person", re.compile(
        r"\b(?:" + "|".join((
            r"not (?:online|virtual|on zoom|over zoom|remote)", r"no (?:online|virtual|zoom)",
            r"nothing online", r"in[- ]person", r"en persona", r"presencial(?:es)?",
            r"on[- ]?site", r"face[- ]to[- ]face", r"cara a cara", r"in a classroom",
            r"classroom", r"no en linea",
            r"no (?:sea|sean) (?:en linea|online|virtual(?:es)?|por internet|por zoom)",
        )) + r")\b")),
    ("online", re.compile(
        r"\b(?:" + "|".join((
            r"online", r"on-?line", r"virtual(?:ly|es)?", r"remote(?:ly)?", r"from home",
            # "study from home", "classes at my house", "cursos desde casa"
            r"(?:study|learn|do|do it|do them|take it|take them|classes?|courses?|training|"
            r"estudiar|clases?|cursos?)\s+(?:at|from|en|desde)\s+(?:my\s+|mi\s+|la\s+)?"
            r"(?:home|house|casa)",
            r"zoom", r"en linea", r"por internet", r"over the internet", r"a distancia",
            r"desde (?:mi |la )?casa", r"(?:on|from) my (?:phone|laptop|computer)",
            r"e-?learning", r"distance learning",
        )) + r")\b")),
)

# --- ZIP ----------------------------------------------------------------------------------
# Five digits not inside a longer number, an amount, a decimal or a range.
ZIP = re.compile(r"(?<![\w$#.,/-])(?P<zip>\d{5})(?:-\d{4})?(?![\w,%$])(?!\.\d)(?!-\d)")

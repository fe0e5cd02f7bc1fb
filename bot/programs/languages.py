"""Languages a program may be taught in: ISO 639-1 codes and the names people write.

Data: the codes, and the English names from the text catalog. The import accepts a code or an
English name in the `languages` column (ETPL files hold names).
"""

from __future__ import annotations

from bot import catalog
from bot.catalog import DEFAULT_LANGUAGE

# ISO 639-1 (all 183 two-letter codes).
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu
""".split())
# English names accepted in place of codes (ETPL LANGUAGES holds names): the names the text
# catalog gives each code (data/catalog/texts/languages/en.yml), and other words people write.
LANGUAGE_NAMES: dict[str, str] = catalog.contents("languages", DEFAULT_LANGUAGE)
LANGUAGE_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "mandarin": "zh", "cantonese": "zh", "creole": "ht", "kreyol": "ht", "farsi": "fa",
    "español": "es", "espanol": "es", "asl": "", "sign language": "",
}

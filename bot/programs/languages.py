"""Languages a program may be taught in: ISO 639-1 codes and the names people write.

Pure data. The import accepts a code or an English name in the `languages` column (ETPL
files hold names); the search's reasons name the language ("taught in Spanish").
"""

from __future__ import annotations

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
# English names accepted in place of codes (ETPL LANGUAGES holds names); also used in
# reasons ("taught in Spanish").
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "es": "Spanish", "fr": "French", "ht": "Haitian Creole",
    "pt": "Portuguese", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "tl": "Tagalog", "ru": "Russian", "ar": "Arabic", "hi": "Hindi", "ur": "Urdu",
    "bn": "Bengali", "pl": "Polish", "uk": "Ukrainian", "th": "Thai", "km": "Khmer",
    "lo": "Lao", "my": "Burmese", "ne": "Nepali", "so": "Somali", "am": "Amharic",
    "ti": "Tigrinya", "sw": "Swahili", "fa": "Persian", "ps": "Pashto", "ja": "Japanese",
    "de": "German", "it": "Italian", "ro": "Romanian", "hy": "Armenian", "el": "Greek",
    "id": "Indonesian", "ms": "Malay", "pa": "Punjabi", "gu": "Gujarati", "ta": "Tamil",
    "te": "Telugu", "yo": "Yoruba", "ig": "Igbo", "ha": "Hausa", "mn": "Mongolian",
    "uz": "Uzbek", "tr": "Turkish", "he": "Hebrew", "sq": "Albanian", "qu": "Quechua",
}
LANGUAGE_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "mandarin": "zh", "cantonese": "zh", "creole": "ht", "kreyol": "ht", "farsi": "fa",
    "español": "es", "espanol": "es", "asl": "", "sign language": "",
}

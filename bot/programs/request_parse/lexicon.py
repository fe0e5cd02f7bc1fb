"""The words and phrases the request parser knows, and its limits. Data only, no logic.

Topics are not here: they live in data/catalog/programs/topics.yml. US states come from
bot/us_states.py; what is here is what only the parser needs.
"""

from __future__ import annotations

ENTITY_TYPES = ("location", "cost", "schedule", "language", "occupation", "program_format")
SCHEDULES = ("evening", "weekend", "daytime", "part_time")
FORMATS = ("online", "in_person")

MAX_CHARS = 2000  # longer messages are read up to here; nobody types a search that long
CHEAP_CEILING = "500"
LARGE_CITY_ZIPS = 8  # a city with this many ZIP codes counts without a place word before it
KNOWN_CITY_ZIPS = 3  # smaller places count only with a state after them
FUZZY_MIN_WORD = 5  # typos are looked for in words this long or longer...
FUZZY_MIN_PHRASE = 6  # ...against one-word phrases this long (5-letter ones collide too often)
FUZZY_TWO_EDITS = 10  # words this long may have two typos; shorter ones one

# --- languages ----------------------------------------------------------------------------
LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("english", "ingles", "inglish"),
    "es": ("spanish", "espanol", "español", "castellano", "spanish language", "spansh",
           "spanich", "espanish", "espaniol"),
    "fr": ("french", "frances", "francais"),
    "ht": ("haitian creole", "haitian", "creole", "kreyol", "kreyol ayisyen", "criollo haitiano",
           "creole haitiano", "kreyòl"),
    "vi": ("vietnamese", "vietnamita", "tieng viet"),
    "zh": ("chinese", "mandarin", "cantonese", "chino", "mandarin chinese"),
    "ar": ("arabic", "arabe"),
    "ru": ("russian", "ruso"),
    "pt": ("portuguese", "portugues", "brazilian portuguese"),
    "ko": ("korean", "coreano"),
    "tl": ("tagalog", "filipino", "pilipino"),
    "am": ("amharic", "amarico"),
    "so": ("somali",),
    "hi": ("hindi",),
    "ur": ("urdu",),
    "pa": ("punjabi",),
    "bn": ("bengali", "bangla"),
    "sw": ("swahili", "kiswahili"),
    "ne": ("nepali",),
    "my": ("burmese",),
    "fa": ("farsi", "persian", "dari"),
    "ps": ("pashto",),
    "uk": ("ukrainian", "ucraniano"),
    "pl": ("polish",),
    "ja": ("japanese", "japones"),
    "th": ("thai",),
    "km": ("khmer", "cambodian"),
    "lo": ("lao", "laotian"),
    "ti": ("tigrinya",),
    "om": ("oromo",),
    "rw": ("kinyarwanda",),
    "de": ("german", "aleman"),
    "it": ("italian", "italiano"),
    "tr": ("turkish",),
    "ro": ("romanian",),
    "sq": ("albanian",),
    "he": ("hebrew",),
    "el": ("greek",),
    "id": ("indonesian",),
    "gu": ("gujarati",),
}
# A language word right after these is the language of teaching ("in spanish", "habla
# ingles"), not a subject.
SPEAK_CUES = frozenset(
    "in en speak speaks speaking spoken habla hablan hablen hablo only solo taught "
    "language idioma".split())

# --- places -------------------------------------------------------------------------------
# Other names of big cities -> the canonical city (and state when it is part of the name).
CITY_ALIASES = {
    "nyc": "New York", "new york city": "New York", "the bronx": "Bronx", "philly": "Philadelphia",
    "vegas": "Las Vegas", "atl": "Atlanta", "nola": "New Orleans", "dc": "Washington, DC",
    "d.c.": "Washington, DC", "d.c": "Washington, DC", "washington dc": "Washington, DC",
    "washington d.c.": "Washington, DC", "l.a.": "Los Angeles", "indy": "Indianapolis",
    "san fran": "San Francisco", "st pete": "Saint Petersburg", "nueva york": "New York",
    "nueva orleans": "New Orleans", "filadelfia": "Philadelphia", "okc": "Oklahoma City",
    "slc": "Salt Lake City", "chi town": "Chicago", "chi-town": "Chicago", "htown": "Houston",
    "h-town": "Houston", "queens": "Queens", "manhattan": "New York", "harlem": "New York",
}
# Aliases that count only as typed, in capitals ("LA", not "la" the Spanish article).
CASED_CITY_ALIASES = {"LA": "Los Angeles", "SF": "San Francisco", "KC": "Kansas City"}
# Queens has no ZIP city of its own (its ZIPs are named after neighbourhoods).
EXTRA_CITIES = {"Queens": ("NY", 60)}
# Postal-only names in the ZIP data, not places a person would name.
NOT_CITIES = frozenset({"apo", "dpo", "fpo", "parcel return service", "young america",
                        "washington navy yard", "southeastern", "boyers", "holtsville",
                        "city of industry"})

# Words before a place name: weak ones ("in") let only a capitalised everyday-word city count,
# strong ones ("near") any city.
WEAK_CUES = frozenset({"in", "en", "from", "at", "by", "to", "of", "de"})
STRONG_CUES = ("near", "nearby", "around", "close to", "closer to", "cerca de", "cerca",
               "live in", "living in", "located in", "based in", "stay in", "staying in",
               "vivo en", "estoy en", "outside of", "outside", "near by", "areas of",
               "area of", "area around", "zip code", "zipcode", "zip", "city of", "ciudad de")
# A word after a city name that makes it a place as surely as a strong cue ("mobile area").
LOCATION_AFTER = frozenset({"area", "metro", "downtown", "zona", "region"})

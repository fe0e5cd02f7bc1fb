"""Read a training-program search request into typed, normalised entities (no model, no Rasa).

"free cooking classes near 30303 in the evening" ->
    occupation "cooking", cost "free", location "30303", schedule "evening".

`parse(text)` returns `Found(entity, value, start, end)` items, offsets into the text as given.
The six entity types and their values:

- `location`: a real 5-digit ZIP ("30303"), or a US city, canonical spelling from the `zipcodes`
  data: "Atlanta, GA" when a state follows it, "Houston" when none does. Aliases: "nyc" ->
  "New York", "st. louis" -> "Saint Louis", "DC" -> "Washington, DC". A state alone is not a
  location (the relief flow's `jurisdiction` covers states). City names that are everyday
  words ("mobile", "orange", "reading", "spring", "independence") count only with a state
  ("Mobile, AL"), after "near/around/close to/cerca de/live in", or capitalised after "in".
  Other small cities need a place word before them ("in smyrna"), a capital letter or a state;
  big cities (8+ ZIP codes) and multi-word names count anywhere.
- `cost`: "free" ("free", "gratis", "no cost", "can't pay"), or the most a person can pay in
  whole dollars ("under $500", "less than 500 dollars", "1k or less" -> "1000"). "cheap",
  "affordable", "low cost", "barato" -> CHEAP_CEILING ("500"): most short certificate courses
  people call cheap cost less than that, and a ceiling keeps the search filter simple.
- `schedule`: "evening", "weekend", "daytime", "part_time"; several per message.
- `language`: ISO 639-1 code of the language of instruction ("in spanish" -> "es"). English as
  a subject ("english classes", "learn english", a bare "english") is the `esl` topic instead;
  "in english" / "speak english" is the language "en".
- `occupation`: a topic key from data/catalog/programs/topics.yml (see its header).
- `program_format`: "online" or "in_person" ("not online" -> "in_person").

`normalise(entity, text)` maps a value typed or tagged elsewhere (the tagger, a button) to the
same canonical values, or None. Deterministic and pure: the tables load once, lazily.

The modules, by job: `text` (folding that keeps offsets), `lexicon` (words, phrases and
limits), `patterns` (what a cost, schedule, format, ZIP looks like), `guards` (the look-alikes
to leave alone), `tables` and `matchers` (topics.yml and the ZIP data, loaded once), `reader`,
`cities` and `fuzzy` (the reading), `normalise` (values from elsewhere). US states come from
bot/us_states.py.
"""

from bot.programs.request_parse.candidates import Found, Reading
from bot.programs.request_parse.lexicon import (
    CHEAP_CEILING,
    ENTITY_TYPES,
    FORMATS,
    LANGUAGES,
    MAX_CHARS,
    SCHEDULES,
)
from bot.programs.request_parse.matchers import warm_up
from bot.programs.request_parse.normalise import is_valid, normalise
from bot.programs.request_parse.reader import parse, read
from bot.programs.request_parse.tables import TOPICS_FILE, Topic, topics

__all__ = [
    "CHEAP_CEILING", "ENTITY_TYPES", "FORMATS", "LANGUAGES", "MAX_CHARS", "SCHEDULES",
    "TOPICS_FILE", "Found", "Reading", "Topic", "is_valid", "normalise", "parse", "read",
    "topics", "warm_up",
]

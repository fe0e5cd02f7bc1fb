"""The one table of US states and territories: postal codes, names, the other names people use.

Used by the program catalog's schema (a listing's state), the program request parser ("in
Atlanta, GA") and record relief (which law applies). Each user picks what it needs:

- `STATES`: code -> lowercase English name, the 50 states, DC and Puerto Rico;
- `TERRITORIES`: the other inhabited territories (a listing may name them);
- `ALIASES`: other lowercase names of a state (short forms, Spanish names) -> code;
- `WORDLIKE_CODES`: codes that are everyday English or Spanish words ("in", "me", "la"),
  which a reader should take as a state only when written in capitals.

Pure data; imports nothing of the application.
"""

from __future__ import annotations

STATES: dict[str, str] = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois",
    "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota",
    "MS": "mississippi", "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "PR": "puerto rico",
}

TERRITORIES: dict[str, str] = {
    "VI": "virgin islands", "GU": "guam", "AS": "american samoa",
    "MP": "northern mariana islands",
}

STATES_AND_TERRITORIES: dict[str, str] = STATES | TERRITORIES

# Other names of a state that people type: short forms and Spanish names.
ALIASES: dict[str, str] = {
    "calif": "CA", "cali": "CA", "fla": "FL", "mass": "MA", "penn": "PA", "tenn": "TN",
    "wash": "WA", "jersey": "NJ", "d.c.": "DC", "d.c": "DC", "d c": "DC",
    "washington dc": "DC", "washington d c": "DC",
    "nueva york": "NY", "nueva jersey": "NJ", "nuevo mexico": "NM", "nuevo méxico": "NM",
    "carolina del norte": "NC", "carolina del sur": "SC", "dakota del norte": "ND",
    "dakota del sur": "SD", "virginia occidental": "WV", "tejas": "TX", "pensilvania": "PA",
    "luisiana": "LA", "misuri": "MO", "hawai": "HI",
}

# Postal codes that are also everyday words: a state only when typed in capitals.
WORDLIKE_CODES = frozenset("al co de hi ia id in la ma me mi mo ms nm oh ok or pa va".split())


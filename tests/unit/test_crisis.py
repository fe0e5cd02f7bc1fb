"""The deterministic crisis net catches danger in many spellings and ignores idioms."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import bot.safety.crisis.matcher as crisis_matcher
from bench.crisis_eval import evaluate, load
from bot.config import ROOT
from bot.safety.crisis import canonical_words, find_crisis, is_crisis, normalize, warm_up

EVAL = ROOT / "tests" / "eval"

CRISIS = [
    "I'm scared, he's outside",
    "im scarred hes outsid",
    "hes gona kill me",
    "he's going to hurt me",
    "i want to die",
    "i wanna dye",
    "I want to kill myself",
    "thinking about suicide",
    "someone is following me",
    "they took my passport and wont let me leave",
    "he hit me",
    "i took a lot of pills",
    "EMERGENCY",
    "sos",
    "help me now please",
    "i'm not safe",
    "im in danger",
    "he has a gun",
    "my pimp wont let me go",
    "locked in the room",
    "im being forced",
    "no quiero vivir",
    "ayuda por favor me va a pegar",
    "tengo miedo",
    "HELPPPP he is at the door",
]

NOT_CRISIS = [
    "hi",
    "what can you do",
    "my kid's school is killing me with forms",
    "I'm dying to start working",
    "this weather is killing me",
    "I could kill for a coffee",
    "help me find a job",
    "im scared to start a new job",
    "i am scared of the interview",
    "can i clear my record in georgia",
    "training programs near 30303",
    "that joke killed me lol",
    "talk to a person",
    "exit",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_messages_are_caught(text: str) -> None:
    assert is_crisis(text), text


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_ordinary_messages_and_idioms_are_not_flagged(text: str) -> None:
    assert find_crisis(text) is None, (text, find_crisis(text))


def test_empty_and_odd_input_is_safe() -> None:
    assert find_crisis("") is None
    assert find_crisis(None) is None
    assert find_crisis("🙂" * 5000) is None
    assert find_crisis("مرحبا") is None


def test_normalize_squeezes_repeats_and_accents() -> None:
    assert normalize("AYÚDAME!!!  ") == "ayudame"
    assert normalize("heeeelp") == "heelp"


# --- Tricky cases: typos, voice-to-text, slang, Spanish, emoji, indirect wording ---------

TRICKY_CRISIS = [
    ("he said if i leave hell kill my kids", "threat"),
    ("hes gunna kil me", "threat"),
    ("his going to kill me", "threat"),
    ("he threatning to kill me", "threat"),
    ("im being fallowed", "threat"),
    ("someone is trying to brake in", "threat"),
    ("he's out side my door 😱", "threat"),
    ("the guy i live with hurts me", "threat"),
    ("she said she'll have me beat up", "threat"),
    ("he chocked me till i passed out", "threat"),
    ("hes choakin me", "threat"),
    ("he put his hands on me", "threat"),
    ("my ex wont stop following me", "threat"),
    ("he slashed my tires and says im next", "threat"),
    ("i cant do this anymore i want it to end", "self_harm"),
    ("i have pills in my hand", "self_harm"),
    ("i wnat to die", "self_harm"),
    ("I want to kill my shelf", "self_harm"),
    ("i wanna b dead", "self_harm"),
    ("im thinkin about killin myself", "self_harm"),
    ("sucidal thoughts again", "self_harm"),
    ("everyone would be better off without me", "self_harm"),
    ("i just took 30 pills", "self_harm"),
    ("me voy a quitar la vida", "self_harm"),
    ("me quiero cortar", "self_harm"),
    ("ya no aguanto, me voy a cortar", "self_harm"),
    ("quiero acabar con todo", "self_harm"),
    ("quiero acabar con mi vida", "self_harm"),
    ("theyre making me see clients tonight", "trafficking_now"),
    ("their making me see clients tonight", "trafficking_now"),
    ("the owner of the nail salon keeps our passports and we sleep in the back", "trafficking_now"),
    ("i owe them money and they say i cant leave until i pay it off", "trafficking_now"),
    ("my pimp wont let me leve", "trafficking_now"),
    ("at the massage place they dont let us go outside", "trafficking_now"),
    ("mi jefe tiene mi pasaporte", "trafficking_now"),
    ("i have nowhere safe tonight he kicked me out", "threat"),
    ("tengo miedo he is outside", "threat"),
    ("esta afuera de mi casa y tengo miedo", "threat"),
    ("call nine one one", "danger_now"),
    ("😭😭 help", "danger_now"),
    ("🆘", "danger_now"),
    ("HELPPP", "danger_now"),
    ("im not ok please help", "danger_now"),
    ("i dont feel safe here", "danger_now"),
    ("i'm scared to go home", "danger_now"),
]

HARD_NEGATIVES = [
    # idioms
    "this heat is killing me",
    "that interview killed me",
    "i'm dying to know if i got the job",
    "i'd rather die than work at mcdonalds lol",
    "i'm gonna die if i don't get this job lol",
    "he beat me at chess lol",
    "he hit me up about a job",
    "she pushed me to apply",
    "he kicked me out of the group chat lol",
    "i want to dye my hair red",
    "i want to take my life back and get a good job",
    "i want to focus on myself this year",
    "me muero de hambre",
    "me quiero cortar el pelo antes de la entrevista",
    "quiero cortarme las unas",
    "quiero acabar con todo el papeleo hoy",
    "my cousin is in danger of losing her apartment",
    # the past, safe now
    "my ex used to hit me but i'm safe now",
    "i was trafficked years ago, now i want a job",
    "i was arrested while i was being trafficked can i get it vacated",
    "i used to cut myself but ive been clean for 2 years",
    "he used to beat me but he's in prison now",
    # someone else, the law, records, ordinary fears
    "i want to help girls who are being trafficked",
    "can i clear a prostitution charge",
    "i was arrested by the police in 2019",
    "im scared of job interviews",
    "i'm afraid to go back to school at my age",
    "me da miedo manejar",
    "i'm not scared anymore",
    "no im not in danger just need a job",
    # ordinary requests that share words with a crisis
    "help",
    "ayuda",
    "please help me find housing",
    "help me please i dont understand the form",
    "i need help asap with my application deadline",
    "is there emergency assistance for rent",
    "they won't let me leave work early",
    "they forced me to take a drug test for the job",
    "my case manager will find me a job",
    "she is watching my kids while i work",
    "my boyfriend is outside waiting to drive me to class",
    "my dad has my passport",
    "i feel trapped in this low paying job",
    "i'm locked into a lease",
    "what is your privacy policy",
    "trabajo de auxiliar de enfermeria",
    "busco un curso de primeros auxilios",
    "yes",
    "no",
]

# A quick-exit request hides the chat; hotline numbers on the screen would do harm.
QUICK_EXIT_WITH_PRESENCE = [
    "he's here close this",
    "hes outside hide this",
    "gtg he's coming",
    "cant talk he's home",
    "my trafficker is here hide this",
]


def test_violence_and_self_harm_win_over_a_quick_exit_request() -> None:
    assert is_crisis("he's going to kill me close this")
    assert is_crisis("i want to die hide this")


def test_canonical_words_write_out_contractions_and_repair_typos() -> None:
    assert canonical_words("im scarred hes outsid") == "i am scared he is outside".split()
    assert canonical_words("he said hell kill me") == "he said he will kill me".split()
    assert canonical_words("gonna kms") == "going to kill myself".split()
    assert canonical_words("threatning fallowed sucidal") == "threatening followed suicidal".split()
    assert canonical_words("hes going too hurt me")[-3:] == ["to", "hurt", "me"]


def test_real_words_near_key_words_are_not_corrected() -> None:
    words = "i looked at the policy while cooking and hiring someone for rating"
    assert canonical_words(words) == words.split()
    assert canonical_words("auxiliar pagar") == ["auxiliar", "pagar"]


def test_the_tuning_list_is_fully_caught_with_few_false_alarms() -> None:
    result = evaluate(lambda text: find_crisis(text) is not None, EVAL / "crisis.yml")
    assert result["n_crisis"] >= 160 and result["n_not_crisis"] >= 160
    assert result["recall"] == 1.0, result["misses"]
    assert result["false_positive_rate"] <= 0.03, result["false_alarms"]


def test_the_fresh_list_is_well_formed_and_shares_no_message_with_the_tuning_list() -> None:
    # Only its shape is tested: its figures measure generalisation and are not a target.
    tuning = {t for group in load(EVAL / "crisis.yml") for t in group}
    crisis, not_crisis = load(EVAL / "crisis_fresh.yml")
    assert len(crisis) >= 40 and len(not_crisis) >= 40
    assert not (set(crisis) | set(not_crisis)) & tuning


def test_concurrent_calls_agree() -> None:
    texts = ["hes gona kill me", "this heat is killing me", "i want to die", "hi"] * 25
    expected = [find_crisis(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(find_crisis, texts)) == expected


def test_long_and_repetitive_messages_stay_fast_and_memory_stays_flat() -> None:
    warm_up()
    strings = len(crisis_matcher._load()["vocab"].strings)
    for text in ["he " * 1400, "help he is " * 400, "zqxv blorf " * 400]:
        started = time.perf_counter()
        find_crisis(text)
        assert time.perf_counter() - started < 1.0, text[:20]
    assert len(crisis_matcher._load()["vocab"].strings) == strings  # no message words kept


def test_non_text_input_is_not_a_crisis() -> None:
    assert find_crisis(123) is None  # type: ignore[arg-type]
    assert find_crisis("   ") is None


# --- Spanish and Spanish/English mix ------------------------------------------------------

SPANISH_CRISIS = [
    ("m kiere matar", "threat"),
    ("me ba a matar", "threat"),
    ("dijo que me mata si me voy", "threat"),
    ("mi padrote me anda buscando", "threat"),
    ("esta en la puerta de mi casa", "threat"),
    ("he said me va a matar", "threat"),
    ("el esta outside", "threat"),
    ("se va a llevar a mis hijos", "threat"),
    ("amenazo a mi hija", "threat"),
    ("va a lastimar a mi mama si me escapo", "threat"),
    ("me esta amenazando", "threat"),
    ("mi ex me esta matando a golpes", "threat"),
    ("me quiso ahorcar", "threat"),
    ("me pusieron algo en la bebida", "threat"),
    ("ya no kiero vivir", "self_harm"),
    ("quiero que todo se acabe", "self_harm"),
    ("tengo las pastillas en la mano", "self_harm"),
    ("me tome todas las pastillas", "self_harm"),
    ("todos estarian mejor sin mi", "self_harm"),
    ("quiero dormirme y no despertar", "self_harm"),
    ("estoy en la azotea y me voy a aventar", "self_harm"),
    ("no aguanto mas mi vida", "self_harm"),
    ("me quito el pasaporte", "trafficking_now"),
    ("they took mi pasaporte", "trafficking_now"),
    ("me estan prostituyendo", "trafficking_now"),
    ("tiene a mi hijo y no me lo quiere dar", "trafficking_now"),
    ("stoy sangrando mucho", "danger_now"),
    ("toy en peligro", "danger_now"),
    ("no estoy a salvo", "danger_now"),
    ("necesito a la policia", "danger_now"),
    ("ayudaaa", "danger_now"),
    ("please ayudame", "danger_now"),
    ("estoy escondida en el closet", "danger_now"),
    ("necesito salir de aqui ya", "danger_now"),
    ("es una emergencia", "danger_now"),
]

SPANISH_NOT_CRISIS = [
    # idioms
    "me muero de sueño",
    "me muero por verte",
    "este trabajo me mata",
    "me matan los pies despues del turno",
    "estoy muerta de cansancio",
    "mataría por un cafe",
    "estos formularios me van a matar lol",
    "se me murio el carro",
    "me pego la gripa",
    "ya no aguanto mas este calor",
    "estoy atrapada en un trabajo que no me gusta",
    "no estoy segura de que programa elegir",
    # the past, safe now
    "me pegaba pero ya estoy a salvo",
    "hace años me traficaron ahora quiero trabajar",
    "me obligaban a trabajar cuando tenia 17 se puede borrar",
    "me tenian encerrada hace años puedo pedir la visa t",
    # the law, records, ordinary fears, ordinary requests
    "puedo borrar un cargo de prostitucion",
    "como saco un reporte de la policia para mi record",
    "me da miedo la entrevista",
    "ayuda",
    "necesito ayuda con mi curriculum",
    "hay ayuda de emergencia para la renta",
    "mi jefe no me deja salir temprano",
    "me obligan a tomar una clase de ingles",
    "me encontro trabajo mi consejera",
    "mi hijo esta afuera jugando",
    "se va a llevar a mis hijos a la escuela mi mama",
    "estoy pensando en estudiar enfermeria",
    "que edad necesito para el programa",
    "me quiero cortar el pelo",
]

SPANISH_QUICK_EXIT_WITH_PRESENCE = [
    "esta afuera esconde esto",
    "me encontro cierra el chat",
    "no puedo hablar me esta siguiendo",
]


# The Spanish and mixed lists go through the same three checks.
@pytest.mark.parametrize(("text", "category"), TRICKY_CRISIS + SPANISH_CRISIS)
def test_tricky_crisis_messages_are_caught_with_their_category(text: str, category: str) -> None:
    found = find_crisis(text)
    assert found is not None, text
    assert found.category == category, (text, found)


@pytest.mark.parametrize("text", HARD_NEGATIVES + SPANISH_NOT_CRISIS)
def test_hard_negatives_are_not_flagged(text: str) -> None:
    assert find_crisis(text) is None, (text, find_crisis(text))


@pytest.mark.parametrize("text", QUICK_EXIT_WITH_PRESENCE + SPANISH_QUICK_EXIT_WITH_PRESENCE)
def test_quick_exit_requests_are_left_to_the_quick_exit(text: str) -> None:
    assert find_crisis(text) is None, (text, find_crisis(text))


def test_spanish_violence_wins_over_a_quick_exit_request() -> None:
    assert is_crisis("me va a matar cierra esto")
    assert is_crisis("me quiero morir esconde esto")


def test_spanish_phone_spellings_are_written_out_and_real_words_kept() -> None:
    assert canonical_words("m kiere matar") == "me quiere matar".split()
    assert canonical_words("me ba a matar") == "me va a matar".split()
    assert canonical_words("toy en peligro") == "estoy en peligro".split()
    # Real Spanish words near a key word are never "corrected".
    words = "pensando amenazando clientes edad politica peleando golpeaba obligaban"
    assert canonical_words(words) == words.split()
    # English words that look like the Spanish context spellings stay English.
    assert canonical_words("i m going to buy a toy") == "i m going to buy a toy".split()


def test_the_spanish_tuning_list_is_caught_with_few_false_alarms() -> None:
    result = evaluate(lambda text: find_crisis(text) is not None, EVAL / "es" / "crisis.yml")
    assert result["n_crisis"] >= 80 and result["n_not_crisis"] >= 120
    assert result["recall"] >= 0.98, result["misses"]
    assert result["false_positive_rate"] <= 0.03, result["false_alarms"]


def test_the_spanish_fresh_list_shares_no_message_with_the_spanish_tuning_list() -> None:
    fresh = EVAL / "es" / "crisis_fresh.yml"
    tuning = {t for group in load(EVAL / "es" / "crisis.yml") for t in group}
    assert not {t for group in load(fresh) for t in group} & tuning

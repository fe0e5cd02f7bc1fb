"""Spanish from the first message to /exit, and switching languages, through the real stack
(trained model, action server, Rasa, the Telegram bridge against the fake Bot API, and the
staff console). Every reply a Spanish speaker gets is checked for English sentences: only
citations, program listings as staff entered them, organisation names, phone numbers and
addresses may stay in English."""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from bot.config import ROOT
from tests.e2e.test_handoff_e2e import Console, on_duty_counselor, ticket_of, wait_for_text
from tests.e2e.test_telegram_e2e import keyboard, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack

pytestmark = pytest.mark.e2e

# Words that are English and never Spanish: two of them on one line is an English sentence.
ENGLISH_ONLY = frozenset("""
    the and you your with this that what will can are is for of to it we our they them
    their from about here there please want would should could when where which who how
    not yet been were was have do does did just only more help find job jobs work
    training program programs record counselor saved tap type yes
    """.split())
WORD = re.compile(r"[a-záéíóúñü']+", re.IGNORECASE)
URL = re.compile(r"(https?://\S+|\b[\w.-]+@[\w.-]+\.\w+|\b[\w-]+(\.[\w-]+)+(/\S*)?)")
PHONE = re.compile(r"\b\d[\d-]{5,}\d\b")
CITATION = re.compile(r"\b[A-Z][\w.']*(?: [A-Z][\w.']*)* (?:Code|Stat\.|Law|Laws)"
                      r"[^\n]*?§+ ?[\d.\-()a-z]+")


def _allowed_strings() -> list[str]:
    """What may stay as written: program and provider fields staff entered, and the names
    and contact lines of legal-help organisations (longest first, so parts go last)."""
    allowed: set[str] = set()
    with (ROOT / "data/catalog/programs/SAMPLE_programs.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            allowed.update(v for v in row.values() if v and len(v.split()) >= 2)
    for path in (ROOT / "data/catalog/relief").glob("*.yml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for helper in entry.get("legal_help") or []:
            allowed.update(str(helper.get(k) or "") for k in ("name", "how"))
    allowed.add("Human Trafficking Hotline")
    return sorted((a for a in allowed if a), key=len, reverse=True)


ALLOWED = _allowed_strings()


def english_lines(messages: list[dict]) -> list[str]:
    """Lines of the bot's replies (texts and button titles) that read as English."""
    found = []
    for message in messages:
        lines = message.get("text", "").splitlines() + [t for t, _ in keyboard(message)]
        for line in lines:
            rest = line
            for allowed in ALLOWED:
                rest = rest.replace(allowed, " ")
            rest = PHONE.sub(" ", URL.sub(" ", CITATION.sub(" ", rest)))
            words = [w.lower() for w in WORD.findall(rest)]
            if sum(w in ENGLISH_ONLY for w in words) >= 2:
                found.append(line)
    return found


class Conversation:
    """One person's chat that fails as soon as the bot says an English sentence."""

    def __init__(self, api: FakeBotApi, user: int) -> None:
        self.api, self.user = api, user

    def check(self, turn: list[dict]) -> list[dict]:
        assert turn, "no reply"
        assert english_lines(turn) == [], english_lines(turn)
        return turn

    def say(self, words: str) -> list[dict]:
        return self.check(say(self.api, self.user, words))

    def press(self, turn: list[dict], title: str) -> list[dict]:
        return self.check(press(self.api, self.user, turn[-1], title))


def titles(turn: list[dict]) -> list[str]:
    return [title for title, _ in keyboard(turn[-1])]


def test_the_english_detector_catches_english_and_spares_what_may_stay() -> None:
    def lines(text: str) -> list[str]:
        return english_lines([{"text": text}])

    assert lines("Find training for this job") != []
    assert lines("Sorry, I didn't get that. Tap a button, or type skip.") != []
    assert lines("Where was your case?") != []
    assert lines("Busquemos un trabajo que vaya contigo.") == []
    assert lines("Ley: Tex. Gov't Code § 411.0728") == []
    assert lines("• Freedom Network USA Survivor Reentry Project (SRP)") == []
    assert lines("1. [SAMPLE] English and Job Readiness (ESL)") == []
    assert lines("Llama al 1-888-373-7888 o escribe a help@example.org") == []


@pytest.fixture(scope="module")
def counselor(stack: Stack) -> Console:
    return on_duty_counselor(stack, "lucia", "Lucía")


def test_spanish_from_the_first_message_through_every_capability(
    fake_api: FakeBotApi, stack: Stack, counselor: Console
) -> None:
    user = 717000001
    chat = Conversation(fake_api, user)

    # Welcome: the first words are Spanish, so is the answer and its menu.
    turn = chat.say("hola, no hablo ingles")
    assert "español" in texts(turn) and "/idioma" in texts(turn)
    assert titles(turn)[:5] == ["Habilidades y trabajo", "Cursos y capacitación",
                                "Limpiar antecedentes", "Hablar con una persona",
                                "Ayuda de seguridad"]

    # Skills quiz: Spanish statements and buttons; stop early after six answers.
    turn = chat.say("busco trabajo")
    assert "1 de 30:" in turn[-1]["text"]
    for number in range(6):
        assert f"{number + 1} de 30:" in turn[-1]["text"]
        turn = chat.press(turn, "Me encanta" if number % 6 in (3, 5) else "No es para mí")
    turn = chat.press(turn, "Parar y ver resultados")
    result = texts(turn)
    assert "Trabajos que pueden ser para ti:" in result and "Ayudar" in result
    assert "Cursos para 1" in titles(turn) and "Más sobre 1" in titles(turn)
    more = chat.press(turn, "Más sobre 1")
    assert "Cómo empezar:" in texts(more) and "Cursos para este trabajo" in titles(more)

    # Programs: place, cost and schedule read from Spanish words.
    turn = chat.say("clases gratis en la noche cerca de 33125")
    cards = texts(turn)
    assert "Encontré" in cards and "Miami, FL" in cards and "Gratis" in cards
    assert "Por qué:" in cards and "gratis" in cards.split("Por qué:", 1)[1]
    turn = chat.press(turn, "Detalles 1")
    assert "Costo:" in texts(turn) and "Contacto:" in texts(turn)
    turn = chat.press(turn, "Guardar este")
    assert "Lo guardé" in texts(turn)

    # Record relief in Texas: plain Spanish, the citation as it is, legal help, disclaimer.
    turn = chat.say("quiero limpiar mis antecedentes en texas")
    relief = texts(turn)
    assert "Texas" in relief and "Tex. Gov't Code § 411.0728" in relief
    assert "“nondisclosure”" in relief
    assert "Dónde conseguir ayuda legal gratis:" in relief and "texaslawhelp.org" in relief
    assert "Esto es información, no asesoría legal." in turn[-1]["text"]
    saved = chat.press(turn, "Guardar para después")
    assert "Guardado" in texts(saved)
    # Asked in words: free legal help for the place just asked about.
    turn = chat.say("y donde consigo ayuda legal gratis")
    assert "Dónde conseguir ayuda legal gratis:" in texts(turn), texts(turn)
    assert "texaslawhelp.org" in texts(turn) and "no asesoría legal" in texts(turn)

    # A crisis in the middle: the lines that answer in Spanish, then back where it was.
    turn = chat.say("tengo miedo, el hombre me esta buscando")
    crisis = texts(turn)
    assert "911" in crisis and "1-888-373-7888" in crisis and "marca 2 para español" in crisis
    turn = chat.press(turn, "Seguir donde estaba")
    assert "Texas" in texts(turn) or "Guardado" in texts(turn)

    # A counselor, with consent to share a summary.
    turn = chat.say("quiero hablar con una persona")
    asked = texts(turn)
    assert "No son policía ni de inmigración" in asked and "1 curso guardado" in asked
    assert "nuestra organización aliada" in asked
    turn = chat.press(turn, "Compartir un resumen")
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "quiero trabajar pronto, tengo dos hijos")
    sent = chat.check(wait_for_text(fake_api, user, "Tu pedido se envió", before))
    assert re.search(r"Tienes el lugar \d+ en la fila", texts(sent)), texts(sent)

    # The counselor sees the person's language, and the summary in the counselor's
    # language (English) with the person's own note as they wrote it.
    ticket = ticket_of(stack, user)
    assert "writes in <strong>Spanish</strong>" in counselor.get("/handoffs/lists").text
    counselor.post(f"/handoffs/{ticket.id}/take")
    page = counselor.get(f"/handoffs/{ticket.id}").text
    assert "writes in <strong>Spanish</strong>" in page
    assert "quiero trabajar pronto, tengo dos hijos" in page
    assert "Job profile" in page and "Saved programs" in page and "Record relief" in page
    assert "Likes: helping" in page and "Curso" not in page

    # Quick exit: Spanish goodbye, the chat's messages deleted.
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "/exit")
    bye = chat.check([fake_api.wait_for_reply(user, before, timeout=60)])
    assert "Eliminar" in bye[-1]["text"]
    assert fake_api.calls("deleteMessages", chat_id=user)

    # The command menu is published in Spanish for Spanish-language phones.
    spanish_menus = [c for c in fake_api.calls("setMyCommands")
                     if c["params"].get("language_code") == "es"]
    assert spanish_menus and "Menú principal" in str(spanish_menus[-1]["params"])


def test_switching_languages_in_words_and_with_idioma(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 717000002
    turn = say(fake_api, user, "hi, i need help finding a job")
    assert "Skills" in texts(turn) or "1 of 30" in texts(turn)

    # English -> Spanish in words; the question in progress goes on in Spanish.
    before = fake_api.sent_count(user)
    say(fake_api, user, "en español por favor")
    turn = wait_for_text(fake_api, user, "de nuevo", before)
    assert english_lines(turn) == [], english_lines(turn)
    assert "español" in texts(turn) and "Sigamos donde te quedaste" in texts(turn)

    # A mixed message does not flip it back.
    turn = say(fake_api, user, "ok, quiero cooking classes")
    assert english_lines(turn) == [], english_lines(turn)

    # Spanish -> English in words.
    before = fake_api.sent_count(user)
    say(fake_api, user, "english please")
    # The open question comes back in English, then the offer to start over (last bubble).
    turn = wait_for_text(fake_api, user, "start the questions again", before)
    assert "write in English" in texts(turn), texts(turn)
    turn = say(fake_api, user, "menu")
    assert "Skills and jobs" in titles(turn)

    # /idioma offers the languages as buttons; picking one switches.
    turn = say(fake_api, user, "/idioma")
    assert "Español" in titles(turn) or "español" in " ".join(titles(turn)).lower()
    pick = next(t for t in titles(turn) if "spa" in t.lower())
    before = fake_api.sent_count(user)
    press(fake_api, user, turn[-1], pick)
    # The open question comes back in Spanish, then the offer to start over (its last bubble).
    turn = wait_for_text(fake_api, user, "de nuevo", before)
    assert "Sigamos donde te quedaste" in texts(turn), texts(turn)
    assert english_lines(turn) == [], english_lines(turn)
    turn = say(fake_api, user, "menu")
    assert "Habilidades y trabajo" in titles(turn), texts(turn)


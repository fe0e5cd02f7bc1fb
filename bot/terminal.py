"""Terminal chat: the same Rasa pipeline as Telegram, for trying the assistant with no account."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import TextIO

from bot import catalog
from bot.config import Settings
from bot.domain_info import known_intents, response_text
from bot.identity import Pseudonymizer, load_or_create_key
from bot.language import choose
from bot.privacy import erase_person_async
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import COMMAND_INTENTS, QUICK_EXIT, Button, parse_rasa_replies
from bot.safety.crisis import is_crisis, warm_up

CLEAR_SCREEN = "\033[2J\033[3J\033[H"


def to_rasa_text(line: str, buttons: list[Button]) -> str | None:
    """What to send for a typed line: a button's payload, a command's intent, or the text."""
    line = line.strip()
    if not line:
        return None
    if line.isdigit() and 1 <= int(line) <= len(buttons):
        return buttons[int(line) - 1].payload
    if line.startswith("/"):
        word = line.split()[0][1:].lower()
        return COMMAND_INTENTS.get(word, line)
    return line


async def _chat(settings: Settings, sender: str, stdin: TextIO, stdout: TextIO) -> int:
    # The person's language, chosen from their words like on Telegram (BOT_LANGUAGE first).
    language = choose("", None, settings.language).language
    previous: str | None = None  # the language kept so far, as the bridge keeps it

    def say(key: str) -> None:
        print(catalog.text("messages", key, language), file=stdout, flush=True)

    rasa = RasaClient(settings.rasa_url, timeout_s=settings.rasa_timeout_s,
                      patience_s=settings.rasa_patience_s)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, warm_up)
    say("terminal_intro")
    buttons: list[Button] = []
    try:
        while True:
            stdout.write(catalog.text("messages", "terminal_prompt", language))
            stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                print(file=stdout)
                return 0
            outgoing = to_rasa_text(line, buttons)
            if outgoing is None:
                say("empty")
                continue
            if outgoing.startswith("/") and outgoing.split("{")[0][1:] not in known_intents():
                say("unknown_command")
                continue
            language = previous = choose(outgoing, previous, settings.language).language
            try:
                replies = parse_rasa_replies(await rasa.send(
                    sender, outgoing, {"channel": "terminal", "language": language}))
            except RasaUnavailable:
                if outgoing == QUICK_EXIT:
                    _clear(stdout)
                    say("quick_exit_done")
                elif is_crisis(outgoing):
                    print(f"bot> {response_text('utter_crisis', language)}", file=stdout,
                          flush=True)
                else:
                    say("unavailable")
                continue
            buttons = []
            if not replies:
                say("error")
            for reply in replies:
                if reply.quick_exit:
                    _clear(stdout)
                    continue
                print(f"bot> {reply.text}", file=stdout)
                for number, button in enumerate(reply.buttons, start=1):
                    print(f"     {number}) {button.title}", file=stdout)
                if reply.buttons:
                    buttons = reply.buttons
            stdout.flush()
            if any(reply.forget for reply in replies):
                await erase_person_async(settings, sender)
                previous = None
    finally:
        await rasa.close()


def _clear(stdout: TextIO) -> None:
    """Quick exit in a terminal: clear the screen and its scrollback, when it is a screen."""
    if stdout.isatty():
        stdout.write(CLEAR_SCREEN)


def chat(
    settings: Settings,
    sender: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run the terminal chat until end of input."""
    if sender is None:
        pseudonymizer = Pseudonymizer(load_or_create_key(settings.pseudonym_key_file))
        sender = pseudonymizer.sender_id("terminal", getpass.getuser())
    return asyncio.run(_chat(settings, sender, stdin or sys.stdin, stdout or sys.stdout))

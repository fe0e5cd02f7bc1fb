"""What the assistant says about talking to a person: who the counselors are, what would be
shared, where a request stands. Returns texts and buttons; the actions only send them.
Texts come from data/catalog/handoff_text/<language>.yml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.config import ROOT
from bot.messages import DEFAULT_LANGUAGE, language_file

if TYPE_CHECKING:
    from bot.handoff.summary import Summary

TEXT_DIR = ROOT / "data" / "catalog" / "handoff_text"
Button = dict[str, str]
Message = tuple[str, list[Button]]

SHARE_PAYLOAD = '/handoff_share{{"share":"{share}"}}'
CANCEL, SEND, MENU, TALK = "/handoff_cancel", "/handoff_send", "/menu", "/choose_human"


def t(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """One catalog text (English when the language lacks it)."""
    value = language_file(TEXT_DIR, language).get(key)
    if value is None:
        value = language_file(TEXT_DIR, DEFAULT_LANGUAGE)[key]
    return str(value).format(**params)


def _button(title: str, payload: str) -> Button:
    return {"title": title, "payload": payload}


def _joined(words: list[str], language: str) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t('and', language)} {words[-1]}"


def items(summary: Summary, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """What a summary holds, as the person reads it ("2 saved programs")."""
    found = []
    if summary.profile:
        found.append(t("item_profile", language))
    if len(summary.programs) == 1:
        found.append(t("item_programs_one", language))
    elif summary.programs:
        found.append(t("item_programs", language, count=len(summary.programs)))
    if summary.relief_places:
        found.append(t("item_relief", language,
                       places=_joined(summary.relief_places, language)))
    return found


def intro(org: str, hours: str, on_duty: bool, language: str = DEFAULT_LANGUAGE
          ) -> list[Message]:
    """Who the counselors are and when they answer; when nobody is on duty, says so and
    gives the crisis line."""
    messages: list[Message] = [(t("who", language, org=org), [])]
    when = t("hours", language, hours=hours)
    if on_duty:
        messages.append((f"{when} {t('on_duty', language)}", []))
    else:
        messages.append((f"{when} {t('off_duty', language)}", []))
        messages.append((t("crisis_line", language), []))
    return messages


def share_choice(summary: Summary, language: str = DEFAULT_LANGUAGE) -> Message:
    """Exactly what each choice would share for this person, with the three choices."""
    lines = [t("share_ask", language), ""]
    found = items(summary, language)
    if found:
        lines.append(t("share_summary_has", language))
        lines += [f"• {item}" for item in found]
    else:
        lines.append(t("share_empty", language))
    lines += ["", t("share_means_none", language), t("share_means_full", language)]
    buttons = [_button(t(f"button_{share}", language), SHARE_PAYLOAD.format(share=share))
               for share in ("none", "summary", "full")]
    buttons.append(_button(t("button_not_now", language), MENU))
    return "\n".join(lines), buttons


def chosen(share: str, summary: Summary, language: str = DEFAULT_LANGUAGE) -> Message:
    """What will be shared, in one sentence, and the offer to add a note."""
    if share == "summary":
        found = items(summary, language)
        said = t("chosen_summary", language, items=_joined(found, language)) if found \
            else t("chosen_summary_empty", language)
    else:
        said = t(f"chosen_{share}", language)
    return f"{said}\n\n{t('note_ask', language)}", [
        _button(t("button_send", language), SEND), _button(t("button_cancel", language), CANCEL)]


def _waiting_lines(number: int, wait: int | None, next_shift: bool, language: str) -> list[str]:
    lines = [t("position", language, number=number)] if number else []
    if next_shift:
        lines.append(t("next_shift", language))
    else:
        lines.append(t("answer_here", language))
        if wait == 1:
            lines.append(t("wait_one", language))
        elif wait:
            lines.append(t("wait", language, minutes=wait))
    return lines


def _waiting_buttons(language: str) -> list[Button]:
    return [_button(t("button_cancel_request", language), CANCEL),
            _button(t("button_menu", language), MENU)]


def waiting(number: int, wait: int | None, next_shift: bool,
            language: str = DEFAULT_LANGUAGE) -> Message:
    """Where a waiting request stands: place in line, who answers, the usual wait."""
    return " ".join(_waiting_lines(number, wait, next_shift, language)), \
        _waiting_buttons(language)


def sent(number: int, wait: int | None, next_shift: bool,
         language: str = DEFAULT_LANGUAGE) -> Message:
    """The request is in the queue."""
    lines = [t("sent", language), *_waiting_lines(number, wait, next_shift, language)]
    return f"{' '.join(lines)}\n\n{t('keep_using', language)}", _waiting_buttons(language)


def active(language: str = DEFAULT_LANGUAGE) -> Message:
    """A counselor has the request."""
    return t("active", language), []


def no_request(language: str = DEFAULT_LANGUAGE) -> Message:
    """Nothing to send: offer to ask for a person."""
    return t("no_request", language), [_button(t("button_talk", language), TALK),
                                       _button(t("button_menu", language), MENU)]


def share_unknown(language: str = DEFAULT_LANGUAGE) -> str:
    """A share choice that is not one of the buttons."""
    return t("share_unknown", language)


def cancelled(outcome: str, language: str = DEFAULT_LANGUAGE) -> str:
    """After "cancel my request": "cancelled", "active" or "none"."""
    return t({"cancelled": "cancelled", "active": "cancel_active"}.get(outcome, "cancel_none"),
             language)


def resumed(language: str = DEFAULT_LANGUAGE) -> str:
    """Back from a counselor chat."""
    return t("resumed", language)

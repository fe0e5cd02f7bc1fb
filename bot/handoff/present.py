"""What the assistant says about talking to a person: who the counselors are, what would be
shared, where a request stands. Returns texts and buttons; the actions only send them.
Texts come from the catalog area "handoff" (data/catalog/texts/handoff/<language>.yml)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot import catalog
from bot.replies import Button, Reply, payload

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.handoff.summary import Summary

CANCEL = payload("handoff_cancel")
SEND = payload("handoff_send")
MENU = payload("menu")
TALK = payload("choose_human")


def t(key: str, language: str | None = None, **params: Any) -> str:
    """One text of the handoff area of the catalog (English when the language lacks it)."""
    return catalog.text("handoff", key, language, **params)


def _joined(words: list[str], language: str) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t('and', language)} {words[-1]}"


def items(summary: Summary, language: str | None = None) -> list[str]:
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


def organisation_and_hours(settings: Settings, language: str | None = None
                           ) -> tuple[str, str]:
    """Who the counselors work for and when they answer, in a language: the language's own
    setting (HANDOFF_ORG_ES …), else the catalog's default words when nothing was set at
    all, else the English setting as written (an NGO's hours are better in English than
    wrong)."""
    language = catalog.current() if language is None else language
    org, hours = settings.handoff_local.get(language, ("", ""))
    return (org or settings.handoff_org or t("default_org", language),
            hours or settings.handoff_hours or t("default_hours", language))


def intro(org: str, hours: str, on_duty: bool, language: str | None = None
          ) -> list[Reply]:
    """Who the counselors are and when they answer; when nobody is on duty, says so and
    gives the crisis line."""
    messages = [Reply(t("who", language, org=org))]
    when = t("hours", language, hours=hours)
    if on_duty:
        messages.append(Reply(f"{when} {t('on_duty', language)}"))
    else:
        messages.append(Reply(f"{when} {t('off_duty', language)}"))
        messages.append(Reply(t("crisis_line", language)))
    return messages


def share_choice(summary: Summary, language: str | None = None) -> Reply:
    """Exactly what each choice would share for this person, with the three choices."""
    lines = [t("share_ask", language), ""]
    found = items(summary, language)
    if found:
        lines.append(t("share_summary_has", language))
        lines += [f"• {item}" for item in found]
    else:
        lines.append(t("share_empty", language))
    lines += ["", t("share_means_none", language), t("share_means_full", language)]
    buttons = [Button(t(f"button_{share}", language), payload("handoff_share", share=share))
               for share in ("none", "summary", "full")]
    buttons.append(Button(t("button_not_now", language), MENU))
    return Reply("\n".join(lines), buttons)


def chosen(share: str, summary: Summary, language: str | None = None) -> Reply:
    """What will be shared, in one sentence, and the offer to add a note."""
    if share == "summary":
        found = items(summary, language)
        said = t("chosen_summary", language, items=_joined(found, language)) if found \
            else t("chosen_summary_empty", language)
    else:
        said = t(f"chosen_{share}", language)
    return Reply(f"{said}\n\n{t('note_ask', language)}", [
        Button(t("button_send", language), SEND), Button(t("button_cancel", language), CANCEL)])


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
    return [Button(t("button_cancel_request", language), CANCEL),
            Button(t("button_menu", language), MENU)]


def waiting(number: int, wait: int | None, next_shift: bool,
            language: str | None = None) -> Reply:
    """Where a waiting request stands: place in line, who answers, the usual wait."""
    return Reply(" ".join(_waiting_lines(number, wait, next_shift, language)),
                 _waiting_buttons(language))


def sent(number: int, wait: int | None, next_shift: bool,
         language: str | None = None) -> Reply:
    """The request is in the queue."""
    lines = [t("sent", language), *_waiting_lines(number, wait, next_shift, language)]
    return Reply(f"{' '.join(lines)}\n\n{t('keep_using', language)}",
                 _waiting_buttons(language))


def active(language: str | None = None) -> Reply:
    """A counselor has the request."""
    return Reply(t("active", language))


def no_request(language: str | None = None) -> Reply:
    """Nothing to send: offer to ask for a person."""
    return Reply(t("no_request", language), [Button(t("button_talk", language), TALK),
                                             Button(t("button_menu", language), MENU)])


def share_unknown(language: str | None = None) -> str:
    """A share choice that is not one of the buttons."""
    return t("share_unknown", language)


def cancelled(outcome: str, language: str | None = None) -> str:
    """After "cancel my request": "cancelled", "active" or "none"."""
    return t({"cancelled": "cancelled", "active": "cancel_active"}.get(outcome, "cancel_none"),
             language)


def resumed(language: str | None = None) -> str:
    """Back from a counselor chat."""
    return t("resumed", language)


def stop_with_request(language: str | None = None) -> list[Reply]:
    """"Stop" / "cancel that" with no questions open but a counselor request waiting: ask
    whether the request is what they take back (never cancel it on a guess)."""
    return [Reply(t("stop_ask_cancel", language),
                  [Button(t("button_cancel_request", language), CANCEL),
                   Button(t("button_keep_request", language), MENU)])]

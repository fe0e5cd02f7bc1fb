"""What the assessment says: questions, the result, the profile, one job in more detail.

Returns plain data (texts and button lists) so the action only sends them. Texts come
from data/catalog/assess_text/<language>.yml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.assess import flow
from bot.assess.interests import AREA_NAMES, AREAS, ITEMS, SCALE, describe, top_areas
from bot.assess.match import Match
from bot.assess.occupations import Occupation, get
from bot.assess.skills import SKILLS
from bot.config import ROOT
from bot.messages import DEFAULT_LANGUAGE, language_file

TEXT_DIR = ROOT / "data" / "catalog" / "assess_text"
Button = dict[str, str]
Message = tuple[str, list[Button]]


def _t(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    texts = language_file(TEXT_DIR, language)
    value = texts.get(key)
    if value is None:
        value = language_file(TEXT_DIR, DEFAULT_LANGUAGE)[key]
    return str(value).format(**params)


def _button(title: str, payload: str) -> Button:
    return {"title": title, "payload": payload}


def _menu(language: str) -> Button:
    return _button(_t("button_menu", language), "/menu")


def item_question(step: str, language: str = DEFAULT_LANGUAGE) -> Message:
    """One interest statement with the five-point buttons, skip and stop."""
    item = ITEMS[flow.item_number(step) - 1]
    text = _t("item", language, number=flow.item_number(step), total=len(ITEMS), text=item.text)
    if flow.item_number(step) == 1:
        text = f"{_t('item_hint_first', language)}\n\n{text}"
    buttons = [_button(label, f'/inform{{"likert":"{points}"}}') for points, label in SCALE]
    buttons += [_button(_t("item_skip", language), "/skip"),
                _button(_t("item_stop", language), "/stop")]
    return text, buttons


def experience_question(language: str = DEFAULT_LANGUAGE) -> Message:
    """The free-text question about work done, with skip and stop."""
    return _t("experience", language), [
        _button(_t("experience_skip", language), "/skip"),
        _button(_t("item_stop", language), "/stop"),
    ]


def skill_labels(skill_ids: Sequence[str]) -> list[str]:
    """Plain labels of known skill ids, in order."""
    return [SKILLS[s].label for s in skill_ids if s in SKILLS]


def _title_words(codes: Sequence[str]) -> str:
    titles = [occ.plain_title.lower() for occ in (get(c) for c in codes) if occ is not None]
    return ", ".join(titles)


def confirm_question(state: flow.AssessState, language: str = DEFAULT_LANGUAGE) -> Message:
    """ "Did I get this right?" with what was understood, and a way to fix each part."""
    lines = [f"• {label}" for label in skill_labels(state.skills)]
    if state.titles:
        lines.append("• " + _t("confirm_titles", language, titles=_title_words(state.titles)))
    buttons = [_button(_t("confirm_yes", language), '/inform{"assess_confirm":"yes"}')]
    for skill_id in state.skills[:6]:
        if skill_id in SKILLS:
            label = _t("confirm_remove", language, label=SKILLS[skill_id].label)[:40]
            buttons.append(_button(label, f'/inform{{"assess_remove":"{skill_id}"}}'))
    if state.titles:
        buttons.append(_button(_t("confirm_remove", language, label=_title_words(
            state.titles[:1]))[:40], '/inform{"assess_remove":"titles"}'))
    buttons.append(_button(_t("confirm_again", language), '/inform{"assess_confirm":"again"}'))
    return _t("confirm", language, skills="\n".join(lines)), buttons


def _areas_text(scores: Mapping[str, float]) -> list[str]:
    return [f"• {AREA_NAMES[area]}: {describe(area)}" for area in top_areas(scores)]


def job_lines(matches: Sequence[Match], start: int = 1,
              language: str = DEFAULT_LANGUAGE) -> list[str]:
    """One short block per job: title, what it is, how to start, why it fits, notes."""
    blocks = []
    for number, match in enumerate(matches, start=start):
        occ = match.occupation
        lines = [_t("job_line", language, number=number, title=occ.plain_title,
                    summary=occ.summary, prep=occ.prep)]
        if match.reasons:
            lines.append(_t("job_why", language, reasons="; ".join(match.reasons)))
        lines += [_t("job_note", language, note=note) for note in match.notes]
        blocks.append("\n".join(lines))
    return blocks


def job_buttons(matches: Sequence[Match], language: str = DEFAULT_LANGUAGE,
                wider: bool = True) -> list[Button]:
    """Per job: find training and tell me more; then more jobs, the profile and the menu."""
    buttons = []
    for number, match in enumerate(matches, start=1):
        code = match.occupation.code
        buttons.append(_button(_t("button_training", language, number=number),
                               f'/search_programs{{"onet":"{code}"}}'))
        buttons.append(_button(_t("button_more", language, number=number),
                               f'/occupation_more{{"onet":"{code}"}}'))
    if wider:
        buttons.append(_button(_t("button_wider", language), "/assess_wider"))
    buttons += [_button(_t("button_profile", language), "/show_profile"), _menu(language)]
    return buttons


def result(state: flow.AssessState, matches: Sequence[Match],
           language: str = DEFAULT_LANGUAGE) -> list[Message]:
    """The result: top interest areas, skills, jobs with buttons, and the profile line."""
    scores = flow.area_scores(state)
    head = [_t("result_intro", language)]
    if scores:
        head += ["", _t("result_interests", language), *_areas_text(scores)]
    labels = skill_labels(state.skills)
    if labels:
        head += ["", _t("result_skills", language, skills=", ".join(labels).lower())]
    if 0 < flow.answered_items(state) < len(ITEMS) and "interests" in state.parts:
        head += ["", _t("result_little", language)]
    messages: list[Message] = [("\n".join(head), [])]
    if matches:
        body = [_t("result_jobs", language), *job_lines(matches, language=language)]
        messages.append(("\n\n".join(body), []))
    else:
        messages.append((_t("result_none", language), []))
    tail = [_t("result_saved", language)]
    buttons = job_buttons(matches, language, wider=state.max_zone < 5)
    if state.constraints.get("record") in ("yes", "unsure"):
        tail.insert(0, _t("result_record", language))
        buttons.insert(-1, _button(_t("button_record", language), "/choose_record"))
    messages.append(("\n\n".join(tail), buttons))
    return messages


def wider(matches: Sequence[Match], language: str = DEFAULT_LANGUAGE) -> list[Message]:
    """Jobs that need more preparation, after the person asked for more."""
    if not matches:
        return [(_t("result_none", language), [_menu(language)])]
    body = [_t("wider_intro", language), *job_lines(matches, language=language)]
    return [("\n\n".join(body), job_buttons(matches, language, wider=False))]


def more_about(occ: Occupation, language: str = DEFAULT_LANGUAGE) -> Message:
    """One job in more detail, with a button to find training for it."""
    lines = [_t("more", language, title=occ.plain_title, summary=occ.summary, prep=occ.prep)]
    if occ.education:
        lines[0] += "\n" + _t("more_school", language, education=occ.education)
    lines.append(_t("more_zone", language,
                    zone=language_file(TEXT_DIR, language)["zone"][occ.job_zone]))
    liked = [AREA_NAMES[a] for a in occ.high_point if a in AREAS]
    if liked:
        lines.append(_t("more_interests", language, areas=", ".join(liked).lower()))
    if occ.background_check:
        lines.append(_t("more_check", language))
    buttons = [_button(_t("button_training", language, number="this job"),
                       f'/search_programs{{"onet":"{occ.code}"}}'),
               _button(_t("button_profile", language), "/show_profile"), _menu(language)]
    return "\n\n".join(lines), buttons


def constraint_words(step: str, value: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """How one "what holds you back" answer reads in the profile."""
    words = language_file(TEXT_DIR, language).get("constraint_words", {})
    return (words.get(step) or {}).get(value)


def profile_parts(profile: Mapping[str, Any],
                  language: str = DEFAULT_LANGUAGE) -> tuple[str, str, list[str]]:
    """The profile in plain words: the areas liked, what was done, and the other answers
    ("" or [] for a part with nothing in it). Shown to the person, and to a counselor when
    the person agrees to share a summary."""
    areas = ", ".join(AREA_NAMES[a] for a in top_areas(profile.get("scores") or {}))
    skills = skill_labels(profile.get("skills", []))
    titles = _title_words(profile.get("titles", []))
    done = ", ".join([*[s.lower() for s in skills], *([titles] if titles else [])])
    answers = [constraint_words(step, value, language)
               for step, value in (profile.get("constraints") or {}).items()
               if value != flow.SKIPPED]
    return areas, done, [answer for answer in answers if answer]


def profile_view(profile: Mapping[str, Any] | None,
                 language: str = DEFAULT_LANGUAGE) -> Message:
    """The saved profile in plain words, with buttons to change a part or delete it."""
    if not profile:
        return _t("profile_none", language), [
            _button(_t("button_start", language), "/choose_skills"), _menu(language)]
    nothing = _t("profile_nothing", language)
    areas, done, answers = profile_parts(profile, language)
    lines = [_t("profile_intro", language),
             "• " + _t("profile_interests", language, areas=areas or nothing),
             "• " + _t("profile_skills", language, skills=done or nothing),
             "• " + _t("profile_constraints", language,
                       answers="" if answers else nothing).rstrip(),
             *[f"   – {answer}" for answer in answers],
             "", _t("profile_change", language)]
    buttons = [
        _button(_t("button_change_interests", language), '/update_profile{"part":"interests"}'),
        _button(_t("button_change_experience", language), '/update_profile{"part":"experience"}'),
        _button(_t("button_change_constraints", language),
                '/update_profile{"part":"constraints"}'),
        _button(_t("button_delete_profile", language), "/delete_profile"),
        _menu(language),
    ]
    return "\n".join(lines), buttons


def text(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """One catalog text by key."""
    return _t(key, language, **params)

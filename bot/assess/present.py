"""What the assessment says: questions, the result, the profile, one job in more detail.

Returns replies (text and buttons) so the action only sends them. Texts come from the
catalog area "assess" (data/catalog/texts/assess/<language>.yml).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot import catalog
from bot.assess import flow, translations
from bot.assess.interests import AREAS, ITEMS, area_name, describe, scale, top_areas
from bot.assess.match import Match
from bot.assess.occupations import Occupation, get
from bot.assess.skills import SKILLS
from bot.replies import Button, Reply, payload


def text(key: str, language: str | None = None, **params: Any) -> str:
    """One text of the assessment area of the catalog."""
    return catalog.text("assess", key, language, **params)


def _menu(language: str) -> Button:
    return Button(text("button_menu", language), payload("menu"))


def item_question(step: str, language: str | None = None) -> Reply:
    """One interest statement with the five-point buttons, skip and stop."""
    item = ITEMS[flow.item_number(step) - 1]
    body = text("item", language, number=flow.item_number(step), total=len(ITEMS),
                text=translations.item_text(item, language))
    if flow.item_number(step) == 1:
        body = f"{text('item_hint_first', language)}\n\n{body}"
    buttons = [Button(label, payload("inform", likert=points)) for points, label in scale(language)]
    buttons += [Button(text("item_skip", language), payload("skip")),
                Button(text("item_stop", language), payload("stop"))]
    return Reply(body, buttons)


def experience_question(language: str | None = None) -> Reply:
    """The free-text question about work done, with skip and stop."""
    return Reply(text("experience", language), [
        Button(text("experience_skip", language), payload("skip")),
        Button(text("item_stop", language), payload("stop")),
    ])


def skill_labels(skill_ids: Sequence[str], language: str | None = None) -> list[str]:
    """Plain labels of known skill ids, in order."""
    return [translations.skill_label(s, language) for s in skill_ids if s in SKILLS]


def _title_words(codes: Sequence[str], language: str | None = None) -> str:
    titles = [translations.words(occ, language).title.lower()
              for occ in (get(c) for c in codes) if occ is not None]
    return ", ".join(titles)


def confirm_question(state: flow.AssessState, language: str | None = None) -> Reply:
    """ "Did I get this right?" with what was understood, and a way to fix each part."""
    lines = [f"• {label}" for label in skill_labels(state.skills, language)]
    if state.titles:
        lines.append("• " + text("confirm_titles", language,
                                 titles=_title_words(state.titles, language)))
    buttons = [Button(text("confirm_yes", language), payload("inform", assess_confirm="yes"))]
    for skill_id in state.skills[:6]:
        if skill_id in SKILLS:
            label = text("confirm_remove", language,
                         label=translations.skill_label(skill_id, language))[:40]
            buttons.append(Button(label, payload("inform", assess_remove=skill_id)))
    if state.titles:
        buttons.append(Button(text("confirm_remove", language, label=_title_words(
            state.titles[:1], language))[:40], payload("inform", assess_remove="titles")))
    buttons.append(Button(text("confirm_again", language),
                          payload("inform", assess_confirm="again")))
    return Reply(text("confirm", language, skills="\n".join(lines)), buttons)


def _areas_text(scores: Mapping[str, float], language: str | None = None) -> list[str]:
    return [f"• {area_name(area, language)}: {describe(area, language)}"
            for area in top_areas(scores)]


def job_lines(matches: Sequence[Match], start: int = 1,
              language: str | None = None) -> list[str]:
    """One short block per job: title, what it is, how to start, why it fits, notes."""
    blocks = []
    for number, match in enumerate(matches, start=start):
        words = translations.words(match.occupation, language)
        lines = [text("job_line", language, number=number, title=words.title,
                      summary=words.summary, prep=words.prep)]
        if match.reasons:
            lines.append(text("job_why", language, reasons="; ".join(match.reasons)))
        lines += [text("job_note", language, note=note) for note in match.notes]
        blocks.append("\n".join(lines))
    return blocks


def job_buttons(matches: Sequence[Match], language: str | None = None,
                wider: bool = True) -> list[Button]:
    """Per job: find training and tell me more; then more jobs, the profile and the menu."""
    buttons = []
    for number, match in enumerate(matches, start=1):
        code = match.occupation.code
        buttons.append(Button(text("button_training", language, number=number),
                               payload("search_programs", onet=code)))
        buttons.append(Button(text("button_more", language, number=number),
                               payload("occupation_more", onet=code)))
    if wider:
        buttons.append(Button(text("button_wider", language), payload("assess_wider")))
    buttons += [Button(text("button_profile", language), payload("show_profile")), _menu(language)]
    return buttons


def result(state: flow.AssessState, matches: Sequence[Match],
           language: str | None = None) -> list[Reply]:
    """The result: top interest areas, skills, jobs with buttons, and the profile line."""
    scores = flow.area_scores(state)
    head = [text("result_intro", language)]
    if scores:
        head += ["", text("result_interests", language), *_areas_text(scores, language)]
    labels = skill_labels(state.skills, language)
    if labels:
        head += ["", text("result_skills", language, skills=", ".join(labels).lower())]
    if 0 < flow.answered_items(state) < len(ITEMS) and "interests" in state.parts:
        head += ["", text("result_little", language)]
    messages: list[Reply] = [Reply("\n".join(head))]
    if matches:
        body = [text("result_jobs", language), *job_lines(matches, language=language)]
        messages.append(Reply("\n\n".join(body)))
    else:
        messages.append(Reply(text("result_none", language)))
    tail = [text("result_saved", language)]
    buttons = job_buttons(matches, language, wider=state.max_zone < 5)
    if state.constraints.get("record") in ("yes", "unsure"):
        tail.insert(0, text("result_record", language))
        buttons.insert(-1, Button(text("button_record", language), payload("choose_record")))
    messages.append(Reply("\n\n".join(tail), buttons))
    return messages


def wider(matches: Sequence[Match], language: str | None = None) -> list[Reply]:
    """Jobs that need more preparation, after the person asked for more."""
    if not matches:
        return [Reply(text("result_none", language), [_menu(language)])]
    body = [text("wider_intro", language), *job_lines(matches, language=language)]
    return [Reply("\n\n".join(body), job_buttons(matches, language, wider=False))]


def more_about(occ: Occupation, language: str | None = None) -> Reply:
    """One job in more detail, with a button to find training for it."""
    words = translations.words(occ, language)
    lines = [text("more", language, title=words.title, summary=words.summary, prep=words.prep)]
    if occ.education:
        lines[0] += "\n" + text("more_school", language,
                                 education=translations.education(occ.education, language))
    lines.append(text("more_zone", language,
                    zone=catalog.table("assess", "zone", language)[occ.job_zone]))
    liked = [area_name(a, language) for a in occ.high_point if a in AREAS]
    if liked:
        lines.append(text("more_interests", language, areas=", ".join(liked).lower()))
    if occ.background_check:
        lines.append(text("more_check", language))
    buttons = [Button(text("button_training", language, number=text("this_job", language)),
                       payload("search_programs", onet=occ.code)),
               Button(text("button_profile", language), payload("show_profile")), _menu(language)]
    return Reply("\n\n".join(lines), buttons)


def constraint_words(step: str, value: str, language: str | None = None) -> str | None:
    """How one "what holds you back" answer reads in the profile."""
    words = catalog.table("assess", "constraint_words", language)
    return (words.get(step) or {}).get(value)


def profile_parts(profile: Mapping[str, Any],
                  language: str | None = None) -> tuple[str, str, list[str]]:
    """The profile in plain words: the areas liked, what was done, and the other answers
    ("" or [] for a part with nothing in it). Shown to the person, and to a counselor when
    the person agrees to share a summary."""
    areas = ", ".join(area_name(a, language) for a in top_areas(profile.get("scores") or {}))
    skills = skill_labels(profile.get("skills", []), language)
    titles = _title_words(profile.get("titles", []), language)
    done = ", ".join([*[s.lower() for s in skills], *([titles] if titles else [])])
    answers = [constraint_words(step, value, language)
               for step, value in (profile.get("constraints") or {}).items()
               if value != flow.SKIPPED]
    return areas, done, [answer for answer in answers if answer]


def profile_view(profile: Mapping[str, Any] | None,
                 language: str | None = None) -> Reply:
    """The saved profile in plain words, with buttons to change a part or delete it."""
    if not profile:
        return Reply(text("profile_none", language), [
            Button(text("button_start", language), payload("choose_skills")), _menu(language)])
    nothing = text("profile_nothing", language)
    areas, done, answers = profile_parts(profile, language)
    lines = [text("profile_intro", language),
             "• " + text("profile_interests", language, areas=areas or nothing),
             "• " + text("profile_skills", language, skills=done or nothing),
             "• " + text("profile_constraints", language,
                         answers="" if answers else nothing).rstrip(),
             *[f"   – {answer}" for answer in answers],
             "", text("profile_change", language)]
    buttons = [
        *(Button(text(f"button_change_{part}", language), payload("update_profile", part=part))
          for part in ("interests", "experience", "constraints")),
        Button(text("button_delete_profile", language), payload("delete_profile")),
        _menu(language),
    ]
    return Reply("\n".join(lines), buttons)

"""The pipeline component that sets the `case` / `home` role of record-relief places."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.place_roles import PlaceRoles, with_roles


def places(text: str, *names: str, roles: tuple = ()) -> list[dict]:
    """`jurisdiction` entities for the given place words of text (first occurrence each)."""
    found = []
    for index, name in enumerate(names):
        start = text.index(name)
        entity = {"entity": "jurisdiction", "value": name, "start": start,
                  "end": start + len(name)}
        if index < len(roles) and roles[index]:
            entity["role"] = roles[index]
        found.append(entity)
    return found


def roles_of(entities: list[dict]) -> list:
    return [e.get("role") for e in entities if e["entity"] == "jurisdiction"]


def test_swapped_classifier_roles_are_corrected_by_the_words() -> None:
    text = "got arrested in arkansas but i live in missouri these days"
    entities = places(text, "arkansas", "missouri", roles=("home", "case"))
    assert roles_of(with_roles(text, entities)) == ["case", "home"]


def test_spanish_cues() -> None:
    text = "me condenaron en nevada pero ahora vivo en utah"
    assert roles_of(with_roles(text, places(text, "nevada", "utah"))) == ["case", "home"]


def test_home_first_then_case() -> None:
    text = "i live in oregon, the conviction happened in idaho"
    assert roles_of(with_roles(text, places(text, "oregon", "idaho"))) == ["home", "case"]


def test_a_place_without_cue_gets_the_other_role() -> None:
    text = "in kentucky, but i live in ohio"
    assert roles_of(with_roles(text, places(text, "kentucky", "ohio"))) == ["case", "home"]


def test_no_cue_at_all_keeps_the_classifier_roles() -> None:
    text = "ohio and kentucky"
    entities = places(text, "ohio", "kentucky", roles=("case", None))
    assert roles_of(with_roles(text, entities)) == ["case", "home"]
    assert roles_of(with_roles(text, places(text, "ohio", "kentucky"))) == [None, None]


def test_one_place_has_no_role_unless_the_person_lives_there() -> None:
    text = "my conviction is from cali is there any relief"
    assert roles_of(with_roles(text, places(text, "cali", roles=("case",)))) == [None]
    text = "i live in texas now, can my record be cleared"
    assert roles_of(with_roles(text, places(text, "texas"))) == ["home"]


def test_other_entities_pass_through() -> None:
    text = "what is vacatur in ohio"
    entities = [{"entity": "legal_term", "value": "vacatur", "start": 8, "end": 15},
                *places(text, "ohio", roles=("case",))]
    result = with_roles(text, entities)
    assert result[0] == entities[0]
    assert "role" not in result[1]


def test_component_sets_the_roles_on_the_message() -> None:
    text = "my charges were in new jersey, i moved to pennsylvania"
    message = Message(data={"text": text,
                            "entities": places(text, "new jersey", "pennsylvania",
                                               roles=("home", "home"))})
    PlaceRoles({}).process([message])
    assert roles_of(message.get("entities")) == ["case", "home"]


def test_word_like_state_codes_count_only_when_written_as_codes() -> None:
    # "MI LISTA" in a message all in capitals, or "la" in lower case, is no state.
    for text, word in (("MI LISTA DE CURSOS", "MI"), ("YA TERMINE CON LA PERSONA", "LA"),
                       ("can i clear my record in la", "la")):
        assert roles_of(with_roles(text, places(text, word))) == [], text
    # Written as a code among lower-case words, it is one.
    text = "can i clear a record in PA"
    assert len(with_roles(text, places(text, "PA"))) == 1

"""The pipeline component: net hits become `crisis`, classifier-only crises a safety check."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.crisis_net import CrisisSafetyNet


def run(text: str, intent: str, confidence: float = 0.99) -> Message:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                            "intent_ranking": [{"name": intent, "confidence": confidence},
                                               {"name": "greet", "confidence": 0.01}]})
    CrisisSafetyNet({}).process([message])
    return message


def test_net_signal_overrides_any_prediction_including_fallback() -> None:
    message = run("im scarred hes outsid", "nlu_fallback", 0.3)
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert message.get("crisis_net") == "threat"
    assert [r["confidence"] for r in message.get("intent_ranking")][1:] == [0.0, 0.0]


def test_classifier_only_crisis_becomes_a_safety_check() -> None:
    message = run("my zip is 30303", "crisis")
    assert message.get("intent")["name"] == "crisis_check"
    assert message.get("intent_ranking")[0]["name"] == "crisis_check"
    assert message.get("crisis_net") is None


def test_ordinary_prediction_is_untouched() -> None:
    message = run("training programs please", "choose_programs")
    assert message.get("intent")["name"] == "choose_programs"


def test_unsure_but_likeliest_crisis_gets_the_safety_check() -> None:
    message = Message(data={"text": "things are bad at home tonight",
                            "intent": {"name": "nlu_fallback", "confidence": 0.45},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.45},
                                               {"name": "crisis", "confidence": 0.3},
                                               {"name": "help", "confidence": 0.2}]})
    CrisisSafetyNet({}).process([message])
    assert message.get("intent")["name"] == "crisis_check"


def test_unsure_with_another_likeliest_intent_stays_a_fallback() -> None:
    message = Message(data={"text": "the thing with the stuff",
                            "intent": {"name": "nlu_fallback", "confidence": 0.45},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.45},
                                               {"name": "help", "confidence": 0.3},
                                               {"name": "crisis", "confidence": 0.2}]})
    CrisisSafetyNet({}).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"

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

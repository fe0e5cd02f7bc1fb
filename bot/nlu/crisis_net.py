"""Rasa pipeline component: the deterministic crisis safety net after the classifiers.

Placed last in the pipeline, it overrides whatever intent (including `nlu_fallback`) was
predicted when `bot.safety.crisis` finds a crisis signal, so rules answer with help at once.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.safety.crisis import find_crisis

CRISIS_INTENT = "crisis"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class CrisisSafetyNet(GraphComponent):
    """Sets the `crisis` intent when the deterministic patterns fire."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No settings: the patterns live in `bot.safety.crisis`."""
        return {"intent": CRISIS_INTENT}

    def __init__(self, config: dict[str, Any]) -> None:
        self._intent = config.get("intent", CRISIS_INTENT)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisSafetyNet:
        """Build the component (nothing to train or load)."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of each message that carries a crisis signal."""
        for message in messages:
            found = find_crisis(message.get(TEXT))
            if found is None:
                continue
            ranking = [
                {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
                for entry in message.get(INTENT_RANKING_KEY, [])
                if entry.get(INTENT_NAME_KEY) != self._intent
            ]
            top = {INTENT_NAME_KEY: self._intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
            message.set("crisis_net", found.category, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data passes through unchanged."""
        return training_data

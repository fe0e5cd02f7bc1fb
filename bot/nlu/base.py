"""What our rule-based Rasa pipeline components share: nothing to train, one message at a time.

Each concrete component still registers itself with `DefaultV1Recipe.register` (Rasa finds
components by their registration, and the base class is not one).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class RuleComponent(GraphComponent):
    """A pipeline step that reads each message by fixed rules (nothing to train or load)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No settings: the rules live in the component's module."""
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RuleComponent":
        """Build the component; its tables load now, not on the first message."""
        cls.warm_up()
        return cls(config)

    @classmethod
    def warm_up(cls) -> None:
        """Load what the rules need (nothing by default)."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Apply the rules to each message."""
        for message in messages:
            self.process_one(message)
        return messages

    def process_one(self, message: Message) -> None:
        """Apply the rules to one message (set its intent or entities)."""
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unchanged (the classifiers learn from the annotations)."""
        return training_data


class EntityRuleComponent(RuleComponent):
    """A rule component that rewrites the entities of messages with text."""

    def process_one(self, message: Message) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or not text:
            return
        rewritten = self.rewrite(message, text, list(message.get(ENTITIES) or []))
        if rewritten is not None:
            message.set(ENTITIES, rewritten, add_to_output=True)

    def rewrite(self, message: Message, text: str,
                entities: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
        """The message's new entities, or None to leave them as they are."""
        raise NotImplementedError

"""What our Rasa pipeline components share.

- `RuleComponent` / `EntityRuleComponent`: nothing to train, one message at a time (the
  crisis net, search entities, place roles, share choice).
- `TrainedComponent`: learns one thing in training, stores it in one file of the model and
  loads it back (the unknown-words fallback, the linear intent classifier).

Each concrete component still registers itself with `DefaultV1Recipe.register` (Rasa finds
components by their registration, and the base classes are not ones).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def replace_entity(entities: List[Dict[Text, Any]], kind: str, value: str, start: int,
                   end: int, extractor: str) -> List[Dict[Text, Any]]:
    """The entities with every `kind` one replaced by this rule-made one (confidence 1)."""
    kept = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) != kind]
    return [*kept, {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        "confidence_entity": 1.0,
        EXTRACTOR: extractor,
    }]


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


class TrainedComponent(GraphComponent):
    """A pipeline step that learns something in training and keeps it in the model.

    Subclasses name the file (`FILE_NAME`), say how what they learned is written and read
    (`write`, `read`), call `store` at the end of `train`, and find it in `self._learned`
    (None before training, or when the model holds no such file: then they change nothing).
    """

    FILE_NAME = "learned"

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        learned: Any = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._learned = learned

    @classmethod
    def warm_up(cls) -> None:
        """Load the tables the component needs besides what it learned (nothing by default)."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TrainedComponent":
        """A new, untrained component."""
        cls.warm_up()
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TrainedComponent":
        """The component with what it learned (nothing, if the model holds no file for it)."""
        cls.warm_up()
        learned = None
        try:
            with model_storage.read_from(resource) as path:
                learned = cls.read(path / cls.FILE_NAME)
        except (ValueError, FileNotFoundError):
            logging.getLogger(cls.__module__).debug("%s: nothing learned to load.", cls.__name__)
        return cls(config, model_storage, resource, learned)

    def store(self, learned: Any) -> Resource:
        """Keep what was learned, in memory and in the model; return the resource."""
        self._learned = learned
        with self._model_storage.write_to(self._resource) as path:
            self.write(path / self.FILE_NAME, learned)
        return self._resource

    @classmethod
    def read(cls, path: Path) -> Any:
        """What was learned, from its file."""
        raise NotImplementedError

    def write(self, path: Path, learned: Any) -> None:
        """Write what was learned to its file."""
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unchanged."""
        return training_data

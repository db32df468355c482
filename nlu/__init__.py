"""Jamsos NLU: intents, entities and language of Indonesian/English chat messages.

    parser = load_parser(model_dir)          # or BuiltinParser.load(model_dir)
    result = await parser.parse("klo jht sy gmn kak")
    result.intent.name, result.entity_values("program"), result.language.language

Train with `train_model(data_dir).model.save(model_dir)` or `nlu.commands.train`
(training imports scikit-learn; loading and parsing never do). The helpers work without
a model: `normalize`, `detect_language`, `requested_language`, `extract_entities`,
`is_followup`.
"""

from typing import TYPE_CHECKING, Any

from nlu.classifier import BuiltinParser, load_parser
from nlu.entities import EntityExtractor, extract_entities
from nlu.errors import (
    ModelError,
    ModelFormatError,
    ModelNotFoundError,
    NluError,
    TrainingDataError,
)
from nlu.followup import is_followup
from nlu.language import detect_language, requested_language
from nlu.normalize import normalize
from nlu.training_data import Example, TrainingData, load_training_data
from nlu.types import (
    ENTITY_NAMES,
    Entity,
    Intent,
    IntentParser,
    IntentScore,
    Language,
    LanguageGuess,
    ParseResult,
    Program,
)

if TYPE_CHECKING:
    from nlu.training import TrainingResult, TrainParams, train_model
else:

    def __getattr__(name: str) -> Any:
        # Training needs scikit-learn, whose import takes most of a second: only load it
        # when training is asked for, so `import nlu` + `load_parser` stay fast.
        if name in {"TrainingResult", "TrainParams", "train_model"}:
            from nlu import training

            return getattr(training, name)
        raise AttributeError(f"module 'nlu' has no attribute {name!r}")


__all__ = [
    "ENTITY_NAMES",
    "BuiltinParser",
    "Entity",
    "EntityExtractor",
    "Example",
    "Intent",
    "IntentParser",
    "IntentScore",
    "Language",
    "LanguageGuess",
    "ModelError",
    "ModelFormatError",
    "ModelNotFoundError",
    "NluError",
    "ParseResult",
    "Program",
    "TrainParams",
    "TrainingData",
    "TrainingDataError",
    "TrainingResult",
    "detect_language",
    "extract_entities",
    "is_followup",
    "load_parser",
    "load_training_data",
    "normalize",
    "requested_language",
    "train_model",
]

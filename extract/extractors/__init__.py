"""Built-in extractor families; importing this package registers them."""

from . import clauses  # noqa: F401

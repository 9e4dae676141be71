"""Built-in extractor families; importing this package registers them."""

from . import clauses  # noqa: F401
from . import clauses_v1  # noqa: F401
from . import mediated  # noqa: F401
from . import appositions  # noqa: F401
from . import possessives  # noqa: F401
from . import titles  # noqa: F401
from . import nominal  # noqa: F401
from . import reciprocal  # noqa: F401
from . import participants  # noqa: F401
from . import passive  # noqa: F401
from . import reported  # noqa: F401
from . import affiliations  # noqa: F401
from . import causatives  # noqa: F401

"""The one family of errors the core raises, so the app and the CLI handle them in one place.

- :class:`Refusal`: an operation that cannot be done as asked (a merge of one article, a name
  already taken); nothing changed, and the message says why in words a user can act on. The
  app shows it as a warning, the CLI as one line on stderr.
- :class:`Cancelled`: the user cancelled a long operation; what was committed before stays.
- Any other :class:`CuratorError` is a failure the user should hear about as an error.

>>> issubclass(Refusal, CuratorError) and issubclass(Cancelled, CuratorError)
True
"""

from __future__ import annotations


class CuratorError(Exception):
    """Something Curator could not do; the message says what and why."""


class Refusal(CuratorError):
    """An operation refused before it changed anything; the message says why."""


class Cancelled(CuratorError):
    """A long operation stopped because the user cancelled it."""

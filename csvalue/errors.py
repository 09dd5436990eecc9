"""Errors that csvalue reports to a user as a message, not a traceback (CLI exit code 2)."""


class CsvalueError(Exception):
    """Base class: a problem with the user's input, explained in the message."""


class CodebookError(CsvalueError):
    """The codebook YAML is malformed; the message names the file and the entry."""


class ConfigError(CsvalueError):
    """The analysis settings file is malformed; the message names the file and the key."""


class DataError(CsvalueError):
    """A survey file cannot be used; the message names the file, column, rows and values."""

"""postlint's exceptions. Each carries the diagnostic text the ``postlint``
command prints for the same mistake (``str(e)``)."""

from __future__ import annotations

from typing import Optional


class PostlintError(Exception):
    """Base class of every error postlint raises."""

    @property
    def diagnostic(self) -> str:
        """The diagnostic text, as the command prints it (without colours)."""
        return str(self.args[0]) if self.args else ""


class ConfigError(PostlintError):
    """``.postlint.yaml`` is wrong at a place: unknown keys, rule ids, packs or
    platforms; the text points at the line."""


class PackError(PostlintError):
    """A rule pack's manifest, search or dependencies are wrong."""


class RuleError(PostlintError):
    """Rule files do not check; the text lists every problem with its source."""


class SettingError(PostlintError, ValueError):
    """An argument is not valid: an unknown platform, kind, rule id or level."""


class InputError(PostlintError, ValueError):
    """A post or record cannot be read or linted; names its source and line."""

    def __init__(
        self,
        text: str,
        source: Optional[str] = None,
        line: Optional[int] = None,
        message: Optional[str] = None,
    ) -> None:
        super().__init__(text)
        self.source = source
        self.line = line
        self.message = message if message is not None else text

    def __reduce__(self):  # picklable, for Dask and multiprocessing
        return (type(self), (self.args[0], self.source, self.line, self.message))


__all__ = [
    "PostlintError",
    "ConfigError",
    "PackError",
    "RuleError",
    "SettingError",
    "InputError",
]

"""Typed exceptions. The library raises them; the CLI and the API translate them at the edge."""

from __future__ import annotations


class QawlError(Exception):
    """Base class for every error qawl raises on purpose."""

    exit_code = 1


class InputError(QawlError):
    """The input cannot be read as an article. The message says why and what to do."""

    exit_code = 3


class EmptyInputError(InputError):
    exit_code = 3


class BinaryInputError(InputError):
    exit_code = 4


class EncodingError(InputError):
    exit_code = 5


class InputTooLargeError(InputError):
    exit_code = 6


class UnsupportedLanguageError(QawlError):
    exit_code = 7

    def __init__(self, lang: str, supported: tuple[str, ...] = ("ar", "en")):
        super().__init__(f"language {lang!r} is not supported; supported languages: {', '.join(supported)}")
        self.lang = lang

"""Errors a user can cause. Messages are written for people, not for developers."""
from __future__ import annotations

MAX_MESSAGE = 1000  # characters; a message quoting a hostile file never floods a dialog or a terminal


class DeskError(Exception):
    """Base class: the GUI shows ``str(err)``, the CLI prints it and exits non-zero.

    ``str(err)`` is at most ``MAX_MESSAGE`` characters, whatever text the message quotes.
    """

    def __str__(self) -> str:
        text = super().__str__()
        return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


class LoadError(DeskError):
    """A file could not be read as an article (binary, empty, too large, bad encoding…)."""

    def __init__(self, path: object, reason: str) -> None:
        from desk.core.text.bidi import neutralize

        self.path = str(path)
        self.reason = reason
        super().__init__(f"Cannot open {neutralize(self.path)}: {reason}")  # no bidi tricks in the message


class PasswordRequired(LoadError):
    """An encrypted document that opens only with its password (none given, or a wrong one)."""

    def __init__(self, path: object, wrong: bool = False) -> None:
        self.wrong = wrong
        super().__init__(path, "the password is wrong" if wrong else
                         "it is protected by a password (give it with --password, or open it in the window)")


class ModelError(DeskError):
    """A model package is broken, foreign, hostile or missing."""


class DownloadError(DeskError):
    """A model download failed (offline, 404, checksum mismatch…)."""


class Cancelled(DeskError):
    """A long operation was cancelled by the user."""

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)


class AlreadyInstalledError(ModelError):
    """A model with this id is installed already (the command line adds that --replace installs over it)."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        super().__init__(f"A model called {model_id} is already installed. To install it again, remove it first.")


class LanguagesUnknownError(ModelError):
    """A package does not say which languages it translates: the user has to name them."""


class LicenceNotAcceptedError(DownloadError):
    """A model whose licence must be accepted first (e.g. non-commercial) was asked for without acceptance."""


class NoModelError(ModelError):
    """No installed model translates the requested direction."""

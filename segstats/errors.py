"""The project's exception hierarchy: every user mistake is a SegstatsError, told in the user's language."""

from __future__ import annotations

from segstats.words import Said, say


class SegstatsError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero.

    It is raised with a text key of the words files and its values (``SegstatsError("messages.x",
    year=2022)``) and put into words when it is shown, in the language of the command that shows
    it (:func:`segstats.words.language`).
    """

    def __init__(self, key: str | Said, /, **values: object):
        self.said = key if isinstance(key, Said) else say(key, **values)
        super().__init__(self.said.key)

    def __str__(self) -> str:
        return str(self.said)


class _Located(SegstatsError):
    """An error in a file: ``file:line: <where in it>: <what>``."""

    def __init__(
        self, key: str | Said, /, *, file: str, line: int | None = None, inside: Said | None = None, **values: object
    ):
        super().__init__(key, **values)
        self.file, self.line, self._inside = file, line, inside

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {f'{self._inside}: ' if self._inside else ''}{self.said}"


class ReportFormatError(_Located):
    """A follow-up report text does not have the structure or values expected; ``measure`` says where."""

    def __init__(self, key: str | Said, /, *, file: str, line: int | None = None, measure: str | None = None, **values):
        inside = say("messages.in_measure", measure=measure) if measure else None
        super().__init__(key, file=file, line=line, inside=inside, **values)
        self.measure = measure


class SourceFormatError(_Located):
    """A raw indicator source does not have the layout or the values expected; ``column`` says where."""

    def __init__(self, key: str | Said, /, *, file: str, line: int | None = None, column: str | None = None, **values):
        inside = say("messages.in_column", column=repr(column)) if column else None
        super().__init__(key, file=file, line=line, inside=inside, **values)
        self.column = column


class UndecodableText(SourceFormatError):
    """A file is not text in an encoding segstats reads; ``offset`` is the first byte that is not."""

    def __init__(self, key: str, /, *, file: str, offset: int):
        self.offset = offset
        super().__init__("messages.undecodable", file=file, what=say(key), offset=offset)


class DataValidationError(SegstatsError):
    """A table breaks its declared schema (wrong dtype, value out of range, duplicate key)."""


class UnknownCodeError(SegstatsError):
    """A coded value (status, district, department, …) is not one of the known codes."""


class TemplateError(SegstatsError):
    """A filled-in follow-up template has mistakes; every one is listed, with its row and column."""

    SHOWN = 50  # problems listed; the rest are counted

    def __init__(self, file: str, problems: list[Said]):
        self.file, self.said_problems = file, problems
        super().__init__("messages.template_problems", file=file, n=len(problems))

    @property
    def problems(self) -> list[str]:
        """Every problem, in the current language."""
        return [str(p) for p in self.said_problems]

    def __str__(self) -> str:
        listed = "\n".join(f"  {p}" for p in self.problems[: self.SHOWN])
        if len(self.said_problems) > self.SHOWN:
            more = len(self.said_problems) - self.SHOWN
            listed += f"\n  {say('messages.template_more', shown=self.SHOWN, more=more)}"
        return f"{self.said}\n{listed}"


class CatalogueError(SegstatsError):
    """The indicator catalogue (data/indicators.yaml) is malformed or incomplete."""


class FetchError(SegstatsError):
    """A statistics API could not be reached or answered with something unexpected."""


class BusyError(SegstatsError):
    """Another segstats command holds the folder a command needs; it waited, then gave up."""


class Interrupted(SegstatsError):
    """The command was stopped by Ctrl-C or SIGTERM; what it had begun was undone."""

    def __init__(self, signum: int, *, completed: bool = False):
        self.exit_code = 128 + signum  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM
        # With completed, the signal came while the new files were moved into place, which it let finish.
        super().__init__("messages.interrupted_after" if completed else "messages.interrupted")

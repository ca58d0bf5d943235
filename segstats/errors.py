"""The project's exception hierarchy: every user mistake is a SegstatsError."""


class SegstatsError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""


class ReportFormatError(SegstatsError):
    """A follow-up report text does not have the structure or values expected."""

    def __init__(self, message: str, *, file: str, line: int | None = None, measure: str | None = None):
        self.file, self.line, self.measure, self.reason = file, line, measure, message
        where = f"{file}:{line}" if line else file
        what = f"measure {measure}: " if measure else ""
        super().__init__(f"{where}: {what}{message}")


class DataValidationError(SegstatsError):
    """A table breaks its declared schema (wrong dtype, value out of range, duplicate key)."""


class UnknownCodeError(SegstatsError):
    """A coded value (status, district, department, …) is not one of the known codes."""


class TemplateError(SegstatsError):
    """A filled-in follow-up template has mistakes; every one is listed, with its row and column."""

    SHOWN = 50  # problems listed; the rest are counted

    def __init__(self, file: str, problems: list[str]):
        self.file, self.problems = file, problems
        listed = "\n".join(f"  {p}" for p in problems[: self.SHOWN])
        if len(problems) > self.SHOWN:
            listed += f"\n  … de första {self.SHOWN} felen visas, och {len(problems) - self.SHOWN} till"
        super().__init__(f"{file}: {len(problems)} fel i mallen, inget har skrivits:\n{listed}")


class SourceFormatError(SegstatsError):
    """A raw indicator source does not have the layout or the values expected."""

    def __init__(self, message: str, *, file: str, line: int | None = None, column: str | None = None):
        self.file, self.line, self.column, self.reason = file, line, column, message
        where = f"{file}:{line}" if line else file
        what = f"column {column!r}: " if column else ""
        super().__init__(f"{where}: {what}{message}")


class UndecodableText(SourceFormatError):
    """A file is not text in an encoding segstats reads; ``offset`` is the first byte that is not."""

    def __init__(self, message: str, *, file: str, offset: int):
        self.offset = offset
        super().__init__(f"the file is {message} (byte offset {offset}); save it as UTF-8 text", file=file)


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
        if completed:  # the signal came while the new files were moved into place, which it let finish
            super().__init__("interrupted after the new files were in place; nothing half-made is left")
        else:
            super().__init__("interrupted; the previous files are kept and nothing half-made is left")

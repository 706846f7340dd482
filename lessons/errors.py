"""The error every course-file check raises: it names the file, the line and the fault."""

from __future__ import annotations


class ContentError(Exception):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")


class ContentErrors(Exception):
    """Every fault found in a course folder, so an author can fix them all in one go."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

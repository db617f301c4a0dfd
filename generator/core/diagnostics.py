"""One type for every problem a user can cause, and the ways of printing it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str = ""  # logical path inside the file, e.g. sections[1].tasks[0].deadline

    def human(self) -> str:
        where = f" ({self.path})" if self.path else ""
        level = "" if self.severity is Severity.ERROR else "cảnh báo: "
        return f"{self.file}:{self.line}:{self.col}: {self.code} {level}{self.message}{where}"

    def github(self) -> str:
        # GitHub's workflow-command syntax: '%', CR and LF must be escaped in the message.
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity.value} file={self.file},line={self.line},col={self.col},title={self.code}::{msg}"


def relative(path: Path, root: Path) -> str:
    """Show a file relative to the repository, as editors and GitHub expect."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_all(diagnostics: list[Diagnostic], style: str = "human") -> str:
    ordered = sorted(diagnostics)
    lines = [d.github() if style == "github" else d.human() for d in ordered]
    errors = sum(d.severity is Severity.ERROR for d in ordered)
    warnings = len(ordered) - errors
    if style == "human":
        lines.append(f"{errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines)

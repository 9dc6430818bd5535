"""What every atomic workbook import reports: each bad row, and how much it saved."""

from dataclasses import dataclass, field


@dataclass
class RowError:
    """One problem: the sheet, the row (0 for the whole file), the column header, the message."""

    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """Every problem found (nothing is saved while there is one), rows read and records saved."""

    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

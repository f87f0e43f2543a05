"""Read the EU register's Excel export ("Download Excel List") into plain rows (no database).

The register's export has a header row with, among others, `Claim type`,
`Nutrient, substance, food or food category`, `Claim`, `Conditions of use of
the claim / Restrictions of use / Reasons for non-authorisation`, `Status` and
sometimes `Entry Id`. Title rows above the header are skipped.
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .data import ClaimsDataError

REQUIRED = {
    "nutrient": "Nutrient, substance, food or food category",
    "claim": "Claim",
    "status": "Status",
}
OPTIONAL = {
    "claim_type": "Claim type",
    "conditions": "Conditions of use of the claim",
    "entry_id": "Entry Id",
    "regulation": "Commission regulation",
}
HEADER_SEARCH_ROWS = 15
STATUS_MAP = {"authorised": "authorised", "authorized": "authorised"}
NON_AUTHORISED = re.compile(r"^non[- ]?authori[sz]ed$")
# Register labels of the nutrients the shop sells, to the keys used in the data file.
NUTRIENT_PATTERNS = [
    (re.compile(r"docosahexaenoic|eicosapentaenoic|\bDHA\b|\bEPA\b", re.I), "dha_epa"),
    (re.compile(r"^vitamin\s*B12$|cobalamin", re.I), "vitamin_b12"),
    (re.compile(r"^vitamin\s*D\d?$|cholecalciferol", re.I), "vitamin_d"),
    (re.compile(r"^vitamin\s*K\d?$", re.I), "vitamin_k"),
    (re.compile(r"^vitamin\s*C$|ascorbic", re.I), "vitamin_c"),
    (re.compile(r"^magnesium$", re.I), "magnesium"),
]


@dataclass(frozen=True)
class RegisterRow:
    line: int
    nutrient_label: str
    nutrient: str
    wording: str
    status: str
    conditions: str = ""
    claim_type: str = ""
    entry_id: str = ""
    regulation: str = ""

    @property
    def key(self):
        if self.entry_id:
            return f"register:{self.entry_id}"
        digest = hashlib.sha1(  # noqa: S324 - an identifier, not security
            f"{self.nutrient_label}\n{self.wording}".encode()
        ).hexdigest()[:16]
        return f"register:{digest}"


def _clean(value):
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _normal(header):
    return _clean(header).casefold()


def nutrient_key(label):
    for pattern, key in NUTRIENT_PATTERNS:
        if pattern.search(label):
            return key
    return label


def register_status(raw):
    status = _normal(raw)
    if status in STATUS_MAP:
        return STATUS_MAP[status]
    if NON_AUTHORISED.match(status):
        return "non_authorised"
    return "pending"


def _columns(header_cells):
    """Map field -> column index, from a header row; None if it is not the header."""
    names = [_normal(cell) for cell in header_cells]
    found = {}
    for field, title in {**REQUIRED, **OPTIONAL}.items():
        wanted = title.casefold()
        for index, name in enumerate(names):
            if name == wanted or (field == "conditions" and name.startswith(wanted)):
                found[field] = index
                break
    return found


def read_register(path):
    """Rows of the register export at `path`; ClaimsDataError names file, sheet and row."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ClaimsDataError(f"{path}: not a readable Excel workbook ({error})") from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns, header_line, best = None, None, {}
        for line, cells in enumerate(rows, 1):
            found = _columns(cells or ())
            if all(field in found for field in REQUIRED):
                columns, header_line = found, line
                break
            if len(found) > len(best):
                best = found
            if line >= HEADER_SEARCH_ROWS:
                break
        if columns is None:
            missing = [title for field, title in REQUIRED.items() if field not in best]
            raise ClaimsDataError(
                f"{path}, sheet {sheet.title!r}: no header row with the columns "
                + ", ".join(repr(title) for title in missing)
                + f" in the first {HEADER_SEARCH_ROWS} rows"
            )
        result = []
        for line, cells in enumerate(rows, header_line + 1):
            cells = cells or ()

            def cell(field, cells=cells):
                index = columns.get(field)
                return _clean(cells[index]) if index is not None and index < len(cells) else ""

            if not any(_clean(value) for value in cells):
                continue
            wording, label = cell("claim"), cell("nutrient")
            place = f"{path}, sheet {sheet.title!r}, row {line}"
            if not wording:
                raise ClaimsDataError(f"{place}: the 'Claim' cell is empty")
            if not label:
                raise ClaimsDataError(f"{place}: the '{REQUIRED['nutrient']}' cell is empty")
            if not cell("status"):
                raise ClaimsDataError(f"{place}: the 'Status' cell is empty")
            result.append(
                RegisterRow(
                    line=line,
                    nutrient_label=label,
                    nutrient=nutrient_key(label),
                    wording=wording,
                    status=register_status(cell("status")),
                    conditions=cell("conditions"),
                    claim_type=cell("claim_type"),
                    entry_id=cell("entry_id"),
                    regulation=cell("regulation"),
                )
            )
        return result
    finally:
        workbook.close()

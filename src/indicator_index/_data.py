"""
Reading agency data into submissions.

A data document lists agencies with their group, values and claims::

    {"agencies": [
        {"id": "d1", "name": "Sở Nội vụ", "group": "department",
         "values": {"staff_computer_share": 0.9,
                    "steering_meetings": {"agency": 4, "verification": 3}},
         "claims": {"3.1": "Công văn 12/SNV"}}
    ]}

A value given as a table maps each source to its figure. Numbers are read as
``Decimal`` so that ``0.1`` stays exactly one tenth.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from indicator_index._model import Figure, Submission
from indicator_index.errors import DataError, Problem


__all__ = ["bundled_samples", "read_submissions", "submissions_from_dict"]


def _samples_dirs() -> list[Path]:
    dirs = []
    packaged = resources.files("indicator_index") / "samples"
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parents[2] / "samples"
    if checkout.is_dir():
        dirs.append(checkout)
    return dirs


def bundled_samples() -> tuple[str, ...]:
    """
    The names of the sample data sets shipped with the library.

    .. versionadded:: 0.1.0
    """
    names: set[str] = set()
    for folder in _samples_dirs():
        names.update(p.stem for p in folder.glob("*.json"))
    return tuple(sorted(names))


def resolve_data(path_or_name: str | Path) -> Path:
    """A path for a data file path or a bundled sample name."""
    path = Path(path_or_name)
    if path.is_file():
        return path
    text = str(path_or_name)
    if "/" not in text and "\\" not in text:
        for folder in _samples_dirs():
            for candidate in (folder / text, folder / f"{text}.json"):
                if candidate.is_file():
                    return candidate
    known = ", ".join(bundled_samples()) or "none"
    msg = f"{path_or_name}: no such file or bundled sample (bundled: {known})"
    raise DataError([Problem(message=msg)])


def _figures(raw: object, reference: str) -> object:
    if isinstance(raw, Mapping):
        return [Figure(value=value, source=str(source), reference=reference) for source, value in raw.items()]
    return Figure(value=raw, reference=reference)


def submissions_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> tuple[Submission, ...]:
    """
    Submissions from a data document (see the module docstring for its shape).

    Raises:
        DataError: listing every structural problem, naming the agency.

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    agencies = data.get("agencies") if isinstance(data, Mapping) else None
    if not isinstance(agencies, list):
        raise DataError([Problem(message="expected a table with a list 'agencies'", file=source)])
    out: list[Submission] = []
    for index, entry in enumerate(agencies):
        path = f"$.agencies[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(Problem(message="an agency must be a table", file=source, path=path))
            continue
        agency = entry.get("id")
        group = entry.get("group")
        if not isinstance(agency, str) or not agency.strip():
            problems.append(Problem(message="an agency needs a non-empty string 'id'", file=source, path=f"{path}.id"))
            continue
        if not isinstance(group, str):
            problems.append(Problem(message="an agency needs a string 'group'", file=source, path=f"{path}.group", agency=agency))
            continue
        unknown = sorted(set(entry) - {"id", "name", "group", "values", "claims"})
        if unknown:
            problems.append(Problem(message=f"unknown keys {', '.join(map(repr, unknown))}", file=source, path=path, agency=agency))
        values = entry.get("values", {})
        claims = entry.get("claims", {})
        if not isinstance(values, Mapping) or not isinstance(claims, Mapping):
            problems.append(Problem(message="'values' and 'claims' must be tables", file=source, path=path, agency=agency))
            continue
        reference = f"{Path(source).name}:{agency}"
        out.append(Submission(
            agency=agency,
            group=group,
            name=str(entry.get("name", "")),
            values={str(k): _figures(v, reference) for k, v in values.items()},
            claims={str(k): ("" if v is None else str(v)) for k, v in claims.items()},
        ))
    if problems:
        raise DataError(problems, title=f"{source}: cannot read agency data")
    return tuple(out)


def read_submissions(path_or_name: str | Path) -> tuple[Submission, ...]:
    """
    Read submissions from a JSON data file or a bundled sample by name.

    Raises:
        DataError: if the file cannot be read, is not JSON, or is malformed.

    .. versionadded:: 0.1.0
    """
    path = resolve_data(path_or_name)
    label = str(path_or_name) if Path(str(path_or_name)).is_file() else str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(message=f"cannot read the file: {exc}", file=label)]) from exc
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(message=f"invalid JSON: {exc.msg}", file=label, line=exc.lineno, column=exc.colno)]) from exc
    return submissions_from_dict(data, source=label)

"""The cluster scan's input: Parquet or JSON Lines files, local or at any fsspec URL, read part by part.

A part is one Parquet row group or one block of a JSON Lines file (a whole file when it is
compressed). Each row gets an ordinal, ``part << 32 | row``: it grows in input order without
counting rows first, so every part can be read independently and the pairs found between
ordinals order the same way as the ids a library gives the articles imported in that order.

Every problem with the input is a ``BadInput`` naming the file (and row group or byte) and
the column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

import fsspec
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from curator.core.errors import CuratorError

ORDINAL_BITS = 32
PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
JSONL_BLOCK_BYTES = 32 * 2**20


class BadInput(CuratorError):
    """The input cannot be scanned as given; the message names the file, the part and the column."""


@dataclass(frozen=True)
class Columns:
    """Which input column holds each field; only ``id`` and ``text`` are required."""

    id: str = "id"
    text: str = "text"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    def mapping(self, *, with_optional: bool) -> dict[str, str]:
        """Field -> column, for the fields to read."""
        wanted = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: column for name, column in wanted.items()
                if column is not None and (with_optional or name in ("id", "text"))}


@dataclass(frozen=True)
class Part:
    number: int
    url: str
    format: str  # "parquet" or "jsonl"
    row_group: int | None = None
    offset: int = 0
    length: int | None = None  # None: to the end of the file

    @property
    def label(self) -> str:
        if self.row_group is not None:
            return f"{self.url} (row group {self.row_group})"
        if self.offset or self.length is not None:
            return f"{self.url} (from byte {self.offset})"
        return self.url

    @property
    def first_ordinal(self) -> int:
        return self.number << ORDINAL_BITS


def list_parts(inputs: list[str], *, block_bytes: int = JSONL_BLOCK_BYTES) -> list[Part]:
    """Every part of the inputs, in order: folders are walked, globs expanded, files sorted within each."""
    parts: list[Part] = []
    for given in inputs:
        fs, root = fsspec.core.url_to_fs(given)
        if fs.isdir(root):
            paths = sorted(path for path in fs.find(root) if _format_of(path) is not None)
            if not paths:
                raise BadInput(f"{given} holds no Parquet or JSON Lines files")
        else:
            paths = sorted(fs.glob(root)) if any(mark in root for mark in "*?[") else [root]
            if not paths or not fs.exists(paths[0]):
                raise BadInput(f"{given} does not exist")
        for path in paths:
            url = fs.unstrip_protocol(path) if fs.protocol not in ("file", ("file", "local")) else path
            parts.extend(_parts_of(fs, path, url, len(parts), block_bytes))
    if not parts:
        raise BadInput("no input: give Parquet or JSON Lines files or folders")
    return parts


def _format_of(path: str) -> str | None:
    name = path.lower()
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def _parts_of(fs, path: str, url: str, first: int, block_bytes: int) -> list[Part]:
    format = _format_of(path)
    if format is None:
        raise BadInput(f"{url} is neither Parquet (.parquet) nor JSON Lines (.jsonl, .ndjson)")
    if format == "parquet":
        try:
            with fs.open(path, "rb") as handle:
                groups = pq.ParquetFile(handle).metadata.num_row_groups
        except (pa.ArrowException, OSError) as error:
            raise BadInput(f"{url} is not a readable Parquet file ({error})") from None
        # A file without row groups still gets one part, so that its emptiness is reported.
        return [Part(first + group, url, format, row_group=group) for group in range(max(groups, 1))]
    if path.lower().endswith(COMPRESSED_SUFFIXES):
        return [Part(first, url, format)]
    size = fs.size(path)
    offsets = range(0, max(size, 1), block_bytes)
    return [Part(first + n, url, format, offset=offset, length=block_bytes) for n, offset in enumerate(offsets)]


def read_part(part: Part, columns: Columns, *, with_optional: bool, skip_empty: bool) -> pd.DataFrame:
    """The part's rows: index ``ordinal``, a column per field (as text; the id as text too).

    Raises ``BadInput`` for a missing column, a text that is not a string, or (unless
    ``skip_empty``) a part with no rows at all.
    """
    wanted = columns.mapping(with_optional=with_optional)
    values = _read_parquet(part, wanted) if part.format == "parquet" else _read_jsonl(part, wanted)
    rows = len(values["id"])
    if rows == 0 and not skip_empty and (part.format == "parquet" or part.offset == 0):
        raise BadInput(f"{part.label} holds no articles (an empty partition); pass --skip-empty to scan the rest")
    unnamed = next((row for row, found in enumerate(values["id"]) if found is None or not found.strip()), None)
    if unnamed is not None:  # pairs of it would name no article, and a sample could not import it
        raise BadInput(f"{part.label}: article {unnamed + 1} has no id in column '{wanted['id']}'; every article "
                       "needs one (--id names the column)")
    frame = pd.DataFrame({name: pd.Series(values[name], dtype=object) for name in wanted})
    frame.index = pd.Index(part.first_ordinal + np.arange(rows, dtype=np.int64), name="ordinal")
    return frame


def _read_parquet(part: Part, wanted: dict[str, str]) -> dict[str, list]:
    with fsspec.open(part.url, "rb") as handle:
        file = pq.ParquetFile(handle)
        schema = file.schema_arrow
        for field_name, column in wanted.items():
            if column not in schema.names:
                raise BadInput(f"{part.url} has no column '{column}' for the {field_name} (its columns: "
                               f"{', '.join(schema.names)}); name it with --{field_name}")
        text_type = schema.field(wanted["text"]).type
        if not (pa.types.is_string(text_type) or pa.types.is_large_string(text_type)
                or pa.types.is_null(text_type) or _is_string_view(text_type)):
            raise BadInput(f"column '{wanted['text']}' of {part.url} holds {text_type}, not text; "
                           "name the text column with --text")
        if file.metadata.num_row_groups == 0:
            return {name: [] for name in wanted}
        table = file.read_row_group(part.row_group or 0, columns=list(dict.fromkeys(wanted.values())))
    return {name: [_as_text(value) for value in table.column(column).to_pylist()]
            for name, column in wanted.items()}


def _is_string_view(arrow_type: pa.DataType) -> bool:
    check = getattr(pa.types, "is_string_view", None)
    return bool(check and check(arrow_type))


def _read_jsonl(part: Part, wanted: dict[str, str]) -> dict[str, list]:
    with fsspec.open(part.url, "rb", compression="infer") as handle:
        if part.length is None:
            data = handle.read()
        else:
            data = fsspec.utils.read_block(handle, part.offset, part.length, delimiter=b"\n")
    values: dict[str, list] = {name: [] for name in wanted}
    position = part.offset
    for line in data.split(b"\n"):
        where, position = position, position + len(line) + 1
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise BadInput(f"{part.url}: the line at byte {where} is not JSON ({error})") from None
        if not isinstance(record, dict):
            raise BadInput(f"{part.url}: the line at byte {where} is not a JSON object")
        for field_name, column in wanted.items():
            if column not in record and field_name in ("id", "text"):
                raise BadInput(f"{part.url}: the record at byte {where} has no field '{column}' for the "
                               f"{field_name}; name it with --{field_name}")
            value = record.get(column)
            if field_name == "text" and value is not None and not isinstance(value, str):
                raise BadInput(f"{part.url}: field '{column}' of the record at byte {where} is "
                               f"{type(value).__name__}, not text")
            values[field_name].append(_as_text(value))
    return values


def _as_text(value: object) -> str | None:
    """A cell as text (ids, dates and numbers included), None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)

"""A parser for a Glue job's own arguments.

Glue starts a script as `script.py --NAME value --NAME value ...`, mixing the job's arguments with
its own (`--JOB_NAME`, `--TempDir`, `--job-bookmark-option`, `--enable-metrics`, ...). The job's
arguments are snake_case; an argument that is not one of them is ignored when it is Glue's (not
snake_case, or one of the few snake/lowercase names Glue uses) and is an error otherwise, so a
misspelt `--target_file_mbb` fails the run instead of silently taking the default.
Every error names the argument, the value it got and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class ArgumentError(ValueError):
    """A job argument is missing, unknown or has a value outside what is allowed."""


_OWN_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Lower-case names Glue itself passes or documents, which the job must leave alone.
GLUE_LOWERCASE_NAMES = frozenset({"conf", "class", "region", "endpoint"})


@dataclass(frozen=True)
class Option:
    """One argument: `convert` turns the text into the value or raises ArgumentError (through
    `reject`); `default` None with `required` False means the value is None when absent."""

    name: str
    convert: Callable[[str, str], Any]
    default: str | None = None
    required: bool = False


def reject(name: str, value: str, allowed: str) -> ArgumentError:
    return ArgumentError(f"--{name}: got {value!r}, allowed values are {allowed}")


def parse(argv: list[str], options: tuple[Option, ...]) -> dict[str, Any]:
    """Values by option name, from `argv` without the script name."""
    known = {o.name: o for o in options}
    given: dict[str, str] = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        if not token.startswith("--"):
            raise ArgumentError(f"unexpected argument {token!r}: arguments are --NAME value pairs")
        name, eq, inline = token[2:].partition("=")
        if eq:
            value, i = inline, i + 1
        elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            value, i = argv[i + 1], i + 2
        else:
            value, i = "", i + 1
        if name in known:
            if name in given:
                raise ArgumentError(f"--{name} is given twice")
            given[name] = value
        elif _OWN_NAME.match(name) and name not in GLUE_LOWERCASE_NAMES:
            allowed = ", ".join(f"--{n}" for n in sorted(known))
            raise ArgumentError(f"unknown argument --{name}; this job's arguments are {allowed}")
    values: dict[str, Any] = {}
    for option in options:
        text = given.get(option.name, option.default)
        if text is None:
            if option.required:
                raise ArgumentError(f"--{option.name} is required")
            values[option.name] = None
        else:
            values[option.name] = option.convert(option.name, text)
    return values


# Converters: each takes (argument name, text) and returns the value or raises.


def uri(name: str, text: str) -> str:
    if not re.match(r"^(s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9](/\S*)?|file:/\S*|/\S*)$", text):
        raise reject(name, text, "s3://bucket/prefix URIs (or file: / absolute local paths for local runs)")
    return text


def choice(*allowed: str) -> Callable[[str, str], str]:
    def convert(name: str, text: str) -> str:
        if text not in allowed:
            raise reject(name, text, ", ".join(allowed))
        return text

    return convert


def subset(*allowed: str) -> Callable[[str, str], tuple[str, ...]]:
    """A comma-separated, non-empty subset of `allowed`, returned in `allowed` order."""

    def convert(name: str, text: str) -> tuple[str, ...]:
        items = [t.strip() for t in text.split(",") if t.strip()]
        if not items or any(t not in allowed for t in items) or len(set(items)) != len(items):
            raise reject(name, text, "a comma-separated list of distinct names from " + ", ".join(allowed))
        return tuple(a for a in allowed if a in items)

    return convert


def integer(low: int, high: int) -> Callable[[str, str], int]:
    def convert(name: str, text: str) -> int:
        if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high:
            raise reject(name, text, f"integers from {low} to {high}")
        return int(text)

    return convert


def number(low_exclusive: float, high: float) -> Callable[[str, str], float]:
    def convert(name: str, text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low_exclusive < value <= high:
            raise reject(name, text, f"numbers greater than {low_exclusive:g} and at most {high:g}")
        return value

    return convert


def calendar_date(name: str, text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise reject(name, text, "calendar dates as YYYY-MM-DD")


def time_zone(name: str, text: str) -> str:
    if text != "UTC" and text not in available_timezones():
        raise reject(name, text, "IANA time zone names such as UTC or America/New_York")
    try:
        ZoneInfo(text)
    except ZoneInfoNotFoundError as error:  # pragma: no cover - listed but unreadable tz data
        raise reject(name, text, "IANA time zone names such as UTC or America/New_York") from error
    return text


def condition_codes(name: str, text: str) -> frozenset[str]:
    """Comma-separated single-character sale condition codes (CTA/UTP codes are one character);
    an empty text means no code is excluded."""
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if any(len(c) != 1 or not c.isprintable() for c in codes):
        raise reject(name, text, "a comma-separated list of single-character condition codes, e.g. B,W,Z,U")
    return frozenset(codes)


def date_range(values: dict[str, Any], max_days: int) -> None:
    """`mode` backfill needs `from_date` <= `to_date` within `max_days`; incremental takes neither."""
    start, end = values["from_date"], values["to_date"]
    if values["mode"] == "incremental":
        if start is not None or end is not None:
            raise ArgumentError("--from_date/--to_date: allowed only with --mode backfill (incremental runs take the new objects)")
        return
    if start is None or end is None:
        raise ArgumentError("--mode backfill needs --from_date and --to_date (YYYY-MM-DD)")
    if end < start:
        raise ArgumentError(f"--to_date: got {end.isoformat()!r}, allowed values are dates on or after --from_date {start.isoformat()}")
    if (end - start).days + 1 > max_days:
        raise ArgumentError(f"--to_date: got {end.isoformat()!r}, allowed values are at most {max_days} days from --from_date {start.isoformat()}")

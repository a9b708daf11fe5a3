"""Stand-in for awsglue.utils.getResolvedOptions (TEST-ONLY, see awsglue/__init__.py)."""

from __future__ import annotations

import argparse


class GlueArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit
        raise GlueArgumentError(message)


def getResolvedOptions(args: list[str], options: list[str]) -> dict[str, str]:  # noqa: N802 - Glue's name
    """Like Glue's: `args` is sys.argv (script name first); every name in `options` is required as
    `--NAME value`; other arguments are ignored. Returns {NAME: value}."""
    parser = _Parser(add_help=False, allow_abbrev=False)
    parser.add_argument("--job-bookmark-option", dest="job_bookmark_option", required=False)
    for name in options:
        parser.add_argument("--" + name, dest=name, required=True)
    parsed, _ = parser.parse_known_args(args[1:])
    return {name: getattr(parsed, name) for name in options}

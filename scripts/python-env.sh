#!/usr/bin/env bash
# Creates or updates the repository's Python environment (.venv) from glue-scripts/requirements.txt:
# PySpark of Glue 5.0's Spark line, moto[server], pytest, boto3, every version pinned.
#
#   bash scripts/python-env.sh            # idempotent: does nothing when .venv already matches
#   PYTHON=/path/to/python3.11 bash scripts/python-env.sh
#
# The environment is stamped with the SHA-256 of the requirements file and the interpreter version;
# a matching stamp means nothing to do (a fraction of a second). A changed requirements file
# re-runs pip over the existing environment; a missing or broken one is created anew. Concurrent
# runs (npm test starts several steps) wait for each other on a lock in .venv.
# Needs Python 3.11 (Glue 5.0's) with venv and pip, and network access to PyPI on the first run.
# Java 17 is not installed here: Spark needs it at run time (the tests fail naming it when absent).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
requirements="$root/glue-scripts/requirements.txt"
python="${PYTHON:-python3}"
required_python="3.11"

say() { printf 'python-env: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

command -v "$python" >/dev/null 2>&1 || fail "no '$python' on PATH; install Python $required_python or set PYTHON to its interpreter"
version="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" || fail "'$python' does not run"
case "$version" in
  "$required_python".*) ;;
  *) fail "'$python' is Python $version; Glue 5.0 runs Python $required_python, so the environment must be $required_python (set PYTHON)" ;;
esac
[ -f "$requirements" ] || fail "missing $requirements"

# jq (a Debian package, not a Python one) runs the Firehose partitioning query in the jest tests
# (__tests__/stacks/streaming-partitions.test.ts). Installed here when missing and possible; else the
# test fails naming the command.
if ! command -v jq >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "jq is missing: installing it with apt-get"
    apt-get install -y -q jq >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q jq >/dev/null 2>&1; } || say "warning: could not install jq; run: sudo apt-get install -y jq"
  else
    say "warning: jq is missing (the Firehose partitioning test needs it); run: sudo apt-get install -y jq"
  fi
fi

stamp_value="$( { sha256sum "$requirements" | cut -d' ' -f1; echo "python $version"; } | sha256sum | cut -d' ' -f1)"
stamp_file="$venv/.requirements.sha256"

healthy() {
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(0)' >/dev/null 2>&1
}

if healthy && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_value" ]; then
  say "$venv is up to date (Python $version, requirements $(cut -c1-12 <<<"$stamp_value"))"
  exit 0
fi

mkdir -p "$venv"
exec 9>"$venv/.setup.lock"
say "waiting for the environment lock" && flock 9 && say "lock held"
# Another run may have finished the job while this one waited.
if healthy && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_value" ]; then
  say "$venv was brought up to date by another run"
  exit 0
fi

started=$SECONDS
if ! healthy; then
  say "creating $venv with $python (Python $version)"
  find "$venv" -mindepth 1 -maxdepth 1 ! -name .setup.lock -exec rm -rf {} +
  "$python" -m venv "$venv"
else
  say "requirements changed: updating $venv"
fi
rm -f "$stamp_file"
say "installing the pins of ${requirements#"$root"/} (pyspark is a ~320 MB download on a fresh machine)"
# (The grep drops pip's notes about file:// indexes that a machine's pip.conf may name but not hold.)
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$requirements" 2>&1 \
  | { grep -v "^WARNING: Location 'file://.*' is ignored" || true; } >&2; then
  fail "pip install -r ${requirements#"$root"/} failed (see above); the next run retries"
fi
"$venv/bin/python" - <<'EOF' >&2
import importlib.metadata as m
print("python-env: installed " + ", ".join(f"{n} {m.version(n)}" for n in ("pyspark", "py4j", "moto", "pytest", "boto3")))
EOF
printf '%s\n' "$stamp_value" >"$stamp_file"
say "done in $((SECONDS - started)) s; $(du -sh "$venv" | cut -f1) in $venv"
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  say "warning: no java on PATH and JAVA_HOME unset; PySpark needs Java 17 to run"
fi

#!/usr/bin/env bash
# Creates or updates the repository's Python environments, every version pinned:
#   .venv          from glue-scripts/requirements.txt: PySpark of Glue 5.0's Spark line, moto[server],
#                  pytest, boto3 (the Glue tests, the local AWS server, the e2e);
#   .venv-checkov  from src/policy/checkov/requirements.txt: checkov, which scans the synthesized
#                  stacks (its boto3 pin conflicts with moto's, so it cannot share .venv).
#
#   bash scripts/python-env.sh            # idempotent: does nothing when both already match
#   PYTHON=/path/to/python3.11 bash scripts/python-env.sh
#
# Each environment is stamped with the SHA-256 of its requirements file and the interpreter version;
# a matching stamp means nothing to do (a fraction of a second). A changed requirements file
# re-runs pip over the existing environment; a missing or broken one is created anew. Concurrent
# runs (npm test starts several steps) wait for each other on a lock in the environment.
# Needs Python 3.11 (Glue 5.0's) with venv and pip, and network access to PyPI on the first run.
# Java 17 is not installed here: Spark needs it at run time (the tests fail naming it when absent).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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

# ensure_env VENV REQUIREMENTS PACKAGE...: VENV holds exactly REQUIREMENTS' pins (the packages are
# named in the closing line, with their versions).
ensure_env() {
  local venv="$1" requirements="$2"
  shift 2
  [ -f "$requirements" ] || fail "missing $requirements"
  local stamp_value stamp_file started
  stamp_value="$( { sha256sum "$requirements" | cut -d' ' -f1; echo "python $version"; } | sha256sum | cut -d' ' -f1)"
  stamp_file="$venv/.requirements.sha256"
  healthy() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(0)' >/dev/null 2>&1
  }
  current() { healthy && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_value" ]; }

  if current; then
    say "$venv is up to date (Python $version, requirements $(cut -c1-12 <<<"$stamp_value"))"
    return 0
  fi
  mkdir -p "$venv"
  exec 9>"$venv/.setup.lock"
  say "waiting for the lock of $venv" && flock 9 && say "lock held"
  # Another run may have finished the job while this one waited.
  if current; then
    say "$venv was brought up to date by another run"
    exec 9>&-
    return 0
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
  say "installing the pins of ${requirements#"$root"/}"
  # (The grep drops pip's notes about file:// indexes that a machine's pip.conf may name but not hold.)
  if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$requirements" 2>&1 \
    | { grep -v "^WARNING: Location 'file://.*' is ignored" || true; } >&2; then
    fail "pip install -r ${requirements#"$root"/} failed (see above); the next run retries"
  fi
  "$venv/bin/python" - "$@" <<'PY' >&2
import importlib.metadata as m, sys
print("python-env: installed " + ", ".join(f"{n} {m.version(n)}" for n in sys.argv[1:]))
PY
  printf '%s\n' "$stamp_value" >"$stamp_file"
  say "done in $((SECONDS - started)) s; $(du -sh "$venv" | cut -f1) in $venv"
  exec 9>&-
}

# pyspark is a ~320 MB download on a fresh machine, checkov's set ~290 MB installed.
ensure_env "$root/.venv" "$root/glue-scripts/requirements.txt" pyspark py4j moto pytest boto3
ensure_env "$root/.venv-checkov" "$root/src/policy/checkov/requirements.txt" checkov
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  say "warning: no java on PATH and JAVA_HOME unset; PySpark needs Java 17 to run"
fi

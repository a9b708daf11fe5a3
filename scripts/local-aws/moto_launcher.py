"""moto_server with the Step Functions calls the AWS provider makes and moto 5.2.1 lacks.

Local mode only: `scripts/lib/moto-server.ts` starts the local AWS server through this file, so
what it patches changes nothing a real deployment runs. Each patch closes one measured gap
(../shared/DESIGN.md, "local AWS server"); README "Local mode" lists them:

- ValidateStateMachineDefinition: hashicorp/aws calls it before every create and update of
  `aws_sfn_state_machine`; moto has no such action, so the apply failed. This answers it with a
  structural check of the definition (JSON, StartAt, every Next/Default/Catch target, state types)
  and FAIL diagnostics in AWS's shape when it finds a fault, so a broken definition still fails.
- ListStateMachineVersions: the provider reads it after create; answered from moto's own versions.
- The workflow type: moto stores every state machine as STANDARD, so an EXPRESS machine drifted
  on every plan (type forces replacement). The created machine keeps the requested type.

Run as `python moto_launcher.py -H 127.0.0.1 -p PORT` (moto.server's own arguments).
"""

import json
import sys
from typing import Any, Iterator

from moto.core.responses import ActionResult
from moto.server import main as moto_server_main
from moto.stepfunctions.responses import StepFunctionResponse

STATE_TYPES = {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
TERMINAL_TYPES = {"Succeed", "Fail"}


def _diagnostic(message: str, location: str) -> dict[str, str]:
    return {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": message, "location": location}


def _targets(state: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, state name) for every transition a state declares."""
    if "Next" in state:
        yield "Next", state["Next"]
    if "Default" in state:
        yield "Default", state["Default"]
    for i, choice in enumerate(state.get("Choices", [])):
        if "Next" in choice:
            yield f"Choices[{i}].Next", choice["Next"]
    for i, catcher in enumerate(state.get("Catch", [])):
        if "Next" in catcher:
            yield f"Catch[{i}].Next", catcher["Next"]


def _check_machine(machine: Any, path: str) -> list[dict[str, str]]:
    if not isinstance(machine, dict) or not isinstance(machine.get("States"), dict) or not machine["States"]:
        return [_diagnostic("a state machine needs a non-empty States object", path or "/")]
    states: dict[str, Any] = machine["States"]
    found: list[dict[str, str]] = []
    if machine.get("StartAt") not in states:
        found.append(_diagnostic(f"StartAt {machine.get('StartAt')!r} names no state", f"{path}/StartAt"))
    for name, state in states.items():
        where = f"{path}/States/{name}"
        kind = state.get("Type") if isinstance(state, dict) else None
        if kind not in STATE_TYPES:
            found.append(_diagnostic(f"Type {kind!r} is not one of {sorted(STATE_TYPES)}", f"{where}/Type"))
            continue
        for field, target in _targets(state):
            if target not in states:
                found.append(_diagnostic(f"{field} {target!r} names no state", f"{where}/{field}"))
        ends = state.get("End") is True or kind in TERMINAL_TYPES or kind == "Choice"
        if not ends and "Next" not in state:
            found.append(_diagnostic("a state that is not terminal needs Next or End", where))
        if kind == "Task" and "Resource" not in state:
            found.append(_diagnostic("a Task state needs a Resource", f"{where}/Resource"))
        for i, branch in enumerate(state.get("Branches", [])):
            found.extend(_check_machine(branch, f"{where}/Branches[{i}]"))
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor is not None:
            found.extend(_check_machine(processor, f"{where}/ItemProcessor"))
    return found


def validate_definition(definition: str) -> list[dict[str, str]]:
    """The faults of an ASL definition, as AWS's ValidateStateMachineDefinition diagnostics."""
    try:
        machine = json.loads(definition)
    except (TypeError, ValueError) as error:
        return [_diagnostic(f"the definition is not JSON: {error}", "/")]
    return _check_machine(machine, "")


def _validate_state_machine_definition(self: StepFunctionResponse) -> ActionResult:
    diagnostics = validate_definition(self._get_param("definition"))
    return ActionResult({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics, "truncated": False})


def _list_state_machine_versions(self: StepFunctionResponse) -> ActionResult:
    machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    newest_first = sorted(machine.versions.values(), key=lambda v: v.version, reverse=True)
    return ActionResult({
        "stateMachineVersions": [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in newest_first],
    })


_moto_create_state_machine = StepFunctionResponse.create_state_machine


def _create_state_machine_keeping_type(self: StepFunctionResponse) -> ActionResult:
    created = _moto_create_state_machine(self)
    machine = self.stepfunction_backend.describe_state_machine(created.result["stateMachineArn"])
    machine.type = self._get_param("type") or "STANDARD"
    return created


StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = _list_state_machine_versions
StepFunctionResponse.create_state_machine = _create_state_machine_keeping_type

if __name__ == "__main__":
    moto_server_main(sys.argv[1:])

"""The GitHub workflows are hardened: pinned actions, no stored credentials, per-job permissions.

No build and no browser: each workflow file is read with PyYAML, and `uses:` lines are also read
as text, because the version comment after a pinned SHA is invisible to a YAML parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
# `owner/repo[/path]@<40 hex> # v1.2.3`: the SHA is what runs, the comment is what Dependabot updates.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} +# +v\d+(\.\d+)*\s*$")


def jobs(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]


def steps(path: Path) -> list[dict]:
    return [step for job in jobs(path).values() for step in job.get("steps", [])]


def uses_lines(path: Path) -> list[tuple[int, str]]:
    """Every `uses:` value with its comment, as written in the file."""
    rows = path.read_text(encoding="utf-8").splitlines()
    return [(number, match.group(1)) for number, row in enumerate(rows, start=1)
            if (match := re.match(r"^\s*(?:-\s+)?uses:\s*(.+)$", row))]


def problems(path: Path) -> list[str]:
    """What a workflow breaks of the rules above, as `file:line: what` (empty when it is hardened)."""
    name = path.name
    found = [f"{name}:{number}: `{value}` is not pinned to a full commit SHA with a `# vX.Y.Z` comment"
             for number, value in uses_lines(path) if not value.startswith("./") and not PINNED.match(value)]
    for step in steps(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            if (step.get("with") or {}).get("persist-credentials") is not False:
                found.append(f"{name}: a checkout step does not set `persist-credentials: false`")
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if workflow.get("permissions") != {}:
        found.append(f"{name}: the top-level `permissions:` is not `{{}}` (grant per job instead)")
    for job_id, job in jobs(path).items():
        if "permissions" not in job:
            found.append(f"{name}: job `{job_id}` sets no `permissions:`")
        elif job["permissions"] in ("write-all", "read-all"):
            found.append(f"{name}: job `{job_id}` grants `{job['permissions']}`; list only what it needs")
    return found


def test_there_are_workflows_to_check():
    assert len(WORKFLOWS) >= 5, WORKFLOWS
    assert all(uses_lines(path) for path in WORKFLOWS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_hardened(path):
    assert problems(path) == []


def test_the_rules_catch_an_unhardened_workflow(tmp_path):
    """The same checks on the kind of workflow this project had: tag-pinned, credentials kept, one grant."""
    loose = tmp_path / "loose.yml"
    loose.write_text("on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n"
                     "    steps:\n      - uses: actions/checkout@v4\n"
                     "      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065\n",
                     encoding="utf-8")
    found = problems(loose)
    assert any(line.startswith("loose.yml:8: `actions/checkout@v4` is not pinned") for line in found), found
    assert any(line.startswith("loose.yml:9: `actions/setup-python@a26af") for line in found), found
    assert any("persist-credentials" in line for line in found), found
    assert any("top-level `permissions:`" in line for line in found), found
    assert any("job `test` sets no `permissions:`" in line for line in found), found


def test_dependabot_updates_actions_and_pip_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    schedules = {update["package-ecosystem"]: update["schedule"]["interval"] for update in config["updates"]}
    assert schedules.get("github-actions") == "weekly" and schedules.get("pip") == "weekly", schedules


def test_ci_runs_zizmor_on_the_workflows():
    ci = ROOT / ".github" / "workflows" / "ci.yml"
    commands = [str(step.get("run", "")) for step in steps(ci)]
    assert any(re.search(r"\bzizmor\b.*\.github", command) for command in commands), commands
    # The linter itself is pinned by version and wheel hash, like the project's other tools.
    assert any(re.search(r"zizmor==[\d.]+ --hash=sha256:[0-9a-f]{64}", command) for command in commands), commands


def run_lines(path: Path) -> list[str]:
    """Every shell line of every `run:` step."""
    return [line.strip() for step in steps(path) for line in str(step.get("run", "")).splitlines()]


# Rules for `run:` lines: (what a line must not do, why, as the message says it).
RUN_RULES = {
    # The build entry imports `scripts` from the project root, which only `python -m` puts on sys.path.
    "console-script build": (
        lambda line: re.search(r"(?<!-m )(?<![\w.-])(?:mkdocs|properdocs)\"?\s+(?:build|serve)\b", line),
        "runs a console script; use `python -m mkdocs` (or properdocs), `make build` or `python -m scripts build`"),
    # The one deliberate exception: the ProperDocs job follows 1.6.x to notice a release that changes output.
    "unhashed install": (
        lambda line: re.search(r"\bpip install\b", line) and "--require-hashes" not in line
        and not re.search(r'"properdocs~=1\.6\.\d+"', line),
        "installs without --require-hashes"),
}


def run_problems(path: Path, rule: str) -> list[str]:
    breaks, message = RUN_RULES[rule]
    return [f"{path.name}: `{line}` {message}" for line in run_lines(path) if breaks(line)]


@pytest.mark.parametrize("rule", RUN_RULES)
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_steps_follow_the_rule(path, rule):
    found = run_problems(path, rule)
    assert not found, "\n".join(found)


# Per rule: lines it must catch, and lines it must let through.
RULE_CASES = {
    "console-script build": (['"$RUNNER_TEMP/properdocs/bin/properdocs" build --strict', "mkdocs serve"],
                             [".venv/bin/python -m mkdocs build", '"$X/bin/python" -m properdocs build']),
    "unhashed install": (['python -m pip install --quiet "playwright==1.50.0"'],
                         ["python -m pip install --require-hashes -r requirements.txt",
                          'python -m pip install --quiet "properdocs~=1.6.7"']),
}


@pytest.mark.parametrize("rule", RUN_RULES)
def test_each_rule_catches_what_it_names(tmp_path, rule):
    bad, good = RULE_CASES[rule]
    workflow = tmp_path / "planted.yml"
    workflow.write_text(yaml.safe_dump({"jobs": {"x": {"steps": [{"run": "\n".join(bad + good)}]}}}), encoding="utf-8")
    assert [problem.split("`")[1] for problem in run_problems(workflow, rule)] == bad

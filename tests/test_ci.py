""".ci/run tests what the project claims: the README's test command, pyproject.toml's lowest versions, and the
classroom bundle built from the exact versions in constraints/bundle.txt."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _pyproject() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10: the few lines these tests need
        text = (REPO / "pyproject.toml").read_text(encoding="utf-8")

        def array(name: str) -> list[str]:
            body = re.search(rf"^{name} = \[(.*?)^\]", text, re.S | re.M).group(1)
            return re.findall(r'^\s*"([^"]+)"', body, re.M)

        return {"project": {"dependencies": array("dependencies"),
                            "optional-dependencies": {"test": re.findall(r'"([^"]+)"', re.search(
                                r"^test = \[(.*?)\]", text, re.M).group(1)),
                                "bundle": re.findall(r'"([^"]+)"', re.search(
                                    r"^bundle = \[(.*?)\]", text, re.M).group(1))}}}
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


PROJECT = _pyproject()["project"]
RUNTIME = [Requirement(text) for text in PROJECT["dependencies"]]
TEST = [Requirement(text) for text in PROJECT["optional-dependencies"]["test"]]
BUNDLE = [Requirement(text) for text in PROJECT["optional-dependencies"]["bundle"]]


def lower_bound(requirement: Requirement) -> Version:
    [bound] = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
    return bound


def pins(text: str) -> dict[str, Version]:
    """name -> version of every ``name==version`` in ``text`` (canonical names)."""
    return {canonicalize_name(name): Version(version)
            for name, version in re.findall(r"(?m)^\s*([A-Za-z0-9_.-]+)==([^\s;#]+)", text)}


def test_ci_runs_the_readmes_test_command():
    readme = re.search(r"^python3 -m venv \.venv && \. \.venv/bin/activate && (pip install .*?) && (pytest)\s",
                       README, re.M)
    assert readme, "README's first code block lost its test command"
    install, run = readme.groups()
    lines = CI.splitlines()
    assert install in lines and run in lines
    assert lines.index(run) == lines.index(install) + 1


def test_ci_tests_exactly_the_lowest_versions_pyproject_allows():
    listed = re.search(r"^LOWEST_VERSIONS=\((.*?)\)", CI, re.S | re.M)
    assert listed, ".ci/run lost LOWEST_VERSIONS"
    lowest = pins("\n".join(shlex.split(listed.group(1))))
    expected = {canonicalize_name(requirement.name): lower_bound(requirement) for requirement in RUNTIME + TEST}
    assert lowest == expected
    for requirement in RUNTIME + TEST:  # and each is allowed (not an excluded release)
        assert requirement.specifier.contains(lowest[canonicalize_name(requirement.name)]), requirement
    assert '.ci-venv/lowest/bin/pip install --quiet "${LOWEST_VERSIONS[@]}" .' in CI
    assert "\n.ci-venv/lowest/bin/pytest " in CI


def test_the_bundle_is_built_from_its_constraints_file():
    assert '.ci-venv/bundle/bin/pip install --quiet -c constraints/bundle.txt ".[bundle]"' in CI
    assert "\n.ci-venv/bundle/bin/pyinstaller " in CI
    assert "\nQT_QPA_PLATFORM=offscreen dist/bpviz/bpviz --self-test" in CI


def test_the_constraints_pin_every_dependency_exactly_and_within_pyprojects_bounds():
    text = (REPO / "constraints" / "bundle.txt").read_text(encoding="utf-8")
    requirements = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    pinned = pins(text)
    assert len(pinned) == len(requirements), "every line pins one package with =="
    assert "bpviz" not in pinned
    for requirement in RUNTIME + BUNDLE:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not pinned: freeze the bundle environment again"
        assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]} is outside {requirement}"
    assert pinned[canonicalize_name("shiboken6")] == pinned[canonicalize_name("PySide6-Essentials")]

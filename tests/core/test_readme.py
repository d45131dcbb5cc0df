"""The README documents every setting and command a person can use."""

from __future__ import annotations

from app.cli import main
from app.settings import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_every_setting_is_documented():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert missing == []


def test_every_command_is_documented():
    names = []
    for name, command in main.commands.items():
        sub = getattr(command, "commands", None)
        names += [f"praxisatlas {name} {s}" for s in sub] if sub else [f"praxisatlas {name}"]
    assert [n for n in names if f"`{n}" not in README] == []


def test_the_readme_opens_with_the_two_setup_commands():
    head = README[:800]
    assert "make run" in head and "make test" in head

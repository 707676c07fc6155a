from pathlib import Path

import pytest

from aligner.checks import REGISTRY, run_checks, validate
from aligner.errors import ConfigError
from aligner.model import SEVERITY_RANK

README = Path(__file__).resolve().parents[1] / "aligner" / "checks" / "README.md"


def test_every_check_is_described_and_documented():
    doc = README.read_text(encoding="utf-8")
    for name, cls in REGISTRY.items():
        assert cls.category and cls.title and cls.severity in SEVERITY_RANK, name
        assert f"`{name}`" in doc, f"{name} missing from aligner/checks/README.md"


@pytest.mark.parametrize("kw, what", [
    ({"enabled": ["spelling"]}, "unknown check"),
    ({"severities": {"numbers": "fatal"}}, "unknown severity"),
    ({"settings": {"bogus": 1.0}}, "unknown threshold"),
])
def test_unknown_names_are_config_errors(kw, what):
    with pytest.raises(ConfigError, match=what):
        validate(**kw)


def test_category_selects_its_checks():
    from test_checks_helpers import alignment
    a = alignment([("一段没有译文的原文", "")])
    assert {f.check for f in run_checks(a, enabled=["omission"])} == {"unmatched"}

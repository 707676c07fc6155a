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


def test_unit_by_unit_walk_gives_the_findings_of_a_check_by_check_walk():
    """run_checks hands each unit to every check in turn (so they share cached readings of it);
    no check may depend on that order: the findings equal those of one check at a time."""
    from pathlib import Path

    from aligner.align import align
    from aligner.checks import REGISTRY, run_checks
    from aligner.checks.base import CheckContext
    from aligner.glossary import load_glossaries
    from aligner.readers import read_bilingual

    seed = next((Path(__file__).resolve().parents[1] / "corpora").glob("001_*.txt"))
    alignment = align(read_bilingual([str(seed)]), level="sentence")
    ctx = CheckContext(glossaries=load_glossaries([], use_default=True))
    expected, seen = [], set()
    for cls in REGISTRY.values():
        check = cls()
        check.prepare(alignment, ctx)
        for unit in alignment.units:
            if check.matched_only and not unit.matched:
                continue
            for f in check.run(unit, ctx):
                if f.fingerprint not in seen:
                    seen.add(f.fingerprint)
                    expected.append(f)
    assert len(expected) > 50
    assert run_checks(alignment, context=ctx) == expected

"""Every check copes with whatever text a reader can hand it: no exception, findings well formed."""
from hypothesis import given, settings, strategies as st

from aligner.checks import REGISTRY, run_checks
from aligner.checks.base import CheckContext
from aligner.glossary import load_glossaries
from aligner.model import SEVERITY_RANK
from test_checks_helpers import alignment

# Characters that steer the checks down their special paths: function characters (商 经 由), particles,
# negations, brackets and titles, digits and magnitudes, Latin words, old and simplified forms.
ALPHABET = ("商经由不得未经禁止的和国务院國務院发展发揮制度构建構築研究をのがにはへでとする。、，；：（）()《》「」“”"
            "0123456789,.%万亿億 AaBbInternet ofVehicles\u3000ー・")
GLOSSARIES = load_glossaries([], use_default=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, max_size=40)),
                min_size=1, max_size=4))
def test_every_check_runs_on_arbitrary_text(pairs):
    findings = run_checks(alignment(pairs), context=CheckContext(glossaries=GLOSSARIES))
    for f in findings:
        assert f.check in REGISTRY and f.severity in SEVERITY_RANK and f.message
        u = pairs[f.unit]
        # A span names text of its own side, so a reviewer can search for it (widths and spaces aside).
        assert not f.ja_span or _flat(f.ja_span) in _flat(u[1]), (f.check, f.ja_span, u[1])
        assert not f.zh_span or _flat(f.zh_span) in _flat(u[0]) or f.check.startswith("glossary") \
            or f.check.startswith("consistency"), (f.check, f.zh_span, u[0])


def _flat(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())

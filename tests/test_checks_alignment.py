from aligner.checks import run_checks
from aligner.checks.base import CheckContext
from test_checks_helpers import alignment


def test_low_confidence_units_are_reported_and_threshold_is_a_setting():
    a = alignment([("一", "一"), ("二", "二")], confidences={0: 0.1, 1: 0.9})
    assert [f.unit for f in run_checks(a, enabled=["low-confidence"])] == [0]
    got = run_checks(a, context=CheckContext(settings={"min_confidence": 0.95}), enabled=["alignment"])
    assert [f.unit for f in got] == [0, 1] and got[0].category == "alignment"


def test_severity_override_by_check_name():
    a = alignment([("一", "一")], confidences={0: 0.1})
    (f,) = run_checks(a, enabled=["low-confidence"], severities={"low-confidence": "major"})
    assert f.severity == "major"

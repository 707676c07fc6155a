import json

import pytest

from aligner.decisions import Decision, load_archived, load_decisions, reconcile, save_decisions
from aligner.errors import InputError


def test_round_trip_with_archive(tmp_path):
    p = tmp_path / "decisions.json"
    save_decisions(p, {"a": Decision("accepted", "kim", "ok")}, archived={"z": Decision("fixed")})
    assert load_decisions(p) == {"a": Decision("accepted", "kim", "ok")}
    assert load_archived(p) == {"z": Decision("fixed")}


def test_reconcile_keeps_live_archives_stale_and_restores():
    live, stale = reconcile({"a": Decision("accepted"), "b": Decision("fixed")}, ["a", "c"],
                            archived={"c": Decision("false-positive")})
    assert set(live) == {"a", "c"} and set(stale) == {"b"}


def test_unknown_status_is_an_input_error(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps({"decisions": {"a": {"status": "maybe"}}}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown status"):
        load_decisions(p)


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_an_empty_decisions_file_holds_no_verdicts_yet(tmp_path, text):
    p = tmp_path / "decisions.json"
    p.write_text(text, encoding="utf-8")
    assert load_decisions(p) == {} and load_archived(p) == {}
    save_decisions(p, {"a": Decision("accepted")})
    assert load_decisions(p) == {"a": Decision("accepted")}


@pytest.mark.parametrize("text", ["{", "x", '{"decisions": '])
def test_a_malformed_decisions_file_is_an_error_naming_it(tmp_path, text):
    p = tmp_path / "decisions.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_decisions(p)
    assert e.value.path == str(p) and "JSON" in e.value.message

"""align() pauses the cyclic garbage collector while it runs and always restores it."""
import gc

import pytest

import aligner.align as align_mod
from aligner.align import align
from aligner.errors import ConfigError
from aligner.model import Bilingual, Segment


def _doc():
    zh = ["一、加强金融服务领域改革创新。支持外资银行。", "二、推动互联网信息服务领域扩大开放。"]
    ja = ["一、金融サービス分野の改革イノベーションを強化する。外資銀行を支持する。", "二、インターネット情報サービス分野の開放拡大を推進する。"]
    return Bilingual(tuple(Segment(t, "zh", "zh.txt", k + 1, k + 1) for k, t in enumerate(zh)),
                     tuple(Segment(t, "ja", "ja.txt", k + 1, k + 1) for k, t in enumerate(ja)),
                     "test", "utf-8", ("zh.txt", "ja.txt"))


def test_collector_is_paused_inside_and_enabled_after(monkeypatch):
    seen = []
    real = align_mod.split_features

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(align_mod, "split_features", spy)
    assert gc.isenabled()
    a = align(_doc(), level="sentence")
    assert seen and not any(seen)
    assert gc.isenabled()
    assert len(a.units) >= 2


def test_a_collector_disabled_by_the_caller_stays_disabled():
    gc.disable()
    try:
        align(_doc())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_restored_when_align_raises():
    with pytest.raises(ConfigError):
        align(_doc(), level="word")
    assert gc.isenabled()

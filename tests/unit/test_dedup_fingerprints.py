from __future__ import annotations

from crawler.dedup.fingerprints import content_hash, normalise_text, url_id


def test_url_id_is_stable_and_distinct() -> None:
    assert url_id("https://a.org/x") == url_id("https://a.org/x")
    assert url_id("https://a.org/x") != url_id("https://a.org/y")
    assert len(url_id("https://a.org/x")) == 16


def test_content_hash_folds_form_not_words() -> None:
    a = "Huawei  denies the claims.\nIt says: “no”."
    b = "huawei denies the claims it says no"
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash("Huawei admits the claims.")
    assert normalise_text("Caf\u0065\u0301!") == normalise_text("Café")

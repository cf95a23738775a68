"""`scrapy evalprofile PROFILE LABELLED`: precision and recall of a profile on a user's labelled articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.relevance.labelled import LabelledArticle, evaluate, read_labelled

PROJECT = Path(__file__).resolve().parents[2]
PROFILE = 'name = "cheese"\nlanguages = ["fr", "en"]\n[[groups]]\nname = "cheese"\nterms = ["camembert", "brie"]\n'


def labelled_folder(root: Path) -> Path:
    (root / "on_topic").mkdir(parents=True)
    (root / "off_topic").mkdir()
    (root / "on_topic" / "a.txt").write_text("Le camembert de Normandie\n\nUn camembert au lait cru.\n", "utf-8")
    (root / "on_topic" / "b.html").write_text(
        "<html><head><title>Brie</title></head><body><article><h1>Brie de Meaux</h1><p>Le brie est affiné.</p>"
        "</article></body></html>", "utf-8",
    )  # fmt: skip
    (root / "on_topic" / "c.md").write_text("Fromages d'Auvergne\n\nLe cantal et le salers.\n", "utf-8")  # missed by the profile
    (root / "off_topic" / "d.txt").write_text("Football\n\nLe match a été gagné 2-0.\n", "utf-8")
    (root / "off_topic" / "notes.csv").write_text("ignored", "utf-8")
    return root


def test_a_folder_of_labelled_files_is_read(tmp_path: Path) -> None:
    articles = read_labelled(labelled_folder(tmp_path / "set"))
    assert [(a.id, a.on_topic) for a in articles] == [
        ("on_topic/a.txt", True), ("on_topic/b.html", True), ("on_topic/c.md", True), ("off_topic/d.txt", False),
    ]  # fmt: skip
    assert articles[0].title == "Le camembert de Normandie" and articles[0].text == "Un camembert au lait cru."
    assert articles[1].title == "Brie de Meaux" and "affiné" in articles[1].text


def test_bad_paths_say_what_is_expected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="put .txt, .md or .html files in on_topic/"):
        read_labelled(tmp_path)
    with pytest.raises(ValueError, match="not a folder of labelled files nor a .toml labelled set"):
        read_labelled(tmp_path / "x.csv")
    (tmp_path / "s.toml").write_text('[[article]]\nid = "a"\ntitle = "t"\ntext = "x"\non_topic = true\n', "utf-8")
    with pytest.raises(ValueError, match="no split 'held'"):
        read_labelled(tmp_path / "s.toml", "held")


def test_scores_count_and_name_the_mistakes() -> None:
    articles = [LabelledArticle(str(i), "", "", label) for i, label in enumerate([True, True, False, False])]
    scores = evaluate(articles, lambda a: (a.id in ("0", "2"), "why"))
    assert (scores.tp, scores.fn, scores.fp, scores.tn) == (1, 1, 1, 1)
    assert scores.precision == 0.5 and scores.recall == 0.5
    assert scores.wrong == ["dropped on-topic 1: why", "kept off-topic 2: why"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "evalprofile", *args]
    return subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=300)


@pytest.mark.e2e
def test_the_command_prints_precision_and_recall(tmp_path: Path) -> None:
    profile = tmp_path / "cheese.toml"
    profile.write_text(PROFILE, "utf-8")
    done = run(str(profile), str(labelled_folder(tmp_path / "set")), "-v")
    assert done.returncode == 0, done.stderr
    assert "4 labelled articles" in done.stdout
    assert "precision 1.000  recall 0.667  (tp 2, fp 0, fn 1, tn 1; 4 articles)" in done.stdout
    assert "dropped on-topic on_topic/c.md" in done.stdout
    held = run("default", "tests/data/relevance/news_default.toml", "--split", "tune", "--no-learn")
    assert held.returncode == 0 and "76 labelled articles" in held.stdout, held.stderr


@pytest.mark.e2e
def test_a_bad_profile_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    profile = tmp_path / "typo.toml"
    profile.write_text(PROFILE + "[scoring]\nmin_scor = 5.0\n", "utf-8")
    done = run(str(profile), str(labelled_folder(tmp_path / "set")))
    assert done.returncode == 2
    assert done.stderr.strip() == f"scrapy evalprofile: {profile}: `scoring.min_scor`: unknown key; did you mean `min_score`?"


def test_a_profile_template_is_read_with_its_host_placeholders_filled(tmp_path: Path) -> None:
    from crawler.commands.evalprofile import read_profile
    from crawler.relevance.profile import fill_hosts

    template = PROJECT / "tests" / "data" / "relevance" / "profile_batteries.toml"
    profile, unfilled = read_profile(str(template), {"energie": "http://127.0.0.1:8001/"})
    assert unfilled == ("newsapi",) and profile.name == "european-battery-gigafactories"
    assert "http://127.0.0.1:8001/" in profile.seeds
    assert all("{{host:" not in q.url for q in profile.queries) and any("newsapi.invalid" in q.url for q in profile.queries)
    assert fill_hosts("a {{host:x}}/p {{host:y}}", {"x": "http://h:1/"}) == ("a http://h:1/p {{host:y}}", ("y",))
    assert read_profile("default", {}) == (read_profile("default", {})[0], ())


@pytest.mark.e2e
def test_the_command_reads_the_batteries_profile_template() -> None:
    done = run("tests/data/relevance/profile_batteries.toml", "tests/data/relevance/news_batteries.toml", "--split", "held")
    assert done.returncode == 0, done.stderr
    assert "{{host:energie}}, {{host:newsapi}} read as http://NAME.invalid" in done.stdout
    assert "20 labelled articles" in done.stdout and "the crawl's judgement" in done.stdout

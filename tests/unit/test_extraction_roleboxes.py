from __future__ import annotations

from lxml import html

from crawler.extraction.roleboxes import drop_chrome_lines, read_chrome_boxes

STORY = "The council voted on Tuesday to keep the library open through the winter, after a long debate."


def _page(inner: str) -> str:
    return f"<html><body><div class='post'><p>{STORY}</p>{inner}<p>Last line.</p></div></body></html>"


def _clean(page: str, text: str) -> str:
    return drop_chrome_lines(text, read_chrome_boxes(html.fromstring(page)))[0]


def test_lines_of_a_caption_a_share_bar_and_a_popup_go_and_the_story_stays() -> None:
    boxes = (
        '<figure><img src="a.jpg"><div class="wp-caption-text">The mayor at the library on Monday.</div></figure>'
        '<div class="sharedaddy sd-block"><h3>Share this:</h3></div>'
        '<div class="pum-overlay"><p>Officer training starts in May.</p></div>'
    )
    lines = [STORY, "The mayor at the library on Monday.", "Share this:", "Officer training starts in May.", "Last line."]
    text = "\n".join(lines)
    assert _clean(_page(boxes), text) == f"{STORY}\nLast line."


def test_a_caption_repeating_a_line_of_the_story_leaves_the_story_whole() -> None:
    page = _page(f'<figcaption>{STORY}</figcaption>')
    assert _clean(page, f"{STORY}\n{STORY}\nLast line.") == f"{STORY}\n{STORY}\nLast line."


def test_a_role_word_inside_a_longer_word_is_no_role() -> None:
    page = _page('<p class="socialism-essay">A paragraph.</p><p class="shared-history">More.</p>')
    assert read_chrome_boxes(html.fromstring(page)).texts == ()


def test_a_long_box_named_for_a_role_stays() -> None:
    page = f"<html><body><div class='social-page'><p>{STORY * 10}</p></div></body></html>"
    assert _clean(page, STORY * 10) == STORY * 10


def test_a_short_aside_is_a_box() -> None:
    assert read_chrome_boxes(html.fromstring(_page("<aside><p>Read next: the budget.</p></aside>"))).texts == (
        "Read next: the budget.",
    )


def test_a_box_is_found_by_its_id_or_a_class_of_several_words_and_in_page_order() -> None:
    page = _page(
        '<div class="box x" id="Share_Bar">Share it.</div>'
        '<div class="photo Credit-line">Photo: the agency.</div>'
        '<div id="share_bar">Share again.</div>'
    )
    assert read_chrome_boxes(html.fromstring(page)).texts == ("Share it.", "Photo: the agency.", "Share again.")


def test_a_block_box_run_into_a_longer_line_is_cut_out_of_it() -> None:
    page = _page('<div class="share-bar"><span>Share on:</span><a href="/f">Facebook</a><a href="/t">Twitter</a></div>')
    dump = f"{STORY} Share on: Facebook Twitter Last line."
    assert _clean(page, dump) == f"{STORY} Last line."


def test_a_box_inside_a_sentence_or_a_caption_is_not_cut_out_of_a_line() -> None:
    byline = "<p>Reported by <span class='author-name'>Jane Roe</span> for the council desk.</p>"
    caption = "<figure><img src='a.jpg'><figcaption>The mayor at the library.</figcaption></figure>"
    page = _page(byline + caption)
    line = f"{STORY} Reported by Jane Roe for the council desk. The mayor at the library. Last line."
    assert _clean(page, line) == line


def test_a_one_word_box_or_one_whose_text_is_also_outside_boxes_is_not_cut() -> None:
    page = _page('<div class="social">Follow</div><div class="share-box">Last line.</div>')
    line = f"{STORY} Follow Last line."
    assert _clean(page, line) == line


def test_a_card_link_wrapped_around_a_paragraph_is_a_box_and_a_link_in_a_sentence_is_not() -> None:
    card = '<a class="teaser" href="/other-story"><h4>Other story</h4><p>Hay is the base of a good diet.</p></a>'
    page = _page(f'{card}<p>See <a href="/x">the report</a> for more.</p>')
    boxes = read_chrome_boxes(html.fromstring(page))
    assert len(boxes.texts) == 1 and boxes.texts[0].endswith("Hay is the base of a good diet.")
    text = f"{STORY}\nOther story\nHay is the base of a good diet.\nSee the report for more.\nLast line."
    assert _clean(page, text) == f"{STORY}\nSee the report for more.\nLast line."


def test_a_page_made_of_cards_keeps_them() -> None:
    cards = "".join(f'<a href="/p{n}"><h3>Product {n}</h3><p>A sturdy chair number {n} in oak.</p></a>' for n in range(4))
    page = f"<html><body><h1>Chairs</h1>{cards}<p>Free delivery.</p></body></html>"
    text = "\n".join(["Chairs", *(f"Product {n}\nA sturdy chair number {n} in oak." for n in range(4)), "Free delivery."])
    assert _clean(page, text) == text


def test_a_dialog_is_a_box_however_long() -> None:
    words = " ".join(["Officer training starts in May and runs for a year."] * 12)
    dialog = f'<div class="overlay" role="dialog" aria-hidden="true"><p>{words}</p></div>'
    page = _page(dialog)
    assert read_chrome_boxes(html.fromstring(page)).texts == (words,)
    assert _clean(page, f"{STORY}\n{words}\nLast line.") == f"{STORY}\nLast line."

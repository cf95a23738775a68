"""trafilatura's extraction cascade with comments off, minus its prunes that the page's names rule out:
`(tree, options, names) -> (body, text)`.

`trafilatura.core.trafilatura_sequence` first prunes the tree it is given of
the boxes of scrolled-in stories and of comments: three XPath walks of the
whole page whose predicates call Python's `re` for every element (about 2 ms
of a benchmark page's 15 in the cascade). They match elements by their class
or id alone, and the page's class and id values are read as strings anyway
(`roleboxes.read_names`): where no value matches, a walk can find nothing and
is skipped (98 % of the benchmark pages for the stories' boxes, 57 % for the
comments'). The rest is trafilatura's own sequence for these options, step for
step (stages 1 to 4; with comments off it has no thread salvage), on its own
functions. `tests/unit/test_extraction_shortcuts.py` checks, page by page, that
the body is the one `bare_extraction` returns: run it after upgrading
trafilatura (pinned in requirements.txt).
"""

from __future__ import annotations

import logging
import re
from copy import copy
from typing import Any

from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _extract_and_compare,
    _forum_thread_page,
    _prepare_tree,
    _recall_retry,
)
from trafilatura.external import justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.settings import Extractor
from trafilatura.xpaths import (
    _COMMENTS_CLASS,
    _COMMENTS_ID,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

LOGGER = logging.getLogger(__name__)
# What RAW_TREE_PRUNE_XPATH's elements have as class or id (re:test searches, contains() a substring).
_SCROLLED_IN = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll|elementor-share-buttons")
# What REMOVE_COMMENTS_AND_LISTS_XPATH's elements have as id, or as class.
_COMMENTS_IDS = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENTS_CLASSES = re.compile(_COMMENTS_CLASS)


def _any_named(names: frozenset[str], *patterns: re.Pattern[str]) -> bool:
    return any(pattern.search(name) for name in names for pattern in patterns)


def _pruned(tree: Any, options: Extractor, names: frozenset[str], is_forum: bool) -> Any:
    """The tree without the boxes trafilatura prunes first, each walk made only where some name may match."""
    if _any_named(names, _SCROLLED_IN):
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if (options.focus == "precision" or not is_forum) and _any_named(names, _COMMENTS_IDS, _COMMENTS_CLASSES):
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    return tree


def _escalated(tree: Any, options: Extractor, body: Any, text: str) -> tuple[Any, str]:
    """Stage 4: a short text covering little of the page looked for again favouring recall, and by justext."""
    r_options = copy(options)
    r_options.focus = "recall"
    r_body = j_body = None
    r_text = j_text = ""
    try:
        r_body, r_text = _recall_retry(tree, r_options, None)
    except Exception as err:  # noqa: BLE001 - trafilatura's own guard, kept so the cascade's answer is its
        LOGGER.warning("recall retry failed: %s", err)
    if not options.fast:
        try:
            j_body, j_text = justext_rescue(copy(tree), options)
        except Exception as err:  # noqa: BLE001 - as above
            LOGGER.warning("justext candidate failed: %s", err)
    if len(j_text) > len(r_text) and len(j_text) > ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(r_text) > ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text


def cascade(tree: Any, options: Extractor, names: frozenset[str]) -> tuple[Any, str]:
    """`trafilatura_sequence(tree, options)`'s body and text for options with comments off; `names`: the page's
    class and id values (`read_names`), read before the tree changed."""
    is_forum = _forum_thread_page(tree)
    tree = _pruned(tree, options, names, is_forum)
    cleaned_tree, cleaned_tree_backup = _prepare_tree(tree, options, None)
    if options.focus == "precision" and not is_forum:
        cleaned_tree = prune_unwanted_nodes(cleaned_tree, REMOVE_COMMENTS_XPATH)
    body, text = _extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    if len(text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if (
        options.focus == "balanced"
        and 0 < len(text) < ESCALATION_MAX_LENGTH
        and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))
    ):
        body, text = _escalated(tree, options, body, text)
    return body, text

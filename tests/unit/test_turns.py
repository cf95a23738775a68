"""Turns: items of one key leave in the order they entered; other keys never wait."""

from __future__ import annotations

import asyncio

import pytest

from crawler.scheduling.turns import Turns


async def item(turns: Turns, key: str, name: str, work: float, left: list[str], fail: bool = False) -> None:
    async with turns.taken(key) as turn:
        await asyncio.sleep(work)  # the slow part, done concurrently
        if fail:
            raise RuntimeError(name)
        await turns.wait(key, turn)
        left.append(name)


def run(*jobs: tuple[str, str, float, bool]) -> tuple[list[str], Turns]:
    turns, left = Turns(), []

    async def main() -> None:
        await asyncio.gather(*(item(turns, k, n, w, left, f) for k, n, w, f in jobs), return_exceptions=True)

    asyncio.run(main())
    return left, turns


def test_one_key_leaves_in_entry_order_whatever_finishes_first() -> None:
    left, turns = run(("p", "first", 0.05, False), ("p", "second", 0.0, False), ("p", "third", 0.01, False))
    assert left == ["first", "second", "third"]
    assert len(turns) == 0  # nothing left behind


def test_other_keys_do_not_wait() -> None:
    left, _ = run(("p", "slow", 0.05, False), ("q", "fast", 0.0, False))
    assert left == ["fast", "slow"]


def test_an_item_that_fails_frees_its_turn() -> None:
    left, turns = run(("p", "broken", 0.02, True), ("p", "next", 0.0, False))
    assert left == ["next"]
    assert len(turns) == 0


@pytest.mark.parametrize("order", [(0.0, 0.03), (0.03, 0.0)])
def test_a_single_key_queue_is_a_plain_fifo(order: tuple[float, float]) -> None:
    left, _ = run((None, "a", order[0], False), (None, "b", order[1], False))  # type: ignore[arg-type]
    assert left == ["a", "b"]

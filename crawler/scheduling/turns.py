"""Turns: items that entered a stage under one key leave it in the order they entered, whatever finishes first."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class Turns:
    """A queue of waiting items per key; the head of each queue may leave, the others wait for it.

    `async with turns.taken(key):` wraps an item's time in a stage; `await turns.wait(key, turn)` inside it
    returns once every item that entered earlier under the same key has left (by any path: done, dropped,
    failed). Keys are independent: an item waits only for its own key's earlier items.
    """

    def __init__(self) -> None:
        self._queues: dict[Hashable, deque[asyncio.Event]] = {}

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())

    @asynccontextmanager
    async def taken(self, key: Hashable) -> AsyncIterator[asyncio.Event]:
        turn = asyncio.Event()
        queue = self._queues.setdefault(key, deque())
        queue.append(turn)
        try:
            yield turn
        finally:
            queue.remove(turn)
            if queue:
                queue[0].set()
            else:
                del self._queues[key]

    async def wait(self, key: Hashable, turn: asyncio.Event) -> None:
        """Until `turn` heads its key's queue."""
        queue = self._queues[key]
        if queue[0] is not turn:
            await turn.wait()

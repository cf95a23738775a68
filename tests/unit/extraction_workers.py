"""Stand-ins for extract_page that misbehave, run inside the pool's worker processes."""

from __future__ import annotations

import os
import signal
import sys
import time

from crawler.extraction.extract import ExtractConfig, Extracted, extract_page


def by_command(body: bytes, url: str, content_type: str | None, config: ExtractConfig) -> Extracted:
    """`sleep:N` sleeps N seconds, `crash` kills the worker, `recurse` overflows the stack, `modules` answers with the
    worker's top-level modules; else extract."""
    if body == b"modules":
        return Extracted(url, url, "t", " ".join(sorted({name.split(".")[0] for name in sys.modules})), None, None, (), None)
    if body.startswith(b"sleep:"):
        time.sleep(float(body[6:]))
    elif body == b"crash":
        os.kill(os.getpid(), signal.SIGKILL)
    elif body == b"recurse":
        return by_command(body, url, content_type, config)
    elif body == b"memory":
        _ = bytearray(4 * 1024**3)
    else:
        return extract_page(body, url, content_type, config)
    return Extracted(url, url, "t", f"pid {os.getpid()}", None, None, (), None)

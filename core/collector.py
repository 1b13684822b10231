"""Pausing Python's cyclic garbage collector around pure work that builds many objects and no cycles.

The collector runs whenever enough new container objects have been made since its last run, and each run walks
every young object still alive; a pass that keeps what it builds (a ranking builds a row per candidate and an
outcome per row) makes the collector walk the same rows again and again, and more often at 10,000 rows than at
1,000: its share grows with the size of the pass. Reference counting frees acyclic objects whatever the
collector does, so pausing it during such a pass loses nothing; the next allocation after the pause gives the
collector its turn.

``paused()`` is a context manager and a decorator. Pauses nest and may overlap across threads (gunicorn's
threads share one collector): the collector is switched off when the first pause begins, if it was on, and back
on when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def paused():
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()

"""Stage checks that other apps add to moving an application on: the veto before `lifecycle.perform`.

A check is a function `(application, action_name) -> str | None`: None when it is satisfied, otherwise the reason,
in Chinese, that the action may not be taken now. Apps register theirs when they load (reviews: "the panel's
consensus is recorded", "after the shortlist stage the confirmed ranking list decides"), so the awards app knows
nothing of them. `perform` refuses with every unmet reason; `available_actions` offers only what would pass.
"""

from __future__ import annotations

from collections.abc import Callable

Check = Callable[[object, str], "str | None"]

_registered: list[Check] = []


def register(check: Check) -> Check:
    """Add a check (usable as a decorator); registering the same function twice keeps one."""
    if check not in _registered:
        _registered.append(check)
    return check


def unregister(check: Check) -> None:
    if check in _registered:
        _registered.remove(check)


def unmet(application, action_name: str) -> list[str]:
    """The reasons the registered checks give against this action now (empty: nothing stands in the way)."""
    reasons = []
    for check in _registered:
        reason = check(application, action_name)
        if reason:
            reasons.append(str(reason))
    return reasons


def registered() -> tuple[Check, ...]:
    return tuple(_registered)

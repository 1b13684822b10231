"""Builders for the supervisors' tests: Jinan's candidates at 提出候选名单 (第十六条), a 届's supervisory group
appointed (第九条), and Qujing's 监察部门 with applications along its route (第二十七条)."""

from __future__ import annotations

from reviews.domain import supervision

from .. import factories
from .ranking import Scene


def jinan_at_ranking(n: int = 2, *, term: int = 1, year: int | None = None) -> tuple[Scene, list]:
    """Jinan's open cycle with `n` organisations at the ranking stage, scored by the panels."""
    scene = Scene("jinan", term=term, year=year)
    apps = [scene.app("ranking", "mayor_org", document_review=800 - 10 * i, site_review=800 - 10 * i,
                      hearing=80 - i) for i in range(n)]
    return scene, apps


def appoint(cycle, office, count: int = 3, *, users=None, kind: str = "media", prefix: str = "sup"):
    """Appoint `users` (or `count` new users) to the 届's group through the domain; returns the users."""
    users = list(users) if users is not None else [
        factories.UserFactory(username=f"{prefix}{cycle.pk}_{i}") for i in range(count)]
    rows = [supervision.Row(u.username, f"成员{i}", kind, "某单位") for i, u in enumerate(users)]
    supervision.appoint(cycle, rows, office)
    return users

"""Publicity lists (open and past, with their entries) and winners by year and city."""

from __future__ import annotations

from ninja import Query, Router

from portal.shared import page_cache

from . import caching, rows, schemas

router = Router(tags=["公示与获奖"])
PUBLICITY_KINDS = (page_cache.PUBLICITY, page_cache.RULES)
WINNER_KINDS = (page_cache.AWARDS, page_cache.CERTIFICATES, page_cache.RULES)


OFFSET = Query(0, ge=0, description="跳过的条数 / rows to skip")
LIMIT = Query(rows.PAGE_DEFAULT, ge=1, le=rows.PAGE_MAX,
              description="每页条数（不超过500）/ rows per page (at most 500)")
CITY = Query("", description="城市代码，如 wuhan；空为全部城市 / a city's code; empty for all")
YEAR = Query(None, description="评定年度 / the award year")


@router.get("/publicity", response=schemas.PublicityPage, url_name="publicity_list", summary="公示列表（分页）")
def publicity_list(request, city: str = CITY,
                   open: bool = Query(False, description="只列正在公示的 / only those open now"),  # noqa: A002
                   offset: int = OFFSET, limit: int = LIMIT):
    return caching.cached(request, PUBLICITY_KINDS, lambda: caching.json_of(
        schemas.PublicityPage, rows.publicities(city, open, offset, limit)))


@router.get("/publicity/{pk}", response={200: schemas.PublicityDetail, 404: schemas.Error},
            url_name="publicity_detail", summary="公示名单")
def publicity_detail(request, pk: int):
    return caching.cached(request, PUBLICITY_KINDS,
                          lambda: caching.json_of(schemas.PublicityDetail, rows.publicity(pk)))


@router.get("/winners", response=schemas.WinnerPage, url_name="winners", summary="获奖名单（按年度、城市；分页）")
def winners(request, city: str = CITY, year: int | None = YEAR, offset: int = OFFSET, limit: int = LIMIT):
    return caching.cached(request, WINNER_KINDS, lambda: caching.json_of(
        schemas.WinnerPage, rows.winners_page(city, year, offset, limit)))

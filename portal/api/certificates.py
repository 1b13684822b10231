"""Certificate verification by code: what the certificate says and whether it is valid, as the verify page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from portal.shared import page_cache

from . import caching, rows, schemas

router = Router(tags=["证书核验"])


@router.get("/certificates/{code}", response={200: schemas.Certificate, 404: schemas.Error},
            url_name="certificate", summary="证书核验")
def certificate(request, code: str):
    def build():
        found = rows.certificate(code)
        if found is None:
            raise HttpError(404, _("未找到该核验码对应的证书，请核对后重试。"))
        return caching.json_of(schemas.Certificate, found)

    return caching.cached(request, (page_cache.CERTIFICATES,), build)

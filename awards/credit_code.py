"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.i18n import join_list

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位。"), params={"n": len(code)}, code="length")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。"),
            params={"chars": join_list(bad)}, code="charset",
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新输入。"), code="check")


def make_credit_code(serial: int, region: str = "431000") -> str:
    """A valid code for demo data and tests: 9 (enterprise) 1 (company) + region + serial."""
    body = f"91{region}{serial:09d}"[:17]
    body = "".join(ch if ch in ALPHABET else "0" for ch in body)
    return body + check_character(body)

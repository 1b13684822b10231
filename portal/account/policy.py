"""The password policy as the reader sees it: settings.AUTH_PASSWORD_VALIDATORS' help texts, in the reader's language.

`password_policy` is lazy, so a form field may use it as its `help_text` (the sign-up and password pages do).
"""

from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy


def _policy() -> str:
    return "；".join(text.rstrip("。.") for text in password_validators_help_texts()) + "。"


password_policy = lazy(_policy, str)()


def password_policy_items() -> list[str]:
    return list(password_validators_help_texts())

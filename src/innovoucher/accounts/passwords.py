"""Password policy (身份鉴别: 口令复杂度): Django's validators with Chinese messages, and a
character-class rule (at least three of upper case, lower case, digits and symbols)."""

from __future__ import annotations

from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RULES_TEXT = _(
    "至少10位，包含大写字母、小写字母、数字、符号中的至少三类，不能是常见密码或纯数字，不能与用户名相似"
)


class LengthValidator(pv.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要{self.min_length}个字符", code="password_too_short"
            )

    def get_help_text(self):
        return f"密码至少{self.min_length}个字符"


class CommonValidator(pv.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "该密码过于常见，容易被猜中，请换一个", code="password_too_common"
            ) from None

    def get_help_text(self):
        return "不能使用常见密码"


class NumericValidator(pv.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError("密码不能全是数字", code="password_entirely_numeric")

    def get_help_text(self):
        return "密码不能全是数字"


class SimilarityValidator(pv.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "密码与用户名、姓名或邮箱过于相似，请换一个", code="password_too_similar"
            ) from None

    def get_help_text(self):
        return "密码不能与用户名、姓名或邮箱相似"


class CharacterClassValidator:
    """At least `classes` of: upper-case letters, lower-case letters, digits, other symbols."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    @staticmethod
    def count(password: str) -> int:
        return sum(
            (
                any(c.isascii() and c.isupper() for c in password),
                any(c.isascii() and c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(not (c.isascii() and c.isalnum()) for c in password),
            )
        )

    def validate(self, password, user=None):
        if self.count(password) < self.classes:
            raise ValidationError(
                f"密码需包含大写字母、小写字母、数字、符号中的至少{self.classes}类",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"包含大写字母、小写字母、数字、符号中的至少{self.classes}类"

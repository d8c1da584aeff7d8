"""Field checks for registry input, each with a Chinese message that says exactly what to fix.

`FieldErrors` collects every problem of a form so the person sees them all at once; the
resulting ValidationFailed carries ``details={"fields": {name: [message, …]}}``.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.regions.domain import is_region_code
from innovoucher.regions.selectors import region_code_known, region_is_leaf
from innovoucher.registry.codes import Code
from innovoucher.registry.idnumber import IdNumber, IdNumberError, parse_id_number

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the default of INNOVOUCHER_MAX_UPLOAD_MB
# Accepted uploads: extension → leading bytes of the file. Office files (Word, Excel) are ZIP
# packages and must also hold the Office part named in OFFICE_PARTS. Anything else — HTML, SVG
# (which can carry script), executables, archives — is refused by its extension and content.
UPLOAD_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
UPLOAD_KINDS = "PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）"


def max_upload_bytes() -> int:
    return int(getattr(settings, "INNOVOUCHER_MAX_UPLOAD_MB", 10) * 1024 * 1024)


def _office_package_ok(upload, ext: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and OFFICE_PARTS[ext] in names


_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Corporate settlement accounts of Chinese banks run from 9 to 30 digits (no public checksum);
# bank cards (UnionPay, 62…, 16–19 digits) carry a Luhn check digit.
_BANK_ACCOUNT = re.compile(r"^\d{9,30}$")
_CARD = re.compile(r"^62\d{14,17}$")
_BANK_NAME = re.compile(r"(银行|信用社|信用合作联社|农商行|农信社)")
NAME_MAX = 100  # the longest registered name of a Chinese market entity is far below this


def field_error(field: str, message: str) -> ValidationFailed:
    """A ValidationFailed about one field, its message repeated under ``details.fields``."""
    return ValidationFailed(message, details={"fields": {field: [message]}})


class FieldErrors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.codes: dict[str, str] = {}  # field → the specific error code of its first problem

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def run(self, field: str, check, *args, **kwargs):
        """Call `check`; record its error under `field` (or under the fields the error names)
        and return None instead."""
        try:
            return check(*args, **kwargs)
        except (ValidationFailed, Conflict) as exc:
            named = exc.details.get("fields") if isinstance(exc.details, dict) else None
            if named:
                for name, messages in named.items():
                    for message in messages:
                        self.add(name, message)
            else:
                self.add(field, exc.message)
            if exc.code not in (ValidationFailed.code, Conflict.code):
                self.codes.setdefault(field, str(exc.code))
            return None

    def raise_if_any(self, summary: str = "登记信息有误") -> None:
        if not self.errors:
            return
        messages = [m for ms in self.errors.values() for m in ms]
        message = (
            messages[0]
            if len(messages) == 1
            else f"{summary}，共{len(messages)}处需要修改：" + "；".join(messages)
        )
        codes = set(self.codes.values())
        # one specific problem (e.g. a region not in GB/T 2260) gives the error its code
        code = codes.pop() if len(codes) == 1 else None
        details = {"fields": self.errors, **({"codes": self.codes} if self.codes else {})}
        raise ValidationFailed(message, code=code, details=details)


def required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(f"请填写{label}")
    return value


def check_uscc(value: str) -> str:
    number = stdnum_uscc.compact(value or "")
    if not number:
        raise ValidationFailed("请填写统一社会信用代码")
    try:
        return stdnum_uscc.validate(number)
    except InvalidLength:
        raise ValidationFailed(f"统一社会信用代码应为18位，您填写了{len(number)}位") from None
    except InvalidChecksum:
        raise ValidationFailed("统一社会信用代码校验位错误，请核对最后一位") from None
    except StdnumError:
        raise ValidationFailed(
            "统一社会信用代码格式不正确：前8位应为数字，其余为数字或大写字母（不含I、O、Z、S、V）"
        ) from None


def check_id_number(value: str, *, today: dt.date) -> IdNumber:
    try:
        return parse_id_number(value, today=today)
    except IdNumberError as exc:
        raise ValidationFailed(exc.message, code=Code(f"id_number_{exc.code}")) from None


def check_region(value: str, *, leaf: bool = True) -> str:
    """A code of the GB/T 2260 table; for a party's seat, its most specific level (a county, or
    a city without counties), so that the reviewers of that area see the party."""
    value = (value or "").strip()
    if not is_region_code(value) or not region_code_known(value):
        raise ValidationFailed(
            "请从列表中选择所在地区（省、市、区县）：该行政区划代码不在国家标准（GB/T 2260）中",
            code=Code.REGION_UNKNOWN,
        )
    if leaf and not region_is_leaf(value):
        raise ValidationFailed("请选择到区县一级的所在地区", code=Code.REGION_NOT_LEAF)
    return value


def check_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not _PHONE.match(value):
        raise ValidationFailed("联系电话应为11位手机号码或带区号的固定电话（如 0575-88001234）")
    return value


def check_email(value: str) -> str:
    value = (value or "").strip()
    if value and not _EMAIL.match(value):
        raise ValidationFailed("电子邮箱格式不正确")
    return value


def check_name(value: str, label: str = "名称", *, limit: int = NAME_MAX) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationFailed(f"请填写{label}")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}个字，您填写了{len(value)}个字")
    return value


def check_text(value: str, label: str, *, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}个字，您填写了{len(value)}个字")
    return value


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def check_bank_account(value: str) -> str:
    value = "".join((value or "").split()).replace("-", "")
    if not value:
        raise ValidationFailed("请填写银行账号")
    if not value.isdigit():
        raise ValidationFailed("银行账号只能由数字组成（可省略空格）")
    if not _BANK_ACCOUNT.match(value):
        raise ValidationFailed(f"银行账号应为9至30位数字，您填写了{len(value)}位")
    if _CARD.match(value) and not luhn_ok(value):
        raise ValidationFailed("银行卡号校验位错误，请核对卡号")
    return value


def check_bank_name(value: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationFailed("请填写开户银行")
    if len(value) > 100:
        raise ValidationFailed("开户银行不能超过100个字")
    if len(value) < 4 or not _BANK_NAME.search(value):
        raise ValidationFailed("开户银行请填写银行全称及开户网点，如“中国工商银行绍兴越城支行”")
    return value


def _plain(name: str) -> str:
    return "".join((name or "").split()).replace("（", "(").replace("）", ")")


def check_holder(value: str, *, names: tuple[str, ...]) -> str:
    """The account holder must be the registered party itself (名称, or the person for an
    individual or a team): subsidies are never paid into a third party's account."""
    value = " ".join((value or "").split())
    if not value:
        raise ValidationFailed("请填写账户名称（户名）")
    wanted = [n for n in names if n]
    if wanted and _plain(value) not in {_plain(n) for n in wanted}:
        raise ValidationFailed(
            f"账户名称须与登记名称“{wanted[0]}”一致，补助资金不能拨付到其他单位或个人的账户"
        )
    return value


def check_upload(upload, label: str, *, required_: bool = True):
    """Size and type of an uploaded file: PDF, JPG, PNG, Word or Excel up to
    INNOVOUCHER_MAX_UPLOAD_MB (10 MB), the content matching the name (checked by its bytes, not by
    what the browser claims). Stored under a random name and served as an attachment with nosniff
    (core.web.file_response)."""
    limit = max_upload_bytes()
    limit_text = f"{limit / 1024 / 1024:g}MB"
    if upload is None:
        if required_:
            raise ValidationFailed(f"请上传{label}（{UPLOAD_KINDS}格式，不超过{limit_text}）")
        return None
    name = (getattr(upload, "name", "") or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in UPLOAD_SIGNATURES:
        raise ValidationFailed(
            f"{label}只接受 {UPLOAD_KINDS} 格式，您上传的是“{ext or '无扩展名'}”文件"
        )
    if upload.size > limit:
        raise ValidationFailed(
            f"{label}不能超过{limit_text}，您上传的文件为{upload.size / 1024 / 1024:.1f}MB"
        )
    if upload.size == 0:
        raise ValidationFailed(f"{label}是空文件，请重新上传")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in UPLOAD_SIGNATURES[ext]) or (
        ext in OFFICE_PARTS and not _office_package_ok(upload, ext)
    ):
        raise ValidationFailed(
            f"{label}的内容与扩展名“{ext}”不符，请上传真实的 {UPLOAD_KINDS} 文件"
        )
    return upload


def parse_percent_to_bp(value) -> int:
    """ "30" / "30.5" / "30.25%" → basis points (3000 / 3050 / 3025)."""
    text = str(value or "").strip().rstrip("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed("持股比例应为数字，如 30 或 12.5") from None
    bp = number * 100
    if bp != bp.to_integral_value():
        raise ValidationFailed("持股比例最多保留两位小数")
    if not (0 < bp <= 10000):
        raise ValidationFailed("持股比例应大于0且不超过100%")
    return int(bp)


def parse_date(value, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationFailed(f"{label}应为日期，格式如 2026-06-01") from None

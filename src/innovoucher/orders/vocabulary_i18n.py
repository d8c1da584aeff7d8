"""Fixed Chinese labels the order pages show that live in `orders.domain` (which cannot import
Django): marked here so that `makemessages` extracts them; `templatetags/order_labels.py`
translates the values. `tests/test_english.py` checks that every label is listed."""

from django.utils.translation import gettext_noop

# orders.domain.VERDICT_LABELS
VERDICTS = (
    gettext_noop("通过"),
    gettext_noop("不通过"),
    gettext_noop("需人工核实"),
)

# orders.domain.CHECK_LABELS
CHECKS = (
    gettext_noop("合同金额与订单一致"),
    gettext_noop("履行期限"),
    gettext_noop("支持范围"),
    gettext_noop("双方实名认证与入库"),
    gettext_noop("化整为零核查"),
    gettext_noop("技术合同类型与登记"),
)

"""The fixed Chinese vocabulary the provider pages show but that lives in modules which cannot
import Django (`providers.domain`) or in model field names (the service history): marked here so
that `makemessages` extracts it; the templates translate the values with `{% translate value %}`.
The policy engine's vocabulary is marked once, in `policies.labels`. `tests/test_english.py`
checks that every value is listed."""

from django.utils.translation import gettext_noop

# providers.domain.WEEKDAYS and the closed day of OpeningCalendar.describe
WEEKDAYS = (
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
    gettext_noop("不开放"),
)

# providers.domain.LEVEL_LABELS
LEVELS = (
    gettext_noop("国家级"),
    gettext_noop("省级"),
    gettext_noop("市级"),
)

# verbose names of Service fields (the service's change history)
SERVICE_FIELDS = (
    gettext_noop("服务类别"),
    gettext_noop("服务名称"),
    gettext_noop("服务内容"),
    gettext_noop("服务流程"),
    gettext_noop("收费标准"),
    gettext_noop("参考价格（分）"),
    gettext_noop("服务周期（天）"),
    gettext_noop("上架"),
    gettext_noop("状态"),
    gettext_noop("发布时间"),
    gettext_noop("修改时间"),
    gettext_noop("名称拼音首字母"),
    gettext_noop("服务机构"),
)

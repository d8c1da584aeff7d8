"""The fixed Chinese vocabulary the provider pages show but that lives in modules which cannot
import Django (the policy engine's vocabulary, `providers.domain`) or in model field names (the
service history): marked here so that `makemessages` extracts it; the templates translate the
values with `{% translate value %}`. `tests/test_english.py` checks that every value is listed."""

from django.utils.translation import gettext_noop

# policies.engine.vocabulary.SERVICE_CATEGORIES
SERVICE_CATEGORIES = (
    gettext_noop("检验检测/测试分析"),
    gettext_noop("研究开发/委托开发/合作研发"),
    gettext_noop("技术/产品/工程/工业设计"),
    gettext_noop("小试中试/工程化"),
    gettext_noop("样品加工"),
    gettext_noop("模具开发"),
    gettext_noop("动物实验"),
    gettext_noop("科学数据"),
    gettext_noop("数据计算/机时"),
    gettext_noop("生物种质与实验材料"),
    gettext_noop("科技查新"),
    gettext_noop("购买技术成果/专利"),
    gettext_noop("技术转移转化"),
    gettext_noop("科技成果评价"),
    gettext_noop("知识产权"),
    gettext_noop("科技咨询"),
    gettext_noop("科技培训"),
    gettext_noop("仪器维修维护"),
    gettext_noop("孵化服务/场地"),
    gettext_noop("技术推广"),
    gettext_noop("信息技术"),
    gettext_noop("工程技术"),
    gettext_noop("科技金融"),
    gettext_noop("认证/质量体系"),
    gettext_noop("强制/法定检测"),
    gettext_noop("生产性常规/批量检测"),
    gettext_noop("市场数据分析"),
    gettext_noop("商务法律咨询"),
    gettext_noop("财务审计"),
    gettext_noop("上市辅导"),
    gettext_noop("高企/科小认定咨询"),
    gettext_noop("办公租赁/物业"),
    gettext_noop("工商注册/代理记账"),
    gettext_noop("其他"),
)

# policies.engine.vocabulary.PROVIDER_KINDS
PROVIDER_KINDS = (
    gettext_noop("高等院校"),
    gettext_noop("科研院所"),
    gettext_noop("重点实验室"),
    gettext_noop("技术创新中心"),
    gettext_noop("工程（技术）研究中心"),
    gettext_noop("新型研发机构"),
    gettext_noop("中试基地/平台"),
    gettext_noop("孵化器/众创空间"),
    gettext_noop("技术转移机构"),
    gettext_noop("检验检测机构"),
    gettext_noop("企业技术中心/研究院"),
    gettext_noop("科技服务企业"),
    gettext_noop("临床医学研究中心"),
    gettext_noop("科技基础条件平台"),
    gettext_noop("知识产权代理机构"),
)

# policies.engine.vocabulary.FUNDER_LEVELS
FUNDER_LEVELS = (
    gettext_noop("省级（自治区）财政"),
    gettext_noop("市级财政"),
    gettext_noop("区县财政"),
)

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

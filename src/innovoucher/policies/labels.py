"""The English catalogue's view of the policy engine's shared vocabulary (issue 15).

The engine (`policies.engine.vocabulary`) is pure Python and keeps its labels in Chinese, the
stored and contractual text. The pages translate them when they show them
(`{% translate order.get_category_display %}` or `label(text)`); the `gettext_noop` lines below
only put the same Chinese into the catalogue. `tests/test_labels.py` checks they stay in step.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

SERVICE_CATEGORY_LABELS = (
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
FUNDING_LEVEL_LABELS = (
    gettext_noop("国家级财政资金"),
    gettext_noop("省级（自治区）财政资金"),
    gettext_noop("市级财政资金"),
    gettext_noop("区县财政资金"),
)
FUNDER_LEVEL_LABELS = (
    gettext_noop("省级（自治区）财政"),
    gettext_noop("市级财政"),
    gettext_noop("区县财政"),
)
PROVIDER_KIND_LABELS = (
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
PAYEE_LABELS = (gettext_noop("申请主体（使用方）"), gettext_noop("服务机构（供给方）"))
# Short level names the payment and approval pages build (省级 / 市级 / 区县级).
LEVEL_SHORT_LABELS = (
    gettext_noop("国家级"),
    gettext_noop("省级"),
    gettext_noop("市级"),
    gettext_noop("区县级"),
)

# The ledger's statuses and levels as the payment panel shows them (ledger.states, accounts).
LEDGER_LABELS = (
    gettext_noop("排队待资金"),
    gettext_noop("已预留"),
    gettext_noop("已支付"),
    gettext_noop("未获兑付"),
    gettext_noop("已释放"),
    gettext_noop("待导出"),
    gettext_noop("已导出"),
    gettext_noop("已到账"),
    gettext_noop("支付失败"),
    gettext_noop("已取消"),
    gettext_noop("暂缓：收款账户未登记或未核验"),
    gettext_noop("县级"),
)


def label(text: str) -> str:
    """The vocabulary label `text` in the active language (itself where none is known)."""
    return gettext(text) if text else text

"""Menu entries of the apps that have no nav.py of their own (see portal/navigation.py).

Who sees what follows the permission checks of each app (accounts/roles.py and the apps'
permissions modules): parties see their own workspace, officials their queues in their region,
finance the money pages, administrators their consoles, auditors the read-only pages.
"""

from django.utils.translation import gettext_lazy as _

from innovoucher.accounts.roles import (
    REGISTRY_READER_ROLES,
    REVIEWER_ROLES,
    Role,
)
from innovoucher.core.nav import (
    ANONYMOUS,
    NON_OFFICIAL,
    PORTAL,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    entry,
)

R = Role
REVIEWERS = tuple(REVIEWER_ROLES)
PARTIES = (R.APPLICANT, R.INCUBATOR_AGENT, R.PROVIDER_STAFF)
FIRMS = (R.APPLICANT, R.INCUBATOR_AGENT)
ISSUERS = (*REVIEWERS, R.OPERATOR)

NAV_ENTRIES = [
    # The public portal (everyone).
    entry("portal:home", _("首页"), audience=PUBLIC, group=PORTAL),
    entry("notices:list", _("通知公告"), audience=PUBLIC, group=PORTAL),
    entry("policies:list", _("政策文件"), audience=PUBLIC, group=PORTAL),
    entry("portal:quote", _("补贴测算"), audience=PUBLIC, group=PORTAL),
    entry("providers:directory", _("服务机构"), audience=PUBLIC, group=PORTAL),
    entry("portal:map", _("创新地图"), audience=PUBLIC, group=PORTAL),
    entry("redemptions:calls", _("兑付通知"), audience=PUBLIC, group=PORTAL),
    entry("redemptions:publicity_list", _("公示公告"), audience=PUBLIC, group=PORTAL),
    entry("redemptions:approval_list", _("批复文件"), audience=PUBLIC, group=PORTAL),
    entry("portal:calendar", _("工作日历"), audience=PUBLIC, group=PORTAL),
    entry("supervision:report", _("投诉举报"), audience=PUBLIC, group=PORTAL),
    entry("registry:register", _("注册登记"), audience=ANONYMOUS, group=PORTAL),
    entry("registry:register", _("注册登记"), audience=NON_OFFICIAL, group=PORTAL),
    # Everyone signed in: the landing page (to-dos with deadlines) and the inbox.
    entry("notifications:todos", _("待办事项"), audience=SIGNED_IN),
    entry("notifications:inbox", _("消息中心"), audience=SIGNED_IN),
    # Parties: firms, teams' incubators, service providers.
    entry("registry:workspace", _("工作台"), *PARTIES, R.SECURITY_ADMIN, superuser=True),
    entry("registry:team_register", _("团队登记"), R.INCUBATOR_AGENT),
    entry("vouchers:home", _("我的创新券"), *FIRMS),
    entry("providers:workspace", _("机构工作台"), R.PROVIDER_STAFF, *REVIEWERS, R.EXPERT),
    entry("providers:award", _("奖补测算"), R.PROVIDER_STAFF),
    entry("providers:bookings", _("仪器机时"), *PARTIES),
    entry("orders:list", _("服务订单"), *PARTIES, *REGISTRY_READER_ROLES, R.EXPERT),
    entry("orders:contracts", _("服务合同"), *PARTIES, *REGISTRY_READER_ROLES),
    entry("redemptions:mine", _("兑付申请"), R.APPLICANT, R.PROVIDER_STAFF),
    # S&T officials (county, city, province) and the operator; the auditor reads.
    entry("registry:organisations", _("主体审核"), *REGISTRY_READER_ROLES),
    entry("registry:filings", _("备案审核"), *REGISTRY_READER_ROLES),
    entry("registry:relations", _("关联核查"), *REGISTRY_READER_ROLES),
    entry("providers:recognitions", _("机构认定"), *REVIEWERS, R.OPERATOR, R.AUDITOR),
    entry("vouchers:official", _("创新券管理"), *ISSUERS, R.AUDITOR),
    entry(
        "redemptions:queue",
        _("兑付审核"),
        *REVIEWERS,
        R.OPERATOR,
        R.FINANCE_OFFICER,
        R.AUDITOR,
        R.EXPERT,
    ),
    # Calls are published at the policy's level (a city or a province, never a county).
    entry("redemptions:call_publish", _("兑付通知发布"), R.CITY_REVIEWER, R.PROVINCE_REVIEWER),
    entry("redemptions:publicity_manage", _("公示管理"), *REVIEWERS),
    # Administrators (三员分立) and Django staff.
    entry("account_roles", _("角色管理"), R.SECURITY_ADMIN, superuser=True),
    entry("workdays:import", _("日历导入"), audience=STAFF),
    entry("admin:index", _("系统管理"), audience=STAFF),
]

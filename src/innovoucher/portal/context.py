"""Navigation for every page. Each app adds its entries here so every page is reachable."""

from django.urls import reverse

from innovoucher.evaluation.nav import evaluation_nav_items
from innovoucher.ledger.nav import finance_nav_items
from innovoucher.redemptions.nav import redemption_nav_items
from innovoucher.security.nav import security_nav_items
from innovoucher.stats.nav import stats_nav_items
from innovoucher.supervision.nav import supervision_nav_items

PUBLIC_NAV = [
    ("portal:home", "首页"),
    ("policies:list", "政策文件"),
    ("portal:quote", "补贴测算"),
    ("portal:calendar", "工作日历"),
    ("registry:register", "注册登记"),
    ("registry:workspace", "工作台"),
    ("providers:directory", "服务机构"),
    ("providers:workspace", "机构工作台"),
    ("redemptions:calls", "兑付通知"),
    ("redemptions:mine", "兑付申请"),
    ("redemptions:queue", "兑付审核"),
    ("redemptions:publicity_list", "公示公告"),
    ("redemptions:approval_list", "批复文件"),
    ("vouchers:home", "我的创新券"),
    ("orders:list", "服务订单"),
    ("notifications:todos", "待办事项"),
    ("notifications:inbox", "消息中心"),
    ("stats:public", "公开统计"),
]


def navigation(request):
    items = [(reverse(name), label) for name, label in PUBLIC_NAV]
    path = request.path
    nav = [
        {
            "url": url,
            "label": label,
            "active": (url == "/" and path == "/") or (url != "/" and path.startswith(url)),
        }
        for url, label in items
    ]
    staff = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        staff.append({"url": reverse("admin:index"), "label": "系统管理"})
    staff.extend(finance_nav_items(user))
    staff.extend(supervision_nav_items(user))
    staff.extend(evaluation_nav_items(user) + stats_nav_items(user))
    staff.extend(security_nav_items(user))
    staff.extend(redemption_nav_items(user))
    return {"nav_items": nav, "staff_nav_items": staff}

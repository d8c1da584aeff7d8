"""Translatable labels of the registry's pure vocabularies (issue 15): the provider kinds of the
policy engine, the identity-document kinds of `idnumber` and the affiliation kinds of `domain`.

Those modules never import Django, so their Chinese labels cannot be marked for translation
where they are defined; the pages and forms show these instead. The Chinese text is the same
string (the msgid), which `tests/test_english.py` checks against the pure dictionaries.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROVIDER_KIND_LABELS = {
    "university": _("高等院校"),
    "research_institute": _("科研院所"),
    "key_lab": _("重点实验室"),
    "tech_innovation_center": _("技术创新中心"),
    "engineering_center": _("工程（技术）研究中心"),
    "new_rd_institution": _("新型研发机构"),
    "pilot_base": _("中试基地/平台"),
    "incubator": _("孵化器/众创空间"),
    "tech_transfer_agency": _("技术转移机构"),
    "testing_agency": _("检验检测机构"),
    "enterprise_rd_center": _("企业技术中心/研究院"),
    "service_company": _("科技服务企业"),
    "clinical_research_center": _("临床医学研究中心"),
    "st_platform": _("科技基础条件平台"),
    "ip_agency": _("知识产权代理机构"),
}

ID_KIND_LABELS = {
    "resident": _("居民身份证"),
    "hk_permit": _("港澳台居民居住证（香港）"),
    "macau_permit": _("港澳台居民居住证（澳门）"),
    "taiwan_permit": _("港澳台居民居住证（台湾）"),
    "foreign_permanent": _("外国人永久居留身份证"),
}

AFFILIATION_KIND_LABELS = {
    "subordinate": _("隶属"),
    "co_built": _("共建"),
    "equity": _("参股"),
}

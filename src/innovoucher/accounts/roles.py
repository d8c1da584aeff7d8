"""Roles a person holds, each bound to a region (GB/T 2260 code). Pure definitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovoucher.regions.domain import NATIONAL


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请主体经办人")
    INCUBATOR_AGENT = "incubator_agent", _("孵化载体经办人")
    PROVIDER_STAFF = "provider_staff", _("服务机构经办人")
    COUNTY_REVIEWER = "county_reviewer", _("区县科技部门审核人")
    CITY_REVIEWER = "city_reviewer", _("市科技部门审核人")
    PROVINCE_REVIEWER = "province_reviewer", _("省（区）科技部门审核人")
    FINANCE_OFFICER = "finance_officer", _("财政部门经办人")
    OPERATOR = "operator", _("平台运营机构")
    EXPERT = "expert", _("评审专家")
    AUDITOR = "auditor", _("审计监督（只读）")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


# 三员分立: one account never holds two of these.
SEPARATED_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
STAFF_ROLES = frozenset(
    {
        Role.COUNTY_REVIEWER,
        Role.CITY_REVIEWER,
        Role.PROVINCE_REVIEWER,
        Role.FINANCE_OFFICER,
        Role.OPERATOR,
        Role.AUDITOR,
        *SEPARATED_ADMIN_ROLES,
    }
)

# Platform-wide roles (the three administrators) are bound to the national code 100000, which
# contains every region.
PLATFORM_REGION = NATIONAL
PARTY_ROLES = frozenset({Role.APPLICANT, Role.INCUBATOR_AGENT, Role.PROVIDER_STAFF})
REVIEWER_ROLES = frozenset({Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER})
# Who reads a party's registry records in their region (read-only for operator and auditor).
REGISTRY_READER_ROLES = (
    Role.COUNTY_REVIEWER,
    Role.CITY_REVIEWER,
    Role.PROVINCE_REVIEWER,
    Role.OPERATOR,
    Role.AUDITOR,
)
# Who reviews registrations and verifies eligibility facts (the county bureau; the city where
# the policy gives it registration, e.g. Shanxi art. 9, or for a city-level registrant).
REGISTRATION_REVIEWER_ROLES = (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER)
# Who may see a personal number unmasked (each view is audited).
PII_REVEAL_ROLES = (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.OPERATOR)
# The level a reviewer role works at (GB/T 2260 level of its region code).
ROLE_LEVEL = {
    Role.COUNTY_REVIEWER: "county",
    Role.CITY_REVIEWER: "city",
    Role.PROVINCE_REVIEWER: "province",
}

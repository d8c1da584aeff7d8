"""The shared vocabulary: applicant kinds, provider kinds, service categories, funder levels.

Codes are fixed by contracts.md; labels are the Chinese shown to people.
"""

APPLICANT_KINDS = {
    "enterprise": "企业",
    "team": "创业（创客）团队",
    "individual": "个人创新创业者",
    "organisation": "社会组织等其他机构",
}

PROVIDER_KINDS = {
    "university": "高等院校",
    "research_institute": "科研院所",
    "key_lab": "重点实验室",
    "tech_innovation_center": "技术创新中心",
    "engineering_center": "工程（技术）研究中心",
    "new_rd_institution": "新型研发机构",
    "pilot_base": "中试基地/平台",
    "incubator": "孵化器/众创空间",
    "tech_transfer_agency": "技术转移机构",
    "testing_agency": "检验检测机构",
    "enterprise_rd_center": "企业技术中心/研究院",
    "service_company": "科技服务企业",
    "clinical_research_center": "临床医学研究中心",
    "st_platform": "科技基础条件平台",
    "ip_agency": "知识产权代理机构",
}

# Who paid for an activity already funded with public money (`service.public_funding_level`):
# Urumqi art. 12 (1) excludes only city money; the other schemes exclude any level.
FUNDING_LEVELS = {
    "national": "国家级财政资金",
    "province": "省级（自治区）财政资金",
    "city": "市级财政资金",
    "county": "区县财政资金",
}

SERVICE_CATEGORIES = {
    "testing": "检验检测/测试分析",
    "rd": "研究开发/委托开发/合作研发",
    "design": "技术/产品/工程/工业设计",
    "pilot": "小试中试/工程化",
    "sample_processing": "样品加工",
    "mould": "模具开发",
    "animal_experiment": "动物实验",
    "data": "科学数据",
    "computing": "数据计算/机时",
    "materials": "生物种质与实验材料",
    "novelty_search": "科技查新",
    "tech_purchase": "购买技术成果/专利",
    "tech_transfer": "技术转移转化",
    "achievement_evaluation": "科技成果评价",
    "ip": "知识产权",
    "consulting": "科技咨询",
    "training": "科技培训",
    "instrument_maintenance": "仪器维修维护",
    "incubation": "孵化服务/场地",
    "promotion": "技术推广",
    "it": "信息技术",
    "engineering": "工程技术",
    "finance": "科技金融",
    "certification": "认证/质量体系",
    "statutory_testing": "强制/法定检测",
    "batch_testing": "生产性常规/批量检测",
    "market_research": "市场数据分析",
    "legal": "商务法律咨询",
    "audit": "财务审计",
    "listing": "上市辅导",
    "qualification_consulting": "高企/科小认定咨询",
    "office_rental": "办公租赁/物业",
    "registration": "工商注册/代理记账",
    "other": "其他",
}

FUNDER_LEVELS = {"province": "省级（自治区）财政", "city": "市级财政", "county": "区县财政"}
PAYEES = {"applicant": "申请主体（使用方）", "provider": "服务机构（供给方）"}

FUNDER_ORDER_SET = tuple(FUNDER_LEVELS)

# How a trace line says that a cap did not cut the amount (a reader that cuts the amount later,
# e.g. by a voucher's balance, qualifies it: `redemptions.domain.trace_display`).
NOT_CAPPED = "未超过此上限"

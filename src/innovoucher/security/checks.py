"""Deployment checks (`innovoucher check --deploy`): the keys must not live beside the data.

Without `INNOVOUCHER_PII_KEY` / `INNOVOUCHER_AUDIT_KEY` the keys are generated into the data
directory next to the SQLite database and the media, so one copy of that directory holds the
ciphertext and its key (and the audit chain and the key to recompute it). Development may do so;
a production deployment sets both from its key management and the check says so otherwise.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

from innovoucher.core.audit import AUDIT_KEY_ENV
from innovoucher.core.crypto import KEY_ENV

KEYS = (
    ("innovoucher.W001", KEY_ENV, "pii_key", "个人信息加密密钥"),
    ("innovoucher.W002", AUDIT_KEY_ENV, "audit_key", "审计日志链密钥"),
)


@register(Tags.security, deploy=True)
def keys_apart_from_the_data(app_configs=None, **kwargs):
    problems = []
    for code, env, name, label in KEYS:
        if os.environ.get(env, "").strip():
            continue
        problems.append(
            CheckWarning(
                f"{label}保存在数据目录（{settings.VAR_DIR / name}），与数据库放在一起："
                "一份数据目录的拷贝就同时含有密文和密钥",
                hint=f"生产环境请由密钥管理系统或部署平台设置环境变量 {env}（64位十六进制）",
                id=code,
            )
        )
    return problems

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only record of every state change. Sealed into an SM3 hash chain by `audit_seal`.

    Events are inserted without locks (so audit never serialises the services); `audit_seal`
    later links them in id order: digest = SM3(previous digest ‖ canonical content).
    Changing or deleting a sealed row breaks the chain, which `audit_verify` reports.
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    region_code = models.CharField(max_length=6, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class StatusChange(models.Model):
    """One applied transition of a lifecycle (abstract): each app's change model adds the foreign
    key to its record (`related_name="changes"`) and any fields of its own. Written only by
    `core.lifecycle`, never edited."""

    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=32, blank=True)
    to_status = models.CharField("新状态", max_length=32)
    reasons = models.JSONField("理由", default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")

    class Meta:
        abstract = True
        ordering = ["id"]


class Generation(models.Model):
    """A counter per name (``redemptions.paid:<year>``), bumped in the same transaction as a change
    of the
    data a cached statistic reads; the cache key carries it, so a committed change is never
    answered from an older entry, in any process."""

    name = models.CharField("名称", max_length=40, primary_key=True)
    value = models.BigIntegerField("代数", default=0)
    # Drawn when the row is created: a database rebuilt (or a test's rolled-back one) never meets
    # the cache entries of the old one under the same generation number.
    token = models.CharField("标识", max_length=32)

    class Meta:
        verbose_name = verbose_name_plural = "统计缓存代数"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class StatusFlags:
    """`record.is_<status>` for every choice of the model's `status` field, so templates test a
    flag (`{% if check.is_planned %}`) instead of comparing status strings; an unknown status
    name raises AttributeError as any missing attribute does."""

    def __getattr__(self, name: str):
        if name.startswith("is_") and not name.startswith("is__"):
            try:
                field = type(self)._meta.get_field("status")
            except Exception:
                raise AttributeError(name) from None
            value = name[3:]
            if any(value == choice for choice, _ in field.flatchoices):
                return self.__dict__.get("status") == value
        raise AttributeError(name)

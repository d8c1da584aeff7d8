"""The serialization format of backups: Django's JSON, but datetimes keep their microseconds.

DjangoJSONEncoder cuts datetimes to milliseconds; the audit chain hashes `at.isoformat()` with
microseconds, so a JSON dump restored that way breaks every digest. Registered as "backupjson"
by `core.backup` (never in settings: nothing else uses it)."""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer

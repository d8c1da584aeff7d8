"""The OpenAPI document of the API, made to tell the truth (issue 14, schemathesis in CI).

django-ninja names every component schema after its class and merges the components of all
operations into one dict: two apps' `ChangeOut` (or `StepOut`, `QueueItemOut`, …) silently
overwrite each other, so an operation is documented with another app's fields. Here a class
name used by more than one schema class becomes qualified by its app (``RedemptionsChangeOut``,
``RegistryChangeOut``); a unique name stays as it is.

Every operation may also answer the API's error shape `{code, message, details}` with 400, 401,
403, 404, 409 or 422 (the exception handlers in `api.py` and the guards in `guard.py`): those are
documented on every operation that does not declare them itself.
"""

from __future__ import annotations

import collections
import typing
from typing import ClassVar

from ninja.openapi import schema as ninja_schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel
from pydantic.json_schema import DefsRef

ERROR_STATUSES = ("400", "401", "403", "404", "409", "422")
ERROR_COMPONENT = "ApiError"
ERROR_SCHEMA = {
    "title": ERROR_COMPONENT,
    "type": "object",
    "properties": {
        "code": {"title": "Code", "type": "string"},
        "message": {"title": "Message", "type": "string"},
        "details": {"title": "Details", "type": "object", "additionalProperties": True},
    },
    "required": ["code", "message", "details"],
}


def qualified(module: str, name: str) -> str:
    """`innovoucher.redemptions.api_publicity` + `ItemOut` → `RedemptionsPublicityItemOut`."""
    parts = module.split(".")[1:] if module.startswith("innovoucher.") else module.split(".")
    words = []
    for part in parts:
        part = part.removeprefix("api_")
        if part and part != "api":
            words.extend(w.capitalize() for w in part.split("_"))
    return "".join(words) + name


class UniqueNamesGenerator(NinjaGenerateJsonSchema):
    colliding: ClassVar[frozenset[str]] = frozenset()

    def get_defs_ref(self, core_mode_ref):
        ref = super().get_defs_ref(core_mode_ref)
        core_ref = core_mode_ref[0]
        if "[" in core_ref:  # generics keep pydantic's own naming
            return ref
        module, _, name = core_ref.rsplit(":", 1)[0].rpartition(".")
        if name in self.colliding:
            choices = self._prioritized_defsref_choices[ref]
            choices.insert(0, DefsRef(qualified(module, name)))
        return ref


def _models(tp, into: dict[str, set[type]], seen: set) -> None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in seen:
            return
        seen.add(tp)
        if not tp.__module__.startswith("ninja."):
            into[tp.__name__].add(tp)
        for info in tp.model_fields.values():
            _models(info.annotation, into, seen)
        return
    for arg in typing.get_args(tp):
        _models(arg, into, seen)


def schema_classes(api) -> dict[str, set[type]]:
    """Class name -> the schema classes of that name used by any operation of `api`."""
    found: dict[str, set[type]] = collections.defaultdict(set)
    seen: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models(model, found, seen)
                for model in (operation.response_models or {}).values():
                    _models(model, found, seen)
    return found


class TruthfulSchema(OpenAPISchema):
    def __init__(self, api, path_prefix: str) -> None:
        UniqueNamesGenerator.colliding = frozenset(
            name for name, classes in schema_classes(api).items() if len(classes) > 1
        )
        # ninja's builder names its generator as a module global (bodies, parameters and
        # responses alike): ours in its place while this document is built.
        builder, ninja_schema.NinjaGenerateJsonSchema = (
            ninja_schema.NinjaGenerateJsonSchema,
            UniqueNamesGenerator,
        )
        try:
            super().__init__(api, path_prefix)
        finally:
            ninja_schema.NinjaGenerateJsonSchema = builder
        self["components"].setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
        ref = {"$ref": REF_TEMPLATE.format(model=ERROR_COMPONENT)}
        for methods in self["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status in ERROR_STATUSES:
                    responses.setdefault(
                        status,
                        {"description": "错误", "content": {"application/json": {"schema": ref}}},
                    )

"""Input guards applied to every operation of the API (issue 14, 软件容错: bad input is never a
500).

Two decorators, attached once to the whole API in `api.py` (`api.add_decorator`):

- `bounded_request` (before validation): path ids beyond a 64-bit integer answer 404 (nothing has
  such an id; SQLite and PostgreSQL would overflow), integer query parameters (page, offset,
  limit, year, …) beyond `QUERY_INT_MAX` answer 422 ``out_of_range``, and a NUL character in a
  query or path value answers 422 ``invalid_characters`` — anonymous callers included.
- `clean_payload` (after validation): every string of the request body (nested schemas and lists
  included) is refused with 422 when it holds a NUL character (PostgreSQL cannot store it) or is
  longer than the model field it is stored in, every integer beyond 64 bits is refused.

The maximum length of a schema field is its own ``max_length`` when the schema declares one,
else the ``max_length`` of the model fields of the same name in the schema's app (the largest,
so that no valid value is refused; the database's own check stays as the last line and is turned
into a 422 by the API's DataError handler), else `TEXT_MAX` for free text.
"""

from __future__ import annotations

import functools
import inspect
import typing

from annotated_types import MaxLen
from django.apps import apps
from django.http import JsonResponse
from pydantic import BaseModel

from innovoucher.api.codes import Code
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import DomainError

ID_MAX = 2**63 - 1  # the largest id a BigAutoField can hold
QUERY_INT_MAX = 2**31 - 1  # page, offset, limit, year: anything beyond is a mistake
TEXT_MAX = 20_000  # free text (TextField) in one request field


class InputRefused(DomainError):
    status = 422
    code = Code.INVALID_CHARACTERS


def _refuse(code: str, message: str, field: str, status: int = 422) -> InputRefused:
    return InputRefused(
        message, code=code, status=status, details={"fields": {field: [message]}, "field": field}
    )


def _int_value(text: str) -> int | None:
    text = text.strip()
    if text[:1] in "+-":
        body = text[1:]
    else:
        body = text
    return int(text) if body.isdigit() and body.isascii() else None


def _int_params(view_func) -> set[str]:
    """Names of the view's parameters annotated as int (or int | None)."""
    names = set()
    try:
        hints = typing.get_type_hints(inspect.unwrap(view_func))
    except Exception:  # noqa: BLE001 - an unresolvable annotation only means no bound for it
        return names
    for name, hint in hints.items():
        if hint is int or int in typing.get_args(hint):
            names.add(name)
    return names


def bounded_request(run):
    """Wrap `Operation.run`: refuse out-of-range ids and integers, and NUL, before validation."""
    operation = getattr(run, "__self__", None)
    int_names = _int_params(operation.view_func) if operation is not None else set()

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        error = _check_request(request, kwargs, int_names)
        if error is not None:
            return JsonResponse(
                error.as_dict(), status=error.status, json_dumps_params={"ensure_ascii": False}
            )
        return run(request, *args, **kwargs)

    return wrapper


def _check_request(request, path_kwargs: dict, int_names: set[str]) -> InputRefused | None:
    for name, value in path_kwargs.items():
        if isinstance(value, int) and not -ID_MAX <= value <= ID_MAX:
            return _refuse(CoreCode.NOT_FOUND, "请求的资源不存在", name, status=404)
        if isinstance(value, str) and "\x00" in value:
            return _refuse(Code.INVALID_CHARACTERS, f"{name} 含有不允许的字符（NUL）", name)
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in value or "\x00" in name:
                return _refuse(Code.INVALID_CHARACTERS, f"查询参数 {name} 含有不允许的字符", name)
            number = _int_value(value) if name in int_names else None
            if number is not None and not -QUERY_INT_MAX <= number <= QUERY_INT_MAX:
                return _refuse(
                    Code.OUT_OF_RANGE,
                    f"查询参数 {name} 超出范围：应为不超过 {QUERY_INT_MAX} 的整数",
                    name,
                )
    return None


def clean_payload(view_func):
    """Wrap the view function: refuse NUL, over-length strings and huge integers in the body."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        for name, value in kwargs.items():
            if isinstance(value, BaseModel):
                _check_value(value, None, "", name)
        return view_func(request, *args, **kwargs)

    return wrapper


def _check_value(value, schema: type | None, field: str, path: str) -> None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _check_value(getattr(value, name, None), type(value), name, _join(path, name))
    elif isinstance(value, list | tuple | set):
        for i, item in enumerate(value):
            _check_value(item, schema, field, f"{path}.{i}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(key, schema, field, path)
            _check_value(item, schema, field, _join(path, str(key)))
    elif isinstance(value, str):
        label = path.split(".", 1)[-1] if "." in path else path
        if "\x00" in value:
            raise _refuse(
                Code.INVALID_CHARACTERS, f"{label} 含有不允许的字符（NUL），请删除后重试", label
            )
        limit = max_length(schema, field) if schema is not None else TEXT_MAX
        if len(value) > limit:
            raise _refuse(
                Code.TOO_LONG,
                f"{label} 过长：最多 {limit} 个字符，当前 {len(value)} 个",
                label,
            )
    elif isinstance(value, int) and not isinstance(value, bool):
        if not -ID_MAX <= value <= ID_MAX:
            label = path.split(".", 1)[-1] if "." in path else path
            raise _refuse(Code.OUT_OF_RANGE, f"{label} 超出范围", label)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


@functools.cache
def max_length(schema: type, field: str) -> int:
    """The longest value `schema.field` may hold (see the module docstring)."""
    info = getattr(schema, "model_fields", {}).get(field)
    if info is not None:
        declared = [m.max_length for m in info.metadata if isinstance(m, MaxLen)]
        if declared:
            return min(declared)
    lengths = [n for n in _model_lengths(_app_label(schema)).get(field, [])]
    if not lengths:
        lengths = [n for app in _all_labels() for n in _model_lengths(app).get(field, [])]
    return max(lengths) if lengths else TEXT_MAX


def _app_label(schema: type) -> str:
    parts = schema.__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "innovoucher" else ""


@functools.cache
def _all_labels() -> tuple[str, ...]:
    return tuple(c.label for c in apps.get_app_configs() if c.name.startswith("innovoucher."))


@functools.cache
def _model_lengths(app_label: str) -> dict[str, list[int]]:
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return {}
    lengths: dict[str, list[int]] = {}
    for model in config.get_models():
        for f in model._meta.concrete_fields:
            n = getattr(f, "max_length", None)
            if isinstance(n, int) and f.get_internal_type() in {
                "CharField",
                "EmailField",
                "SlugField",
                "URLField",
            }:
                lengths.setdefault(f.name, []).append(n)
    return lengths

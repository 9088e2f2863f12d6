"""Schemathesis hooks for .ci/schemathesis: the one rule of the API that JSON Schema cannot state.

A body names its own address: the unit of `PUT /units/{unit}` and the unit and year of a
snapshot must be those of the path (422 otherwise). Just before a schema-valid (positive) case
is sent, in every phase, the path's values are written into its body, so that it is valid in this
respect too; a negative case is sent as generated, to be refused.
"""

import schemathesis
from schemathesis import GenerationMode


def _positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def _year(value):
    return int(value) if isinstance(value, str) and value.isdigit() else value


@schemathesis.hook
def before_call(context, case, kwargs):
    path, body = case.path_parameters or {}, case.body
    if not _positive(case) or not isinstance(body, dict) or "unit" not in path:
        return
    route = (case.method.upper(), case.operation.path)
    if route == ("PUT", "/units/{unit}"):
        body["code"] = path["unit"]
    elif route == ("POST", "/units/{unit}/years/{year}/revisions") and isinstance(body.get("unit"), dict):
        body["unit"]["code"] = path["unit"]
        body["year"] = _year(path.get("year", body.get("year")))

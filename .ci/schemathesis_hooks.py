"""Schemathesis hooks for .ci/schemathesis: the one rule of the API that JSON Schema cannot state.

A body names its own address: the unit of `PUT /units/{unit}` and the unit and year of a
snapshot must be those of the path (422 otherwise). A schema-valid case (positive) gets the
path's values written into its body, so that it is valid in this respect too; a negative case
is left as generated, to be refused.
"""

import schemathesis
from schemathesis import GenerationMode


def _positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook
def map_case(context, case):
    path, body = case.path_parameters or {}, case.body
    if not _positive(case) or not isinstance(body, dict) or "unit" not in path:
        return case
    route = (case.method.upper(), case.operation.path)
    if route == ("PUT", "/units/{unit}"):
        body["code"] = path["unit"]
    elif route == ("POST", "/units/{unit}/years/{year}/revisions") and isinstance(body.get("unit"), dict):
        body["unit"]["code"] = path["unit"]
        body["year"] = path.get("year", body.get("year"))
    return case

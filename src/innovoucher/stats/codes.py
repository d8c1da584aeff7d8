"""Error codes of the statistics pages."""

from enum import StrEnum


class Code(StrEnum):
    REGION_OUT_OF_SCOPE = "region_out_of_scope"
    CHART_UNKNOWN = "chart_unknown"
    MONTH_INVALID = "month_invalid"

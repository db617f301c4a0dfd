"""What the YAML reader gives: scalars as written, mappings and lists, each with the line and column it starts at."""

from __future__ import annotations

from typing import cast

import yaml

TAG_PREFIX = "tag:yaml.org,2002:"
PLAIN = "plain"  # a scalar written without quotes, its YAML type not yet worked out
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_RESOLVER = yaml.resolver.Resolver()


class YStr(str):
    """A scalar as written, with its position and the type YAML would read it as."""

    line: int
    col: int
    raw_tag: str

    @property
    def tag(self) -> str:
        """str, int, float, bool, null, timestamp …, as YAML 1.1 would read the scalar."""
        if self.raw_tag == PLAIN:
            tag = cast(str, _RESOLVER.resolve(yaml.ScalarNode, str(self), (True, False)))
            return tag.removeprefix(TAG_PREFIX)
        return self.raw_tag

    @property
    def is_null(self) -> bool:
        return self.raw_tag == PLAIN and self in _NULLS


class YMap(dict[str, "YValue | None"]):
    line: int
    col: int
    key_pos: dict[str, tuple[int, int]]


class YList(list["YValue | None"]):
    line: int
    col: int


YValue = YStr | YMap | YList

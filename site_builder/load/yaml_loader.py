"""PyYAML set up strictly: YAML 1.2-like implicit types, and no anchors, aliases, tags or deep nesting.

A site's files never need anchors (`&name`) and aliases (`*name`): refusing them as the document is composed,
before any value is built, means an alias bomb (the 'billion laughs') costs nothing. Explicit tags (`!!str`)
are refused the same way, and nesting deeper than MAX_DEPTH, which PyYAML would follow by recursion.
"""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 50  # values inside values; a site's files nest six levels at most
MAX_INT_DIGITS = 1000  # longer runs of digits stay text (Python refuses to convert very long ones)
QUOTE_HINT = "put the whole value in quotes"


class Refused(Exception):
    """A node the builder does not accept, where it starts and what to say about it."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types close to YAML 1.2's core schema, stricter still: only `true`/`false` are booleans.

    No yes/no/on/off (so `NO` stays Norway), no `True`, octal, sexagesimal or timestamps.
    """


_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class StrictLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                   yaml.composer.Composer, yaml.constructor.SafeConstructor, _Resolver):
    """Reads one YAML text; raises Refused for what site files never use, MarkedYAMLError for bad syntax."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        """PyYAML's, after refusing an alias, an anchor, a tag or one level too many."""
        refuse(self.peek_event(), self.depth)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:
        """Plain decimal: `012` is twelve, never octal; a number too long to convert stays text."""
        text = self.construct_scalar(node)
        return int(text, 10) if len(text) <= MAX_INT_DIGITS else text


StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)


def refuse(event: yaml.Event, depth: int) -> None:
    """Raise Refused when the node starting with `event` uses what site files never need."""
    if isinstance(event, yaml.AliasEvent):
        raise Refused(event.start_mark, "a value cannot start with '*' (YAML aliases are not used in site files)",
                      f"{QUOTE_HINT}; a value wanted twice is written out in full each time")
    if getattr(event, "anchor", None) is not None:
        raise Refused(event.start_mark, "a value cannot start with '&' (YAML anchors are not used in site files)",
                      f"{QUOTE_HINT}; a value wanted twice is written out in full each time")
    if getattr(event, "tag", None) is not None:
        raise Refused(event.start_mark, "a value cannot start with '!' (YAML tags are not used in site files)",
                      QUOTE_HINT)
    if depth >= MAX_DEPTH:
        raise Refused(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep here",
                      "site files nest a few levels at most: check the brackets ('[', '{') and the indentation "
                      "on this line and the ones above")

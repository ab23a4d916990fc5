"""Alert rules as data: the built-in `siege` and `mediation` packs
(`crawler/core/rules/packs.toml`, validated like a config) plus the `[[rules]]` of the
config. Terms are parsed once, here (syntax: `crawler/core/text/terms.py`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from crawler.core.config import RasadConfig, RuleConfig, parse_config
from crawler.core.text.terms import Term, parse_term

PACKS = Path(__file__).with_name("packs.toml")


@dataclass(frozen=True)
class Rule:
    name: str
    any: tuple[Term, ...] = ()
    all: tuple[Term, ...] = ()
    none: tuple[Term, ...] = ()
    sources: tuple[str, ...] = field(default=())
    languages: tuple[str, ...] = field(default=())

    @classmethod
    def from_config(cls, rc: RuleConfig) -> Rule:
        def terms(values: list[str]) -> tuple[Term, ...]:
            return tuple(parse_term(t) for t in values)

        return cls(rc.name, terms(rc.any), terms(rc.all), terms(rc.none),
                   tuple(rc.sources), tuple(rc.languages))

    @classmethod
    def make(cls, name: str, any: tuple[str, ...] = (), all: tuple[str, ...] = (),
             none: tuple[str, ...] = (), sources: tuple[str, ...] = (),
             languages: tuple[str, ...] = ()) -> Rule:
        """A rule from term strings (raises `TermError` on a bad term)."""
        return cls.from_config(RuleConfig(name=name, any=list(any), all=list(all),
                                          none=list(none), sources=list(sources),
                                          languages=list(languages)))


@cache
def default_rules() -> tuple[Rule, ...]:
    """The built-in packs, validated with the same code as a user's config."""
    data = tomllib.loads(PACKS.read_text(encoding="utf-8"))
    config = parse_config(data, str(PACKS), PACKS.read_text(encoding="utf-8"))
    return tuple(Rule.from_config(rc) for rc in config.rules)


def rules_from_config(config: RasadConfig) -> list[Rule]:
    """Built-in rules (unless switched off) then the config's; same name replaces."""
    rules = {r.name: r for r in (default_rules() if config.alerts.default_rules else ())}
    for rc in config.rules:
        rules[rc.name] = Rule.from_config(rc)
    return list(rules.values())


def find_rule(config: RasadConfig, name: str) -> Rule | None:
    return next((r for r in rules_from_config(config) if r.name == name), None)

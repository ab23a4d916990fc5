"""Alert rules as data: the built-in `siege` and `mediation` packs plus the
`[[rules]]` of the config. A term may be a word (matched with Arabic clitics and
suffixes), a lexeme family written `حصار*`-style in the packs below by listing its
forms, or a phrase of several words."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.config import RasadConfig, RuleConfig


@dataclass(frozen=True)
class Rule:
    name: str
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    languages: tuple[str, ...] = field(default=())

    @classmethod
    def from_config(cls, rc: RuleConfig) -> Rule:
        return cls(rc.name, tuple(rc.any), tuple(rc.all), tuple(rc.none),
                   tuple(rc.sources), tuple(rc.languages))


SIEGE = Rule(
    name="siege",
    any=(
        "حصار", "الحصار", "محاصرة", "محاصر", "محاصرين", "محاصرون", "المحاصرة",
        "يحاصر", "تحاصر", "يحاصرون", "حاصر", "حاصرت", "حاصروا", "فك الحصار",
        "طوق", "طوقا", "تطويق", "مطوقة", "يطوق", "تطوق", "طوقت",
        "قطع الطرق", "منع دخول المواد الغذائية", "منع دخول الغذاء",
    ),
)

MEDIATION = Rule(
    name="mediation",
    any=(
        "وساطة", "الوساطة", "وسيط", "وسطاء", "توسط", "يتوسط", "توسطت", "تتوسط",
        "برعاية", "حل الخلاف", "لحل الخلاف", "تسوية النزاع",
        "مساعي", "بمساعي", "مساع", "تهدئة التوتر", "وجهاء العشائر", "الصلح",
        "مبادرة للتسوية", "جولة مفاوضات",
    ),
)

DEFAULT_RULES = (SIEGE, MEDIATION)


def rules_from_config(config: RasadConfig) -> list[Rule]:
    """Built-in rules (unless switched off) then the config's; same name replaces."""
    rules = {r.name: r for r in (DEFAULT_RULES if config.alerts.default_rules else ())}
    for rc in config.rules:
        rules[rc.name] = Rule.from_config(rc)
    return list(rules.values())

"""The demo truth corpus: `Article`, `load_articles()` and `generate_articles()`.

`articles.json` holds the five real siege/mediation reports (furniture removed),
written negatives that share letters or words with the alert vocabulary (حصاد،
حصري، توسيع، وسط المدينة، مفاوضات الأسعار), three positives worded without the
obvious keywords, and one Persian and one English report for the language filter.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES = ("ar", "fa", "en")
TOPICS = ("siege", "mediation")
_REQUIRED = ("slug", "title", "paragraphs", "published", "author", "language", "topics")


@dataclass(frozen=True)
class Article:
    """One news article as the demo site publishes it; the expected extraction result."""

    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime  # timezone-aware
    author: str | None
    language: str  # "ar" | "fa" | "en"
    topics: tuple[str, ...]  # subset of TOPICS that the article truly reports
    tags: tuple[str, ...] = ()
    place: str | None = None  # dateline city ("الحسكة - خاص")
    image: str | None = None  # image file name shown under the picture
    caption: str | None = None

    @property
    def body(self) -> str:
        """The clean text, paragraphs joined by newlines (as `ArticleItem.body`)."""
        return "\n".join(self.paragraphs)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "article") -> Article:
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise ValueError(f"{where}: missing key {missing[0]!r}")
        published = datetime.fromisoformat(data["published"])
        if published.tzinfo is None:
            raise ValueError(f"{where}.published: needs a UTC offset")
        if data["language"] not in LANGUAGES:
            raise ValueError(f"{where}.language: {data['language']!r} not in {LANGUAGES}")
        unknown = set(data["topics"]) - set(TOPICS)
        if unknown:
            raise ValueError(f"{where}.topics: unknown topic {sorted(unknown)[0]!r}")
        if not data["paragraphs"] or not data["title"] or not data["slug"]:
            raise ValueError(f"{where}: empty slug, title or paragraphs")
        return cls(
            slug=data["slug"],
            title=data["title"],
            paragraphs=tuple(data["paragraphs"]),
            published=published,
            author=data["author"],
            language=data["language"],
            topics=tuple(data["topics"]),
            tags=tuple(data.get("tags", ())),
            place=data.get("place"),
            image=data.get("image"),
            caption=data.get("caption"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "published": self.published.isoformat(),
            "author": self.author,
            "language": self.language,
            "topics": list(self.topics),
            "tags": list(self.tags),
            "place": self.place,
            "image": self.image,
            "caption": self.caption,
        }


def load_articles(path: str | Path | None = None) -> list[Article]:
    """Read and validate the corpus (the bundled articles.json by default)."""
    if path is None:
        text = resources.files(__package__).joinpath("articles.json").read_text("utf-8")
        name = "articles.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        name = str(path)
    articles = [
        Article.from_dict(item, f"{name}[{index}]") for index, item in enumerate(json.loads(text))
    ]
    seen: set[str] = set()
    for article in articles:
        if article.slug in seen:
            raise ValueError(f"{name}: duplicate slug {article.slug!r}")
        seen.add(article.slug)
    return articles


_LEADS = (
    "أفادت مصادر محلية في {place} يوم {day} بأن الأوضاع شهدت تطورات جديدة"
    " خلال الساعات الماضية، وفق ما نقله مراسلنا في المنطقة ضمن المتابعة رقم {n}.",
    "تابع مراسلنا في {place} يوم {day} المستجدات الميدانية والخدمية، في تقرير"
    " يحمل الرقم {n} ضمن سلسلة التقارير الأسبوعية.",
    "نقل مراسلنا من {place} يوم {day} تفاصيل جديدة حول الملف، في المتابعة"
    " رقم {n} التي ينشرها الموقع.",
)
_DAYS = ("الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
_PLACES = ("دمشق", "حلب", "حمص", "حماة", "اللاذقية", "طرطوس", "درعا", "السويداء", "إدلب",
           "الرقة", "دير الزور", "الحسكة", "القامشلي", "منبج", "عفرين", "تدمر")


def generate_articles(n: int, seed: int = 0, corpus: list[Article] | None = None) -> list[Article]:
    """n distinct synthetic Arabic articles recombined from the corpus (deterministic).

    Each one gets a unique numbered lead paragraph and 3-6 paragraphs drawn from
    the whole Arabic pool; titles and slugs end in the article number; dates go
    back from 2024-09-01 in 2.5 to 4.5 hour steps. `topics` is the union of the
    topics of the articles the paragraphs came from: approximate truth, good
    enough for a throughput benchmark, not for alert scoring.
    """
    source = [a for a in (corpus or load_articles()) if a.language == "ar"]
    pool = [(paragraph, a) for a in source for paragraph in a.paragraphs]
    rng = random.Random(seed)
    start = datetime.fromisoformat("2024-09-01T08:00:00+03:00")
    minutes = 0
    out: list[Article] = []
    for index in range(n):
        base = source[rng.randrange(len(source))]
        picked = rng.sample(pool, rng.randint(3, 6))
        minutes += 150 + rng.randrange(120)
        published = start - timedelta(minutes=minutes)
        out.append(_synthetic(index + 1, base, picked, published, rng))
    return out


def _synthetic(
    number: int,
    base: Article,
    picked: list[tuple[str, Article]],
    published: datetime,
    rng: random.Random,
) -> Article:
    place = _PLACES[rng.randrange(len(_PLACES))]
    lead = _LEADS[number % len(_LEADS)].format(
        place=place, day=_DAYS[published.weekday()], n=number
    )
    topics = {topic for _, article in picked for topic in article.topics}
    return Article(
        slug=f"{base.slug}-{number}",
        title=f"{base.title} ({number})",
        paragraphs=(lead, *(paragraph for paragraph, _ in picked)),
        published=published,
        author=base.author,
        language="ar",
        topics=tuple(topic for topic in TOPICS if topic in topics),
        tags=base.tags,
        place=place,
        image=f"photo-{number}.jpg",
        caption=base.caption,
    )


def private_article() -> Article:
    """The draft under /private/: robots.txt forbids it, so no crawler may store it."""
    return Article(
        slug="internal-draft-hasakah",
        title="مسودة غير منشورة: الحصار على أحياء الحسكة والوساطة الروسية",
        paragraphs=(
            "مسودة داخلية للتحرير: تستمر قوات قسد بفرض الحصار على المربع الأمني في مدينة"
            " الحسكة، وسط أنباء عن وساطة روسية جديدة بين الطرفين.",
            "هذه المادة لم تجهز للنشر بعد، ولا يجوز لأي زاحف آلي جمعها لأن ملف robots.txt"
            " يمنع الوصول إلى هذا المسار.",
            "ينتظر فريق التحرير تأكيد المعلومات من مصدرين مستقلين قبل اعتماد الخبر ونشره.",
        ),
        published=datetime.fromisoformat("2024-08-10T09:00:00+03:00"),
        author=None,
        language="ar",
        topics=("siege", "mediation"),
        tags=("الحسكة",),
        place="الحسكة",
    )

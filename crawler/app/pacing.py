"""Adaptive poll intervals for continuous mode (`[schedule] mode = "continuous"`).

Each source without a cron `schedule` of its own is polled on its own interval,
kept between its bounds (`[schedule] min_interval` / `max_interval`, or the
source's): a poll that found new articles halves it (an outlet that is
publishing now is likely to publish again soon), a poll that found nothing, or
failed, multiplies it by `[schedule] backoff`. Busy outlets end up polled often,
quiet ones rarely; the next poll is due one interval after the last one ended,
less a random tenth at most, so sources that started together (a daemon start)
drift apart instead of polling in bursts.

A restarted daemon starts every source at its minimum interval, spread evenly
over the first minimum interval so that they do not all poll at once.
State lives in the daemon's memory; nothing is stored.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from crawler.core.config import RasadConfig


@dataclass
class Pace:
    low: float
    high: float
    interval: float
    due: float  # monotonic seconds
    busy: bool = False  # handed out, its result not in yet
    polls: int = 0


class Pacer:
    """Which sources are due (thread-safe); `finished` adapts their interval."""

    def __init__(self, bounds: dict[str, tuple[float, float]], backoff: float,
                 now: float) -> None:
        self.backoff = backoff
        self._random = random.Random()
        self._lock = threading.Lock()
        names = sorted(bounds)
        self._paces = {
            name: Pace(low, high, low, now + low * i / max(1, len(names)))
            for i, name in enumerate(names) for low, high in [bounds[name]]}

    @classmethod
    def for_config(cls, config: RasadConfig, names: list[str], now: float) -> Pacer:
        return cls({s.name: config.schedule.bounds(s) for s in config.sources
                    if s.name in names}, config.schedule.backoff, now)

    def sources(self) -> list[str]:
        return list(self._paces)

    def due(self, now: float) -> list[str]:
        """The sources due by `now` and not out; they are marked out."""
        with self._lock:
            out = [n for n, p in self._paces.items() if not p.busy and p.due <= now]
            for name in sorted(out, key=lambda n: self._paces[n].due):
                self._paces[name].busy = True
            return out

    def not_taken(self, source: str) -> None:
        """A source handed out but not accepted: due again at once."""
        with self._lock:
            if source in self._paces:
                self._paces[source].busy = False

    def finished(self, source: str, new: int, now: float) -> float | None:
        """Record a poll's outcome (`new`: articles new to the archive; -1: the poll
        failed); the source's next interval, or None when it is not paced."""
        with self._lock:
            pace = self._paces.get(source)
            if pace is None:
                return None
            if new > 0:
                pace.interval = max(pace.low, pace.interval / 2)
            else:
                pace.interval = min(pace.high, pace.interval * self.backoff)
            pace.busy = False
            pace.polls += 1
            pace.due = now + pace.interval * self._random.uniform(0.9, 1.0)
            return pace.interval

    def interval(self, source: str) -> float:
        with self._lock:
            return self._paces[source].interval

    def next_due(self) -> float | None:
        with self._lock:
            waiting = [p.due for p in self._paces.values() if not p.busy]
            return min(waiting) if waiting else None

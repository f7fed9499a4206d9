"""Writing to an SQL store: articles and their results, idempotently, and the reviewer's corrections.

In: :class:`geo.pipeline.ArticleResult` objects. Out: rows written in one transaction per
batch, with the identity rules of :mod:`geo.store.base`; the corrections of
:mod:`geo.store.corrections` are applied again when an article is re-extracted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from geo.pipeline import ArticleResult
from geo.store.base import (
    EVENT_COLUMNS,
    EVENT_FIELDS,
    IdCollision,
    IngestStats,
)
from geo.store.corrections import SQLCorrections
from geo.store.identity import (
    _as_date,
    _clean,
    _jsonable,
    _mention_pairs,
    _now_iso,
    _opt_float,
    _opt_int,
    assign_event_ids,
    clean_text,
    content_hash,
    front_line_key,
    geometry_pairs,
    result_hash,
)


class SQLWrites(SQLCorrections):
    """Writes of the SQL stores (see the module docstring)."""

    # -- writing --------------------------------------------------------------------------

    def upsert_article(self, result: ArticleResult) -> str:
        with self._transaction() as cur:
            outcome, _, _ = self._upsert(cur, result)
            self._after_write(cur, ("articles", "place_mentions", "events"))
        return "unchanged" if outcome == "duplicate" else outcome

    def add_results(
        self,
        results: Iterable[ArticleResult],
        *,
        batch_size: int = 500,
        on_error: Callable[[ArticleResult, Exception], None] | None = None,
        replace: bool = True,
    ) -> IngestStats:
        stats = IngestStats()
        batch: list[ArticleResult] = []
        for res in results:
            batch.append(res)
            if len(batch) >= batch_size:
                stats.add(self._write_batch(batch, on_error, replace))
                batch = []
        if batch:
            stats.add(self._write_batch(batch, on_error, replace))
        return stats

    def _write_batch(
        self, batch: list[ArticleResult], on_error: Callable[[ArticleResult, Exception], None] | None,
        replace: bool = True,
    ) -> IngestStats:
        stats = IngestStats(batches=1)
        try:
            with self._transaction() as cur:
                for res in batch:
                    self._count(stats, res, *self._upsert(cur, res, replace))
                self._after_write(cur, ("articles", "place_mentions", "events"))
            return stats
        except Exception:
            if on_error is None:
                raise
        # Isolate the culprit: one transaction per result, so the good ones land.
        stats = IngestStats(batches=1)
        for res in batch:
            try:
                with self._transaction() as cur:
                    counts = self._upsert(cur, res, replace)
                    self._after_write(cur, ("articles", "place_mentions", "events"))
                self._count(stats, res, *counts)
            except Exception as exc:  # reported per record, the run goes on
                stats.failed += 1
                on_error(res, exc)
        return stats

    @staticmethod
    def _count(stats: IngestStats, result: ArticleResult, outcome: str, mentions: int, events: int) -> None:
        if outcome == "replaced":
            stats.replaced_ids.append(clean_text(str(result.article.id)))
        if outcome == "duplicate":
            stats.duplicates += 1
            stats.unchanged += 1
        else:
            setattr(stats, outcome, getattr(stats, outcome) + 1)
        stats.mentions += mentions
        stats.events += events

    def _upsert(self, cur: Any, result: ArticleResult, replace: bool = True) -> tuple[str, int, int]:
        """The upsert decision table of the module docstring; returns (outcome, mentions, events).

        Without ``replace``, an id stored with another text raises :class:`IdCollision`.
        """
        art = result.article
        aid = clean_text(str(art.id))
        if not aid:
            raise ValueError("article without id")
        chash = content_hash(art.text)
        rhash = result_hash(result)
        row = self._one(cur, "SELECT id, content_hash, result_hash FROM articles WHERE id = ?", [aid])
        if row is not None:
            if row["content_hash"] == chash:
                if row["result_hash"] == rhash:
                    return "unchanged", 0, 0
                # Same text, new pipeline output: refresh children, keep the row (and aliases).
                self._delete_children(cur, aid)
                self._update_article(cur, aid, result, rhash)
                m, e = self._insert_children(cur, aid, chash, result)
                return "replaced", m, e
            if not replace:
                raise IdCollision(f"id {aid!r} is already stored with another text (the same id from another "
                                  "source?); give it another id, or --replace to replace the stored article")
            self._detach(cur, aid)
            return self._alias_or_insert(cur, aid, chash, rhash, result, "replaced", "replaced")
        alias = self._one(cur, "SELECT article_id FROM article_aliases WHERE alias_id = ?", [aid])
        if alias is not None:
            other = self._one(cur, "SELECT id FROM articles WHERE content_hash = ?", [chash])
            if other is not None and other["id"] == alias["article_id"]:
                return "duplicate", 0, 0
            self._exec(cur, "DELETE FROM article_aliases WHERE alias_id = ?", [aid])
            return self._alias_or_insert(cur, aid, chash, rhash, result, "replaced", "replaced")
        return self._alias_or_insert(cur, aid, chash, rhash, result, "duplicate", "inserted")

    def _alias_or_insert(self, cur: Any, aid: str, chash: str, rhash: str, result: ArticleResult,
                         aliased: str, inserted: str) -> tuple[str, int, int]:
        """Store ``aid``'s text: an alias when another id already holds the same text (outcome
        ``aliased``), else a new article with its mentions and events (outcome ``inserted``)."""
        other = self._one(cur, "SELECT id FROM articles WHERE content_hash = ?", [chash])
        if other is not None:
            self._exec(cur, "INSERT INTO article_aliases (alias_id, article_id) VALUES (?, ?)", [aid, other["id"]])
            return aliased, 0, 0
        m, e = self._insert_article(cur, aid, chash, rhash, result)
        return inserted, m, e

    def _article_params(self, result: ArticleResult) -> list[Any]:
        art = result.article
        return [
            _clean(art.source), _clean(art.url), self._date_param(_as_date(art.published)),
            _clean(art.language), _clean(art.title), clean_text(art.text), _now_iso(),
        ]

    def _insert_article(self, cur: Any, aid: str, chash: str, rhash: str, result: ArticleResult) -> tuple[int, int]:
        self._exec(
            cur,
            "INSERT INTO articles (id, content_hash, result_hash, source, url, published, language, title,"
            " text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, chash, rhash, *self._article_params(result)],
        )
        return self._insert_children(cur, aid, chash, result)

    def _update_article(self, cur: Any, aid: str, result: ArticleResult, rhash: str) -> None:
        self._exec(
            cur,
            "UPDATE articles SET result_hash = ?, source = ?, url = ?, published = ?, language = ?, title = ?,"
            " text = ?, ingested_at = ? WHERE id = ?",
            [rhash, *self._article_params(result), aid],
        )

    def _delete_children(self, cur: Any, aid: str) -> None:
        self._exec(cur, "DELETE FROM events WHERE event_id IN"
                        " (SELECT event_id FROM event_articles WHERE article_id = ?)", [aid])
        self._exec(cur, "DELETE FROM event_articles WHERE article_id = ?", [aid])
        self._exec(cur, "DELETE FROM place_mentions WHERE article_id = ?", [aid])

    def _detach(self, cur: Any, aid: str) -> None:
        """Free ``aid`` for new text. The old text stays if another id is its alias (the heir)."""
        heirs = self._fetch(cur, "SELECT alias_id FROM article_aliases WHERE article_id = ? ORDER BY alias_id", [aid])
        if not heirs:
            self._delete_children(cur, aid)
            self._exec(cur, "DELETE FROM articles WHERE id = ?", [aid])
            return
        heir = heirs[0]["alias_id"]
        self._exec(cur, "DELETE FROM article_aliases WHERE alias_id = ?", [heir])
        # The foreign keys cascade the rename to mentions, event links and the other aliases.
        self._exec(cur, "UPDATE articles SET id = ? WHERE id = ?", [heir, aid])
        for ev in self._fetch(cur, "SELECT e.event_id, e.article_ids FROM events e JOIN event_articles l"
                                   " ON l.event_id = e.event_id WHERE l.article_id = ?", [heir]):
            ids = [heir if i == aid else i for i in json.loads(ev["article_ids"] or "[]")]
            self._exec(cur, "UPDATE events SET article_ids = ? WHERE event_id = ?", [json.dumps(ids), ev["event_id"]])

    def _insert_children(self, cur: Any, aid: str, chash: str, result: ArticleResult) -> tuple[int, int]:
        mentions = [
            [aid, _opt_int(m.start), _opt_int(m.end), _clean(m.surface), _clean(m.place_id), _clean(m.name),
             _opt_float(m.lat), _opt_float(m.lon), _clean(m.country_code), _clean(m.feature_type),
             _opt_int(m.geo_precision), _clean(m.relation), json.dumps(list(m.anchor_ids), ensure_ascii=False),
             _opt_float(m.distance_km), _clean(m.district), self._encode_pairs(_mention_pairs(m))]
            for m in result.mentions
        ]
        self._many(
            cur,
            'INSERT INTO place_mentions (article_id, start, "end", surface, place_id, name, lat, lon, country_code,'
            " feature_type, geo_precision, relation, anchor_ids, distance_km, district, geom)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {geom})",
            mentions,
        )
        ids = assign_event_ids(chash, result.events)
        events: list[list[Any]] = []
        for ev, eid in zip(result.events, ids, strict=True):
            article_ids = [aid] + [clean_text(str(i)) for i in ev.article_ids or [] if str(i) != aid]
            vals: list[Any] = []
            for f in EVENT_FIELDS:
                v = getattr(ev, f)
                if f in ("event_date", "valid_to"):
                    v = self._date_param(_as_date(v) if isinstance(v, date) else None)
                elif f in ("time_precision", "geo_precision", "corroboration", "fatalities", "injured"):
                    v = _opt_int(v)
                elif f == "approximate":
                    v = bool(v)
                else:
                    v = _clean(v) if isinstance(v, str) else (None if v is None else clean_text(str(v)))
                vals.append(v)
            if vals[0] is None:
                raise ValueError(f"event of article {aid} has no category")
            extra = json.dumps(_jsonable(ev.extra), ensure_ascii=False, default=str) if ev.extra else None
            events.append([eid, *vals, json.dumps(article_ids, ensure_ascii=False), _clean(extra),
                           front_line_key(ev, eid), False, None, False, None,
                           self._encode_pairs(geometry_pairs(ev.coords))])
        cols = ", ".join(EVENT_COLUMNS)
        self._many(
            cur,
            f"INSERT INTO events ({cols}, geom) VALUES ({', '.join('?' * len(EVENT_COLUMNS))}, {{geom}})",
            events,
        )
        self._many(cur, "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)", [[i, aid] for i in ids])
        if ids:
            corrected = self._fetch(cur, "SELECT DISTINCT event_id FROM corrections WHERE event_id IN "
                                         + self._in(ids), ids)
            for r in corrected:
                self._apply_corrections(cur, r["event_id"])
        return len(mentions), len(events)

"""Following sources as they publish: feeds and index pages polled on a schedule.

In: a sources file (TOML: name, RSS/Atom feed or index page, language, country focus,
polling interval, article-URL pattern; see :mod:`~geo.watch.sources`) and the sources an
analyst added in the app. Out: each new or changed article page, read by trafilatura
(:mod:`geo.sources.html`), validated like every ingested record, run through
:func:`geo.pipeline.process_article` and written to the event store; and, in the same
store, the watch state (per-source cursor and last status, every article URL met) so a
killed run resumes where it stopped. :mod:`~geo.watch.http` fetches politely (conditional
requests, timeouts, body cap, per-host rate limit, robots.txt, one User-Agent),
:mod:`~geo.watch.state` keeps the state, :mod:`~geo.watch.poll` polls and ingests.
"""

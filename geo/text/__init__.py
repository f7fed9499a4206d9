"""Reading primitives for Arabic and English news text.

In: an article's raw text (a ``str``) and, for dates, its publication date.
Out: sentences with their character offsets (:mod:`~geo.text.sentences`), resolved
dates (:mod:`~geo.text.dates`: found by :mod:`~geo.text.date_candidates`, judged by
:mod:`~geo.text.date_background`), killed/injured counts (:mod:`~geo.text.counts`, from the
words of :mod:`~geo.text.count_words` and the numbers of :mod:`~geo.text.count_numbers`)
and the folded word matchers every later stage builds its lexicons with
(:mod:`~geo.text.lexicon`). Nothing here knows about places or events.
"""

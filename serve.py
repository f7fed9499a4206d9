"""Start the map app with its data loaded: ``streamlit run serve.py`` (what ``scripts/app.sh`` runs).

The page is ``app.py``; this launcher only adds a start-up step (``st.App``'s lifespan)
that fills the server's caches before it answers any request
(:func:`geo.app.resources.warm_up`: the map's libraries imported, the store's events loaded
from its snapshot or the store, and the map a new visitor opens on made). Streamlit prints
the address as it starts; the page answers once that step is done, and the first visitor
then waits no longer for the data than later ones. ``streamlit run app.py`` still works:
its first visitor pays for the loading instead.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st


@asynccontextmanager
async def _load_before_serving(_app: Any) -> AsyncIterator[None]:
    from geo.app.resources import warm_up

    print("loading the events and the opening map before serving...", file=sys.stderr, flush=True)
    # In a worker thread: the event loop stays free (a Ctrl-C still stops the server).
    steps = await asyncio.to_thread(warm_up)
    print("loaded before serving: " + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()),
          file=sys.stderr, flush=True)
    yield


app = st.App("app.py", lifespan=_load_before_serving)

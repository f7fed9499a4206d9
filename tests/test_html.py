"""Web pages -> article fields (trafilatura): main text without the page's furniture."""

from __future__ import annotations

from pathlib import Path

from geo.sources.html import html_to_article_fields

PAGES = Path(__file__).parent / "data" / "pages"

# Text of the furniture around each article body: menus, ads, comments, related links,
# share buttons, cookie banners, footers and script strings.
EN_FURNITURE = ("Politics", "Sport in Misrata", "Weather in Derna", "Falcon phone", "Istanbul", "cookies",
                "reader77", "Tarhuna stay open", "pray for peace", "Zuwara reopens", "Gharyan", "Share on",
                "Copyright", "Contact us", "Football results", "By our correspondent")
AR_FURNITURE = ("الرئيسية", "رياضة في بنغازي", "ثقافة وفنون", "متجر النور", "شارك على", "اقرأ أيضا",
                "مصراتة", "غدامس", "التعليقات", "نسأل الله", "متى تنتهي", "جميع الحقوق", "عروض رمضان")


def _page(name: str) -> dict[str, object]:
    return html_to_article_fields((PAGES / name).read_text(encoding="utf-8"))


def test_english_page_keeps_the_body_and_drops_menus_ads_and_comments() -> None:
    f = _page("en_clashes.html")
    text = str(f["text"])
    assert "Armed groups clashed in Ain Zara south of Tripoli on Monday night, and three fighters" in text
    assert "sent mediators to the area on Tuesday morning." in text
    assert [w for w in EN_FURNITURE if w in text] == []
    assert f["title"] == "Clashes in Ain Zara leave three fighters dead"
    assert f["published"] == "2024-03-05"  # article:published_time, not the script's 2099 string
    assert (f["language"], f["url"], f["source"]) == ("en", "https://tmp.example/news/ain-zara-clashes",
                                                      "Tripoli Morning Post")


def test_arabic_page_keeps_the_body_and_drops_menus_ads_and_comments() -> None:
    f = _page("ar_strike.html")
    text = str(f["text"])
    assert "قصفت طائرة مسيرة فجر الثلاثاء مواقع لمجموعة مسلحة قرب مدينة سرت" in text
    assert "توجهت إلى المنطقة." in text
    assert [w for w in AR_FURNITURE if w in text] == []
    assert f["title"] == "غارة جوية بطائرة مسيرة على مواقع قرب سرت"
    assert (f["published"], f["language"], f["source"]) == ("2024-04-02", "ar", "صحيفة الساحل")


def test_page_without_a_date_has_none_not_a_date_from_its_scripts() -> None:
    f = _page("en_undated.html")
    assert f["published"] is None
    assert "Artillery shelled farms near Tarhuna" in str(f["text"])
    assert "Advertisement" not in str(f["text"]) and "when will" not in str(f["text"])


def test_a_short_article_is_not_replaced_by_the_whole_page() -> None:
    # Under 250 characters trafilatura's default falls back to a dump of the whole page,
    # menus included, with sentences split at inline tags (trafilatura issue #896).
    page = ('<html lang="en"><head><title>Wire</title></head><body><nav><a href="/">Home</a> | '
            '<a href="/s">Sirte desk</a></nav><article><p>Gunmen attacked a checkpoint in <b>Zawiya</b> '
            'on Sunday.</p></article><footer>Wire media</footer></body></html>')
    f = html_to_article_fields(page)
    assert f["text"] == "Gunmen attacked a checkpoint in Zawiya on Sunday."


def test_an_empty_page_gives_empty_text() -> None:
    assert html_to_article_fields("")["text"] == ""
    assert html_to_article_fields("<html><body> </body></html>")["text"] == ""

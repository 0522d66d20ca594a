"""coachsite/links.py: absolute links for feeds and the email, UTM and query parameters."""

from __future__ import annotations

from coachsite.links import absolutize_html, utm, with_params

BASE = "https://coach.example/posts/one/"


def test_every_url_attribute_is_made_absolute() -> None:
    html = (
        '<video poster="p.jpg"></video><blockquote cite="/q/"></blockquote>'
        '<form action="send"><button formaction="../alt">b</button></form>'
        '<object data="o.svg"></object><img src="i.png" longdesc="d.html" alt="">'
        '<td background="bg.png"></td><link rel="preload" imagesrcset="s.png 2x">'
    )
    assert absolutize_html(html, BASE) == (
        f'<video poster="{BASE}p.jpg"></video><blockquote cite="https://coach.example/q/">'
        f'</blockquote><form action="{BASE}send"><button formaction="https://coach.example/'
        f'posts/alt">b</button></form><object data="{BASE}o.svg"></object><img src="{BASE}'
        f'i.png" longdesc="{BASE}d.html" alt=""><td background="{BASE}bg.png"></td><link '
        f'rel="preload" imagesrcset="{BASE}s.png 2x">'
    )


def test_other_attributes_and_text_stay_byte_for_byte() -> None:
    html = '<a title="../x" class=big data-x="y.png">../about/ &amp; &#64;</a>'
    assert absolutize_html(html, BASE) == html


def test_a_quote_in_an_address_stays_escaped() -> None:
    html = '<a href="say&quot;hi&quot;.html">s</a>'
    assert absolutize_html(html, BASE) == f'<a href="{BASE}say&quot;hi&quot;.html">s</a>'


def test_tags_on_later_lines_are_found_where_they_are() -> None:
    html = '<p>one\ntwo &amp; three</p>\n\n  <img src="a.png" alt="">\r\n<a href="b/">b</a>'
    assert absolutize_html(html, BASE) == (
        f'<p>one\ntwo &amp; three</p>\n\n  <img src="{BASE}a.png" alt="">\r\n'
        f'<a href="{BASE}b/">b</a>'
    )


def test_fragments_name_the_page_except_where_they_are_kept() -> None:
    html = '<a href="#top">t</a><a href="*|UNSUB|*">u</a>'
    assert absolutize_html(html, BASE) == f'<a href="{BASE}#top">t</a><a href="*|UNSUB|*">u</a>'
    assert absolutize_html(html, BASE, keep_fragments=True) == html


def test_utm_parameters_are_written_in_order_and_replace_old_ones() -> None:
    tags = utm("april", "newsletter", "email")
    assert list(tags.items()) == [
        ("utm_source", "newsletter"),
        ("utm_medium", "email"),
        ("utm_campaign", "april"),
    ]
    url = "https://coach.example/book/?utm_medium=old&ref=&x=1#form"
    assert with_params(url, tags) == (
        "https://coach.example/book/?ref=&x=1"
        "&utm_source=newsletter&utm_medium=email&utm_campaign=april#form"
    )

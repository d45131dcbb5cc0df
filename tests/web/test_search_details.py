"""Details a reader notices on the search page: the landing view, pages past the end, symbol-only
queries, and completions without function words."""

from __future__ import annotations


def test_the_empty_query_shows_what_the_atlas_is_who_curates_it_and_topics_to_start_from(client, corpus):
    html = client.get("/").get_data(as_text=True)
    assert "Was der Praxisatlas ist" in html and "Praxisatlas-Redaktion" in html
    assert 'href="/methode"' in html
    landing = html[html.index('class="landing"'):html.index('id="results-heading"')]
    assert 'href="/?topic=fallmanagement"' in landing
    assert "Zuletzt geprüfte Einträge" in html
    # not once a reader has searched or filtered
    assert "Was der Praxisatlas ist" not in client.get("/?q=Fallmanagement").get_data(as_text=True)
    assert "Was der Praxisatlas ist" not in client.get("/?level=Land").get_data(as_text=True)


def test_a_page_past_the_last_goes_to_the_last_page(client, corpus):
    response = client.get("/?q=Fallmanagement&per_page=2&page=7")
    assert response.status_code == 302
    last = response.headers["Location"]
    assert "q=Fallmanagement" in last and "per_page=2" in last
    assert client.get(last).status_code == 200
    assert client.get("/?q=xqzzywv&page=3").headers["Location"] == "/?q=xqzzywv"


def test_a_query_of_only_symbols_says_so(client, corpus):
    html = client.get("/?q=%21%3F%2B").get_data(as_text=True)
    assert "enthält keine Buchstaben oder Ziffern" in html
    assert "enthält keine Buchstaben" not in client.get("/?q=Leipzig").get_data(as_text=True)


def test_completions_leave_out_function_words(client, write_entry):
    write_entry("warteraum", title="Warum der Warteraum voll war",
                summary="Die Wartezeit war lang, warum? Es waren viele Warteplätze.")
    words = client.get("/api/v1/suggest?q=War").get_json()["suggestions"]
    assert words and all(w not in ("war", "waren", "warum") for w in words)
    assert any(w.startswith("wart") for w in words)

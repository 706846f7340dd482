from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

from tests.diagrams.factories import BARE_METAL, CONTAINERS, build_url, get

SVG = "{http://www.w3.org/2000/svg}"


def query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


def test_empty_builder_offers_a_server_first(client):
    response = get(client, "/build/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Choose the bottom layer" in html
    first_kind = html.index('name="kind"')
    assert 'value="server"' in html[first_kind : first_kind + 80]
    assert 'id="builder-announcement"' in html
    assert "HX-Request" in response["Vary"]


def test_builder_shows_the_model_metrics_and_description(client):
    response = get(client, build_url(s=CONTAINERS))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Container-based" in html
    assert "Kernels running" in html
    assert "Assuming" in html
    assert 'class="diagram-description"' in html
    assert "/build/diagram.svg?s=" in html and "/build/diagram.png?s=" in html


def test_add_without_htmx_redirects_to_the_resulting_state(client):
    response = get(client, build_url(s="server", op="add", at="0", kind="os"))
    assert response.status_code == 303
    assert query(response["Location"]) == {"s": ["server > os"], "at": ["0.0"]}
    assert response["Location"].startswith("/build/?")


def test_the_redirect_target_is_a_plain_state_page(client):
    location = get(client, build_url(s="server", op="add", at="0", kind="os"))["Location"]
    response = get(client, location)
    assert response.status_code == 200
    assert "Added" not in response.content.decode().split("builder-announcement")[0]


def test_add_with_htmx_answers_the_fragment_and_pushes_the_state(client):
    response = get(client, build_url(s="server > os", op="add", at="0.0", kind="engine"), htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="builder-workspace"' in html
    assert query(response["HX-Push-Url"]) == {"s": ["server > os > engine"], "at": ["0.0.0"]}
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Added Container engine on Operating system." in html
    assert "HX-Request" in response["Vary"]


def test_the_benchmarked_step_works(client):
    url = build_url(s=CONTAINERS, op="add", at="0.0.0", kind="container")
    response = get(client, url, htmx=True)
    assert response.status_code == 200
    assert query(response["HX-Push-Url"])["s"] == [
        "server > os > engine > [2*container > libs > app, container]"
    ]


def test_first_layer_on_an_empty_stack(client):
    response = get(client, build_url(op="add", kind="server"))
    assert response.status_code == 303
    assert query(response["Location"]) == {"s": ["server"], "at": ["0"]}


def test_remove_drops_the_layers_above_into_place(client):
    response = get(client, build_url(s="server > os > libs > app", op="remove", at="0.0.0"))
    assert query(response["Location"]) == {"s": ["server > os > app"], "at": ["0.0"]}


def test_removing_the_last_layer_starts_over(client):
    response = get(client, build_url(s="server", op="remove", at="0"))
    assert response.status_code == 303
    assert response["Location"] == "/build/"


def test_duplicate_puts_a_copy_beside(client):
    response = get(
        client, build_url(s="server > os > engine > container > app", op="duplicate", at="0.0.0.0")
    )
    assert query(response["Location"])["s"] == ["server > os > engine > [2*container > app]"]


def test_relabel_names_a_layer(client):
    response = get(client, build_url(s="server > os", op="relabel", at="0.0", label="Ubuntu 24.04"))
    assert query(response["Location"])["s"] == ['server > os "Ubuntu 24.04"']


def test_a_non_canonical_state_redirects_to_its_canonical_form(client):
    response = get(client, build_url(s="HARDWARE>os>  docker"))
    assert response.status_code == 303
    assert query(response["Location"]) == {"s": ["server > os > engine"]}


def test_htmx_state_request_pushes_the_canonical_url(client):
    response = get(client, build_url(s="hardware > os"), htmx=True)
    assert response.status_code == 200
    assert query(response["HX-Push-Url"]) == {"s": ["server > os"]}


def test_selecting_a_layer_offers_what_fits_on_it(client):
    response = get(client, build_url(s="server > os", at="0"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Add a layer on top of Physical server" in html
    assert 'aria-current="true"' in html
    fitting = html.split('class="palette-others"')[0].split('class="palette"')[1]
    assert 'value="os"' in fitting and 'value="hypervisor"' in fitting
    assert 'value="container"' not in fitting


def test_a_complete_stack_offers_nothing_on_an_app(client):
    html = get(client, build_url(s=BARE_METAL, at="0.0.0")).content.decode()
    assert "Nothing may rest on Application" in html


def test_rule_errors_mark_and_link_their_layer(client):
    html = get(client, build_url(s="server > app")).content.decode()
    assert "has-error" in html
    assert 'href="#builder-layer-0-0"' in html
    assert 'id="builder-layer-0-0"' in html
    assert "problem" in html


def test_unknown_operation_is_a_400_with_the_state_kept(client):
    response = get(client, build_url(s=BARE_METAL, op="explode", at="0"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "is not a builder operation" in html
    assert "Pre-virtualization" in html
    assert 'role="alert"' in html


def test_a_path_to_no_layer_is_a_400(client):
    response = get(client, build_url(s=BARE_METAL, op="remove", at="0.4"))
    assert response.status_code == 400
    assert "There is no layer at 0.4" in response.content.decode()


def test_a_malformed_path_is_a_400(client):
    response = get(client, build_url(s=BARE_METAL, op="remove", at="x.y"))
    assert response.status_code == 400
    assert "is not a layer path" in response.content.decode()


def test_a_bad_kind_is_a_400(client):
    response = get(client, build_url(s=BARE_METAL, op="add", at="0.0", kind="kernel"))
    assert response.status_code == 400
    assert "is not a layer kind" in response.content.decode()


def test_an_operation_on_an_empty_stack_is_a_400(client):
    response = get(client, build_url(op="remove", at="0"))
    assert response.status_code == 400
    assert "The stack is empty" in response.content.decode()


def test_duplicating_the_bottom_is_a_400(client):
    response = get(client, build_url(s=BARE_METAL, op="duplicate", at="0"))
    assert response.status_code == 400


def test_removing_a_bottom_that_holds_several_is_a_400(client):
    response = get(client, build_url(s="server > [os, os]", op="remove", at="0"))
    assert response.status_code == 400
    assert "several" in response.content.decode()


def test_a_label_with_quotes_is_a_400(client):
    response = get(client, build_url(s=BARE_METAL, op="relabel", at="0", label='say "hi"'))
    assert response.status_code == 400


def test_a_syntax_error_is_shown_at_the_field_with_the_text_kept(client):
    text = "server > os > kernel"
    response = get(client, build_url(s=text, last=BARE_METAL))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="builder-notation-error' in html
    assert "Column 15" in html
    assert 'value="server &gt; os &gt; kernel"' in html
    assert "<mark>kernel</mark>" in html
    assert "Pre-virtualization" in html  # the last good stack is still drawn


def test_a_syntax_error_in_an_operation_is_a_400_not_a_500(client):
    response = get(client, build_url(s="server >", op="add", at="0", kind="os"))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_past_the_limits_is_a_400(client):
    response = get(client, build_url(s="server > os > engine > [51*container]"))
    assert response.status_code == 400
    too_long = get(client, build_url(s="server > " + "os > " * 500 + "app"))
    assert too_long.status_code == 400


def test_htmx_errors_come_back_retargeted_and_unpushed(client):
    response = get(client, build_url(s=BARE_METAL, op="remove", at="0.9"), htmx=True)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html
    assert response["HX-Retarget"] == "#builder-workspace"
    assert response["HX-Reswap"].startswith("outerHTML")
    assert response["HX-Push-Url"] == "false"
    assert "There is no layer at 0.9" in html
    assert "autofocus" in html


def test_htmx_syntax_error_fragment_focuses_the_field(client):
    response = get(client, build_url(s="server >>"), htmx=True)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html
    assert html.count("autofocus") == 1
    assert 'id="builder-notation"' in html.split("autofocus")[0][-900:]


def test_htmx_history_restore_gets_the_full_page(client):
    response = get(
        client, build_url(s=BARE_METAL), htmx=True, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_the_builder_refuses_post(client):
    assert client.post("/build/").status_code == 405


def test_the_page_has_no_inline_styles_or_scripts(client):
    html = get(client, build_url(s=CONTAINERS)).content.decode()
    assert "style=" not in html
    assert "<style" not in html
    for chunk in html.split("<script")[1:]:
        assert "nonce=" in chunk.split(">")[0]


def test_changed_assumptions_change_the_metrics_and_are_carried(client):
    default = get(client, build_url(s=CONTAINERS)).content.decode()
    response = get(client, build_url(s=CONTAINERS, app_memory_mb="4096"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="app_memory_mb" value="4096"' in html
    assert html.count('name="app_memory_mb" value="4096"') >= 3  # palette, actions, rename
    assert "Back to the usual figures" in html
    assert (
        html.split("Applications like these")[1][:40]
        != default.split("Applications like these")[1][:40]
    )


def test_submitting_every_assumption_keeps_only_the_changed_ones(client):
    response = get(
        client, build_url(s=CONTAINERS, app_memory_mb="256", os_memory_mb="1024", at="0.0")
    )
    assert response.status_code == 303
    assert query(response["Location"]) == {
        "app_memory_mb": ["256"],
        "s": [CONTAINERS],
        "at": ["0.0"],
    }


def test_a_step_keeps_the_changed_assumptions(client):
    response = get(client, build_url(s="server", op="add", at="0", kind="os", app_memory_mb="256"))
    assert query(response["Location"]) == {
        "app_memory_mb": ["256"],
        "s": ["server > os"],
        "at": ["0.0"],
    }


def test_a_bad_assumption_is_a_400_naming_it(client):
    response = get(client, build_url(s=CONTAINERS, app_memory_mb="-3"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "app_memory_mb" in html
    assert "Container-based" in html
    bad_both = get(client, build_url(s="server >", app_memory_mb="x"))
    assert bad_both.status_code == 400


def inline_svg(html: str) -> ET.Element:
    start, end = html.index("<svg "), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def test_the_diagram_is_the_inline_svg_with_one_link_per_layer(client):
    html = get(client, build_url(s=CONTAINERS, at="0.0.0")).content.decode()
    assert html.count("<svg ") == 1 and 'class="stack-tree"' not in html
    svg = inline_svg(html)
    assert svg.get("class") == "stack-diagram" and svg.get("role") == "group"
    links = list(svg.iter(f"{SVG}a"))
    assert len(links) == 9  # server, os, engine, and two containers with libs and an app
    paths = [link[0].get("data-layer") for link in links]
    assert len(set(paths)) == 9
    for link, path in zip(links, paths, strict=True):
        assert link.get("href") == link.get("hx-get")  # a plain link without JavaScript
        assert query(link.get("href")) == {"s": [CONTAINERS], "at": [path]}
        assert link.get("id") == f"builder-layer-{path.replace('.', '-')}"
        assert link.get("aria-label").startswith("Select ")
    (current,) = [link for link in links if link.get("aria-current") == "true"]
    assert current.get("aria-label") == "Select Container engine (layer 3 of 9)"
    assert "is-selected" in current[0].get("class")


def test_selecting_a_layer_in_the_svg_with_htmx_swaps_the_workspace(client):
    html = get(client, build_url(s=CONTAINERS, at="0.0"), htmx=True).content.decode()
    response = get(client, query_link(html, "0.0.0.1"), htmx=True)
    assert response.status_code == 200
    assert query(response["HX-Push-Url"]) == {"s": [CONTAINERS], "at": ["0.0.0.1"]}
    fragment = response.content.decode()
    assert "<html" not in fragment and "Selected Container." in fragment
    (current,) = [a for a in inline_svg(fragment).iter(f"{SVG}a") if a.get("aria-current")]
    assert current[0].get("data-layer") == "0.0.0.1"


def query_link(html: str, path: str) -> str:
    (link,) = [a for a in inline_svg(html).iter(f"{SVG}a") if a[0].get("data-layer") == path]
    return link.get("hx-get")


def test_errors_are_marked_on_their_layers_in_the_svg(client):
    svg = inline_svg(get(client, build_url(s="server > app > os")).content.decode())
    marked = [g.get("data-layer") for g in svg.iter(f"{SVG}g") if "has-error" in g.get("class", "")]
    assert marked == ["0.0", "0.0.0"]
    names = [a.get("aria-label") for a in svg.iter(f"{SVG}a")]
    assert names[1] == "Select Application (layer 2 of 3): this layer has a problem"

"""Diagrams: the stack builder (/build/), the JSON API (/api/stack) and the image exports.

Pieces other apps call:

- `figures.stack_figure(notation, *, caption="", id_prefix, reveal=True) -> SafeString`:
  self-contained HTML of a lesson diagram (the SVG, the model, key metrics, errors, an
  "Open in the builder" link); raises NotationError for text that does not parse.
  `reveal=False` gives the drawing alone, for "which model is this?" questions. Also a
  template tag: `{% load diagrams %}{% stack_figure notation id_prefix="f1" %}`.
  Pages showing it load static/css/diagram.css.
- `builder.builder_context(request.GET, *, action_url, id_prefix="builder", hidden={...})`:
  the interactive workspace for any page. Render it with
  `{% include "diagrams/builder.html#builder" %}` (announcement + workspace) on the full page,
  and answer htmx requests with `builder.render_workspace(request, context)`. Without htmx,
  answer `HttpResponseSeeOther(workspace.redirect_to)` when it is set (the request carried a
  step). `workspace.notation` is the resulting stack, `workspace.status` 200 or 400. Pages
  embedding it load css/diagram.css, css/builder.css and js/builder.js (which lets htmx show
  the 400 error fragments).
- `builder.apply_operation(params) -> Step`: the one place a step (s, op, at, kind, label)
  becomes a resulting stack; NotationError or BuilderError (both ValueError) otherwise.
"""

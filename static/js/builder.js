// htmx does not swap 4xx answers by default. A 4xx that names where it goes (HX-Retarget)
// carries a message meant to be seen, so show it there instead of dropping it.
document.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Sugar for the embed and LTI pages; each of them works without it.
(function () {
  "use strict";
  if (window.virtlearnEmbed) { return; }  // the snippet may load this file more than once
  window.virtlearnEmbed = true;
  function ready() {
    // The deep-linking answer goes back to the LMS by itself; the button stays for no-JS.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) { form.submit(); });
    // After a launch: go on only if the frame kept the cookie (else the new-tab link is the way).
    var onward = document.querySelector("[data-forward-if-cookie]");
    if (onward) {
      var name = onward.getAttribute("data-forward-if-cookie");
      if (document.cookie.split("; ").indexOf(name + "=1") !== -1) {
        window.location.replace(onward.href);
      }
    }
    // Copy buttons for the iframe snippets.
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.getAttribute("data-copy"));
        var status = document.getElementById(button.getAttribute("data-copy") + "-status");
        field.select();
        var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

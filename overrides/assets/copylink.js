/*
 * "Copy link" buttons, and the date on printed pages.
 *
 * The build puts a plain link under each guidance heading and on each
 * service page (generator/site/permalinks.py, service.html): without this script
 * it goes to the heading, which shows its full address in the address bar.
 * Here each becomes a button that copies the page's published address (the
 * canonical link, so never a preview's 127.0.0.1) plus the heading's anchor,
 * and says "Link copied" in a live region beside it.
 *
 * Classic script, deferred; no inline code, no other origin (the site's
 * Content-Security-Policy allows neither). Other scripts may use
 * window.LocalOfferCopy.copy(text) -> Promise and .address(anchor) -> string.
 */
(function () {
  "use strict";

  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : window.location.href).split("#")[0];
  }

  function address(anchor) {
    return pageAddress() + (anchor ? "#" + anchor : "");
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("The clipboard is not available here."));
  }

  /* A button that copies `getText()` and reports in `status` (a live region
     that exists before anything is said in it, so screen readers hear it). */
  function copyButton(button, status, getText) {
    var timer = 0;
    button.addEventListener("click", function () {
      var text = getText();
      window.clearTimeout(timer);
      status.textContent = "";
      copy(text).then(
        function () {
          status.textContent = "Link copied";
          timer = window.setTimeout(function () { status.textContent = ""; }, 10000);
        },
        function () {
          status.textContent = "Copy this link: " + text;
        }
      );
    });
  }

  function enhance(link) {
    var anchor = link.getAttribute("data-lo-copy-link") || "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "lo-copy-link__button";
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    var status = document.createElement("span");
    status.className = "lo-copy-link__status";
    status.setAttribute("role", "status");
    link.parentNode.replaceChild(button, link);
    button.parentNode.insertBefore(status, button.nextSibling);
    copyButton(button, status, function () { return address(anchor); });
  }

  function printedOn() {
    var today = new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "long", year: "numeric"
    }).format(new Date());
    var places = document.querySelectorAll("[data-lo-printed-on]");
    for (var i = 0; i < places.length; i++) {
      places[i].textContent = today;
    }
  }

  var links = document.querySelectorAll("a[data-lo-copy-link]");
  for (var i = 0; i < links.length; i++) {
    enhance(links[i]);
  }
  printedOn();
  window.addEventListener("beforeprint", printedOn);

  window.LocalOfferCopy = { copy: copy, address: address, button: copyButton };
})();

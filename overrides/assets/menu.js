/*
 * The menu button on narrow screens (partials/header.html).
 *
 * Material opens its navigation drawer with a <label for="__drawer">, which
 * a keyboard cannot reach. Without this script that label stays, for
 * pointers. Here the label gives way to a real button that opens and closes
 * the same drawer (by clicking Material's checkbox, so the theme sees the
 * change as its own), says whether it is open (aria-expanded), moves focus
 * to the menu's first link, closes on Escape with focus back on the button,
 * and closes when focus moves on past the menu, so nothing Tab reaches is
 * hidden behind it.
 *
 * Classic script, deferred; no inline code, no other origin (the site's
 * Content-Security-Policy allows neither).
 */
(function () {
  "use strict";

  var button = document.querySelector(".lo-menu-button");
  var label = document.querySelector(".lo-menu-label");
  var toggle = document.getElementById("__drawer");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!button || !toggle || !menu) {
    return;
  }

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex='-1'])";

  function isOpen() {
    return toggle.checked;
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.click(); /* fires "change", as Material's own label does */
    }
  }

  function firstLink() {
    var found = menu.querySelectorAll(FOCUSABLE);
    for (var i = 0; i < found.length; i += 1) {
      if (found[i].getClientRects().length > 0) {
        return found[i];
      }
    }
    return null;
  }

  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(isOpen()));
  });

  button.addEventListener("click", function () {
    var open = !isOpen();
    setOpen(open);
    if (open) {
      var first = firstLink();
      if (first) {
        first.focus();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen()) {
      return;
    }
    setOpen(false);
    button.focus();
  });

  /* Focus moved to something outside the menu (Tab past its end, or back to
     the header): the menu closes so it covers nothing focus can reach. A
     click on the menu's background moves focus nowhere and keeps it open. */
  menu.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (isOpen() && next && !menu.contains(next) && next !== button) {
      setOpen(false);
    }
  });

  button.hidden = false;
  if (label) {
    label.hidden = true;
  }
  button.setAttribute("aria-expanded", String(isOpen()));
})();

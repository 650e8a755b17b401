/*
 * "My list": a shortlist of services kept in this browser only.
 *
 * The ids live in localStorage under "localoffer.mylist" (no cookie, no
 * account, nothing sent anywhere). This script adds "Add to my list" to
 * every service page and every result card (`.lo-result[data-service-id]`),
 * and fills the My list page from each saved service's key facts (written by
 * the build, a few services to a file: generator/site/shortlist.py; the file
 * of an id is `fileOf`, of the number of files the page gives in data-lo-files),
 * using text nodes only: never HTML made from data.
 *
 * A list is shared as a link, /my-list/?ids=a,b,c: only service ids, nothing
 * personal. Opening it shows that list with "Save this list on this device".
 *
 * On paper each service and the share link carry a QR code of their address,
 * drawn here with the pinned qrcode-generator library (assets/qrcode-generator.js,
 * loaded before this script on the My list page only) in the form the build
 * draws a service page's (generator/publish/qr.py). Without it, the list
 * prints its addresses alone.
 *
 * For other scripts (search results render cards after load):
 *   window.LocalOfferList.enhance(container)  add buttons to new cards in it
 *   window.LocalOfferList.ids() / has(id) / add(id) / remove(id)
 *   or dispatch a bubbling "lo:results" event on the list of new cards (as
 *   search.js does), or "localoffer:results" on document with detail.container.
 * Changes fire document event "localoffer:mylist-changed" (detail.ids).
 */
(function () {
  "use strict";

  var KEY = "localoffer.mylist";
  var MAX = 100;
  var VALID_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/assets\/mylist\.js(\?.*)?$/, "") : "/";
  var memory = []; /* used when the browser refuses storage */

  // --- the list -------------------------------------------------------------

  function clean(ids) {
    var seen = {};
    var out = [];
    for (var i = 0; i < ids.length && out.length < MAX; i++) {
      var id = ids[i];
      if (typeof id === "string" && VALID_ID.test(id) && !seen[id]) {
        seen[id] = true;
        out.push(id);
      }
    }
    return out;
  }

  function ids() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return clean(Array.isArray(value) ? value : []);
    } catch (error) {
      return memory.slice();
    }
  }

  function save(list) {
    memory = clean(list);
    try {
      if (memory.length) {
        window.localStorage.setItem(KEY, JSON.stringify(memory));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* private mode or storage off: the list lasts for this page only */
    }
    changed();
  }

  function has(id) { return ids().indexOf(id) !== -1; }
  function add(id) { if (!has(id)) { save(ids().concat([id])); } }
  function remove(id) { save(ids().filter(function (x) { return x !== id; })); }

  function changed() {
    refreshButtons();
    document.dispatchEvent(new CustomEvent("localoffer:mylist-changed", { detail: { ids: ids() } }));
  }

  function countWords(n) { return n + (n === 1 ? " service" : " services"); }

  // --- small DOM helpers (text only) -------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function hidden(text) { return el("span", "visually-hidden", text); }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  // --- QR codes (printed only) ------------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  var QR_BORDER = 2; /* light modules around the code, as generator/publish/qr.py */

  /* An <svg> QR code of `address` (error correction M), one stroke per dark
     run of each row, labelled as the service pages' are. Null when the
     library did not load. */
  function qrCode(address, className) {
    if (typeof window.qrcode !== "function") { return null; }
    var code = window.qrcode(0, "M");
    code.addData(address);
    code.make();
    var count = code.getModuleCount();
    var runs = [];
    for (var y = 0; y < count; y++) {
      for (var x = 0; x < count; x++) {
        if (!code.isDark(y, x)) { continue; }
        var start = x;
        while (x < count && code.isDark(y, x)) { x++; }
        runs.push("M" + (start + QR_BORDER) + " " + (y + QR_BORDER) + ".5h" + (x - start));
      }
    }
    var size = count + 2 * QR_BORDER;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR code for " + address);
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("class", "lo-qr lo-print-only " + className);
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("stroke", "#000");
    path.setAttribute("d", runs.join(""));
    svg.appendChild(path);
    return svg;
  }

  /* The code goes first in its block, for print.css to float it right of the words. */
  function addQr(block, address) {
    var svg = qrCode(address, "lo-mylist__qr");
    if (svg) { block.insertBefore(svg, block.firstChild); }
  }

  // --- "Add to my list" buttons ---------------------------------------------------

  var controls = [];

  function label(button, saved, name) {
    button.textContent = saved ? "Remove from my list" : "Add to my list";
    button.appendChild(hidden(" " + name));
  }

  function addControl(holder, id, name, where) {
    var wrap = el("div", "lo-mylist-control");
    var button = el("button", "lo-button lo-button--secondary lo-mylist-control__button");
    button.type = "button";
    var status = el("span", "lo-mylist-control__status");
    status.setAttribute("role", "status");
    wrap.appendChild(button);
    wrap.appendChild(status);
    if (where) { holder.insertBefore(wrap, where); } else { holder.appendChild(wrap); }
    var control = { id: id, name: name, button: button };
    controls.push(control);
    label(button, has(id), name);
    button.addEventListener("click", function () {
      var saving = !has(id);
      if (saving) { add(id); } else { remove(id); }
      status.textContent = "";
      status.appendChild(document.createTextNode(
        (saving ? "Added. " : "Removed. ") + "My list has " + countWords(ids().length) + ". "
      ));
      status.appendChild(link(ROOT + "my-list/", "View My list"));
    });
  }

  function refreshButtons() {
    for (var i = 0; i < controls.length; i++) {
      label(controls[i].button, has(controls[i].id), controls[i].name);
    }
  }

  function enhance(container) {
    var root = container || document;
    var cards = root.querySelectorAll(".lo-result[data-service-id]:not([data-lo-mylist-ready])");
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      var id = card.getAttribute("data-service-id");
      if (!VALID_ID.test(id)) { continue; }
      card.setAttribute("data-lo-mylist-ready", "");
      var title = card.querySelector(".lo-result__title");
      addControl(card, id, title ? title.textContent.trim() : id, null);
    }
    var pages = root.querySelectorAll(
      ".lo-service[data-service-id]:not(.lo-service--retired):not([data-lo-mylist-ready])"
    );
    for (var j = 0; j < pages.length; j++) {
      var service = pages[j];
      var sid = service.getAttribute("data-service-id");
      if (!VALID_ID.test(sid)) { continue; }
      service.setAttribute("data-lo-mylist-ready", "");
      var heading = service.querySelector("h1");
      var actions = service.querySelector("[data-lo-actions]") || service;
      addControl(actions, sid, heading ? heading.textContent.trim() : sid, actions.firstChild);
    }
  }

  // --- the My list page ------------------------------------------------------------

  function sharedIds() {
    var value = new URLSearchParams(window.location.search).get("ids");
    return value === null ? null : clean(value.split(","));
  }

  function same(a, b) { return a.join(",") === b.join(","); }

  /* This page's public address (its canonical one), which printed addresses start from. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : window.location.href).split(/[?#]/)[0];
  }

  function shareAddress(list) {
    return pageAddress() + "?ids=" + list.join(",");
  }

  function serviceAddress(root, id) {
    return new URL(root + "services/" + id + "/", pageAddress()).href;
  }

  /* The number of the file of `count` that holds an id's key facts: the
     32-bit FNV-1a hash of the id, as shortlist.py's file_of computes it. */
  function fileOf(id, count) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) {
      hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    }
    return (hash >>> 0) % count;
  }

  var factFiles = {}; /* address: the promise of its JSON, so each file is fetched once */

  function fetchFacts(id, root, count) {
    var address = root + "assets/mylist/" + fileOf(id, count) + ".json";
    if (!factFiles[address]) {
      factFiles[address] = fetch(address).then(
        function (response) { return response.ok ? response.json() : {}; }
      ).catch(function () {
        delete factFiles[address]; /* offline: try again on the next render */
        return {};
      });
    }
    return factFiles[address].then(function (facts) {
      return Object.prototype.hasOwnProperty.call(facts, id) ? facts[id] : null;
    });
  }

  function factRow(list, key, value) {
    var row = el("div", "govuk-summary-list__row");
    row.appendChild(el("dt", "govuk-summary-list__key", key));
    var dd = el("dd", "govuk-summary-list__value");
    if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
    row.appendChild(dd);
    list.appendChild(row);
  }

  function lines(items) {
    var ul = el("ul", "govuk-list");
    for (var i = 0; i < items.length; i++) { ul.appendChild(el("li", "", items[i])); }
    return ul;
  }

  function item(id, facts, root, removable, onRemove) {
    var li = el("li", "lo-mylist__item");
    li.setAttribute("data-service-id", id);
    var name = facts && facts.name ? facts.name : id;
    var title = el("h2", "lo-mylist__title");
    li.appendChild(title);
    if (!facts) {
      title.textContent = name;
      li.appendChild(el("p", "", "We could not find this service. It may have been removed from the Local Offer."));
    } else if (facts.retired) {
      title.appendChild(link(root + "services/" + id + "/", name));
      li.appendChild(el("p", "", "This service is no longer available."));
    } else {
      title.appendChild(link(root + "services/" + id + "/", name));
      addQr(li, serviceAddress(root, id));
      if (facts.closed) {
        var tag = el("p", "lo-result__status");
        tag.appendChild(el("strong", "govuk-tag govuk-tag--yellow", "Temporarily closed"));
        li.appendChild(tag);
      }
      li.appendChild(el("p", "lo-mylist__summary", facts.summary));
      var dl = el("dl", "govuk-summary-list lo-mylist__facts");
      factRow(dl, "Ages", facts.ages);
      if (facts.cost) { factRow(dl, "Cost", facts.cost); }
      if (facts.access) { factRow(dl, "How to get it", lines(facts.access)); }
      if (facts.phone) { factRow(dl, "Phone", link("tel:" + facts.phone.tel, facts.phone.display)); }
      if (facts.email) { factRow(dl, "Email", link("mailto:" + facts.email, facts.email)); }
      if (facts.website && /^https?:\/\//.test(facts.website)) {
        factRow(dl, "Website", link(facts.website, facts.website.replace(/^https?:\/\//, "").replace(/\/$/, "")));
      }
      if (facts.times) { factRow(dl, "Opening times", lines(facts.times)); }
      if (facts.addresses) { factRow(dl, "Address", lines(facts.addresses)); }
      if (facts.area) { factRow(dl, "Covers", facts.area); }
      factRow(dl, "Last reviewed", facts.reviewed);
      li.appendChild(dl);
    }
    if (removable) {
      var button = el("button", "lo-button lo-button--secondary lo-mylist__remove", "Remove");
      button.type = "button";
      button.appendChild(hidden(" " + name));
      button.appendChild(document.createTextNode(" from my list"));
      button.addEventListener("click", function () { onRemove(id, name); });
      li.appendChild(button);
    }
    return li;
  }

  function MyListPage(container) {
    this.container = container;
    this.root = container.getAttribute("data-lo-root") || "";
    this.files = parseInt(container.getAttribute("data-lo-files") || "1", 10) || 1;
    this.status = el("p", "lo-mylist__status");
    this.status.setAttribute("role", "status");
    this.body = el("div", "lo-mylist__body");
    container.textContent = "";
    container.appendChild(this.status);
    container.appendChild(this.body);
    this.render();
  }

  MyListPage.prototype.render = function (focus) {
    var page = this;
    var shared = sharedIds();
    var saved = ids();
    var viewing = shared !== null && !same(shared, saved);
    var list = viewing ? shared : saved;
    if (shared !== null && !viewing) {
      /* a shared link to the list already saved here: from now on it is the saved list */
      window.history.replaceState(null, "", window.location.pathname);
    }
    var body = el("div", "lo-mylist__body");
    var count = el("p", "lo-count", countWords(list.length));
    count.tabIndex = -1;

    if (viewing) {
      var notice = el("div", "lo-mylist__shared");
      notice.appendChild(el("p", "", "Someone shared this list with you. It is not saved on this device."));
      var keep = el("button", "lo-button", "Save this list on this device");
      keep.type = "button";
      keep.addEventListener("click", function () {
        save(saved.concat(shared));
        window.history.replaceState(null, "", window.location.pathname);
        page.render(true);
        page.status.textContent = "Saved. This list is now on this device.";
      });
      notice.appendChild(keep);
      body.appendChild(notice);
    }
    body.appendChild(count);

    if (!list.length) {
      body.appendChild(el("p", "", "You have not saved any services yet."));
      var how = el("p", "", "To save a service, find it in the ");
      how.appendChild(link(this.root + "services/", "A to Z of services"));
      how.appendChild(document.createTextNode(" or by searching, then select \u201cAdd to my list\u201d."));
      body.appendChild(how);
      this.swap(body, focus ? count : null);
      return;
    }

    var items = el("ol", "lo-mylist__items");
    body.appendChild(items);
    var placeholders = list.map(function (id) {
      var li = el("li", "lo-mylist__item", "Loading\u2026");
      items.appendChild(li);
      return li;
    });

    var actions = el("div", "lo-mylist__actions");
    var print = el("button", "lo-button", "Print this list");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(print);
    if (!viewing) {
      var clear = el("button", "lo-button lo-button--warning", "Remove all services from my list");
      clear.type = "button";
      clear.addEventListener("click", function () {
        /* One tap empties the list, so the next control puts it back. */
        var before = list.slice();
        save([]);
        page.render(true);
        page.status.textContent = "My list is now empty. Select Undo to put the services back.";
        var undo = el("button", "lo-button lo-button--secondary", "Undo");
        undo.type = "button";
        undo.appendChild(hidden(" and put back " + countWords(before.length)));
        undo.addEventListener("click", function () {
          save(before);
          page.render(true);
          page.status.textContent = "Put back " + countWords(before.length) + " on my list.";
        });
        var again = el("p", "lo-mylist__undo");
        again.appendChild(undo);
        page.body.insertBefore(again, page.body.querySelector(".lo-count").nextSibling);
        undo.focus();
      });
      actions.appendChild(clear);
    }
    body.appendChild(actions);
    body.appendChild(this.shareSection(list));
    this.swap(body, focus ? count : null);

    list.forEach(function (id, index) {
      fetchFacts(id, page.root, page.files).then(function (facts) {
        var li = item(id, facts, page.root, !viewing, function (gone, name) {
          remove(gone);
          page.render(true);
          page.status.textContent = "Removed " + name + " from my list.";
        });
        items.replaceChild(li, placeholders[index]);
        placeholders[index] = li;
      });
    });
  };

  MyListPage.prototype.shareSection = function (list) {
    var section = el("div", "lo-mylist__share");
    section.appendChild(el("h2", "", "Share this list"));
    section.appendChild(el("p", "", "Send this link to a family or a colleague. It holds only the services in the list, nothing about you."));
    var address = shareAddress(list);
    addQr(section, address);
    var p = el("p", "lo-mylist__share-address");
    p.appendChild(link(address, address));
    p.lastChild.className = "lo-mylist__share-link";
    section.appendChild(p);
    var copy = window.LocalOfferCopy;
    if (copy) {
      var wrap = el("p", "lo-copy-link");
      var button = el("button", "lo-copy-link__button", "Copy link");
      button.type = "button";
      button.appendChild(hidden(" to this list"));
      var status = el("span", "lo-copy-link__status");
      status.setAttribute("role", "status");
      wrap.appendChild(button);
      wrap.appendChild(status);
      copy.button(button, status, function () { return address; });
      section.appendChild(wrap);
    }
    return section;
  };

  MyListPage.prototype.swap = function (body, focus) {
    this.container.replaceChild(body, this.body);
    this.body = body;
    if (focus) { focus.focus(); }
  };

  // --- start --------------------------------------------------------------------

  var myListPage = null;
  var frame = document.querySelector("[data-lo-mylist]");
  if (frame) { myListPage = new MyListPage(frame); }
  enhance(document);

  /* Cards rendered after load: search.js fires "lo:results" on its list. */
  function onResults(event) {
    var container = event.detail && event.detail.container;
    enhance(container || (event.target && event.target.querySelectorAll ? event.target : document));
  }
  document.addEventListener("localoffer:results", onResults);
  document.addEventListener("lo:results", onResults);
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) { return; }
    refreshButtons();
    if (myListPage) { myListPage.render(false); }
  });

  window.LocalOfferList = {
    ids: ids, has: has, add: add, remove: remove, enhance: enhance
  };
})();

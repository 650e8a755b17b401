// The search page: Pagefind's index with our own small interface.
//
// Loaded only by the search page (overrides/main.html), so no other page
// fetches search code or data. Pagefind itself is imported on first use,
// and asked for no web worker, so a query fetches one copy of its code.
// The page works without this script: its server-rendered text says search
// needs JavaScript and links to the browse pages; this script shows the form
// and replaces that text with results.
//
// The query, filters and postcode district live in the address
// (`?q=autism&theme=education&age=12-16&near=HB3`), so a search can be
// shared, bookmarked and reloaded. A location from the browser is used on
// this page only: it never goes into the address or to any server.
//
// No inline code, no eval, same origin only: it runs under the site's
// Content-Security-Policy ('wasm-unsafe-eval' is needed for Pagefind's
// WebAssembly). Results are built with textContent, never innerHTML of
// index text.

const PAGE_SIZE = 10;
const EXACT_NEAR_LIMIT = 50; // up to this many results, near me loads them all and sorts exactly
const ROOT = new URL("../", import.meta.url); // this file is assets/search.js

const form = document.querySelector("form.lo-search");
if (form) start(form);

function start(form) {
  const area = form.dataset.areaName || "";
  const input = form.querySelector("#lo-search-q");
  const nearInput = form.querySelector("#lo-search-near");
  const nearError = form.querySelector("#lo-search-near-error");
  const status = form.querySelector(".lo-search__status");
  const list = form.querySelector(".lo-search__list");
  const more = form.querySelector(".lo-search__more");
  const boxes = [...form.querySelectorAll(".lo-filter input[type=checkbox]")];
  const groups = [...new Set(boxes.map((box) => box.name))];
  const postcodes = new Map(JSON.parse(form.dataset.postcodes || "[]").map(([d, lat, lon]) => [d, { lat, lon }]));

  let pagefind = null;
  let split = false; // filter tables split per value (a large directory): see pagefindFilters
  let located = null; // {lat, lon} from the browser: never stored, never sent
  let shown = []; // ordered results: {result, bucket}
  let next = 0;
  let run = 0; // the latest search; older ones stop when a newer starts

  for (const hidden of form.querySelectorAll("[hidden]:not(.lo-search__more):not(.lo-error)")) {
    hidden.hidden = false;
  }
  form.querySelector(".lo-search__nojs").remove();

  function loadPagefind() {
    if (!pagefind) {
      const loaded = import(new URL("pagefind/pagefind.js", ROOT).href).then(async (module) => {
        await module.options({ baseUrl: ROOT.pathname, noWorker: true, excerptLength: 24 });
        await module.init();
        return module;
      });
      pagefind = Promise.all([loaded, splitFilters()]).then(([module, isSplit]) => {
        split = isSplit;
        return module;
      });
    }
    return pagefind;
  }

  // generator/publish/pagefind_stable.py says in the index's entry file how it wrote the
  // filter tables: "whole" (one per filter) or "split" (one per value). Asked
  // afresh, as Pagefind asks for the file: after a redeploy a stale copy could
  // name the other layout, and every filtered search would find nothing.
  async function splitFilters() {
    const url = new URL("pagefind/pagefind-entry.json", ROOT);
    const entry = await (await fetch(url, { cache: "no-cache" })).json();
    return Object.values(entry.languages).some((info) => info.lo_filters === "split");
  }

  function readForm() {
    const state = { q: input.value.trim(), near: nearInput.value.trim(), filters: {} };
    for (const box of boxes) {
      if (box.checked) (state.filters[box.name] ||= []).push(box.value);
    }
    return state;
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    const state = { q: (params.get("q") || "").trim(), near: (params.get("near") || "").trim(), filters: {} };
    for (const name of groups) {
      const values = params.getAll(name).filter((v) => boxes.some((b) => b.name === name && b.value === v));
      if (values.length) state.filters[name] = values;
    }
    return state;
  }

  function showState(state) {
    input.value = state.q;
    nearInput.value = state.near;
    for (const box of boxes) box.checked = (state.filters[box.name] || []).includes(box.value);
  }

  function address(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of groups) for (const value of state.filters[name] || []) params.append(name, value);
    if (state.near) params.set("near", state.near);
    const query = params.toString();
    return location.pathname + (query ? `?${query}` : "");
  }

  function remember(state, push) {
    const url = address(state);
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  function district(text) {
    const compact = text.toUpperCase().replace(/\s+/g, "");
    if (!compact) return null;
    // A full postcode ("HB3 2QT") gives its district: all but the last three characters.
    const candidates = [text.toUpperCase().trim().split(/\s+/)[0], compact, compact.slice(0, -3)];
    return candidates.find((c) => postcodes.has(c)) || false;
  }

  function setNearError(message) {
    nearError.hidden = !message;
    nearError.textContent = "";
    if (message) {
      const prefix = document.createElement("span");
      prefix.className = "visually-hidden";
      prefix.textContent = "Error: ";
      nearError.append(prefix, message);
      nearInput.setAttribute("aria-invalid", "true");
    } else {
      nearInput.removeAttribute("aria-invalid");
    }
  }

  // The point results are sorted from, and words for it; null for no sorting.
  function origin(state) {
    setNearError("");
    if (state.near) {
      const found = district(state.near);
      if (found) return { ...postcodes.get(found), label: found };
      const example = postcodes.keys().next().value || "HB3";
      setNearError(`Enter the first part of a postcode in ${area || "the area"}, like ${example}`);
    }
    return located ? { ...located, label: "you" } : null;
  }

  // Choices within a group add up ("any"); groups narrow ("all"). In a large
  // directory each filter value has its own table, named "theme=education", so a
  // search fetches only the values it uses.
  function pagefindFilters(filters, leaveOut) {
    const one = (name, value) => (split ? { [`${name}=${value}`]: value } : { [name]: value });
    const all = [];
    for (const [name, values] of Object.entries(filters)) {
      if (name !== leaveOut) all.push({ any: values.map((value) => one(name, value)) });
    }
    return all.length ? { all } : {};
  }

  async function search(state) {
    const mine = ++run;
    const hasFilters = Object.keys(state.filters).length > 0;
    const point = origin(state);
    if (!state.q && !hasFilters && !point) {
      list.replaceChildren();
      more.hidden = true;
      setCounts(null, {});
      announce("Enter words to search for, or choose a filter.");
      return;
    }
    announce("Searching…");
    try {
      const pf = await loadPagefind();
      const response = await pf.search(state.q || null, { filters: pagefindFilters(state.filters) });
      if (mine !== run) return;
      const results = response ? response.results : [];
      shown = point ? await nearOrder(pf, state, results, point) : results.map((result) => ({ result, bucket: 0 }));
      if (mine !== run) return;
      list.replaceChildren();
      next = 0;
      await showMore(point, false);
      if (mine !== run) return;
      announce(summary(results.length, state, point));
      await updateCounts(pf, state, response);
    } catch {
      // Offline, or the search files could not be loaded: never leave "Searching…" up.
      pagefind = null; // the next search tries to load them again
      if (mine === run) {
        announce("Search is not working at the moment. Try again, or browse services by theme, age, need or A to Z.");
      }
    }
  }

  // Near me: nearest first. A small result set is loaded whole and sorted
  // exactly. A large one is ordered by postcode district, nearest district
  // first (one search per district), and each shown page is sorted exactly
  // within its districts.
  async function nearOrder(pf, state, results, point) {
    if (results.length <= EXACT_NEAR_LIMIT) {
      const loaded = await Promise.all(results.map(async (result) => ({ result, data: await result.data() })));
      for (const item of loaded) item.distance = distanceOf(item.data, point);
      loaded.sort((a, b) => a.distance - b.distance);
      return loaded.map((item) => ({ result: item.result, data: item.data, distance: item.distance, bucket: 0 }));
    }
    const districts = [...postcodes.entries()]
      .map(([name, centre]) => [name, miles(point, centre)])
      .sort((a, b) => a[1] - b[1]);
    // All districts at once: each may fetch its own table, and one after
    // another would be a round trip each on a phone.
    const found = await Promise.all(
      districts.map(([name]) =>
        pf.search(state.q || null, { filters: pagefindFilters({ ...state.filters, district: [name] }) }),
      ),
    );
    const seen = new Set();
    const ordered = [];
    for (const [rank, inDistrict] of found.entries()) {
      for (const result of inDistrict ? inDistrict.results : []) {
        if (!seen.has(result.id)) {
          seen.add(result.id);
          ordered.push({ result, bucket: rank });
        }
      }
    }
    for (const result of results) if (!seen.has(result.id)) ordered.push({ result, bucket: districts.length });
    return ordered;
  }

  async function showMore(point, moveFocus) {
    const page = shown.slice(next, next + PAGE_SIZE);
    await Promise.all(
      page.map(async (item) => {
        item.data ||= await item.result.data();
        if (point && item.distance === undefined) item.distance = distanceOf(item.data, point);
      }),
    );
    if (point) page.sort((a, b) => a.bucket - b.bucket || a.distance - b.distance);
    const cards = page.map((item) => card(item, point));
    list.append(...cards);
    next += page.length;
    more.hidden = next >= shown.length;
    if (moveFocus && cards.length) cards[0].querySelector("a").focus();
    list.dispatchEvent(new CustomEvent("lo:results", { bubbles: true }));
  }

  function card(item, point) {
    const data = item.data;
    const meta = data.meta || {};
    const li = element("li", "lo-result");
    const match = /\/services\/([a-z0-9-]+)\/$/.exec(new URL(data.url, location.href).pathname);
    if (match && meta.type === "Service") li.dataset.serviceId = match[1];
    const heading = element("h2", "lo-result__title");
    const link = element("a", "", meta.title || data.url);
    link.href = data.url;
    heading.append(link);
    li.append(heading);
    if (meta.status) {
      const tag = element("p", "lo-result__status");
      tag.append(element("strong", "govuk-tag govuk-tag--yellow", meta.status));
      li.append(tag);
    }
    li.append(element("p", "lo-result__summary", meta.summary || plainText(data.excerpt)));
    const facts = element("dl", "lo-result__facts");
    const fact = (term, value) => {
      if (!value) return;
      const row = element("div");
      row.append(element("dt", "", term), element("dd", "", value));
      facts.append(row);
    };
    fact("Type", meta.type || "Guidance");
    fact("Ages", meta.ages);
    fact("Cost", meta.cost);
    if (point && meta.type === "Service") {
      fact("Where", Number.isFinite(item.distance) ? distanceWords(item.distance) : `Covers: ${meta.covers || area}`);
    }
    li.append(facts);
    return li;
  }

  async function updateCounts(pf, state, response) {
    // Loads every filter's table (a search loads only the ones it filters on),
    // after the results are shown so the first result is not delayed. Left out
    // when the tables are split: in a large directory they would weigh more than
    // the search itself (244 KB compressed at 10,000 services).
    if (split) return;
    await pf.filters();
    // Only a search made before the tables were loaded lacks some groups' counts.
    if (groups.some((name) => !(response && response.filters[name]))) {
      response = await pf.search(state.q || null, { filters: pagefindFilters(state.filters) });
    }
    const counts = {};
    for (const name of groups) {
      if (state.filters[name]) {
        // Within a group choices add up ("any"), so an option's count ignores the group's own choices.
        const without = await pf.search(state.q || null, { filters: pagefindFilters(state.filters, name) });
        counts[name] = (without && without.filters[name]) || {};
      } else {
        counts[name] = (response && response.filters[name]) || {};
      }
    }
    setCounts(response, counts);
  }

  function setCounts(response, counts) {
    for (const box of boxes) {
      const count = box.parentElement.querySelector(".lo-filter__count");
      const value = response ? (counts[box.name] || {})[box.value] || 0 : null;
      count.textContent = value === null ? "" : `(${value})`;
    }
  }

  function summary(total, state, point) {
    let words = total === 1 ? "1 result" : `${total} results`;
    if (state.q) words += ` for “${state.q}”`;
    if (Object.keys(state.filters).length) words += ", filtered";
    if (point && total) words += point.label === "you" ? ", nearest to you first" : `, nearest to ${point.label} first`;
    if (!total) words += ". Try other words or fewer filters.";
    return words;
  }

  let announced = 0;
  function announce(text) {
    // Cleared first, so the same words said twice are still announced.
    const mine = ++announced;
    status.textContent = "";
    setTimeout(() => {
      if (mine === announced) status.textContent = text;
    }, 50);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readForm();
    remember(state, true);
    search(state);
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches(".lo-filter input")) {
      const state = readForm();
      remember(state, false);
      search(state);
    }
  });
  form.querySelector("[data-near=locate]").addEventListener("click", () => {
    if (!navigator.geolocation) {
      setNearError("Your browser cannot share your location. Enter the first part of your postcode instead.");
      return;
    }
    announce("Finding your location…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        located = { lat: position.coords.latitude, lon: position.coords.longitude };
        nearInput.value = "";
        const state = readForm();
        remember(state, false);
        search(state);
      },
      () => {
        announce("");
        setNearError("Your location could not be found. Enter the first part of your postcode instead.");
      },
      { maximumAge: 600000, timeout: 15000 },
    );
  });
  more.addEventListener("click", () => showMore(origin(readForm()), true));
  input.addEventListener("focus", loadPagefind, { once: true });
  window.addEventListener("popstate", () => {
    const state = readAddress();
    showState(state);
    search(state);
  });

  const initial = readAddress();
  showState(initial);
  if (initial.q || Object.keys(initial.filters).length || initial.near) search(initial);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function plainText(html) {
  const template = document.createElement("template");
  template.innerHTML = html || ""; // parsed inert: a template's content never runs
  return template.content.textContent;
}

function distanceOf(data, point) {
  const places = ((data.meta || {}).places || "").split(";").filter(Boolean);
  let best = Infinity;
  for (const place of places) {
    const [lat, lon] = place.split(",").map(Number);
    best = Math.min(best, miles(point, { lat, lon }));
  }
  return best;
}

// The great-circle (haversine) distance in miles; generator/publish/search.py has its twin for tests.
function miles(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}

function distanceWords(distance) {
  if (distance < 0.1) return "Less than 0.1 miles away";
  const rounded = distance.toFixed(1);
  return rounded === "1.0" ? "1 mile away" : `${rounded} miles away`;
}

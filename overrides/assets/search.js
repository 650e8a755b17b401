// The search page: Pagefind's index with our own small interface.
//
// Loaded only by the search page (overrides/main.html), so no other page
// fetches search code or data. Pagefind itself is imported on first use,
// and asked for no web worker, so a query fetches one copy of its code.
// The page works without this script: it says "Loading search…" (and, with
// JavaScript off, that search needs it, with links to the browse pages);
// this script shows the form and replaces those words with results.
//
// Results come first on a phone: the filters and near me sit behind the
// "Filter results" button (open beside the results on a wide screen), which
// says how many are chosen; each chosen filter is a tag above the results
// that removes it; the count is announced in a live region.
//
// Parents' words (searchwords.js): the thesaurus rewrites a query into the
// listings' words (and the query as typed is searched too, its results
// after); a word the index lacks is corrected to its closest known word
// ("Did you mean"); a query whose words no page has all of shows the pages
// with most of them.
//
// The query, filters, the child's age and postcode district live in the
// address (`?q=autism&theme=education&aged=4&near=HB3`), so a search can be
// shared, bookmarked and reloaded. A location from the browser is used on
// this page only: it never goes into the address or to any server.
//
// No inline code, no eval, same origin only: it runs under the site's
// Content-Security-Policy ('wasm-unsafe-eval' is needed for Pagefind's
// WebAssembly). Results are built with textContent, never innerHTML of
// index text.

import { STOP_WORDS, expand, known, suggest, vocabularyOf, words } from "./searchwords.js";

const PAGE_SIZE = 10;
const EXACT_NEAR_LIMIT = 50; // up to this many results, near me loads them all and sorts exactly
const FEW = 3; // with fewer results than this for every word, pages with some of the words follow
const NEAR_BANDS = [1, 3, 5]; // miles: near me groups results within these, best match first in each
const ROOT = new URL("../", import.meta.url); // this file is assets/search.js
const WIDE = "(min-width: 60em)"; // the options open beside the results from this width

const form = document.querySelector("form.lo-search");
if (form) start(form);

function start(form) {
  const area = form.dataset.areaName || "";
  const input = form.querySelector("#lo-search-q");
  const aged = form.querySelector("#lo-search-aged");
  const nearInput = form.querySelector("#lo-search-near");
  const nearError = form.querySelector("#lo-search-near-error");
  const toggle = form.querySelector(".lo-search__toggle");
  const chosen = form.querySelector(".lo-search__chosen");
  const options = form.querySelector(".lo-search__options");
  const tagsBox = form.querySelector(".lo-search__tags");
  const tags = form.querySelector(".lo-tags");
  const status = form.querySelector(".lo-search__status");
  const hint = form.querySelector(".lo-search__hint");
  const list = form.querySelector(".lo-search__list");
  const more = form.querySelector(".lo-search__more");
  const boxes = [...form.querySelectorAll(".lo-filter input[type=checkbox]")];
  const groups = [...new Set(boxes.map((box) => box.name))];
  const postcodes = new Map(JSON.parse(form.dataset.postcodes || "[]").map(([d, lat, lon]) => [d, { lat, lon }]));
  const thesaurus = JSON.parse(form.dataset.thesaurus || "[]");
  const wide = window.matchMedia(WIDE);

  let pagefind = null;
  let vocabulary = null;
  let split = false; // filter tables split per value (a large directory): see pagefindFilters
  let located = null; // {lat, lon} from the browser: never stored, never sent
  let shown = []; // ordered results: {result, bucket}
  let next = 0;
  let run = 0; // the latest search; older ones stop when a newer starts

  for (const hidden of form.querySelectorAll(".lo-search__bar, .lo-search__toolbar")) hidden.hidden = false;
  setOpen(wide.matches);
  const loading = form.querySelector(".lo-search__loading");
  form.querySelector(".lo-search__nojs").remove();

  function setOpen(open) {
    options.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  }

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
      pagefind.catch(() => {
        pagefind = null; // the next search tries to load them again
      });
    }
    return pagefind;
  }

  // The index's words as written (generator/publish/vocabulary.py), fetched
  // beside Pagefind; without them every word counts as known.
  function loadVocabulary() {
    vocabulary ||= fetch(new URL("pagefind/words.json", ROOT))
      .then((response) => (response.ok ? response.json() : { words: {} }))
      .then(vocabularyOf)
      .catch(() => null);
    return vocabulary;
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
    const state = { q: input.value.trim(), near: nearInput.value.trim(), aged: aged.value, filters: {} };
    for (const box of boxes) {
      if (box.checked) (state.filters[box.name] ||= []).push(box.value);
    }
    return state;
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    const age = params.get("aged") || "";
    const state = {
      q: (params.get("q") || "").trim(),
      near: (params.get("near") || "").trim(),
      aged: [...aged.options].some((o) => o.value === age) ? age : "",
      filters: {},
    };
    for (const name of groups) {
      const values = params.getAll(name).filter((v) => boxes.some((b) => b.name === name && b.value === v));
      if (values.length) state.filters[name] = values;
    }
    return state;
  }

  function showState(state) {
    input.value = state.q;
    nearInput.value = state.near;
    aged.value = state.aged;
    for (const box of boxes) box.checked = (state.filters[box.name] || []).includes(box.value);
  }

  function address(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of groups) for (const value of state.filters[name] || []) params.append(name, value);
    if (state.aged) params.set("aged", state.aged);
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
      if (!wide.matches) setOpen(true); // the error is in the options: show it
    }
    return located ? { ...located, label: "you" } : null;
  }

  // Every choice as a tag: [words, how to undo it].
  function choices(state) {
    const found = [];
    if (state.aged) {
      const label = aged.options[aged.selectedIndex].text;
      found.push([`Age: ${label}`, () => (aged.value = "")]);
    }
    for (const box of boxes) {
      if (!box.checked) continue;
      const legend = box.closest("fieldset").querySelector("legend").textContent;
      const label = box.labels[0].firstChild.textContent.trim();
      found.push([`${legend}: ${label}`, () => (box.checked = false)]);
    }
    if (state.near && district(state.near)) {
      found.push([`Near ${district(state.near)}`, () => (nearInput.value = "")]);
    } else if (located) {
      found.push(["Near you", () => (located = null)]);
    }
    return found;
  }

  function showChoices(state) {
    const found = choices(state);
    chosen.textContent = found.length ? ` (${found.length} selected)` : "";
    tags.replaceChildren();
    for (const [index, [words, undo]] of found.entries()) {
      const li = element("li");
      const button = element("button", "lo-tag");
      button.type = "button";
      button.append(element("span", "visually-hidden", "Remove filter: "), words);
      button.addEventListener("click", () => {
        undo();
        const state = readForm();
        remember(state, false);
        search(state);
        // Focus stays among the tags, or goes back to the button that shows the filters.
        const left = tags.querySelectorAll(".lo-tag");
        (left[Math.min(index, left.length - 1)] || toggle).focus();
      });
      li.append(button);
      tags.append(li);
    }
    if (found.length > 1) {
      const li = element("li");
      const clear = element("button", "lo-tag lo-tag--clear", "Clear filters");
      clear.type = "button";
      clear.addEventListener("click", () => {
        for (const [, undo] of choices(readForm())) undo();
        const state = readForm();
        remember(state, false);
        search(state);
        toggle.focus();
      });
      li.append(clear);
      tags.append(li);
    }
    tagsBox.hidden = found.length === 0;
  }

  // Choices within a group add up ("any"); groups narrow ("all"). In a large
  // directory each filter value has its own table, named "theme=education", so a
  // search fetches only the values it uses.
  function pagefindFilters(state, leaveOut, extra = {}) {
    const one = (name, value) => (split ? { [`${name}=${value}`]: value } : { [name]: value });
    const all = [];
    const chosenFilters = { ...state.filters, ...(state.aged ? { aged: [state.aged] } : {}), ...extra };
    for (const [name, values] of Object.entries(chosenFilters)) {
      if (name !== leaveOut) all.push({ any: values.map((value) => one(name, value)) });
    }
    return all.length ? { all } : {};
  }

  function filtered(state) {
    return Object.keys(state.filters).length > 0 || Boolean(state.aged);
  }

  // What to search for, in the index's words: {query, also, note}. `also` is
  // the query as typed when the thesaurus rewrote it (its results follow);
  // `note` says what was done to the words, for the hint above the results.
  function understand(q, words_) {
    if (!q) return { query: null, also: null, note: null, rest: [] };
    const rewritten = expand(q, thesaurus);
    let query = rewritten.used.length ? rewritten.text : q;
    const note = { rewritten: rewritten.used.length ? query : null, unknown: [], corrected: null };
    if (words_) {
      const typed = words(query);
      const missing = typed.filter((w) => !known(w, words_));
      if (missing.length) {
        note.unknown = missing;
        const fixed = typed.map((w) => (missing.includes(w) ? suggest(w, words_) : w));
        const kept = fixed.filter(Boolean);
        if (fixed.some((w, i) => w && missing.includes(typed[i]))) note.corrected = kept.join(" ");
        query = kept.join(" ");
      }
    }
    // The words as typed are searched too, unless the index lacks some of them
    // (Pagefind would answer with pages that have other words).
    const typedKnown = !words_ || words(q).every((w) => known(w, words_));
    const also = rewritten.used.length && !note.unknown.length && typedKnown ? q : null;
    note.also = also;
    const rest = words_ ? rewritten.rest.filter((w) => known(w, words_)) : rewritten.rest;
    return { query, also, note, rest };
    return { query, also, note };
  }

  // Each word searched alone: {id -> {result, words matched, summed score}}.
  async function tally(pf, state, each) {
    const found = await Promise.all(each.map((w) => searchAll(pf, state, w)));
    const counted = new Map();
    for (const response of found) {
      for (const result of response ? response.results : []) {
        const seen = counted.get(result.id) || { result, words: 0, score: 0 };
        seen.words += 1;
        seen.score += result.score || 0;
        counted.set(result.id, seen);
      }
    }
    return counted;
  }

  async function searchAll(pf, state, query, leaveOut) {
    return pf.search(query, { filters: pagefindFilters(state, leaveOut) });
  }

  // Results for the understood query: the rewritten words' results, then the
  // typed words'; and when no page has every word, pages with most of them.
  async function find(pf, state, plan) {
    if (plan.query === "") return { results: [], filters: {}, partial: false };
    const first = await searchAll(pf, state, plan.query);
    let results = first ? [...first.results] : [];
    if (plan.also) {
      const typed = await searchAll(pf, state, plan.also);
      const seen = new Set(results.map((r) => r.id));
      for (const result of typed ? typed.results : []) if (!seen.has(result.id)) results.push(result);
    }
    if (plan.rest.length && results.length > 1) {
      // The words the thesaurus left: results with more of them come first.
      const matched = await tally(pf, state, plan.rest);
      const rank = new Map(results.map((r, i) => [r.id, i]));
      results.sort((a, b) => (matched.get(b.id)?.words || 0) - (matched.get(a.id)?.words || 0) || rank.get(a.id) - rank.get(b.id));
    }
    let partial = false;
    const meaningful = plan.query ? words(plan.query).filter((w) => !STOP_WORDS.has(w)) : [];
    if (results.length < FEW && meaningful.length > 1) {
      // Few pages have every word: after them, the pages with most of the words.
      const seen = new Set(results.map((r) => r.id));
      const some = [...(await tally(pf, state, meaningful)).values()]
        .filter((t) => !seen.has(t.result.id))
        .sort((a, b) => b.words - a.words || b.score - a.score)
        .map((t) => t.result);
      partial = some.length > 0;
      results = [...results, ...some];
    }
    return { results, filters: first ? first.filters : {}, partial };
  }

  function showHint(state, plan, partial) {
    hint.replaceChildren();
    const lines = [];
    const note = plan.note;
    if (note && note.unknown.length) {
      const missing = note.unknown.map((w) => `“${w}”`).join(", ");
      if (note.corrected) {
        const p = element("p", "", "Did you mean ");
        const link = element("a", "", note.corrected);
        link.href = address({ ...state, q: note.corrected });
        p.append(link, "? ");
        p.append(`No pages have ${missing}, so these are the results for “${note.corrected}”.`);
        lines.push(p);
      } else {
        lines.push(element("p", "", `No pages have ${missing}.`));
      }
    } else if (note && note.rewritten && note.also) {
      lines.push(element("p", "", `Showing results for “${note.rewritten}” first, then for “${state.q}”.`));
    } else if (note && note.rewritten) {
      lines.push(element("p", "", `Showing results for “${note.rewritten}”.`));
    }
    if (note && note.rewritten && note.unknown.length) {
      lines.unshift(element("p", "", `Searching for “${note.rewritten}” instead of “${state.q}”.`));
    }
    if (partial) {
      lines.push(element("p", "", "Few pages have all of your words, so pages with some of them follow, most first."));
    }
    hint.append(...lines);
    hint.hidden = lines.length === 0;
  }

  async function search(state) {
    const mine = ++run;
    const point = origin(state);
    showChoices(state);
    if (!state.q && !filtered(state) && !point) {
      list.replaceChildren();
      hint.hidden = true;
      more.hidden = true;
      setCounts(null, {});
      loading.hidden = true;
      announce("Enter words to search for, or choose a filter.");
      return;
    }
    announce("Searching…");
    try {
      const [pf, words_] = await Promise.all([loadPagefind(), state.q ? loadVocabulary() : null]);
      const plan = understand(state.q, words_);
      const response = await find(pf, state, plan);
      if (mine !== run) return;
      const results = response.results;
      shown = point
        ? await nearOrder(pf, state, plan, results, point)
        : results.map((result) => ({ result, bucket: 0 }));
      if (mine !== run) return;
      list.replaceChildren();
      next = 0;
      await showMore(point, false, true);
      if (mine !== run) return;
      loading.hidden = true;
      showHint(state, plan, response.partial);
      announce(summary(results.length, state, plan, point));
      form.dispatchEvent(new CustomEvent("lo:searched", { bubbles: true }));
      await updateCounts(pf, state, plan, response);
    } catch {
      // Offline, or the search files could not be loaded: never leave "Searching…" up.
      if (mine === run) {
        loading.hidden = true;
        announce("Search is not working at the moment. Try again, or browse services by theme, age, need or A to Z.");
      }
    }
  }

  // Near me: results grouped by distance (NEAR_BANDS), the best match for the
  // words first within each group. A service that covers the whole area or
  // visits at home (no place of its own) is in the nearest group: it is as
  // near to every family as it can be. A small result set is loaded whole. A
  // large one is ordered by postcode district, nearest first (one search per
  // district), and each shown page is sorted within its districts.
  async function nearOrder(pf, state, plan, results, point) {
    const ranked = (items) =>
      items.sort((a, b) => a.bucket - b.bucket || (state.q ? a.rank - b.rank : a.distance - b.distance || a.rank - b.rank));
    if (results.length <= EXACT_NEAR_LIMIT) {
      const loaded = await Promise.all(results.map(async (result) => ({ result, data: await result.data() })));
      for (const [rank, item] of loaded.entries()) {
        item.rank = rank;
        item.distance = distanceOf(item.data, point);
        item.bucket = band(item.distance);
      }
      return ranked(loaded);
    }
    const districts = [...postcodes.entries()]
      .map(([name, centre]) => [name, miles(point, centre)])
      .sort((a, b) => a[1] - b[1]);
    // All districts at once: each may fetch its own table, and one after
    // another would be a round trip each on a phone.
    const found = await Promise.all(
      districts.map(([name]) =>
        pf.search(plan.query || null, { filters: pagefindFilters(state, null, { district: [name] }) }),
      ),
    );
    const place = new Map();
    for (const [rank, inDistrict] of found.entries()) {
      for (const result of inDistrict ? inDistrict.results : []) {
        if (!place.has(result.id)) place.set(result.id, band(districts[rank][1]));
      }
    }
    // No district: the service covers the area or visits at home, so it goes in the nearest group.
    const ordered = results.map((result, rank) => ({ result, rank, bucket: place.get(result.id) ?? 0 }));
    return ordered.sort((a, b) => a.bucket - b.bucket || a.rank - b.rank);
  }

  // A search's first page goes in card by card, each as soon as it and the
  // ones above it are loaded: on a slow link the first result shows a round
  // trip or more sooner. "Show more" adds its page at once, so the button
  // stays until the whole page is there. A newer search (run) stops an older
  // one appending.
  async function showMore(point, moveFocus, oneByOne = false) {
    const mine = run;
    const page = shown.slice(next, next + PAGE_SIZE);
    const loaded = page.map(async (item) => {
      item.data ||= await item.result.data();
      if (point && item.distance === undefined) item.distance = distanceOf(item.data, point);
    });
    if (oneByOne) {
      for (const later of loaded.slice(1)) later.catch(() => {}); // the loop meets the first failure
    } else {
      await Promise.all(loaded);
    }
    for (const [i, item] of page.entries()) {
      await loaded[i];
      if (mine !== run) return;
      const li = card(item, point);
      list.append(li);
      loading.hidden = true;
      if (moveFocus && i === 0) li.querySelector("a").focus();
    }
    next += page.length;
    more.hidden = next >= shown.length;
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
      fact("Where", Number.isFinite(item.distance) ? distanceWords(item.distance) : coverWords(meta.covers));
    }
    li.append(facts);
    return li;
  }

  function coverWords(covers) {
    if (!covers || covers === `All of ${area}`) return `Covers all of ${area || "the area"}`;
    return `Covers ${covers.replace(/^All of /, "all of ")}`;
  }

  async function updateCounts(pf, state, plan, response) {
    // Loads every filter's table (a search loads only the ones it filters on),
    // after the results are shown so the first result is not delayed. Left out
    // when the tables are split: in a large directory they would weigh more than
    // the search itself (244 KB compressed at 10,000 services).
    if (split || plan.query === "") return;
    await pf.filters();
    let counted = response.filters;
    // Only a search made before the tables were loaded lacks some groups' counts.
    if (groups.some((name) => !(counted && counted[name]))) {
      const again = await searchAll(pf, state, plan.query);
      counted = again ? again.filters : {};
    }
    const counts = {};
    for (const name of groups) {
      if (state.filters[name]) {
        // Within a group choices add up ("any"), so an option's count ignores the group's own choices.
        const without = await searchAll(pf, state, plan.query, name);
        counts[name] = (without && without.filters[name]) || {};
      } else {
        counts[name] = (counted && counted[name]) || {};
      }
    }
    setCounts(counted, counts);
  }

  function setCounts(response, counts) {
    for (const box of boxes) {
      const count = box.parentElement.querySelector(".lo-filter__count");
      const value = response ? (counts[box.name] || {})[box.value] || 0 : null;
      count.textContent = value === null ? "" : `(${value})`;
    }
  }

  function summary(total, state, plan, point) {
    let words_ = total === 1 ? "1 result" : `${total} results`;
    if (state.q) words_ += ` for “${state.q}”`;
    if (filtered(state)) words_ += ", filtered";
    if (point && total) words_ += point.label === "you" ? ", nearest to you first" : `, nearest to ${point.label} first`;
    if (!total) words_ += ". Try other words or fewer filters.";
    return words_;
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

  toggle.addEventListener("click", () => setOpen(options.hidden));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readForm();
    remember(state, true);
    const fromOptions = event.submitter && options.contains(event.submitter);
    if (fromOptions && !wide.matches) {
      // On a phone the options cover the results: close them and go to the results.
      setOpen(false);
      form.addEventListener("lo:searched", () => status.scrollIntoView({ block: "start" }), { once: true });
      toggle.focus();
    }
    search(state);
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches(".lo-filter input, #lo-search-aged")) {
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
  input.addEventListener(
    "focus",
    () => {
      loadPagefind().catch(() => {});
      loadVocabulary();
    },
    { once: true },
  );
  window.addEventListener("popstate", () => {
    const state = readAddress();
    showState(state);
    search(state);
  });

  const initial = readAddress();
  showState(initial);
  if (initial.q || filtered(initial) || initial.near) {
    search(initial);
  } else {
    loading.hidden = true;
    showChoices(initial);
  }
}

function band(distance) {
  if (!Number.isFinite(distance)) return 0;
  const index = NEAR_BANDS.findIndex((limit) => distance < limit);
  return index === -1 ? NEAR_BANDS.length : index;
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

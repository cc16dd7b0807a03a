/* Capacity Atlas: optional enhancements (filters, sortable tables, search). Every page works without
   this file. Budget: under 10 KB (tests/browser/test_assets.py checks it). Loads nothing from elsewhere. */
(() => {
  "use strict";
  const script = document.currentScript;
  const all = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  /* Messages come translated from the page (data-messages); {name} marks a value, plurals go by CLDR. */
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const plural = (forms, count) => forms[new Intl.PluralRules(document.documentElement.lang).select(count)] ?? forms.other;

  /* Filters: form[data-filters=ID] filters the items inside #ID by their data-* attributes. */
  function setUpFilters(form) {
    const box = document.getElementById(form.dataset.filters);
    if (!box) return;
    const names = all("select:not([data-order])", form).map((select) => select.name);
    const items = all(names.map((name) => `[data-${name}]`).join(","), box);
    const groups = all("[data-group]", box);
    const status = form.querySelector("[role=status]");
    const order = form.querySelector("[data-order]");
    const texts = JSON.parse(form.dataset.messages);
    const originalOrder = new Map(items.map((item, index) => [item, index]));
    const matches = (item, wanted) =>
      wanted.every(([name, value]) => !value || (item.dataset[name] || "").split(" ").includes(value));
    function apply() {
      const wanted = names.map((name) => [name, form.elements[name].value]);
      let shown = 0;
      for (const item of items) {
        item.hidden = !matches(item, wanted);
        if (!item.hidden) shown += 1;
      }
      for (const group of groups) group.hidden = !items.some((item) => !item.hidden && group.contains(item));
      if (order) sortItems(order.value);
      status.textContent = say(shown === items.length ? texts.all : texts.some, { shown, total: items.length });
    }
    function sortItems(how) {
      const key = how.replace("-", "");
      const sign = how.startsWith("-") ? -1 : 1;
      const value = (item) => (key ? item.dataset[key] || "" : originalOrder.get(item));
      const compare = (a, b) => {
        const x = value(a);
        const y = value(b);
        return sign * (typeof x === "number" ? x - y : x.localeCompare(y));
      };
      const parents = new Set(items.map((item) => item.parentElement));
      for (const parent of parents) {
        const children = items.filter((item) => item.parentElement === parent);
        parent.append(...children.sort(compare));
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      apply();
    });
    form.addEventListener("reset", () => setTimeout(apply));
    form.hidden = false;
    apply();
  }

  /* Sortable tables: each th[data-sort] in a table gets a button; data-sort="number" sorts numerically.
     A cell's data-value, when present, is its sort key. */
  function setUpSorting(table) {
    const headers = all("thead th", table);
    headers.forEach((header, column) => {
      if (!header.hasAttribute("data-sort")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...header.childNodes);
      header.append(button);
      button.addEventListener("click", () => {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = header.dataset.sort === "number";
        const key = (row) => {
          const cell = row.cells[column];
          const text = cell.dataset.value ?? cell.textContent.trim();
          return numeric ? Number.parseFloat(text) || 0 : text;
        };
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).sort((a, b) => {
          const x = key(a);
          const y = key(b);
          const order = numeric ? x - y : x.localeCompare(y);
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }

  /* Search: the site's own index (search/index.json), fetched on the first search. Every word of the
     query must begin a word of an entry; title hits rank above facts, facts above the rest. */
  const fold = (text) => text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  const wordsOf = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) || [];

  /* Fill `element` with `text`, the words a term begins in <mark>: built from text nodes, never HTML.
     At most `size` words, starting a little before the first marked one. */
  function highlight(element, text, terms, size) {
    const found = Array.from(text.matchAll(/[\p{L}\p{N}\p{M}]+/gu));
    const hit = (word) => wordsOf(word[0]).some((part) => terms.some((term) => part.startsWith(term)));
    const start = Math.max(0, Math.min(found.findIndex(hit) - 5, found.length - size));
    const shown = found.slice(start, start + size);
    let at = start ? shown[0].index : 0;
    if (start) element.append("… ");
    for (const word of shown) {
      element.append(text.slice(at, word.index));
      if (hit(word)) element.append(Object.assign(document.createElement("mark"), { textContent: word[0] }));
      else element.append(word[0]);
      at = word.index + word[0].length;
    }
    element.append(start + size < found.length ? " …" : text.slice(at));
    return element;
  }

  function setUpSearch(box) {
    const root = new URL("../../", script.src);
    const form = box.querySelector("form");
    const input = form.querySelector("input[type=search]");
    const status = box.querySelector("[role=status]");
    const list = box.querySelector(".search-results");
    const texts = JSON.parse(box.dataset.messages);
    let index = null;
    let latest = 0;
    async function fetchIndex() {
      const response = await fetch(new URL(box.dataset.search, root));
      const data = response.ok && (await response.json());
      if (!data || data.v !== Number(box.dataset.version)) throw new Error("no search index");
      return data.e
        .map(([url, title, facts, text]) => ({
          href: new URL(url, root),
          title: title || url,
          body: [facts, text].filter(Boolean).join(" · "),
          fields: [title, facts, text].map((field) => ` ${wordsOf(field).join(" ")}`),
        }))
        .filter((entry) => entry.href.origin === root.origin);
    }
    function search(entries, terms) {
      const found = [];
      for (const entry of entries) {
        let score = 0;
        for (const term of terms) {
          const field = entry.fields.findIndex((words) => words.includes(` ${term}`));
          score = field < 0 || score < 0 ? -1 : score + field;
        }
        if (score >= 0) found.push([score, entry]);
      }
      found.sort(([x, a], [y, b]) => x - y || a.title.localeCompare(b.title));
      return found.map(([, entry]) => entry);
    }
    async function run() {
      const query = input.value.trim();
      const ticket = ++latest;
      const params = new URLSearchParams(location.search);
      if (query) params.set("q", query);
      else params.delete("q");
      history.replaceState(null, "", `${location.pathname}${query ? `?${params}` : ""}`);
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      status.textContent = texts.searching;
      let entries;
      try {
        entries = await (index ??= fetchIndex());
      } catch {
        index = null;
        if (ticket === latest) {
          status.textContent = texts.failed;
        }
        return;
      }
      if (ticket !== latest) return;
      const terms = wordsOf(query);
      const found = terms.length ? search(entries, terms) : [];
      list.replaceChildren(
        ...found.slice(0, 20).map((entry) => {
          const item = document.createElement("li");
          const link = highlight(document.createElement("a"), entry.title, terms, Infinity);
          link.href = entry.href.href;
          link.dir = "auto"; // a community's name, in whatever script it is written
          item.append(link, highlight(document.createElement("p"), entry.body, terms, 20));
          return item;
        }),
      );
      const count = found.length;
      status.textContent =
        count === 0 ? say(texts.none, { query }) : say(plural(count > 20 ? texts.more : texts.found, count), { count });
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", run);
    for (const note of all("[data-needs-script]", box)) note.hidden = true;
    form.hidden = false;
    const query = new URLSearchParams(location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }

  /* On a narrow screen the sections' line scrolls sideways in its own box: it opens on the current
     section, and a section tabbed to comes whole into view (browsers stop at a part of it). */
  const strip = document.querySelector(".site-nav ul");
  const current = strip && strip.querySelector("[aria-current]");
  if (current) {
    const box = strip.getBoundingClientRect();
    const item = current.getBoundingClientRect();
    strip.scrollLeft += (item.left + item.right - box.left - box.right) / 2;
  }
  strip?.addEventListener("focusin", (event) => event.target.scrollIntoView({ block: "nearest", inline: "nearest" }));

  all("form[data-filters]").forEach(setUpFilters);
  all("table[data-sortable]").forEach(setUpSorting);
  all("[data-search]").forEach(setUpSearch);
})();

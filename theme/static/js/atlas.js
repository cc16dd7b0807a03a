/* Capacity Atlas: optional enhancements (filters, sortable tables, search). Every page works without
   this file. Budget: under 10 KB (tests/browser/test_budget.py checks it). Loads nothing from elsewhere. */
(() => {
  "use strict";
  const script = document.currentScript;
  const all = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /* Filters: form[data-filters=ID] filters the items inside #ID by their data-* attributes. */
  function setUpFilters(form) {
    const box = document.getElementById(form.dataset.filters);
    if (!box) return;
    const names = all("select:not([data-order])", form).map((select) => select.name);
    const items = all(names.map((name) => `[data-${name}]`).join(","), box);
    const groups = all("[data-group]", box);
    const status = form.querySelector("[role=status]");
    const order = form.querySelector("[data-order]");
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
      status.textContent = shown === items.length ? `Showing all ${shown}.` : `Showing ${shown} of ${items.length}.`;
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
    form.addEventListener("submit", (event) => event.preventDefault());
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

  /* Search: the Pagefind index built with the site, loaded only when someone searches. */
  function setUpSearch(box) {
    const root = new URL("../../", script.src);
    const form = box.querySelector("form");
    const input = form.querySelector("input[type=search]");
    const status = box.querySelector("[role=status]");
    const list = box.querySelector(".search-results");
    let engine = null;
    async function load() {
      if (!engine) {
        engine = await import(new URL("pagefind/pagefind.js", root).href);
        await engine.options({ baseUrl: root.pathname });
      }
      return engine;
    }
    function excerpt(html) {
      /* Rebuild the excerpt from text and <mark> only: nothing from the index is inserted as HTML. */
      const parsed = new DOMParser().parseFromString(html, "text/html");
      const paragraph = document.createElement("p");
      for (const node of parsed.body.childNodes) {
        if (node.nodeName === "MARK") {
          const mark = document.createElement("mark");
          mark.textContent = node.textContent;
          paragraph.append(mark);
        } else {
          paragraph.append(node.textContent);
        }
      }
      return paragraph;
    }
    async function run() {
      const query = input.value.trim();
      const params = new URLSearchParams(location.search);
      if (query) params.set("q", query);
      else params.delete("q");
      history.replaceState(null, "", `${location.pathname}${query ? `?${params}` : ""}`);
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      status.textContent = "Searching…";
      let found;
      try {
        found = await (await load()).debouncedSearch(query, {}, 250);
      } catch {
        status.textContent = "The search index could not be loaded; please browse the lists below.";
        return;
      }
      if (found === null) return;
      const pages = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
      list.replaceChildren(
        ...pages.map((page) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = new URL(page.url, root).href;
          link.textContent = page.meta.title || page.url;
          item.append(link, excerpt(page.excerpt));
          return item;
        }),
      );
      const count = found.results.length;
      status.textContent =
        count === 0
          ? `Nothing found for “${query}”.`
          : `${count} page${count === 1 ? "" : "s"} found${count > 20 ? ", showing the first 20" : ""}.`;
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

  all("form[data-filters]").forEach(setUpFilters);
  all("table[data-sortable]").forEach(setUpSorting);
  all("[data-search]").forEach(setUpSearch);
})();

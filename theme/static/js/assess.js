/* Capacity Atlas: the "Assess your group" form. It writes a group's assessment file from what is typed,
   checked as `atlas validate` does (assess-file.js), and hands it over: copy, download or GitHub's
   editor. Both scripts are loaded by the form page only; budget together 25 KB, 8 KB compressed
   (tests/browser/test_assess_handoff.py). Nothing is loaded from other sites; the draft stays in this
   browser's localStorage. Typed text reaches the page only as text (textContent, value). */
(() => {
  "use strict";
  const { check: checkFile, newText: newFileText, updatedText, rules: RULES } = window.atlasFile;
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  const template = document.getElementById("assess-template");
  if (!template) return;
  template.after(template.content.cloneNode(true));
  for (const note of document.querySelectorAll("[data-needs-script]")) note.hidden = true;
  const form = document.getElementById("assess-form");
  const $ = (selector) => form.querySelector(selector);
  const all = (selector) => Array.from(form.querySelectorAll(selector));
  const say = (text, values = {}) => text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
  const T = JSON.parse(form.dataset.messages);
  const KEY = "atlas-assess-draft";
  const NAMED = { name: "text", assessed_by: "text", note: "text", idea: "text", url: "url", countries: "country" };
  Object.assign(NAMED, { languages: "language", related: "slug", date: "date" });
  const field = (name) => form.elements[name];
  const today = () => new Date().toISOString().slice(0, 10);
  const digits = (text) => text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) & 15));
  const text = (name) => (field(name)?.value ?? "").trim().normalize("NFC");
  const list = (name) => text(name).split(/[\s,،;]+/).filter(Boolean);
  const count = (name) => {
    const typed = digits(text(name)).replace(/[\s,.'\u066c\u00a0\u202f]/g, "");
    return typed === "" ? undefined : /^\d+$/.test(typed) ? Number(typed) : typed;
  };
  const checked = (name) => all(`[name="${name}"]`).filter((box) => box.checked).map((box) => box.value);
  const mode = () => checked("mode")[0];
  const capacities = all("[data-capacity]").map((box) => box.dataset.capacity);
  const KNOWN = Array.from(field("group").options, (option) => option.value).filter(Boolean);
  let GROUPS = {}; // each group's state (assess/groups.json), fetched when a group is to be updated
  let fetching = null;
  let original = null; // the chosen group's published file, as text
  const touched = new Set();
  let shown = false;

  function snapshotData() {
    const ratings = {};
    for (const id of capacities) {
      const level = checked(`level:${id}`)[0];
      if (!level) continue;
      const rating = { level };
      const robustness = checked(`robustness:${id}`)[0];
      if (robustness && level !== "none") rating.robustness = robustness;
      const note = text(`note:${id}`);
      if (note) rating.note = note;
      if (field(`support_wanted:${id}`).checked) rating.support_wanted = true;
      const idea = text(`idea:${id}`);
      if (idea) rating.idea = idea;
      ratings[id] = rating;
    }
    const snapshot = { date: digits(text("date")), consultation: checked("consultation")[0] };
    const who = text("assessed_by");
    if (who) snapshot.assessed_by = who;
    const respondents = count("respondents");
    if (respondents !== undefined) snapshot.respondents = respondents;
    if (field("provisional").checked) snapshot.status = "provisional";
    snapshot.ratings = ratings;
    return snapshot;
  }

  function fileData() {
    const data = {};
    if (text("name")) data.name = text("name");
    if (text("kind")) data.kind = text("kind");
    data.regions = checked("regions");
    for (const name of ["countries", "languages", "related"]) if (list(name).length) data[name] = list(name);
    if (text("url")) data.url = text("url");
    if (field("emerging").checked) data.emerging = true;
    if (count("population") !== undefined) data.population = count("population");
    data.snapshots = [snapshotData()];
    return data;
  }

  function slotOf(path) {
    const [first, , part, id, key] = path;
    if (first !== "snapshots") return first;
    if (part === "ratings") return id === undefined ? "ratings" : `${key || "level"}:${id}`;
    return part === "status" ? "provisional" : part;
  }

  function messageOf(problem) {
    const name = problem.path.filter((part) => typeof part === "string").pop();
    const coded = problem.rule === "enum" && ["countries", "languages"].includes(name);
    const key = problem.rule === "pattern" || coded ? NAMED[name] || "text" : problem.rule;
    if (problem.rule === "required" && slotOf(problem.path) === "ratings") return T.ratings;
    return say(T[key] || T.type, problem);
  }

  /* Everything about the form's current state: the problems, by field, and the file when there are none. */
  function current() {
    const update = mode() === "update";
    const slug = update ? field("group").value : text("slug");
    const group = GROUPS[slug];
    if (update && !slug) return { problems: [{ path: ["group"], rule: "required" }] };
    if (update && !group) return { problems: [] };
    const data = update ? { snapshots: [snapshotData()] } : fileData();
    const context = { slug, today: today(), known: KNOWN, isNew: !update };
    if (update) context.dates = group.dates;
    const problems = checkFile(data, context);
    if (problems.length || (update && original === null)) return { problems, slug };
    const content = update ? updatedText(original, group, data.snapshots[0]) : newFileText(data);
    return { problems, slug, content };
  }

  function show() {
    const state = current();
    const bySlot = new Map();
    for (const problem of state.problems) {
      const slot = slotOf(problem.path);
      if (!bySlot.has(slot)) bySlot.set(slot, messageOf(problem));
    }
    for (const box of all(".problem")) {
      const slot = box.id.slice("problem-".length);
      const message = bySlot.get(slot);
      const visible = Boolean(message) && (shown || touched.has(slot));
      box.hidden = !visible;
      box.textContent = visible ? message : "";
      const input = form.elements[slot];
      if (input?.setAttribute) visible ? input.setAttribute("aria-invalid", "true") : input.removeAttribute("aria-invalid");
    }
    const list = $(".problem-list");
    list.replaceChildren();
    const inOrder = all(".problem").map((box) => box.id.slice("problem-".length)).filter((slot) => bySlot.has(slot));
    for (const slot of inOrder) {
      const message = bySlot.get(slot);
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      const field = labelOf(slot);
      button.textContent = field ? say(T.labelled, { field, problem: message }) : message;
      button.addEventListener("click", () => focusSlot(slot));
      item.append(button);
      list.append(item);
    }
    const many = bySlot.size;
    $("#assess-count").textContent = many ? say(plural(T.problems, many), { count: many }) : "";
    if (!many && !state.content && mode() === "update") $("#assess-count").textContent = T.loading;
    $("[data-problems]").hidden = Boolean(state.content);
    $("[data-ready]").hidden = !state.content;
    if (state.content) ready(state);
    else for (const name of ["href", "target", "rel"]) $("[data-forge]")?.removeAttribute(name);
  }

  function plural(forms, n) {
    return forms[new Intl.PluralRules(document.documentElement.lang).select(n)] ?? forms.other;
  }

  const boxOf = (slot) => form.querySelector(`[id="problem-${slot}"]`);
  const named = (element) => element?.querySelector(":scope > label[for], :scope > legend")?.textContent.trim();
  function labelOf(slot) {
    const box = boxOf(slot);
    const parts = [named(box.closest(".capacity")), named(box.closest(".field, fieldset:not(.capacity)"))];
    return parts.filter(Boolean).join(" – ");
  }

  function focusSlot(slot) {
    shown = true;
    show();
    const box = boxOf(slot);
    const category = box.closest("details");
    if (category) category.open = true;
    const group = box.closest(".field, fieldset");
    const target = group?.querySelector("input:checked, input, select, textarea");
    if (target && !target.closest("[hidden]")) target.focus();
    else box.closest("section").querySelector("h2").focus();
  }

  function forgeAddress(state) {
    const repository = form.dataset.repository.replace(/\/+$/, "");
    const branch = encodeURIComponent(form.dataset.branch);
    const file = `${state.slug}.yaml`;
    if (mode() === "update") return { href: `${repository}/edit/${branch}/assessments/${file}`, copy: true };
    const bare = `${repository}/new/${branch}/assessments?filename=${encodeURIComponent(file)}`;
    const full = `${bare}&value=${encodeURIComponent(state.content)}`;
    return full.length <= RULES.max_address ? { href: full, copy: false } : { href: bare, copy: true, long: true };
  }

  let handed = null;
  function ready(state) {
    handed = state;
    $("#assess-text").value = state.content;
    $(".file-name").textContent = `assessments/${state.slug}.yaml`;
    const forge = $("[data-forge]");
    if (forge) Object.assign(forge, { href: forgeAddress(state).href, target: "_blank", rel: "noopener" });
  }

  const handoff = (message) => ($("#assess-handoff").textContent = message);
  async function copy() {
    try {
      await navigator.clipboard.writeText(handed.content);
      handoff(T.copied);
      return true;
    } catch {
      $("#assess-text").select();
      const done = document.execCommand("copy");
      handoff(done ? T.copied : T.copyFailed);
      return done;
    }
  }
  $("[data-copy]").addEventListener("click", copy);
  $("[data-download]").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([handed.content], { type: "application/yaml" }));
    link.download = `${handed.slug}.yaml`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  $("[data-forge]")?.addEventListener("click", async () => {
    const address = forgeAddress(handed);
    if (address.copy && (await copy()) && address.long) handoff(T.tooLong);
  });

  /* Which parts show: the group's details for a new group, a rating's robustness and notes once rated. */
  function arrange() {
    const update = mode() === "update";
    for (const part of all("[data-when]")) part.hidden = (part.dataset.when === "update") !== update;
    for (const id of capacities) {
      const level = checked(`level:${id}`)[0];
      const more = $(`[data-capacity="${id}"] .rating-more`);
      more.hidden = !level;
      more.querySelector(".robustness").hidden = level === "none";
    }
  }

  const slugOf = (name) =>
    name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "").slice(0, RULES.slug.max).replace(/-+$/, "");

  function save() {
    const values = {};
    for (const element of form.elements) {
      if (!element.name) continue;
      if (element.type === "radio" || element.type === "checkbox") {
        if (element.checked) (values[element.name] ||= []).push(element.value);
      } else values[element.name] = element.value;
    }
    try {
      localStorage.setItem(KEY, JSON.stringify({ values, slugEdited: form.dataset.slugEdited === "yes" }));
    } catch {
      /* private browsing or full storage: the form still works, the draft is not kept */
    }
  }

  function restore() {
    let draft = null;
    try {
      draft = JSON.parse(localStorage.getItem(KEY) || "null");
    } catch {
      draft = null;
    }
    if (!isObject(draft) || !isObject(draft.values)) return false;
    for (const element of form.elements) {
      if (!element.name || !(element.name in draft.values)) continue;
      const value = draft.values[element.name];
      if (element.type === "radio" || element.type === "checkbox")
        element.checked = Array.isArray(value) && value.includes(element.value);
      else if (typeof value === "string") element.value = value;
    }
    form.dataset.slugEdited = draft.slugEdited ? "yes" : "";
    return true;
  }

  function openRated() {
    for (const category of all("details.category"))
      category.open ||= Array.from(category.querySelectorAll('.levels input[value]:checked')).some((r) => r.value);
  }

  function setRatings(ratings) {
    for (const id of capacities) {
      const [level = "", robustness = "", support = 0] = ratings[id] || [];
      for (const radio of all(`[name="level:${id}"]`)) radio.checked = radio.value === level;
      for (const radio of all(`[name="robustness:${id}"]`)) radio.checked = radio.value === robustness;
      field(`support_wanted:${id}`).checked = Boolean(support);
      field(`note:${id}`).value = field(`idea:${id}`).value = "";
    }
  }

  async function loadGroup(prefill) {
    original = null;
    const slug = field("group").value;
    if (!slug) return;
    try {
      fetching ||= fetch(`${form.dataset.site}assess/groups.json`).then((found) => found.json());
      GROUPS = await fetching;
      const group = GROUPS[slug];
      if (field("group").value !== slug) return; // another group was chosen meanwhile
      if (prefill) {
        setRatings(group.ratings);
        openRated();
      }
      const response = await fetch(`${form.dataset.site}communities/${slug}/${slug}.yaml`, { cache: "no-cache" });
      const found = await response.text();
      if (field("group").value !== slug) return;
      if (!response.ok || found.length !== group.length) throw new Error(slug);
      original = found;
    } catch {
      fetching = null;
      $("#problem-group").hidden = false;
      $("#problem-group").textContent = T.fetchFailed;
      return;
    }
    refresh();
  }

  function refresh(keep = true) {
    arrange();
    show();
    if (keep) save();
  }

  form.addEventListener("input", (event) => {
    const name = event.target.name;
    if (!name) return;
    touched.add(name);
    if (name === "slug") form.dataset.slugEdited = "yes";
    if (name === "name" && form.dataset.slugEdited !== "yes") {
      field("slug").value = slugOf(text("name"));
      if (field("slug").value) touched.add("slug");
    }
    if (name === "group") loadGroup(true);
    if (name.startsWith("level:")) touched.add("ratings");
    refresh();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    shown = true;
    show();
    $("#assess-file").focus();
  });
  $("[data-start-over]").addEventListener("click", () => {
    if (!window.confirm(T.confirm)) return;
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* nothing was kept */
    }
    form.reset();
    form.dataset.slugEdited = "";
    field("date").value = today();
    touched.clear();
    shown = false;
    original = null;
    $("#assess-draft").textContent = "";
    refresh(false);
    form.querySelector("input").focus();
  });

  if (restore()) {
    $("#assess-draft").textContent = T.restored;
    openRated();
    for (const name of Object.keys(JSON.parse(localStorage.getItem(KEY)).values)) touched.add(name);
    if (mode() === "update") loadGroup(false);
  } else field("date").value = today();
  arrange();
  show();
})();

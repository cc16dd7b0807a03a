/* Capacity Atlas: the "Assess your group" form. It writes a group's assessment file from what is typed,
   checks it as `atlas validate` does (the page carries the published JSON Schema and the rules a schema
   cannot hold) and hands it over: copy, download or GitHub's editor. Loaded by the form page only;
   budget 25 KB, 8 KB compressed (tests/browser/test_assess.py). Loads nothing from other sites; the
   draft stays in this browser's localStorage. Typed text reaches the page only as text. */
(() => {
  "use strict";
  const json = (id) => JSON.parse(document.getElementById(id).textContent);
  const RULES = json("assess-rules");
  const SCHEMA = RULES.schema;
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const TYPES = {
    string: (v) => typeof v === "string",
    integer: Number.isInteger,
    number: (v) => typeof v === "number",
    boolean: (v) => typeof v === "boolean",
    array: Array.isArray,
    object: isObject,
    null: (v) => v === null,
  };

  /* ---- Checks: the subset of JSON Schema the published schema uses, then the rules beyond it ---- */
  function realDate(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    const day = new Date(Date.UTC(+m[1], m[2] - 1, +m[3]));
    return day.getUTCFullYear() === +m[1] && day.getUTCMonth() === m[2] - 1 && day.getUTCDate() === +m[3];
  }

  function checkValue(schema, value, path, out) {
    if (schema.$ref) schema = schema.$ref.split("/").slice(1).reduce((at, key) => at[key], SCHEMA);
    const add = (rule, extra) => out.push({ path, rule, ...extra });
    if (schema.anyOf) {
      if (schema.anyOf.some((branch) => !checkValue(branch, value, path, []).length)) return out;
      const real = schema.anyOf.filter((branch) => branch.type !== "null");
      return checkValue(real.find((branch) => TYPES[branch.type]?.(value)) || real[0], value, path, out);
    }
    if (schema.type && !TYPES[schema.type](value)) {
      add(schema.type === "integer" ? "number" : "type");
      return out;
    }
    if ("const" in schema && value !== schema.const) add("enum", { value });
    if (schema.enum && !schema.enum.includes(value)) add("enum", { value });
    if (typeof value === "string") {
      const length = [...value].length;
      if (length < (schema.minLength ?? 0)) add("required");
      else if (length > (schema.maxLength ?? Infinity)) add("maxLength", { limit: schema.maxLength });
      else if (schema.pattern && !new RegExp(schema.pattern).test(value)) add("pattern", { value });
      else if (schema.format === "date" && !realDate(value)) add("realDate", { value });
    }
    if (typeof value === "number") {
      if (value <= (schema.exclusiveMinimum ?? -Infinity)) add("number");
      if (value > (schema.maximum ?? Infinity)) add("maximum", { limit: schema.maximum });
    }
    if (Array.isArray(value)) {
      if (value.length < (schema.minItems ?? 0)) add("required");
      if (schema.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size < value.length)
        add("uniqueItems");
      if (schema.items) value.forEach((item, i) => checkValue(schema.items, item, [...path, i], out));
    }
    if (isObject(value)) {
      for (const key of schema.required || [])
        if (!(key in value)) out.push({ path: [...path, key], rule: "required" });
      const known = schema.properties || {};
      for (const [key, item] of Object.entries(value)) {
        const at = [...path, key];
        if (key in known) checkValue(known[key], item, at, out);
        else if (schema.additionalProperties === false) out.push({ path: at, rule: "unknownKey", value: key });
        else if (schema.propertyNames && checkValue(schema.propertyNames, key, at, []).length)
          out.push({ path: at, rule: "unknownKey", value: key });
        else if (isObject(schema.additionalProperties)) checkValue(schema.additionalProperties, item, at, out);
      }
      if (Object.keys(value).length < (schema.minProperties ?? 0)) add("required");
      if (schema.if && schema.then && !checkValue(schema.if, value, path, []).length)
        for (const found of checkValue(schema.then, value, path, [])) out.push({ ...found, rule: "then" });
    }
    return out;
  }

  /* Everything wrong with a file's data. `context`: slug (its file name), today (YYYY-MM-DD), known (the
     other groups' slugs), and for a new snapshot of a group: dates (its snapshots' dates). */
  function checkFile(data, context) {
    const update = Boolean(context.dates);
    const out = update
      ? checkValue(SCHEMA.$defs.Snapshot, data.snapshots[0], ["snapshots", 0], [])
      : checkValue(SCHEMA, data, [], []);
    const slug = context.slug;
    const { pattern, min, max } = RULES.slug;
    if (!new RegExp(pattern).test(slug) || slug.length < min || slug.length > max)
      out.push({ path: ["slug"], rule: "slug" });
    else if (context.isNew && context.known.includes(slug)) out.push({ path: ["slug"], rule: "slugTaken" });
    if (!isObject(data)) return out;
    (Array.isArray(data.related) ? data.related : []).forEach((other, i) => {
      if (typeof other !== "string") return;
      if (other === slug) out.push({ path: ["related", i], rule: "relatedSelf" });
      else if (!context.known.includes(other)) out.push({ path: ["related", i], rule: "relatedMissing", value: other });
    });
    const seen = new Set(context.dates || []);
    const latest = [...seen].sort().pop() || "";
    (Array.isArray(data.snapshots) ? data.snapshots : []).forEach((snapshot, i) => {
      const date = isObject(snapshot) ? snapshot.date : null;
      if (typeof date !== "string" || !realDate(date)) return;
      const path = ["snapshots", i, "date"];
      if (date > context.today) out.push({ path, rule: "future" });
      else if (seen.has(date) || date < latest) out.push({ path, rule: "sameDate" });
      seen.add(date);
    });
    return out;
  }
  window.atlasCheckFile = checkFile; // for the tests that compare it with `atlas validate`

  /* ---- Writing YAML: ids plain when YAML reads them back unchanged, every text double-quoted ---- */
  const quote = (text) =>
    JSON.stringify(text).replace(
      /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
    );
  const word = (id) =>
    /^[a-z][a-z0-9-]*$/i.test(id) && !/^(y|n|yes|no|true|false|on|off|null)$/i.test(id) ? id : quote(id);
  const flow = (items) => `[${items.map(word).join(", ")}]`;
  const SCHEMA_LINE = "# yaml-language-server: $schema=../schema/assessment.schema.json";
  const HEAD = [
    "# A capacity self-assessment. The fields: content/pages/contribute.md; how to rate:",
    "# content/pages/guidelines.md. Check the file with: atlas validate <this file>",
  ];

  function snapshotLines(prefix, snapshot) {
    const pad = " ".repeat(prefix.length);
    const inner = pad + "  ";
    const lines = [`${prefix}date: ${snapshot.date}`, `${pad}assessed_by: ${quote(snapshot.assessed_by ?? "")}`];
    lines.push(`${pad}consultation: ${snapshot.consultation}`);
    if (snapshot.respondents !== undefined) lines.push(`${pad}respondents: ${snapshot.respondents}`);
    if (snapshot.status) lines.push(`${pad}status: ${snapshot.status}`);
    lines.push(`${pad}ratings:`);
    for (const [id, r] of Object.entries(snapshot.ratings)) {
      const parts = [`level: ${r.level}`];
      if (r.robustness) parts.push(`robustness: ${r.robustness}`);
      if (r.note) parts.push(`note: ${quote(r.note)}`);
      if (r.support_wanted) parts.push("support_wanted: true");
      if (r.idea) parts.push(`idea: ${quote(r.idea)}`);
      if (r.note || r.idea) lines.push(`${inner}${id}:`, ...parts.map((part) => `${inner}  ${part}`));
      else lines.push(`${inner}${id}: {${parts.join(", ")}}`);
    }
    return lines;
  }

  function newFileText(d) {
    const lines = [SCHEMA_LINE, ...HEAD, `name: ${quote(d.name)}`, `kind: ${word(d.kind)}`];
    lines.push(`regions: ${flow(d.regions)}`);
    if (d.countries) lines.push(`countries: ${flow(d.countries)}`);
    if (d.languages) lines.push(`languages: ${flow(d.languages)}`);
    if (d.url) lines.push(`url: ${quote(d.url)}`);
    if (d.emerging) lines.push("emerging: true");
    if (d.population !== undefined) lines.push(`population: ${d.population}`);
    if (d.related) lines.push(`related: ${flow(d.related)}`);
    lines.push("snapshots:  # one per assessment session, oldest first: add new ones at the end");
    lines.push(...snapshotLines("  - ", d.snapshots[0]));
    return lines.join("\n") + "\n";
  }

  function updatedText(original, group, snapshot) {
    let head = original.slice(0, group.at);
    if (head && !head.endsWith("\n")) head += "\n";
    const block = snapshotLines(group.prefix, snapshot).join("\n") + "\n";
    return (group.bom ? "\ufeff" : "") + head + block + original.slice(group.at);
  }

  /* ---- The form ---- */
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
      button.textContent = labelOf(slot) + message;
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
    const found = parts.filter(Boolean).join(" – ");
    return found ? `${found}: ` : "";
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

/* Capacity Atlas: an assessment file's checks and text, for the "Assess your group" form (assess.js).
   The checks are those of `atlas validate`: the published JSON Schema, which the page carries, and the
   rules a schema cannot hold. No page is touched here; the form and the tests use `window.atlasFile`. */
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

  window.atlasFile = { check: checkFile, newText: newFileText, updatedText, rules: RULES };
})();

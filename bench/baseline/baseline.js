// What someone could write by hand for the same job: the same request, the same cards built
// with textContent only, newest first, and a search box. No framework, no build step.
"use strict";
const STORAGE = ["DocSpace room", "Third-party resource", "Custom cloud storage", "Server folder",
  "Temporary storage", "Third-party storage"];
const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const $ = (id) => document.getElementById(id);
let backups = [];

// .NET dates: no offset means UTC; 0001-01-01 means "no date".
function parseDate(s) {
  if (typeof s !== "string" || s.startsWith("0001-01-01")) return null;
  const t = Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : s + "Z");
  return Number.isNaN(t) ? null : t;
}

function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

function row(dl, term, value) {
  dl.append(el("dt", term), el("dd", value));
}

function card(b) {
  const li = el("li");
  const a = el("article");
  a.setAttribute("aria-label", b.name);
  a.append(el("h3", b.name));
  const dl = el("dl");
  row(dl, "Storage", STORAGE[b.storageType] ?? `Unknown storage (${b.storageType})`);
  row(dl, "Created", b.created === null ? "Unknown date" : fmt.format(b.created));
  row(dl, "Expires", b.expires === null ? "Does not expire"
    : fmt.format(b.expires) + (b.expires <= Date.now() ? " Expired" : ""));
  row(dl, "Backup ID", b.id);
  const copy = el("button", "Copy backup ID");
  copy.type = "button";
  copy.addEventListener("click", () => navigator.clipboard.writeText(b.id)
    .then(() => { $("status").textContent = "Copied backup ID"; }));
  dl.append(copy);
  a.append(dl);
  li.append(a);
  return li;
}

function show() {
  const q = $("search").value.trim().toLowerCase();
  const list = q ? backups.filter((b) => b.name.toLowerCase().includes(q) || b.id.toLowerCase().includes(q)) : backups;
  const frag = document.createDocumentFragment();
  for (const b of list) frag.append(card(b));
  $("cards").replaceChildren(frag);
}

$("portal").value = new URLSearchParams(location.search).get("portal") ?? "";
$("search").addEventListener("input", show);
document.querySelector("form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("status").textContent = "Loading backups…";
  $("alert").textContent = "";
  try {
    const origin = new URL($("portal").value).origin;
    const answer = await fetch(`${origin}/api/2.0/backup/getbackuphistory?Dump=false`, {
      headers: { Authorization: $("token").value.trim() },
    });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    const body = await answer.json();
    backups = body.response.map((r) => ({
      id: String(r.id ?? ""),
      name: r.fileName ?? "Unnamed backup",
      storageType: r.storageType,
      created: parseDate(r.createdOn),
      expires: parseDate(r.expiresOn),
    }));
    backups.sort((x, y) => (y.created ?? -Infinity) - (x.created ?? -Infinity));
    $("status").textContent = `${backups.length} backups`;
    show();
  } catch (e) {
    $("status").textContent = "Could not load backups";
    $("alert").textContent = String(e.message);
  }
});

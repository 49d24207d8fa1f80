// Checks a built plugin zip as DocSpace would take it, and that its plugin.js registers and
// speaks the page's protocol. Exit code 1 on any failed check.
//
//   node plugin/scripts/check.mjs plugin/dist/plugin.zip https://pages.example/docspace-backups/
import { readFileSync, statSync } from "node:fs";
import vm from "node:vm";
import { unzip } from "./zip.mjs";

const [zipPath, pageUrl] = process.argv.slice(2);
const page = new URL(pageUrl).origin;
let passed = 0;
let failed = 0;
async function check(what, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ok    ${what}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL  ${what}: ${e.message}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const files = unzip(readFileSync(zipPath));
const config = JSON.parse(files.get("config.json")?.toString("utf8") ?? "null");

await check("the zip is under 5 MB", () => {
  const size = statSync(zipPath).size;
  assert(size < 5 * 1024 * 1024, `${size} bytes`);
});
await check("it holds plugin.js, config.json and only allowed assets", () => {
  const names = [...files.keys()];
  assert(files.has("plugin.js") && files.has("config.json"), names.join(", "));
  const assets = names.filter((n) => n !== "plugin.js" && n !== "config.json");
  assert(assets.every((n) => /^assets\/[^/]+\.(png|jpe?g|svg)$/i.test(n)), `not allowed: ${assets}`);
  assert(assets.length <= 10, `${assets.length} images`);
});
await check("config.json has the SDK's fields", () => {
  for (const key of ["name", "version", "minDocSpaceVersion", "description", "license", "author",
    "pluginName", "homePage", "image", "scopes", "cspDomains"]) {
    assert(typeof config[key] === "string", `${key} is ${JSON.stringify(config[key])}`);
  }
  assert(config.name === config.name.toLowerCase(), "name is not lower-cased");
  assert(config.scopes === "API,Settings", `scopes ${config.scopes}`);
  assert(config.cspDomains.split(",").includes(page), `cspDomains ${config.cspDomains} lacks ${page}`);
  assert(files.has(`assets/${config.image}`), `image ${config.image} is not in assets/`);
});

// plugin.js in a sandbox standing in for DocSpace's hidden plugin frame.
const listeners = [];
const posted = [];
const fetched = [];
const win = {
  location: { origin: "https://portal.example" },
  addEventListener: (type, fn) => type === "message" && listeners.push(fn),
};
win.top = win;
win.window = win;
// The page in the plugin's frame (DocSpace renders the IFrame with the plugin's id).
const framed = { postMessage: (msg, origin) => posted.push([msg, origin]) };
win.document = {
  body: {},
  documentElement: {},
  getElementById: (id) => (id === "docspace-backups-frame" ? { contentWindow: framed } : null),
};
const sandbox = {
  window: win,
  document: win.document,
  getComputedStyle: () => ({ backgroundColor: "rgb(51, 51, 51)" }),
  URL,
  fetch: async (url, init) => {
    fetched.push([url, init]);
    const body = url.endsWith("/settings")
      ? '{"response":{"timezone":"Europe/Berlin","utcOffset":"01:00:00","utcHoursOffset":1,"baseDomain":"internal.example"}}'
      : '{"response":[],"status":0,"statusCode":200}';
    return { status: 200, text: async () => body };
  },
};
await check("plugin.js loads and registers as window.Plugins[pluginName]", () => {
  vm.runInNewContext(files.get("plugin.js").toString("utf8"), sandbox, { filename: "plugin.js" });
  const plugin = win.Plugins?.[config.pluginName];
  assert(plugin, `window.Plugins has ${Object.keys(win.Plugins ?? {})}`);
  assert(plugin.getStatus() === "active", "not active");
  for (const fn of ["setAPI", "getAPI", "getAdminPluginSettings", "setAdminPluginSettingsValue", "setOnLoadCallback"]) {
    assert(typeof plugin[fn] === "function", `no ${fn}`);
  }
});
const plugin = win.Plugins?.[config.pluginName];
await check("its settings block frames the page in embed mode with the portal's origin, no token", async () => {
  plugin.setAPI("https://portal.example", "", "/api/2.0");
  const { settings } = await plugin.getAdminPluginSettings().onLoad();
  const frame = settings.children.find((c) => c.component === "iFrame")?.props;
  assert(frame, "no iFrame");
  const src = new URL(frame.src);
  assert(src.origin === page, frame.src);
  assert(src.searchParams.get("embed") === "1" && src.searchParams.get("portal") === "https://portal.example", frame.src);
  assert(src.searchParams.get("theme") === "dark", `theme ${src.searchParams.get("theme")}`);
  assert(!/token/i.test(frame.src), frame.src);
  assert(frame.allow === "clipboard-write", `allow ${frame.allow}`);
  const input = settings.children.find((c) => c.component === "input")?.props;
  assert(input?.value === pageUrl, `the URL field holds ${input?.value}`);
});
await check("it answers the page's ready with the history, schedule, progress and settings (protocol 2), to the page's origin only", async () => {
  await plugin.onLoadCallback();
  const source = framed;
  for (const fn of listeners) await fn({ origin: "https://evil.example", source, data: { type: "docspace-backups:ready" } });
  assert(posted.length === 0 && fetched.length === 0, "answered a foreign origin");
  // Another window of the page's origin (another project on the same github.io): not answered.
  const other = { postMessage: () => posted.push(["other"]) };
  for (const fn of listeners) await fn({ origin: page, source: other, data: { type: "docspace-backups:ready" } });
  assert(posted.length === 0 && fetched.length === 0, "answered a window that is not its frame");
  for (const fn of listeners) await fn({ origin: page, source, data: { type: "docspace-backups:ready", version: 2 } });
  const api = "https://portal.example/api/2.0/";
  const urls = fetched.map(([url]) => url).sort();
  const expected = [
    "backup/getbackuphistory?Dump=false",
    "backup/getbackupprogress?Dump=false",
    "backup/getbackupschedule?Dump=false",
    "settings",
  ].map((p) => api + p);
  assert(JSON.stringify(urls) === JSON.stringify(expected), JSON.stringify(urls));
  assert(fetched.every(([, init]) => init.credentials === "same-origin"), "not with the session");
  assert(posted.length === 1 && posted[0][1] === page, JSON.stringify(posted));
  const [msg] = posted[0];
  assert(msg.type === "docspace-backups:history" && msg.version === 2 && msg.status === 200 && msg.dump === false, JSON.stringify(msg));
  assert(msg.body.includes('"response"'), msg.body);
  for (const part of ["schedule", "progress", "settings"]) {
    assert(msg[part] && msg[part].status === 200 && typeof msg[part].body === "string", `${part}: ${JSON.stringify(msg[part])}`);
  }
  // Of the settings, the time zone only.
  const zone = JSON.parse(msg.settings.body).response;
  assert(zone.timezone === "Europe/Berlin" && zone.utcOffset === "01:00:00" && !("baseDomain" in zone), msg.settings.body);
  // While a backup runs, the page asks for the progress alone: one fetch, one small answer.
  for (const fn of listeners) await fn({ origin: page, source, data: { type: "docspace-backups:ready", version: 2, only: "progress" } });
  assert(posted.length === 2 && fetched.length === 5, `${posted.length} answers, ${fetched.length} fetches`);
  assert(fetched[4][0] === "https://portal.example/api/2.0/backup/getbackupprogress?Dump=false", fetched[4][0]);
  const [tick] = posted[1];
  assert(tick.type === "docspace-backups:progress" && tick.progress.status === 200 && !("body" in tick), JSON.stringify(tick));
});
await check("a saved page address replaces the default; a bad one is refused", async () => {
  plugin.setAdminPluginSettingsValue(JSON.stringify({ pageUrl: "https://other.example/backups/" }));
  const { settings } = await plugin.getAdminPluginSettings().onLoad();
  const frame = settings.children.find((c) => c.component === "iFrame").props;
  assert(frame.src.startsWith("https://other.example/backups/?"), frame.src);
  plugin.setAdminPluginSettingsValue(JSON.stringify({ pageUrl: "javascript:alert(1)" }));
  const again = (await plugin.getAdminPluginSettings().onLoad()).settings.children.find((c) => c.component === "iFrame").props;
  assert(again.src.startsWith("https://other.example/backups/?"), again.src);
  // A saved value that is not JSON changes nothing: the frame and the field keep the address.
  plugin.setAdminPluginSettingsValue("{not json");
  const { settings: after } = await plugin.getAdminPluginSettings().onLoad();
  const kept = after.children.find((c) => c.component === "iFrame").props;
  assert(kept.src === again.src, `after {not json the frame is at ${kept.src}, was ${again.src}`);
  const field = after.children.find((c) => c.component === "input")?.props;
  assert(field?.value === "https://other.example/backups/", `after {not json the field holds ${field?.value}`);
});

console.log(`test result: ${failed ? "FAILED" : "ok"}. ${passed} passed; ${failed} failed (plugin zip)`);
process.exit(failed ? 1 : 0);

// The DocSpace backups plugin: an admin settings block that frames the backups page, and the
// plugin's half of the page's postMessage protocol (README, "Inside DocSpace").
//
// plugin.js runs in a hidden frame on the portal's own origin. When the framed page says
// `docspace-backups:ready` (to the portal's origin, i.e. DocSpace's main window), the plugin
// fetches getbackuphistory, getbackupschedule, getbackupprogress and settings same-origin with
// the admin's session and posts the answers (protocol version 2) to the page's origin only.
// No token is involved anywhere. PAGE_URL comes from build/config.ts.

const READY = "docspace-backups:ready";
const HISTORY = "docspace-backups:history";
const PROGRESS = "docspace-backups:progress";
const FRAME_ID = "docspace-backups-frame";

/** The origin of a URL, or null when it is not an http(s) URL. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** DocSpace's main window: same origin as plugin.js's hidden frame, so reachable. */
function mainWindow(): Window {
  try {
    return window.top && window.top.document ? window.top : window;
  } catch {
    return window;
  }
}

/** Whether an `rgb(r, g, b)` colour is dark. */
function isDark(rgb: string): boolean {
  const parts = rgb.match(/\d+(\.\d+)?/g);
  if (!parts || parts.length < 3) return false;
  const [r, g, b] = parts.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/** The page's address as the frame opens it: embed mode, the portal's origin, no token. */
function frameSrc(pageUrl: string, portalOrigin: string, theme: string): string {
  const u = new URL(pageUrl);
  u.searchParams.set("embed", "1");
  u.searchParams.set("portal", portalOrigin);
  u.searchParams.set("theme", theme);
  return u.toString();
}

class DocspaceBackups implements IPlugin, IApiPlugin, ISettingsPlugin {
  status: PluginStatus = PluginStatus.active;
  origin = "";
  proxy = "";
  prefix = "";
  pageUrl: string = PAGE_URL;
  private listening = false;

  urlInput: IInput = {
    value: PAGE_URL,
    placeholder: "https://you.github.io/docspace-backups/",
    scale: true,
    onChange: (value: string) => {
      this.urlInput.value = value;
      return { actions: [Actions.updateProps], newProps: { ...this.urlInput, value } };
    },
  };

  adminPluginSettings: ISettings | null = {
    onLoad: async () => ({ settings: this.settingsBox() }),
    saveButton: {
      component: Components.button,
      props: {
        label: "Save",
        primary: true,
        onClick: () => {
          const url = this.urlInput.value.trim();
          if (!originOf(url)) {
            return {};
          }
          this.pageUrl = url;
          return {
            actions: [Actions.saveSettings, Actions.showToast],
            settings: JSON.stringify({ pageUrl: url }),
            toastProps: [{ type: ToastType.success, title: "Saved the backups page's address" }],
          };
        },
      },
    },
  };

  /** The settings block: the page's address, and the page itself in a frame. */
  settingsBox(): IBox {
    const portal = this.origin || window.location.origin;
    // DocSpace's theme, judged by its main window's background (its two themes: light, dark).
    const main = mainWindow();
    const dark = isDark(getComputedStyle(main.document.body).backgroundColor);
    return {
      flexDirection: "column",
      children: [
        { component: Components.label, props: { text: "Backups page URL", htmlFor: "docspace-backups-url" } },
        { component: Components.input, props: this.urlInput },
        {
          component: Components.text,
          props: { text: "The page is framed below and is given this portal's backup history by the plugin: no token needed." },
        },
        {
          component: Components.iFrame,
          props: {
            id: FRAME_ID,
            name: FRAME_ID,
            src: frameSrc(this.pageUrl, portal, dark ? "dark" : "light"),
            width: "100%",
            height: "640px",
            allow: "clipboard-write",
            style: { border: "none" },
          },
        },
      ],
    };
  }

  /** An endpoint of the API on the portal's own origin, e.g. `backup/getbackuphistory?Dump=false`. */
  apiUrl(path: string): string {
    const base = (this.origin || window.location.origin) + this.proxy + (this.prefix || "/api/2.0");
    return `${base}/${path}`;
  }

  /** One answer as `{status, body}`, fetched with the admin's session; a failed fetch is status 0. */
  async part(path: string): Promise<{ status: number; body: string }> {
    try {
      const answer = await fetch(this.apiUrl(path), { credentials: "same-origin" });
      return { status: answer.status, body: await answer.text() };
    } catch (error) {
      return { status: 0, body: String(error) };
    }
  }

  /**
   * The portal's settings as the page needs them: its time zone only. The rest of the settings
   * (domains, features) is none of the page's business.
   */
  async zone(): Promise<{ status: number; body: string }> {
    const answer = await this.part("settings");
    if (answer.status < 200 || answer.status > 299) return answer;
    try {
      const r = JSON.parse(answer.body).response || {};
      const response = { timezone: r.timezone, utcOffset: r.utcOffset, utcHoursOffset: r.utcHoursOffset };
      return { status: answer.status, body: JSON.stringify({ response }) };
    } catch {
      return answer;
    }
  }

  /**
   * Answers the framed page's `ready` messages: the first (and any later one) with protocol
   * version 2 — the history, and beside it the schedule, the progress and the portal's time zone
   * — and, while a backup runs, `only: "progress"` with the progress alone. Only the page in
   * this plugin's own frame is answered (every GitHub Pages project of one owner shares an
   * origin), and only at its origin.
   */
  listen(target: Window): void {
    if (this.listening) return;
    this.listening = true;
    target.addEventListener("message", async (event: MessageEvent) => {
      const page = originOf(this.pageUrl);
      const data = event.data as { type?: unknown; only?: unknown } | null;
      if (!page || event.origin !== page || !data || data.type !== READY || !event.source) return;
      const frame = target.document.getElementById(FRAME_ID) as HTMLIFrameElement | null;
      if (!frame || event.source !== frame.contentWindow) return;
      const source = event.source as Window;
      if (data.only === "progress") {
        const progress = await this.part("backup/getbackupprogress?Dump=false");
        source.postMessage({ type: PROGRESS, version: 2, progress, dump: false }, page);
        return;
      }
      const [history, schedule, progress, settings] = await Promise.all([
        this.part("backup/getbackuphistory?Dump=false"),
        this.part("backup/getbackupschedule?Dump=false"),
        this.part("backup/getbackupprogress?Dump=false"),
        this.zone(),
      ]);
      source.postMessage(
        {
          type: HISTORY,
          version: 2,
          status: history.status,
          body: history.body,
          dump: false,
          schedule,
          progress,
          settings,
        },
        page,
      );
    });
  }

  onLoadCallback = async (): Promise<void> => {
    // DocSpace's main window (same origin as this hidden frame) receives the page's messages.
    this.listen(mainWindow());
  };

  updateStatus = (status: PluginStatus): void => {
    this.status = status;
  };
  getStatus = (): PluginStatus => this.status;
  setOnLoadCallback = (callback: () => Promise<void>): void => {
    this.onLoadCallback = callback;
  };

  setOrigin = (origin: string): void => {
    this.origin = origin;
  };
  setProxy = (proxy: string): void => {
    this.proxy = proxy;
  };
  setPrefix = (prefix: string): void => {
    this.prefix = prefix;
  };
  getOrigin = (): string => this.origin;
  getProxy = (): string => this.proxy;
  getPrefix = (): string => this.prefix;
  setAPI = (origin: string, proxy: string, prefix: string): void => {
    this.origin = origin;
    this.proxy = proxy;
    this.prefix = prefix;
  };
  getAPI = (): { origin: string; proxy: string; prefix: string } => ({
    origin: this.origin,
    proxy: this.proxy,
    prefix: this.prefix,
  });

  setAdminPluginSettings = (settings: ISettings | null): void => {
    this.adminPluginSettings = settings;
  };
  getAdminPluginSettings = (): ISettings | null => this.adminPluginSettings;
  setAdminPluginSettingsValue = (settings: string | null): void => {
    if (!settings) return;
    try {
      const saved = JSON.parse(settings) as { pageUrl?: unknown };
      if (typeof saved.pageUrl === "string" && originOf(saved.pageUrl)) {
        this.pageUrl = saved.pageUrl;
        this.urlInput.value = saved.pageUrl;
      }
    } catch {
      // A malformed saved value keeps the default.
    }
  };
}

// DocSpace finds the plugin as window.Plugins[pluginName] (package.json's pluginName).
window.Plugins = window.Plugins || {};
window.Plugins.DocspaceBackups = new DocspaceBackups();

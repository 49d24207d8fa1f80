// The few interfaces and string enums of ONLYOFFICE's DocSpace plugin SDK that this plugin uses,
// declared here because `@onlyoffice/docspace-plugin-sdk` is not on the npm registry (ONLYOFFICE's
// own plugins install it from a local tarball). Source: github.com/ONLYOFFICE/docspace-plugin-sdk,
// src/enums/{Plugins,Components,Actions}.ts, src/interfaces/plugins/{IPlugin,IApiPlugin,
// ISettingsPlugin}.ts, src/interfaces/settings/ISettings.ts, src/interfaces/components/{IBox,
// IFrame,IInput,ILabel,IText,IButton,Component}.ts (Apache-2.0). Only the members used here.

const enum PluginStatus {
  active = "active",
  hide = "hide",
}

const enum Components {
  box = "box",
  button = "button",
  input = "input",
  label = "label",
  text = "text",
  iFrame = "iFrame",
}

const enum Actions {
  updateProps = "update-props",
  saveSettings = "save-settings",
  showToast = "show-toast",
}

const enum ToastType {
  success = "success",
}

interface IMessage {
  actions?: Actions[];
  newProps?: unknown;
  settings?: string;
  toastProps?: { type: ToastType; title: string }[];
}

interface IPlugin {
  status: PluginStatus;
  onLoadCallback: () => Promise<void>;
  updateStatus(status: PluginStatus): void;
  getStatus(): PluginStatus;
  setOnLoadCallback(callback: () => Promise<void>): void;
}

interface IApiPlugin {
  origin: string;
  proxy: string;
  prefix: string;
  setOrigin(origin: string): void;
  setProxy(proxy: string): void;
  setPrefix(prefix: string): void;
  getOrigin(): string;
  getProxy(): string;
  getPrefix(): string;
  setAPI(origin: string, proxy: string, prefix: string): void;
  getAPI(): { origin: string; proxy: string; prefix: string };
}

interface IFrame {
  src: string;
  width?: string;
  height?: string;
  name?: string;
  id?: string;
  style?: { [key: string]: string };
  // Not in the SDK's IFrame (2.x): passed in the hope the portal forwards it to the <iframe>;
  // without it the page falls back to selecting the ID instead of copying.
  allow?: string;
}

interface IInput {
  value: string;
  placeholder?: string;
  scale?: boolean;
  onChange: (value: string) => IMessage | void;
}

interface ILabel {
  text: string;
  htmlFor?: string;
}

interface IText {
  text: string;
}

interface IButton {
  label: string;
  primary?: boolean;
  onClick: () => IMessage | void;
}

type Component =
  | { component: Components.box; props: IBox }
  | { component: Components.input; props: IInput }
  | { component: Components.label; props: ILabel }
  | { component: Components.text; props: IText }
  | { component: Components.iFrame; props: IFrame };

interface IBox {
  flexDirection?: string;
  marginProp?: string;
  children?: Component[];
}

interface ISettings {
  settings?: IBox;
  saveButton?: { component: Components.button; props: IButton };
  onLoad?: () => Promise<{ settings: IBox }>;
}

interface ISettingsPlugin {
  adminPluginSettings: ISettings | null;
  setAdminPluginSettings(settings: ISettings | null): void;
  setAdminPluginSettingsValue(settings: string | null): void;
  getAdminPluginSettings(): ISettings | null;
}

interface Window {
  Plugins: { [name: string]: unknown };
}

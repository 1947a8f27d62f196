// Design tokens: the single source of the values `rooms.css` exposes as custom properties
// (`--rooms-<group>-<name>`). Keep the two in step; `cssVariables()` prints the CSS side so a
// drift is easy to spot. System fonts only: nothing is downloaded.

export const colors = {
  bg: "#f7f7f8",
  surface: "#ffffff",
  surfaceMuted: "#f0f1f3",
  border: "#d9dbe0",
  text: "#1b1d22",
  textMuted: "#5b606b",
  primary: "#1565c0",
  primaryHover: "#0d47a1",
  primaryText: "#ffffff",
  danger: "#b3261e",
  dangerBg: "#fdecea",
  warning: "#8a4b00",
  warningBg: "#fff4e0",
  focus: "#1565c0",
  selection: "rgba(21, 101, 192, 0.2)",
  /** Presence status: never the only cue (text and aria-label carry it too). */
  statusOnline: "#2e7d32",
  statusAway: "#c77700",
  statusOffline: "#8b9099",
} as const;

/** 4 px scale. */
export const space = {
  0: "0",
  1: "4px",
  2: "8px",
  3: "12px",
  4: "16px",
  5: "24px",
  6: "32px",
  7: "48px",
} as const;

export const radii = {
  sm: "4px",
  md: "8px",
  lg: "12px",
  pill: "999px",
} as const;

export const fonts = {
  sans: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  mono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
} as const;

export const fontSizes = {
  sm: "0.8125rem",
  md: "0.9375rem",
  lg: "1.125rem",
  xl: "1.5rem",
} as const;

export const shadows = {
  sm: "0 1px 2px rgba(0, 0, 0, 0.08)",
  md: "0 4px 16px rgba(0, 0, 0, 0.12)",
} as const;

/** Stacking order: cursors above content, popovers above cursors, dialogs and banner on top. */
export const zIndex = {
  caretOverlay: 1,
  cursorLayer: 10,
  popover: 20,
  dialog: 30,
  banner: 40,
} as const;

/** Milliseconds; `prefers-reduced-motion` turns all of them off. */
export const durations = {
  fast: 100,
  normal: 200,
} as const;

/** Layout breakpoint: below it the room's chat and documents panels stack. */
export const breakpoints = {
  roomColumns: 800,
} as const;

export const tokens = {
  colors,
  space,
  radii,
  fonts,
  fontSizes,
  shadows,
  zIndex,
  durations,
  breakpoints,
} as const;

export type Tokens = typeof tokens;

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function cssValue(group: string, value: string | number): string {
  if (typeof value === "string") return value;
  if (group === "durations") return `${value}ms`;
  if (group === "breakpoints") return `${value}px`;
  return String(value);
}

/**
 * The custom properties `rooms.css` declares on `:root`, as `[name, value]` pairs:
 * `["--rooms-colors-primary", "#1565c0"]`. Useful for tests and for inline theming.
 */
export function cssVariables(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [group, values] of Object.entries(tokens)) {
    for (const [name, value] of Object.entries(values as Record<string, string | number>)) {
      out.push([`--rooms-${kebab(group)}-${kebab(name)}`, cssValue(group, value)]);
    }
  }
  return out;
}

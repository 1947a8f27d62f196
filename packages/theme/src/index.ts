// @rooms/theme: design tokens and one stylesheet shared by both Rooms apps, so they look the
// same. Import the tokens from here; import the styles once per app with
// `import "@rooms/theme/rooms.css"`. The class names both apps use are listed at the top of
// rooms.css and in README.md. It is not a component library: no framework, no markup.

export {
  breakpoints,
  colors,
  cssVariables,
  durations,
  fontSizes,
  fonts,
  radii,
  shadows,
  space,
  tokens,
  zIndex,
  type Tokens,
} from "./tokens";

// The app's one stylesheet, so stories look like the app (and like the Vue Storybook).
import "@rooms/theme/rooms.css";
import type { Preview } from "@storybook/sveltekit";
import { previewParameters } from "@rooms/tooling/storybook-preview";

const preview: Preview = { parameters: previewParameters };

export default preview;

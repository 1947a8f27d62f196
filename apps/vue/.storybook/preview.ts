// The app's one stylesheet, so stories look like the app (and like the Svelte Storybook).
import "@rooms/theme/rooms.css";
import type { Preview } from "@storybook/vue3-vite";

const preview: Preview = {
  parameters: {
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
};

export default preview;

// Presence/TypingIndicator: this app's TypingIndicator bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/presence/TypingIndicator";
import TypingIndicator from "./TypingIndicator.vue";

// prettier-ignore
export default { title: "Presence/TypingIndicator", component: TypingIndicator, args: stories.args } satisfies Meta<typeof TypingIndicator>;
// prettier-ignore
export const Default = stories.Default, Several = stories.Several, Empty = stories.Empty;

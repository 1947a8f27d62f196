// Presence/CursorLayer: this app's CursorLayer bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/presence/CursorLayer";
import CursorLayer from "./CursorLayer.svelte";

// prettier-ignore
export default { title: "Presence/CursorLayer", component: CursorLayer, args: stories.args, parameters: stories.parameters } satisfies Meta<typeof CursorLayer>;
// prettier-ignore
export const Empty = stories.Empty, WithPresence = stories.WithPresence;

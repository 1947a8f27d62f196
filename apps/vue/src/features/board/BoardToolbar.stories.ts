// Board/BoardToolbar: this app's BoardToolbar bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/board/BoardToolbar";
import BoardToolbar from "./BoardToolbar.vue";

// prettier-ignore
export default { title: "Board/BoardToolbar", component: BoardToolbar, args: stories.args } satisfies Meta<typeof BoardToolbar>;
// prettier-ignore
export const Default = stories.Default, WithSelection = stories.WithSelection, ReadOnly = stories.ReadOnly;

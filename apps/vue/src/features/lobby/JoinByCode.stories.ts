// Lobby/JoinByCode: this app's JoinByCode bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/lobby/JoinByCode";
import JoinByCode from "./JoinByCode.vue";

// prettier-ignore
export default { title: "Lobby/JoinByCode", component: JoinByCode, args: stories.args } satisfies Meta<typeof JoinByCode>;
// prettier-ignore
export const Default = stories.Default, Busy = stories.Busy, Error = stories.Error;

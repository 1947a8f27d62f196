// Room/ConnectionBanner: this app's ConnectionBanner bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/room/ConnectionBanner";
import ConnectionBanner from "./ConnectionBanner.vue";

// prettier-ignore
export default { title: "Room/ConnectionBanner", component: ConnectionBanner, args: stories.args } satisfies Meta<typeof ConnectionBanner>;
// prettier-ignore
export const Offline = stories.Offline, Reconnecting = stories.Reconnecting, Connecting = stories.Connecting, Connected = stories.Connected;

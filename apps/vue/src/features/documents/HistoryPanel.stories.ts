// Documents/HistoryPanel: this app's HistoryPanel bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/documents/HistoryPanel";
import HistoryPanel from "./HistoryPanel.vue";

// prettier-ignore
export default { title: "Documents/HistoryPanel", component: HistoryPanel, args: stories.args } satisfies Meta<typeof HistoryPanel>;
// prettier-ignore
export const Default = stories.Default, Closed = stories.Closed, Loading = stories.Loading, Empty = stories.Empty, Locked = stories.Locked, Error = stories.Error;

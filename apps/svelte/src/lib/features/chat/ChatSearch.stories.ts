// Chat/ChatSearch: this app's ChatSearch bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/ChatSearch";
import ChatSearch from "./ChatSearch.svelte";

// prettier-ignore
export default { title: "Chat/ChatSearch", component: ChatSearch, args: stories.args } satisfies Meta<typeof ChatSearch>;
// prettier-ignore
export const Default = stories.Default, Loading = stories.Loading, Results = stories.Results, Empty = stories.Empty;

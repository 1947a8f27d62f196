// Chat/MessageList: this app's MessageList bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/MessageList";
import MessageList from "./MessageList.svelte";

// prettier-ignore
export default { title: "Chat/MessageList", component: MessageList, args: stories.args } satisfies Meta<typeof MessageList>;
// prettier-ignore
export const Default = stories.Default, Empty = stories.Empty, Loading = stories.Loading, Error = stories.Error, CanLoadOlder = stories.CanLoadOlder, LoadingOlder = stories.LoadingOlder, OnItsWay = stories.OnItsWay;

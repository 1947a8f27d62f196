// Chat/MessageItem: this app's MessageItem bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/MessageItem";
import MessageItem from "./MessageItem.svelte";

// prettier-ignore
export default { title: "Chat/MessageItem", component: MessageItem, args: stories.args } satisfies Meta<typeof MessageItem>;
// prettier-ignore
export const Default = stories.Default, Own = stories.Own, Editing = stories.Editing, Deleted = stories.Deleted, File = stories.File, System = stories.System, Sending = stories.Sending, Failed = stories.Failed, Inactive = stories.Inactive;

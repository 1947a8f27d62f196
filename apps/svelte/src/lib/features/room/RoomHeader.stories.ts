// Room/RoomHeader: this app's RoomHeader bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/room/RoomHeader";
import RoomHeader from "./RoomHeader.svelte";

// prettier-ignore
export default { title: "Room/RoomHeader", component: RoomHeader, args: stories.args } satisfies Meta<typeof RoomHeader>;
// prettier-ignore
export const Default = stories.Default, Member = stories.Member, Private = stories.Private, WithPresence = stories.WithPresence, Loading = stories.Loading;

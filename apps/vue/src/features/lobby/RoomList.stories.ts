// Lobby/RoomList: this app's RoomList bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/lobby/RoomList";
import RoomList from "./RoomList.vue";

// prettier-ignore
export default { title: "Lobby/RoomList", component: RoomList, args: stories.args } satisfies Meta<typeof RoomList>;
// prettier-ignore
export const Default = stories.Default, Loading = stories.Loading, Empty = stories.Empty, NoMatch = stories.NoMatch, Joining = stories.Joining, Error = stories.Error;

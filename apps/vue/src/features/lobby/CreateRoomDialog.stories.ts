// Lobby/CreateRoomDialog: this app's CreateRoomDialog bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/lobby/CreateRoomDialog";
import CreateRoomDialog from "./CreateRoomDialog.vue";

// prettier-ignore
export default { title: "Lobby/CreateRoomDialog", component: CreateRoomDialog, args: stories.args } satisfies Meta<typeof CreateRoomDialog>;
// prettier-ignore
export const Default = stories.Default, Busy = stories.Busy, Error = stories.Error, Closed = stories.Closed;
